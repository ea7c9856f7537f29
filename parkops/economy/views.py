"""Placeholder while the economy module is being built; each view is replaced by its real one."""

from django.http import Http404


def _not_yet(request, *args, **kwargs):
    raise Http404("建设中")


dashboard = _not_yet
wall = _not_yet
period_list = _not_yet
period_close = _not_yet
targets = _not_yet
