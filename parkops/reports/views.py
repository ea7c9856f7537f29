"""The report centre's pages: the report types, their templates, previews with traceable figures, and
the reports drawn up, with their progress."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from parkops.core import audit
from parkops.core.exports import DOCX_TYPE, XLSX_TYPE, export_response
from parkops.core.models import AuditAction
from parkops.core.permissions import CREATE, DOWNLOAD, allows, require
from parkops.org.services import served_park
from parkops.reports import engine, pdf, registry, services
from parkops.reports.forms import ReportRequestForm, TemplateUploadForm
from parkops.reports.models import GeneratedReport, ReportTemplate
from parkops.reports.permissions import can_manage_templates, can_use_reports
from parkops.reports.validation import TemplateRefused

RECENT_REPORTS = 30
FILE_LABELS = {"docx": "Word", "xlsx": "Excel", "pdf": "PDF"}
CONTENT_TYPES = {"docx": DOCX_TYPE, "xlsx": XLSX_TYPE, "pdf": "application/pdf"}


def _report_type(code: str) -> registry.ReportType:
    try:
        return registry.get(code)
    except KeyError:
        raise Http404("没有这种报告。") from None


@login_required
def index(request):
    require(can_use_reports(request.user))
    park = served_park()
    active = {t.report_type: t for t in ReportTemplate.objects.filter(is_active=True).defer("content")}
    recent = (GeneratedReport.objects.filter(park=park).select_related("requested_by")
              .defer("docx", "xlsx", "pdf")[:RECENT_REPORTS])
    return render(request, "reports/index.html", {
        "title": "报告中心",
        "types": [(t, active.get(t.code)) for t in registry.all_types()],
        "recent": recent,
        "pdf_available": pdf.is_available(),
    })


@login_required
def type_detail(request, code: str, *, upload_form=None, refused=None, status=200):
    require(can_use_reports(request.user))
    report_type = _report_type(code)
    park = served_park()
    # Opening the page stores nothing: the built-in template is shown, and becomes version 1 when a
    # report is first drawn up or previewed (services.active_template), never on a GET.
    templates = ReportTemplate.objects.filter(report_type=code).select_related("uploaded_by").defer("content")
    request_form = ReportRequestForm(report_type=report_type, park=park,
                                     initial=_initial_request(report_type, park))
    return render(request, "reports/type_detail.html", {
        "title": report_type.name,
        "report_type": report_type,
        "request_form": request_form,
        "upload_form": upload_form or TemplateUploadForm(),
        "refused": refused,
        "templates": templates,
        "builtin_unregistered": not templates.exists(),
        "can_manage": can_manage_templates(request.user),
        "common_fields": registry.COMMON_FIELDS,
        "recent": (GeneratedReport.objects.filter(park=park, report_type=code).select_related("requested_by")
                   .defer("docx", "xlsx", "pdf")[:10]),
        "pdf_available": pdf.is_available(),
    }, status=status)


def _initial_request(report_type, park) -> dict:
    try:
        request = services.default_request(report_type, park)
    except services.ReportError:
        return {}
    return {"period": request.period, "plan": request.plan.pk if request.plan else None}


def _bound_request(request, report_type, park, data):
    form = ReportRequestForm(data, report_type=report_type, park=park)
    if not form.is_valid():
        return form, None
    return form, form.cleaned_data


@login_required
def preview(request, code: str):
    require(can_use_reports(request.user))
    report_type = _report_type(code)
    park = served_park()
    form, cleaned = _bound_request(request, report_type, park, request.GET)
    if cleaned is None:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("reports:type_detail", code=code)
    try:
        report_request = services.default_request(report_type, park, period=cleaned["period"],
                                                  plan=cleaned.get("plan"), day=cleaned.get("day"))
        context = engine.build_context(report_type, report_request)
    except services.ReportError as error:
        messages.error(request, str(error))
        return redirect("reports:type_detail", code=code)
    try:
        template = services.active_template(code)
        result = engine.preview(bytes(template.content), context, builtin=template.is_builtin)
    except engine.TemplateFailed as error:
        messages.error(request, str(error))
        return redirect("reports:type_detail", code=code)
    return render(request, "reports/preview.html", {
        "title": f"预览：{context['title']}",
        "report_type": report_type,
        "document": result.html,
        "figures": result.figures,
        "query": request.GET.urlencode(),
    })


@login_required
@require_POST
def generate(request, code: str):
    require(allows(request.user, "report", CREATE))
    report_type = _report_type(code)
    park = served_park()
    form, cleaned = _bound_request(request, report_type, park, request.POST)
    if cleaned is None:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("reports:type_detail", code=code)
    try:
        report = services.request_report(code, park=park, period=cleaned["period"], plan=cleaned.get("plan"),
                                         day=cleaned.get("day"), user=request.user)
    except services.ReportError as error:
        messages.error(request, str(error))
        return redirect("reports:type_detail", code=code)
    return redirect(report)


@login_required
def report_detail(request, pk: int):
    require(can_use_reports(request.user))
    services.fail_stalled_reports(reports=GeneratedReport.objects.filter(pk=pk, park=served_park()))
    report = get_object_or_404(GeneratedReport.objects.defer("docx", "xlsx", "pdf"), pk=pk, park=served_park())
    return render(request, "reports/report_detail.html", {
        "title": report.title, "report": report, "report_type": _report_type(report.report_type),
        "files": _files(report),
    })


@login_required
def report_progress(request, pk: int):
    """The progress box, polled by the report's page until the report is finished."""
    require(can_use_reports(request.user))
    services.fail_stalled_reports(reports=GeneratedReport.objects.filter(pk=pk, park=served_park()))
    report = get_object_or_404(GeneratedReport.objects.defer("docx", "xlsx", "pdf"), pk=pk, park=served_park())
    return render(request, "reports/report_progress.html", {"report": report, "files": _files(report)})


def _files(report: GeneratedReport) -> list[tuple[str, str]]:
    """(kind, label) of the files a finished report has, without reading the files."""
    if not report.is_finished:
        return []
    present = (GeneratedReport.objects.filter(pk=report.pk)
               .annotate(**{f"has_{kind}": ExpressionWrapper(Q(**{f"{kind}__isnull": False}), output_field=BooleanField())
                            for kind in FILE_LABELS})
               .values(*(f"has_{kind}" for kind in FILE_LABELS)).first())
    return [(kind, label) for kind, label in FILE_LABELS.items() if present and present[f"has_{kind}"]]


@login_required
def report_download(request, pk: int, kind: str):
    require(allows(request.user, "report", DOWNLOAD))
    if kind not in CONTENT_TYPES:
        raise Http404
    report = get_object_or_404(GeneratedReport.objects.only("title", kind), pk=pk, park=served_park())
    content = getattr(report, kind)
    if not content:
        raise Http404("该报告没有这种格式的文件。")
    return export_response(bytes(content), services.filename(report, kind), CONTENT_TYPES[kind], what=report.title)


@login_required
def module_download(request, code: str):
    """A module's Word paper (the 一览表, the 进展情况表, the agenda, the bulletin), linked from the module's
    page with the user's choice in the query, drawn at once through the type's template in use. The type
    checks the user's right in its module: these are the module's downloads, not the report centre's."""
    report_type = _report_type(code)
    if report_type.export_request is None:
        raise Http404("这种报告没有模块下载。")
    try:
        download, docx = services.module_download(code, report_type.export_request(request))
    except registry.NothingToDownload as nothing:
        if str(nothing):
            messages.warning(request, str(nothing))
        return redirect(nothing.back_url) if nothing.back_url else redirect("reports:type_detail", code=code)
    except engine.TemplateFailed as error:
        messages.error(request, str(error))
        return redirect("reports:type_detail", code=code)
    return export_response(docx, download.filename("docx"), DOCX_TYPE, what=download.what)


# -- Templates ----------------------------------------------------------------------------------------


@login_required
@require_POST
def template_upload(request, code: str):
    require(can_manage_templates(request.user))
    report_type = _report_type(code)
    form = TemplateUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return type_detail(request, code, upload_form=form, status=400)
    try:
        template = services.upload_template(code=code, content=form.cleaned_data["file"],
                                            filename=request.FILES["file"].name, note=form.cleaned_data["note"],
                                            user=request.user, park=served_park())
    except TemplateRefused as refusal:
        audit.record(AuditAction.UPDATE, object_type="报告模板", detail=f"上传{report_type.name}模板被拒绝：{refusal}")
        return type_detail(request, code, upload_form=form, refused=refusal.problems, status=400)
    messages.success(request, f"已上传并启用第{template.version}版模板。")
    return redirect("reports:type_detail", code=code)


@login_required
def builtin_template_download(request, code: str):
    """The built-in template of a type that has no stored version yet, to edit and upload."""
    require(can_use_reports(request.user))
    report_type = _report_type(code)
    name = f"{report_type.name}模板_第1版.docx"
    return export_response(report_type.default_template(), name, DOCX_TYPE, what=name)


@login_required
def template_download(request, pk: int):
    require(allows(request.user, "report_template", DOWNLOAD))
    template = get_object_or_404(ReportTemplate, pk=pk)
    name = f"{_report_type(template.report_type).name}模板_第{template.version}版.docx"
    return export_response(bytes(template.content), name, DOCX_TYPE, what=name)


@login_required
@require_POST
def template_activate(request, pk: int):
    require(can_manage_templates(request.user))
    template = get_object_or_404(ReportTemplate.objects.defer("content"), pk=pk)
    services.activate_template(template)
    messages.success(request, f"已启用第{template.version}版模板。")
    return redirect("reports:type_detail", code=template.report_type)
