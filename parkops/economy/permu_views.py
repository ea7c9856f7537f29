"""Placeholder while the economy module is being built; each view is replaced by its real one."""

from django.http import Http404


def _not_yet(request, *args, **kwargs):
    raise Http404("建设中")


evaluation = _not_yet
scheme_edit = _not_yet
class_list_xlsx = _not_yet
scorecard = _not_yet
cultivation = _not_yet
