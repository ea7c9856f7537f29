"""The report centre's writes: template versions, and reports drawn up and kept.

A report is drawn up from the active template of its type; the file, the workbook and the PDF are
stored with it, so downloading it again gives the same document even after the data or the template
changed. Drawing up is done by the worker (request_report) or at once (generate_report: the command
line, the scheduled deliveries, the tests); both go through run_generation.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from io import BytesIO

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from parkops.core import audit, events
from parkops.core.models import AuditAction
from parkops.core.periods import chinese_date
from parkops.core.replica import reads_from_replica
from parkops.reports import engine, pdf, registry
from parkops.reports.models import GeneratedReport, ReportStatus, ReportTemplate
from parkops.reports.registry import ExportRequest, ModuleDownload, ReportRequest, ReportType
from parkops.reports.tracing import Figure
from parkops.reports.validation import TemplateRefused, check_template
from parkops.supervision import selectors as supervision_selectors

logger = logging.getLogger(__name__)


class ReportError(Exception):
    """A report that cannot be drawn up, said in Chinese for the user."""


# -- Templates ----------------------------------------------------------------------------------------


def _fingerprint(content: bytes) -> str:
    """What a Word file says, whenever it was saved: its parts, without the zip's own timestamps."""
    with zipfile.ZipFile(BytesIO(content)) as archive:
        return hashlib.sha256(b"".join(archive.read(name) for name in sorted(archive.namelist()))).hexdigest()


@functools.cache
def _builtin_fingerprint(code: str) -> str:
    return _fingerprint(registry.get(code).default_template())


def _with_current_builtin(template: ReportTemplate) -> ReportTemplate:
    """A built-in template in use that the system has since changed (a red header added, a signature)
    gives way to the current built-in, as the next version: the park gets the change without anyone
    uploading it, and the old version stays, to be put back. A template a user uploaded is never
    replaced."""
    if not template.is_builtin or _fingerprint(bytes(template.content)) == _builtin_fingerprint(template.report_type):
        return template
    code = template.report_type
    report_type = registry.get(code)
    with transaction.atomic():
        if not ReportTemplate.objects.filter(pk=template.pk, is_active=True).exists():
            return ReportTemplate.objects.get(report_type=code, is_active=True)
        version = (ReportTemplate.objects.filter(report_type=code).aggregate(v=Max("version"))["v"] or 0) + 1
        ReportTemplate.objects.filter(pk=template.pk).update(is_active=False)
        return ReportTemplate.objects.create(
            report_type=code, version=version, content=report_type.default_template(),
            filename=f"{report_type.name}模板.docx", note="系统内置模板（随系统更新）", is_builtin=True, is_active=True)


def active_template(code: str) -> ReportTemplate:
    """The version in use; the built-in one becomes version 1 the first time a type is used, and a newer
    built-in the next version when the one in use is an older built-in."""
    template = ReportTemplate.objects.filter(report_type=code, is_active=True).first()
    if template is not None:
        return _with_current_builtin(template)
    report_type = registry.get(code)
    try:
        with transaction.atomic():
            if not ReportTemplate.objects.filter(report_type=code).exists():
                return ReportTemplate.objects.create(
                    report_type=code, version=1, content=report_type.default_template(),
                    filename=f"{report_type.name}模板.docx", note="系统内置模板", is_builtin=True, is_active=True,
                )
            latest = ReportTemplate.objects.filter(report_type=code).order_by("-version").first()
            latest.is_active = True
            latest.save(update_fields=["is_active"])
            return latest
    except IntegrityError:
        # Two first visits at once (make loadtest found it: a 500 on the type's page): the other request
        # put version 1 in use between our look and our insert; use it.
        return ReportTemplate.objects.get(report_type=code, is_active=True)


def upload_template(*, code: str, content: bytes, filename: str, note: str, user, park) -> ReportTemplate:
    """A new version, put in use only when it passes every check; otherwise TemplateRefused and the
    version in use stays."""
    report_type = registry.get(code)
    request = default_request(report_type, park)
    check_template(report_type, content, trial_context=engine.build_context(report_type, request))
    with transaction.atomic():
        version = (ReportTemplate.objects.filter(report_type=code).aggregate(v=Max("version"))["v"] or 0) + 1
        if version == 1:
            # The built-in template stays available as version 1, to go back to.
            active_template(code)
            version = 2
        ReportTemplate.objects.filter(report_type=code, is_active=True).update(is_active=False)
        template = ReportTemplate(report_type=code, version=version, content=content, filename=filename[:200],
                                  note=note, uploaded_by=user, is_active=True)
        template.save()
    return template


def activate_template(template: ReportTemplate) -> ReportTemplate:
    with transaction.atomic():
        for current in ReportTemplate.objects.filter(report_type=template.report_type, is_active=True):
            current.is_active = False
            current.save(update_fields=["is_active"])
        template.is_active = True
        template.save(update_fields=["is_active"])
    return template


def module_download(code: str, request: ExportRequest) -> tuple[ModuleDownload, bytes]:
    """A module's own download of a type (the 一览表 a supervisor filtered, today's 每日通报), drawn through
    the type's template in use; NothingToDownload when the choice finds nothing."""
    report_type = registry.get(code)
    if report_type.export is None:
        raise ReportError(f"“{report_type.name}”没有模块导出。")
    download = report_type.export(request)
    context = {**registry.park_fields(request.park), "title": report_type.name,
               "today": chinese_date(timezone.localdate()), **download.context}
    if download.build_docx is not None:
        return download, download.build_docx()
    return download, render_active(code, context)


def render_active(code: str, context: dict) -> bytes:
    """A context rendered with the type's template in use: for the modules' own downloads, which build their
    context from the user's filters rather than from a ReportRequest.
    Before anyone has opened the type, the built-in template is used as it is, without storing it, so an
    export costs the same queries the first time as every time after."""
    stored = ReportTemplate.objects.filter(report_type=code, is_active=True).only("content", "is_builtin").first()
    if stored is None or stored.is_builtin:
        # A built-in in use is the system's own: drawn as the system now ships it (see _with_current_builtin).
        return engine.render(registry.get(code).default_template(), context, builtin=True).docx
    return engine.render(bytes(stored.content), context, builtin=stored.is_builtin).docx


# -- Reports ------------------------------------------------------------------------------------------


def default_request(report_type: ReportType, park, *, period: date | None = None, plan=None,
                    day: date | None = None) -> ReportRequest:
    """A request with what was not given filled in: last month, the park's current plan, today."""
    today = timezone.localdate()
    if period is None:
        period = (today.replace(day=1) - timezone.timedelta(days=1)).replace(day=1)
    if plan is None and report_type.needs_plan:
        plan = supervision_selectors.default_plan(park=park, year=period.year)
        if plan is None:
            raise ReportError(f"“{report_type.name}”需要一个督办计划，本园区还没有。")
    return ReportRequest(park=park, period=period, plan=plan, day=day)


def request_report(code: str, *, park, period: date | None = None, plan=None, day: date | None = None,
                   user=None) -> GeneratedReport:
    """A report queued for the worker; its page shows the progress."""
    report = _new_report(code, park=park, period=period, plan=plan, day=day, user=user)
    from django_q.tasks import async_task

    transaction.on_commit(lambda: async_task("parkops.reports.services.run_generation", report.pk,
                                             task_name=f"report-{report.pk}", group="reports"))
    return report


def generate_report(code: str, *, park, period: date | None = None, plan=None, day: date | None = None,
                    user=None) -> GeneratedReport:
    """A report drawn up at once; ReportError when it cannot be."""
    report = _new_report(code, park=park, period=period, plan=plan, day=day, user=user)
    run_generation(report.pk)
    report.refresh_from_db()
    if report.status == ReportStatus.FAILED:
        raise ReportError(report.error)
    return report


def _new_report(code, *, park, period, plan, day, user) -> GeneratedReport:
    try:
        report_type = registry.get(code)
    except KeyError as error:
        raise ReportError(error.args[0]) from None
    request = default_request(report_type, park, period=period, plan=plan, day=day)
    return GeneratedReport.objects.create(
        report_type=code, park=park, title=report_type.title_for(request), period=request.period,
        day=request.day, plan=request.plan, requested_by=user if user and user.is_authenticated else None,
    )


def run_generation(report_id: int) -> str:
    """Draw up a stored request, saving the progress as it goes (the page reads it)."""
    report = GeneratedReport.objects.select_related("park", "plan").get(pk=report_id)
    report_type = registry.get(report.report_type)

    def step(progress: int, stage: str) -> None:
        GeneratedReport.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, progress=progress,
                                                             stage=stage, progressed_at=timezone.now())

    try:
        result = draw_up(report_type, ReportRequest(park=report.park, period=report.period, plan=report.plan,
                                                    day=report.day), step=step)
    except Exception as error:  # noqa: BLE001 — the page shows why, and the worker goes on
        logger.exception("report %s failed", report.pk)
        GeneratedReport.objects.filter(pk=report.pk).update(
            status=ReportStatus.FAILED, stage="", error=_failure_text(error), finished_at=timezone.now())
        _tell_requester(report, title=f"报告生成失败：{report.title}", body=_failure_text(error))
        return f"失败：{report.title}"
    GeneratedReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.DONE, progress=100, stage="", docx=result.docx, xlsx=result.xlsx, pdf=result.pdf,
        pdf_note=result.pdf_note, figure_count=len(result.figures), template=result.template,
        finished_at=timezone.now())
    audit.record(AuditAction.EXPORT, object_type="报告", detail=f"生成报告：{report.title}",
                 user=report.requested_by)
    _tell_requester(report, title=f"报告已生成：{report.title}", body="可在报告中心下载Word、PDF文件。")
    return f"已生成：{report.title}"


def _tell_requester(report: GeneratedReport, *, title: str, body: str) -> None:
    if report.requested_by is not None:
        events.tell(events.Notice(title=title, body=body, users=(report.requested_by,),
                                  link=reverse("reports:report_detail", args=[report.pk]),
                                  key=f"generated-report-{report.pk}"))


def fail_stalled_reports(*, now: datetime | None = None, reports: QuerySet[GeneratedReport] | None = None) -> int:
    """Reports left queued or running by a worker that died (killed, restarted, out of memory) are
    marked failed with a reason, so their page stops saying 生成中 for ever; returns how many.

    A report moves on at every step and the worker stops any task after Q_CLUSTER's timeout, so one with
    no step for REPORT_STALL_MINUTES (longer than that timeout) has nobody working on it any more.
    """
    now = now or timezone.now()
    minutes = settings.REPORT_STALL_MINUTES
    limit = now - timedelta(minutes=minutes)
    reports = GeneratedReport.objects.all() if reports is None else reports
    stalled = reports.filter(Q(status=ReportStatus.QUEUED, requested_at__lt=limit) | Q(
        Q(progressed_at__lt=limit) | Q(progressed_at__isnull=True, requested_at__lt=limit), status=ReportStatus.RUNNING))
    if not stalled.exists():
        return 0  # the usual case, read only: a page view takes no write lock for nothing
    queued = reports.filter(status=ReportStatus.QUEUED, requested_at__lt=limit).update(
        status=ReportStatus.FAILED, stage="", finished_at=now,
        error=f"排队超过{minutes}分钟仍未开始生成：后台任务进程可能没有运行。请联系系统管理员检查后台任务，再重新生成。")
    running = reports.filter(status=ReportStatus.RUNNING).filter(
        Q(progressed_at__lt=limit) | Q(progressed_at__isnull=True, requested_at__lt=limit)).update(
        status=ReportStatus.FAILED, stage="", finished_at=now,
        error=f"生成中断：超过{minutes}分钟没有进展，后台任务进程可能已停止或重启。请重新生成。")
    if queued or running:
        logger.warning("marked %s stalled reports failed", queued + running)
    return queued + running


def _failure_text(error: Exception) -> str:
    if isinstance(error, (ReportError, TemplateRefused, engine.TemplateFailed)):
        return str(error)
    return f"生成失败：{error}"


@dataclass(frozen=True)
class DrawnUp:
    """A report's files, before they are stored (the worker) or written out (the command line)."""

    docx: bytes
    xlsx: bytes | None
    pdf: bytes | None
    pdf_note: str
    figures: list[Figure]
    template: ReportTemplate


def draw_up(report_type: ReportType, request: ReportRequest, *, step: Callable[[int, str], None] = lambda p, s: None,
            with_pdf: bool = True) -> DrawnUp:
    template = active_template(report_type.code)
    with reads_from_replica():  # its progress steps are written to the primary all the same
        step(10, "汇总数据")
        context = engine.build_context(report_type, request)
        step(50, "填写模板")
        rendered = engine.render(bytes(template.content), context, builtin=template.is_builtin)
        own_docx = report_type.build_docx(request) if report_type.build_docx is not None else None
        if own_docx is not None:
            rendered.docx = own_docx
        workbook = None
        if report_type.build_xlsx is not None:
            step(70, "生成 Excel")
            workbook = report_type.build_xlsx(request)
    document_pdf, pdf_note = None, ""
    if with_pdf:
        step(85, "转换 PDF")
        try:
            document_pdf = pdf.docx_to_pdf(rendered.docx)
        except (pdf.PdfUnavailable, OSError) as error:
            pdf_note = str(error)
    return DrawnUp(docx=rendered.docx, xlsx=workbook, pdf=document_pdf, pdf_note=pdf_note, figures=rendered.figures,
                   template=template)


def filename(report: GeneratedReport, extension: str) -> str:
    return f"{report.title}.{extension}"
