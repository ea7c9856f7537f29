"""Placeholder while the economy module is being built; each view is replaced by its real one."""

from django.http import Http404


def _not_yet(request, *args, **kwargs):
    raise Http404("建设中")


enterprise_list = _not_yet
enterprise_edit = _not_yet
enterprise_import = _not_yet
enterprise_detail = _not_yet
