"""Every write of the supervision module. Views, the importer, the API and the commands call these."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from parkops.core.periods import period_label
from parkops.core.uploads import ATTACHMENT_KINDS, check_attachment, display_name
from parkops.org.models import Person, Unit
from parkops.supervision.choices import LeaderRole, Light, ReportAction, ReportStatus, UnitRole
from parkops.supervision.models import (
    Attachment,
    Comment,
    ProgressFigure,
    ProgressReport,
    ReportEvent,
    Target,
    Task,
    TaskLeader,
    TaskUnit,
)
from parkops.supervision.targets import parse_targets


def _check_figures(task: Task, figures: dict[int, Decimal]) -> dict[Target, Decimal]:
    targets = {t.pk: t for t in task.targets.all()}
    checked = {}
    for target_id, amount in figures.items():
        if target_id not in targets:
            raise ValidationError("完成数对应的目标不属于该任务。")
        if amount is not None:
            if amount < 0:
                raise ValidationError(f"目标“{targets[target_id].phrase}”的完成数不能为负数。")
            checked[targets[target_id]] = Decimal(amount)
    return checked


@transaction.atomic
def report_submit(
    *,
    task: Task,
    unit: Unit,
    user,
    period: date,
    text: str,
    claims_done: bool = False,
    figures: dict[int, Decimal] | None = None,
    files: Sequence[UploadedFile] = (),
) -> ProgressReport:
    """A unit reports on a task for a period, or resubmits the report the supervisor returned."""
    text = (text or "").strip()
    if not text:
        raise ValidationError("请填写完成情况。")
    if not task.unit_links.filter(unit=unit).exists():
        raise ValidationError(f"{unit}不是该任务的牵头或配合单位。")
    if period > timezone.localdate().replace(day=1):
        raise ValidationError(f"不能报送尚未到来的期间（{period_label(period)}）。")
    checked_figures = _check_figures(task, figures or {})
    checked_files = [(f, check_attachment(f, allowed=set(ATTACHMENT_KINDS), max_bytes=settings.ATTACHMENT_MAX_BYTES))
                     for f in files]

    report = ProgressReport.objects.select_for_update().filter(task=task, unit=unit, period=period).first()
    if report is None:
        report = ProgressReport(task=task, unit=unit, period=period)
        action = ReportAction.SUBMIT
    elif report.status == ReportStatus.RETURNED:
        action = ReportAction.RESUBMIT
    else:
        raise ValidationError(
            f"{unit}{period_label(report.period)}的进展已报送（{report.get_status_display()}），不能重复报送。"
        )
    report.text = text
    report.claims_done = claims_done
    report.status = ReportStatus.SUBMITTED
    report.submitted_by = user
    report.submitted_at = timezone.now()
    report.return_reason = ""
    report.save()
    # A resubmitted report is what is sent now: a figure left out is withdrawn, as the old text is.
    report.figures.exclude(target__in=list(checked_figures)).delete()
    _save_figures(report, checked_figures)
    for upload, _extension in checked_files:
        Attachment.objects.create(
            report=report, file=upload, original_name=display_name(upload.name),
            content_type=getattr(upload, "content_type", "") or "", size=upload.size, uploaded_by=user,
        )
    ReportEvent.objects.create(report=report, action=action, user=user)
    return report


def _save_figures(report: ProgressReport, figures: dict[Target, Decimal]) -> None:
    for target, amount in figures.items():
        ProgressFigure.objects.update_or_create(report=report, target=target, defaults={"amount": amount})


@transaction.atomic
def report_return(*, report: ProgressReport, user, reason: str) -> ProgressReport:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("退回时须填写理由。")
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(f"该报告当前为“{report.get_status_display()}”，不能退回。")
    report.status = ReportStatus.RETURNED
    report.return_reason = reason
    report.reviewed_by = user
    report.reviewed_at = timezone.now()
    report.save()
    ReportEvent.objects.create(report=report, action=ReportAction.RETURN, user=user, reason=reason)
    return report


@transaction.atomic
def report_accept(*, report: ProgressReport, user) -> ProgressReport:
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(f"该报告当前为“{report.get_status_display()}”，不能采纳。")
    report.status = ReportStatus.ACCEPTED
    report.reviewed_by = user
    report.reviewed_at = timezone.now()
    report.save()
    ReportEvent.objects.create(report=report, action=ReportAction.ACCEPT, user=user)
    return report


@transaction.atomic
def report_record_imported(
    *, task: Task, unit: Unit, user, period: date, text: str, figures: dict[Target, Decimal]
) -> ProgressReport:
    """A 完成情况 taken from an imported ledger: the supervisor's own table, so accepted as it stands.
    Importing the same ledger again updates the period's report instead of adding another."""
    report, created = ProgressReport.objects.get_or_create(
        task=task, unit=unit, period=period,
        defaults={"text": text, "status": ReportStatus.ACCEPTED, "submitted_by": user,
                  "submitted_at": timezone.now(), "reviewed_by": user, "reviewed_at": timezone.now()},
    )
    if not created and (report.text != text or report.status != ReportStatus.ACCEPTED):
        report.text = text
        report.status = ReportStatus.ACCEPTED
        report.reviewed_by = user
        report.reviewed_at = timezone.now()
        report.save()
    _save_figures(report, figures)
    if created or report.events.filter(action=ReportAction.IMPORT).count() == 0:
        ReportEvent.objects.create(report=report, action=ReportAction.IMPORT, user=user, reason="由一览表导入")
    return report


@transaction.atomic
def light_override(*, task: Task, user, light: str, reason: str) -> Task:
    reason = (reason or "").strip()
    if light and light not in Light.values:
        raise ValidationError("未知的灯色。")
    if light and not reason:
        raise ValidationError("人工认定灯色须填写理由。")
    task.light_override = light
    task.light_override_reason = reason if light else ""
    task._change_reason = f"认定灯色：{Light(light).label if light else '恢复自动'}"
    task.save()
    return task


@transaction.atomic
def comment_add(*, task: Task, user, text: str) -> Comment:
    text = (text or "").strip()
    if not text:
        raise ValidationError("批示内容不能为空。")
    return Comment.objects.create(task=task, author=user, text=text)


def _set_links(task: Task, model, field: str, role: str, objects: Iterable) -> None:
    wanted = list(dict.fromkeys(objects))
    existing = {getattr(link, f"{field}_id"): link for link in model.objects.filter(task=task, role=role)}
    for position, obj in enumerate(wanted):
        link = existing.pop(obj.pk, None)
        if link is None:
            if model is TaskUnit:
                # A unit holds one role on a task: moving it from cooperating to lead replaces the link.
                model.objects.filter(task=task, unit=obj).delete()
            model.objects.create(task=task, role=role, position=position, **{field: obj})
        elif link.position != position:
            link.position = position
            link.save()
    for link in existing.values():
        link.delete()


def task_set_people(
    *,
    task: Task,
    county_leaders: Sequence[Person] = (),
    park_leaders: Sequence[Person] = (),
    lead_units: Sequence[Unit] = (),
    cooperating_units: Sequence[Unit] = (),
) -> None:
    _set_links(task, TaskLeader, "person", LeaderRole.COUNTY, county_leaders)
    _set_links(task, TaskLeader, "person", LeaderRole.PARK, park_leaders)
    _set_links(task, TaskUnit, "unit", UnitRole.LEAD, lead_units)
    _set_links(task, TaskUnit, "unit", UnitRole.COOPERATING, [u for u in cooperating_units if u not in lead_units])


def task_targets_from_text(task: Task) -> list[Target]:
    """Propose targets from the task's text; kept targets the supervisor corrected are not touched."""
    if task.targets.exists():
        return list(task.targets.all())
    return [
        Target.objects.create(task=task, phrase=parsed.phrase[:100], comparator=parsed.comparator,
                              amount=parsed.amount, unit=parsed.unit, position=position)
        for position, parsed in enumerate(parse_targets(task.text))
    ]
