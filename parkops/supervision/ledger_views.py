"""The 一览表 pages: import (upload → preview → confirm) and export (choose → download).

Between the preview and the confirmation the uploaded file is kept in MEDIA_ROOT/imports/ under a
random name that only the session knows; the confirmation reads it again and commits what it reads
then, so nothing from the form decides which file is imported or what is written.
"""

from __future__ import annotations

import re
import time
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files import File
from django.shortcuts import redirect, render

from parkops.core.exports import DOCX_TYPE, XLSX_TYPE, export_response
from parkops.core.forms import PeriodField, StyledFormMixin
from parkops.core.imports import ImportFileError, ImportRejected
from parkops.core.periods import parse_period, period_key
from parkops.core.permissions import require
from parkops.core.uploads import human_size
from parkops.org.choices import Role
from parkops.org.models import Unit
from parkops.supervision.choices import Light
from parkops.supervision.exporters import build_ledger, ledger_docx, ledger_xlsx
from parkops.supervision.importers import LedgerImporter, LedgerPreview
from parkops.supervision.models import Plan, Task
from parkops.supervision.permissions import can_export, can_manage_plans, visible_tasks

SESSION_KEY = "ledger_import"
KEEP_SECONDS = 24 * 3600  # an upload left unconfirmed for a day is removed
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
FORMATS = {"docx": (ledger_docx, DOCX_TYPE), "xlsx": (ledger_xlsx, XLSX_TYPE)}


class LedgerImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="一览表文件")
    plan = forms.CharField(label="计划", max_length=200,
                           widget=forms.TextInput(attrs={"list": "plan-names", "autocomplete": "off"}),
                           help_text="选择已有计划，或输入新计划的名称（如：2023年县《政府工作报告》目标任务）")
    period = PeriodField(label="期间", required=False,
                         help_text="完成情况所属月份；不填则取表头“日期”的上一个月（11月30日的一览表报1-10月）")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"Word（.docx）或Excel（.xlsx），不超过{human_size(settings.IMPORT_MAX_BYTES)}"
        self.fields["file"].widget.attrs["accept"] = ".docx,.xlsx"


class LedgerExportForm(StyledFormMixin, forms.Form):
    plan = forms.ModelChoiceField(Plan.objects.all(), label="计划")
    period = PeriodField(label="期间", required=False, help_text="显示该月采纳的完成情况；不填则为最近一期")
    unit = forms.ModelChoiceField(Unit.objects.all(), label="单位", required=False,
                                  help_text="只导出该单位牵头或配合的任务")
    lights = forms.MultipleChoiceField(label="灯色", choices=Light.choices, required=False,
                                       help_text="只导出这些灯色的任务；不选则全部")
    with_light = forms.BooleanField(label="增加“亮灯”一列", required=False)
    format = forms.ChoiceField(label="格式", choices=[("docx", "Word（横版公文格式）"), ("xlsx", "Excel")],
                               initial="docx")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.role == Role.REPORTER:
            self.fields["unit"].queryset = Unit.objects.filter(pk=user.unit_id)
        self.fields["lights"].widget.attrs["size"] = len(Light.choices)


# -- import -------------------------------------------------------------------------------------------


def _imports_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def _kept_path(entry: dict) -> Path | None:
    if not _TOKEN.match(entry.get("token", "")) or entry.get("kind") not in FORMATS:
        return None
    return _imports_dir() / f"{entry['token']}.{entry['kind']}"


def _discard(request) -> None:
    entry = request.session.pop(SESSION_KEY, None)
    path = _kept_path(entry) if entry else None
    if path is not None:
        path.unlink(missing_ok=True)


def _sweep() -> None:
    folder = _imports_dir()
    if not folder.is_dir():
        return
    cutoff = time.time() - KEEP_SECONDS
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def _importer(entry: dict) -> LedgerImporter:
    return LedgerImporter(plan_name=entry["plan"], period=parse_period(entry["period"]) if entry["period"] else None)


def _preview_page(request, preview: LedgerPreview, entry: dict):
    context = {
        "title": "导入一览表：预览",
        "preview": preview,
        "entry": entry,
        "task_rows": [
            {"task": task, "problems": problems, "has_error": any(p.is_error for p in problems)}
            for task in preview.tasks
            for problems in [preview.problems_for(task.row)]
        ],
        "file_problems": [p for p in preview.problems if p.row is None],
        "row_problems": [p for p in preview.problems if p.row is not None],
    }
    return render(request, "supervision/ledger_preview.html", context)


@login_required
def ledger_import(request):
    require(can_manage_plans(request.user))
    step = request.POST.get("step") if request.method == "POST" else None
    if step == "confirm":
        return _confirm(request)
    if step == "cancel":
        _discard(request)
        messages.info(request, "已取消导入。")
        return redirect("supervision:ledger_import")

    form = LedgerImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        entry = {"plan": form.cleaned_data["plan"].strip(), "filename": upload.name,
                 "period": period_key(form.cleaned_data["period"]) if form.cleaned_data["period"] else ""}
        try:
            preview = _importer(entry).preview(upload)
        except ImportFileError as error:
            form.add_error("file", error.message)
        else:
            _discard(request)
            _sweep()
            entry.update(token=uuid.uuid4().hex, kind=preview.kind)
            path = _kept_path(entry)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as kept:
                for chunk in upload.chunks():
                    kept.write(chunk)
            request.session[SESSION_KEY] = entry
            return _preview_page(request, preview, entry)
    context = {"title": "导入一览表", "form": form, "plans": Plan.objects.filter(is_active=True)}
    return render(request, "supervision/ledger_import.html", context)


def _confirm(request):
    entry = request.session.get(SESSION_KEY)
    path = _kept_path(entry) if entry else None
    if path is None or entry["token"] != request.POST.get("token") or not path.is_file():
        messages.error(request, "导入已过期或已完成，请重新上传文件。")
        return redirect("supervision:ledger_import")
    importer = _importer(entry)
    try:
        # The kept file is read again: the commit writes what the file says now, checked again.
        with File(path.open("rb"), name=entry["filename"]) as kept:
            preview = importer.preview(kept)
        outcome = importer.commit(preview, user=request.user)
    except ImportFileError as error:
        _discard(request)
        messages.error(request, error.message)
        return redirect("supervision:ledger_import")
    except ImportRejected:
        return _preview_page(request, preview, entry)
    _discard(request)
    messages.success(request, f"已导入“{entry['filename']}”：{outcome.summary()}。")
    return redirect("supervision:plan_detail", pk=outcome.obj.pk)


# -- export -------------------------------------------------------------------------------------------


@login_required
def ledger_export(request):
    require(can_export(request.user))
    # The form is bound (and its errors shown) only once it is submitted; a link from a plan's page
    # (?plan=3) just fills it in.
    submitted = "format" in request.GET
    latest = Plan.objects.filter(is_active=True).order_by("-year", "-created_at").first()
    initial = {"plan": latest.pk if latest else None, **request.GET.dict()}
    form = LedgerExportForm(request.GET if submitted else None, initial=initial, user=request.user)
    if submitted and form.is_valid():
        data = form.cleaned_data
        ledger = build_ledger(
            plan=data["plan"], period=data["period"], unit=data["unit"], lights=data["lights"],
            include_light=data["with_light"], tasks=visible_tasks(request.user, Task.objects.all()),
        )
        if ledger.tasks:
            write, content_type = FORMATS[data["format"]]
            return export_response(write(ledger), ledger.filename(data["format"]), content_type, what="一览表")
        messages.warning(request, "没有符合条件的任务，请调整筛选条件。")
    return render(request, "supervision/ledger_export.html", {"title": "导出一览表", "form": form})
