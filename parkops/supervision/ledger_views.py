"""The 一览表 pages: import (upload → preview → confirm, core.import_views) and export (choose → download;
the Word file from the report centre, which draws it through the template users edit)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from parkops.core.exports import XLSX_TYPE, export_response
from parkops.core.forms import PeriodField, StyledFormMixin
from parkops.core.import_views import ImportView
from parkops.core.imports import normalise_header
from parkops.core.periods import parse_period, period_key
from parkops.core.permissions import IMPORT, allows, require
from parkops.core.uploads import human_size
from parkops.supervision.exporters import build_ledger, ledger_xlsx
from parkops.supervision.forms import LedgerExportForm
from parkops.supervision.importers import LedgerImporter, LedgerPreview
from parkops.supervision.layouts import FIELD_LABELS
from parkops.supervision.models import Plan, Task
from parkops.supervision.permissions import can_export, visible_tasks
from parkops.supervision.selectors import export_plan


class LedgerImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="一览表文件")
    plan = forms.CharField(label="计划", max_length=200,
                           widget=forms.TextInput(attrs={"list": "plan-names", "autocomplete": "off"}),
                           help_text="选择已有计划，或输入新计划的名称（如：2023年县《政府工作报告》目标任务）")
    period = PeriodField(label="期间", required=False,
                         help_text="完成情况所属月份；不填则取表头“日期”的上一个月（11月30日的一览表报1-10月）")
    active = forms.BooleanField(label="照常督办（保存为在用）", required=False,
                                help_text="往年（如2023年）的台账默认保存为已归档，不进入督办看板和逾期提醒；仍在督办的请勾选")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"Word（.docx）或Excel（.xlsx），不超过{human_size(settings.IMPORT_MAX_BYTES)}"
        self.fields["file"].widget.attrs["accept"] = ".docx,.xlsx"


# -- import -------------------------------------------------------------------------------------------


class LedgerImportView(ImportView):
    title = "导入一览表"
    form_class = LedgerImportForm
    upload_template = "supervision/ledger_import.html"
    preview_template = "supervision/ledger_preview.html"
    session_key = "ledger_import"

    def allowed(self, user) -> bool:
        return allows(user, "task", IMPORT)

    def settings(self, form) -> dict:
        period = form.cleaned_data["period"]
        return {"plan": form.cleaned_data["plan"].strip(), "period": period_key(period) if period else "",
                "active": form.cleaned_data["active"], "mapping": {}}

    def importer(self, entry: dict) -> LedgerImporter:
        return LedgerImporter(plan_name=entry["plan"],
                              period=parse_period(entry["period"]) if entry["period"] else None,
                              mapping=entry.get("mapping") or {}, active=bool(entry.get("active")))

    def revised(self, entry: dict, data) -> dict:
        """The columns the supervisor mapped by hand on the preview (those changed from how they were read)."""
        mapping = dict(entry.get("mapping") or {})
        for index in range(settings.IMPORT_MAX_COLUMNS):
            header = normalise_header(data.get(f"column-header-{index}", ""))
            if not header:
                break
            chosen = data.get(f"column-field-{index}", "")
            if chosen in FIELD_LABELS and chosen != data.get(f"column-was-{index}"):
                mapping[header] = chosen
        entry.update(mapping=mapping, active=data.get("active") == "on")
        return entry

    def done_url(self, outcome) -> str:
        return reverse("supervision:plan_detail", kwargs={"pk": outcome.obj.pk})

    def upload_context(self) -> dict:
        return {"plans": Plan.objects.filter(is_active=True)}

    def preview_context(self, preview: LedgerPreview) -> dict:
        return {
            "task_rows": [
                {"task": task, "problems": problems, "has_error": any(p.is_error for p in problems),
                 "extra_cells": [task.extra.get(header, "") for header in preview.extra_headers]}
                for task in preview.tasks
                for problems in [preview.problems_for(task.row)]
            ],
            "field_choices": list(FIELD_LABELS.items()),
        }


ledger_import = LedgerImportView.as_view()


# -- export -------------------------------------------------------------------------------------------


def _plan_came_from(request) -> int | None:
    """The plan the user was looking at: named in the link (?plan=3), or else the page they came from
    (a plan's page, one of its tasks, or the task list filtered to it)."""
    named = request.GET.get("plan", "")
    if named.isdigit():
        return int(named)
    referer = urlsplit(request.META.get("HTTP_REFERER", ""))
    if referer.netloc and referer.netloc != request.get_host():
        return None
    try:
        match = resolve(referer.path)
    except Resolver404:
        return None
    if match.view_name == "supervision:plan_detail":
        return match.kwargs["pk"]
    if match.view_name in ("supervision:task_detail", "supervision:task_edit", "supervision:report_submit"):
        return Task.objects.filter(pk=match.kwargs["pk"]).values_list("plan_id", flat=True).first()
    if match.view_name == "supervision:task_list":
        plan = parse_qs(referer.query).get("plan", [""])[0]
        return int(plan) if plan.isdigit() else None
    return None


@login_required
def ledger_export(request):
    require(can_export(request.user))
    # The form is bound (and its errors shown) only once it is submitted; a link from a plan's page
    # (?plan=3) just fills it in.
    submitted = "format" in request.GET
    came_from = _plan_came_from(request)
    if came_from is None:
        default = export_plan(tasks=visible_tasks(request.user), today=timezone.localdate())
        came_from = default.pk if default else None
    initial = {**request.GET.dict(), "plan": came_from}
    form = LedgerExportForm(request.GET if submitted else None, initial=initial, user=request.user)
    if submitted and form.is_valid():
        data = form.cleaned_data
        if data["format"] != "xlsx":
            # The Word file is the report centre's, drawn through the 一览表 template users may have edited.
            return redirect(f"{reverse('reports:module_download', args=['task_ledger'])}?{request.GET.urlencode()}")
        ledger = build_ledger(
            plan=data["plan"], period=data["period"], unit=data["unit"], lights=data["lights"],
            include_light=data["with_light"], tasks=visible_tasks(request.user),
        )
        if ledger.tasks:
            return export_response(ledger_xlsx(ledger), ledger.filename("xlsx"), XLSX_TYPE, what="一览表")
        messages.warning(request, "没有符合条件的任务，请调整筛选条件。")
    return render(request, "supervision/ledger_export.html", {"title": "导出一览表", "form": form})
