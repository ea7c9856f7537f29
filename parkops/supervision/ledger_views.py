"""Import and export pages of the 一览表 (being written: see supervision/importers.py, exporters.py)."""

from django.http import HttpResponse


def ledger_import(request):
    return HttpResponse("尚未完成", status=501)


def ledger_export(request):
    return HttpResponse("尚未完成", status=501)
