"""Every write of the supervision module. Views, the importer, the API and the commands call these."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import IntegerField, Max
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from parkops.core import events
from parkops.core.formatting import clause
from parkops.core.metrics import UnknownMetric
from parkops.core.metrics import get as get_metric
from parkops.core.periods import period_label
from parkops.core.uploads import ATTACHMENT_KINDS, check_attachment, display_name
from parkops.core.versioning import save_unless_changed
from parkops.org.models import Person, Unit
from parkops.org.services import supervisors, unit_reporters
from parkops.supervision.choices import LeaderRole, Light, ReportAction, ReportStatus, UnitRole
from parkops.supervision.models import (
    Attachment,
    Comment,
    Plan,
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
    targets = {t.pk: t for t in task.target_list}
    checked = {}
    for target_id, amount in figures.items():
        if target_id not in targets:
            raise ValidationError("完成数对应的目标不属于该任务。")
        if targets[target_id].is_bound and amount is not None:
            raise ValidationError(f"目标“{targets[target_id].phrase}”已绑定指标，完成数自动取得，无需填报。")
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
    remove_attachments: Sequence[int] = (),
) -> ProgressReport:
    """A unit reports on a task for a period, or resubmits the report the supervisor returned; a
    resubmission may drop files attached before (`remove_attachments`, their ids), so that attaching
    the corrected file does not leave the old one beside it."""
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

    report = ProgressReport.objects.select_for_update(of=("self",)).filter(task=task, unit=unit, period=period).first()
    if report is None:
        report = ProgressReport(task=task, unit=unit, period=period)
        action = ReportAction.SUBMIT
    elif ProgressReport._base_manager.filter(pk=report.pk, status=ReportStatus.RETURNED).update(
            status=ReportStatus.SUBMITTED) == 1:
        # A conditional UPDATE, not only the lock above: SQLite has no row locks, and two
        # resubmissions of one returned report must not both be taken.
        action = ReportAction.RESUBMIT
    else:
        report.refresh_from_db()
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
    if action == ReportAction.RESUBMIT and remove_attachments:
        for attachment in report.attachments.filter(pk__in=list(remove_attachments)):
            storage, name = attachment.file.storage, attachment.file.name
            attachment.delete()
            # The file goes once the resubmission is committed; a rolled-back one keeps it.
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    for upload, _extension in checked_files:
        Attachment.objects.create(
            report=report, file=upload, original_name=display_name(upload.name),
            content_type=getattr(upload, "content_type", "") or "", size=upload.size, uploaded_by=user,
        )
    event = ReportEvent.objects.create(report=report, action=action, user=user)
    again = "重新报送" if action == ReportAction.RESUBMIT else "报送"
    events.tell(events.Notice(
        title=f"待审核：{unit}{again}了{task.named}（{period_label(period)}）",
        body=text[:200], link=_task_link(task), users=tuple(supervisors()), key=f"report-event-{event.pk}",
        exclude=(user,)))
    return report


# --- telling people ---------------------------------------------------------------------------------


def _task_link(task: Task) -> str:
    return reverse("supervision:task_detail", args=[task.pk])


def _tell_unit(report: ProgressReport, *, title: str, body: str, key: str, by) -> None:
    """The reporting unit's reporters (the one who submitted among them), and its channels."""
    users = {*unit_reporters(report.unit)} | ({report.submitted_by} if report.submitted_by else set())
    events.tell(events.Notice(title=title, body=body, link=_task_link(report.task), users=tuple(users),
                              units=(report.unit,), park=report.task.plan.park, key=key, exclude=(by,)))


def _save_figures(report: ProgressReport, figures: dict[Target, Decimal]) -> None:
    for target, amount in figures.items():
        ProgressFigure.objects.update_or_create(report=report, target=target, defaults={"amount": amount})


def _claim_review(report: ProgressReport, *, user, status: str, verb: str) -> None:
    """Move the report out of 已报送 in one conditional UPDATE: of an accept and a return made at once
    (two supervisors, or one double click), only the first finds the report still submitted; the
    other is told who reviewed it first and how. Refused before anything else is written."""
    now = timezone.now()
    # The base manager: a plain `UPDATE … WHERE id = … AND status = …`, which PostgreSQL re-checks on
    # the row as the first transaction left it. The default manager's joins would turn it into
    # `WHERE id IN (SELECT …)`, whose subquery is not re-checked, and both would go through.
    claimed = ProgressReport._base_manager.filter(pk=report.pk, status=ReportStatus.SUBMITTED).update(
        status=status, reviewed_by=user, reviewed_at=now)
    if not claimed:
        report.refresh_from_db()
        if report.status in (ReportStatus.RETURNED, ReportStatus.ACCEPTED):
            reviewer = report.reviewed_by or "他人"
            when = f"于{timezone.localtime(report.reviewed_at):%Y-%m-%d %H:%M}" if report.reviewed_at else ""
            done = "采纳" if report.status == ReportStatus.ACCEPTED else "退回"
            raise ValidationError(f"该报告已由{reviewer}{when}{done}，不能再{verb}。")
        raise ValidationError(f"该报告当前为“{report.get_status_display()}”，不能{verb}。")
    report.status, report.reviewed_by, report.reviewed_at = status, user, now


@transaction.atomic
def report_return(*, report: ProgressReport, user, reason: str) -> ProgressReport:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("退回时须填写理由。")
    _claim_review(report, user=user, status=ReportStatus.RETURNED, verb="退回")
    report.return_reason = reason
    report._history_user = user
    report.save()
    event = ReportEvent.objects.create(report=report, action=ReportAction.RETURN, user=user, reason=reason)
    _tell_unit(report, title=f"进展报告被退回：{report.task.named}（{period_label(report.period)}）",
               body=f"{user}退回了{report.unit}的报告，理由：{clause(reason)}。请修改后重新报送。",
               key=f"report-event-{event.pk}", by=user)
    return report


@transaction.atomic
def report_accept(*, report: ProgressReport, user) -> ProgressReport:
    _claim_review(report, user=user, status=ReportStatus.ACCEPTED, verb="采纳")
    report._history_user = user
    report.save()
    event = ReportEvent.objects.create(report=report, action=ReportAction.ACCEPT, user=user)
    _tell_unit(report, title=f"进展报告已采纳：{report.task.named}（{period_label(report.period)}）",
               body=f"{user}采纳了{report.unit}的报告。", key=f"report-event-{event.pk}", by=user)
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
        ReportEvent.objects.create(report=report, action=ReportAction.IMPORT, user=user, reason="由台账导入")
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
    comment = Comment.objects.create(task=task, author=user, text=text)
    # The lead units act on it; the supervisors follow it up.
    lead_units = [link.unit for link in task.unit_links.select_related("unit").filter(role=UnitRole.LEAD)]
    users = {user for unit in lead_units for user in unit_reporters(unit)} | set(supervisors())
    events.tell(events.Notice(title=f"领导批示：{task.named}", body=f"{user}批示：{text}",
                              link=_task_link(task), users=tuple(users), units=tuple(lead_units),
                              park=task.plan.park, key=f"comment-{comment.pk}", exclude=(user,)))
    return comment


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
    responsible: Sequence[Person] | None = None,
) -> None:
    """`responsible` None leaves the task's 责任人 as they are (the task form does not show them)."""
    _set_links(task, TaskLeader, "person", LeaderRole.COUNTY, county_leaders)
    if responsible is not None:
        _set_links(task, TaskLeader, "person", LeaderRole.RESPONSIBLE, responsible)
    _set_links(task, TaskLeader, "person", LeaderRole.PARK, park_leaders)
    _set_links(task, TaskUnit, "unit", UnitRole.LEAD, lead_units)
    _set_links(task, TaskUnit, "unit", UnitRole.COOPERATING, [u for u in cooperating_units if u not in lead_units])


@transaction.atomic
def task_add(
    *,
    plan: Plan,
    deadline: date | None,
    text: str,
    user,
    reason: str,
    county_leaders: Sequence[Person] = (),
    park_leaders: Sequence[Person] = (),
    lead_units: Sequence[Unit] = (),
) -> Task:
    """A task another module hands to a plan (a key project's problem, 转督办): numbered after the
    plan's last numbered task and placed at its end."""
    numbers = Task.objects.filter(plan=plan, number__regex=r"^[0-9]+$").aggregate(
        top=Max(Cast("number", IntegerField())))
    position = Task.objects.filter(plan=plan).aggregate(top=Max("position"))["top"]
    task = Task(plan=plan, number=str((numbers["top"] or 0) + 1), position=(position or 0) + 1,
                deadline=deadline, text=text)
    task._history_user = user
    task._change_reason = reason
    task.save()
    task_set_people(task=task, county_leaders=county_leaders, park_leaders=park_leaders, lead_units=lead_units)
    return task


def target_save(*, target: Target, user) -> Target:
    """Save a target as the supervisor set it on the task's page. Bound to a metric (core.metrics), its
    unit must be the metric's, so that the live figure and the target compare like with like."""
    if target.metric_key:
        try:
            metric = get_metric(target.metric_key)
        except UnknownMetric as unknown:
            raise ValidationError(unknown.message) from None
        if target.unit != metric.unit:
            raise ValidationError(f"指标“{metric.label}”以{metric.unit}计，目标“{target.phrase}”的单位应与之一致"
                                  f"（现为{target.unit}）。")
    before = Target.objects.filter(pk=target.pk).values_list("metric_key", flat=True).first() if target.pk else None
    target._history_user = user
    if target.metric_key != (before or ""):
        target._change_reason = (f"绑定指标：{get_metric(target.metric_key).label}" if target.metric_key
                                 else "解除指标绑定，改为填报")
    target.save()
    return target


def target_delete(*, target: Target, user) -> None:
    target._history_user = user
    target.delete()


def task_targets_from_text(task: Task) -> list[Target]:
    """Propose targets from the task's text; kept targets the supervisor corrected are not touched."""
    if task.targets.exists():
        return list(task.targets.all())
    return [
        Target.objects.create(task=task, phrase=parsed.phrase[:100], comparator=parsed.comparator,
                              amount=parsed.amount, unit=parsed.unit, position=position)
        for position, parsed in enumerate(parse_targets(task.text))
    ]


@transaction.atomic
def plan_save(*, plan: Plan, user, loaded_version: int | None = None, reason: str = "") -> Plan:
    """Create a plan, or save the edit of one made from a page loaded at `loaded_version`: refused
    (core.versioning.EditConflict) if someone else saved the plan in between. `reason` replaces the
    audit line's own (an import names its file)."""
    created = plan.pk is None
    if Plan.all_objects.filter(park=plan.park_id, name=plan.name, deleted_at__isnull=False).exclude(pk=plan.pk).exists():
        raise ValidationError(f"“{plan.name}”是已删除的督办计划，请在回收站恢复它，或换一个名称。")
    save_unless_changed(plan, loaded_version=loaded_version, user=user,
                        reason=reason or ("新建督办计划" if created else "修改督办计划"))
    return plan


@transaction.atomic
def task_edit(
    *,
    task: Task,
    user,
    loaded_version: int | None,
    county_leaders: Sequence[Person] = (),
    park_leaders: Sequence[Person] = (),
    lead_units: Sequence[Unit] = (),
    cooperating_units: Sequence[Unit] = (),
    responsible: Sequence[Person] | None = None,
    reason: str = "",
) -> Task:
    """Save a new task, or the edit of one made from a page loaded at `loaded_version`, with its
    leaders and units; an edit is refused as a whole (EditConflict) if someone else saved the task in
    between. `reason` replaces the audit line's own (an import names its file)."""
    reason = reason or ("新增目标任务" if task.pk is None else "修改目标任务")
    save_unless_changed(task, loaded_version=loaded_version, user=user, reason=reason)
    task_set_people(task=task, county_leaders=county_leaders, park_leaders=park_leaders, lead_units=lead_units,
                    cooperating_units=cooperating_units, responsible=responsible)
    return task


@transaction.atomic
def plan_for_module(*, park, name: str, year: int, user, reason: str, cycle: str = "monthly",
                    ledger_title: str = "") -> Plan:
    """The plan of that name another module hands its tasks to (生态环境: 环保督察反馈问题整改, 监测超标督办),
    made on first use: a module keeps its own items in a plan of their own rather than in one chosen by
    hand. A plan of that name in the recycle bin is refused, as plan_save refuses it."""
    found = Plan.objects.filter(park=park, name=name).first()
    if found is not None:
        return found
    return plan_save(plan=Plan(park=park, name=name, year=year, cycle=cycle, ledger_title=ledger_title),
                     user=user, reason=reason)
