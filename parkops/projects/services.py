"""Every write of the key-project module. Views, the importer, the API and the commands call these.

Each runs in one transaction and leaves an audit line: models registered with simple-history are
audited by core.audit's receiver (the service sets the user and a reason, so the line says who and
why); the append-only records without history (stage events, photos, chases) are audited here with
core.audit.record. "Today" is timezone.localdate(), Beijing time, as in the supervision services.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from parkops.core import audit, events
from parkops.core.formatting import round2
from parkops.core.models import AuditAction
from parkops.core.periods import month_start, period_label
from parkops.core.photos import ProcessedPhoto, process_photo
from parkops.core.uploads import display_name
from parkops.core.versioning import save_unless_changed
from parkops.org.choices import LeaderLevel, Role
from parkops.org.models import Person, Unit
from parkops.org.services import accounts_of, supervisors, unit_reporters
from parkops.projects.choices import (
    OPEN_PROBLEM_STATUSES,
    Escalation,
    ProblemCategory,
    ProblemSource,
    ProblemStatus,
    Stage,
)
from parkops.projects.milestones import STAGE_NODES, milestones_for
from parkops.projects.models import (
    Chase,
    Decision,
    DispatchMeeting,
    Milestone,
    MonthlyProgress,
    Problem,
    Project,
    ProjectYearPlan,
    SitePhoto,
    StageEvent,
)
from parkops.projects.selectors import escalation_due
from parkops.safety import selectors as safety_selectors
from parkops.supervision import services as supervision_services

if TYPE_CHECKING:  # projects hands work to supervision through its services only
    from parkops.supervision.models import Plan, Task

# Reaching these stages is also the node of the same name done, on the same day.
CLOSED_PROBLEM_STATUSES = (ProblemStatus.SOLVED, ProblemStatus.UNSOLVABLE)


def _day(on: date) -> str:
    return f"{on:%Y年%-m月%-d日}"


def _save(obj, *, user, reason: str) -> None:
    """Save a model with history so its audit line names the user and says why."""
    obj._history_user = user
    obj._change_reason = reason
    obj.save()


# --- projects -------------------------------------------------------------------------------------


@transaction.atomic
def project_save(*, project: Project, user, loaded_version: int | None = None, reason: str = "") -> Project:
    """Create or edit a project; a new one (or one whose kind changed) gets its kind's nodes.
    An edit from a page passes the version the page was loaded at, and is refused
    (core.versioning.EditConflict) if someone else saved the project in between. `reason` replaces the
    audit line's own (an import names its file)."""
    if project.total_investment is None or project.total_investment < 0:
        raise ValidationError("总投资不能为空或负数。")
    if project.invested_before is not None and project.invested_before < 0:
        raise ValidationError("录入前已完成投资不能为负数。")
    if project.planned_start and project.planned_completion and project.planned_completion < project.planned_start:
        raise ValidationError("计划竣工日期不能早于计划开工日期。")
    created = project.pk is None
    clash = Project.all_objects.filter(park=project.park_id, name=project.name, deleted_at__isnull=False)
    if clash.exclude(pk=project.pk).exists():
        raise ValidationError({"name": f"“{project.name}”是已删除的项目，请在回收站恢复它，或换一个名称。"})
    project.full_clean()
    reason = reason or ("新增重点项目" if created else "修改项目信息")
    if loaded_version is None:
        _save(project, user=user, reason=reason)
    else:
        save_unless_changed(project, loaded_version=loaded_version, user=user, reason=reason)
    milestones_for(project)
    return project


@transaction.atomic
def year_plan_set(*, project: Project, year: int, planned_investment: Decimal, user) -> ProjectYearPlan:
    """The project's investment plan for a year (年度计划投资); setting it again replaces the figure."""
    if planned_investment is None or planned_investment < 0:
        raise ValidationError("年度计划投资不能为空或负数。")
    plan = ProjectYearPlan.objects.filter(project=project, year=year).first() or ProjectYearPlan(
        project=project, year=year)
    plan.planned_investment = round2(Decimal(planned_investment))
    _save(plan, user=user, reason=f"{year}年度计划投资")
    return plan


@transaction.atomic
def stage_change(*, project: Project, stage: str, on: date, user, note: str = "") -> StageEvent:
    """Record that the project reached a stage on a date. Events are appended in date order and never
    edited: a correction is a new event, so the record shows what was said when."""
    if stage not in Stage.values:
        raise ValidationError("未知的项目阶段。")
    today = timezone.localdate()
    if on > today:
        raise ValidationError(f"阶段变更日期{_day(on)}晚于今天，不能预先登记。")
    # The stored row, locked: two stage changes at once must not both pass the date check, and saving
    # the caller's copy could write back fields someone else has edited since it was read.
    locked = Project.objects.select_for_update().get(pk=project.pk)
    last = StageEvent.objects.filter(project=locked).order_by("-on", "-recorded_at").first()
    if last is not None and on < last.on:
        raise ValidationError(
            f"日期{_day(on)}早于上一次阶段变更（{_day(last.on)}{last.get_stage_display()}），阶段变更只能按时间顺序追加。"
        )
    if last is not None and last.stage == stage:
        raise ValidationError(f"项目当前已是“{last.get_stage_display()}”阶段。")
    if stage == Stage.IN_PRODUCTION:
        refusal = safety_selectors.production_refusal(park=locked.park, enterprise_name=locked.enterprise_name)
        if refusal:
            raise ValidationError(refusal)
    event = StageEvent.objects.create(project=locked, stage=stage, on=on, note=(note or "").strip()[:300],
                                      recorded_by=user)
    audit.record(AuditAction.CREATE, obj=event, user=user, after={"stage": stage, "on": on.isoformat(),
                                                                    "note": event.note})
    before = locked.get_stage_display()
    locked.stage = project.stage = stage
    _save(locked, user=user, reason=f"阶段变更：{before}→{event.get_stage_display()}（{_day(on)}）")

    node = STAGE_NODES.get(stage)
    if node:
        milestone = Milestone.objects.filter(project=locked, name=node, actual_on__isnull=True).first()
        if milestone is not None:
            milestone.actual_on = on
            _save(milestone, user=user, reason=f"阶段变更为{event.get_stage_display()}")
    return event


@transaction.atomic
def milestone_record(
    *, milestone: Milestone, user, planned_on: date | None, actual_on: date | None, note: str = ""
) -> Milestone:
    """Set a node's planned and actual dates; a node cannot be done in the future."""
    if actual_on and actual_on > timezone.localdate():
        raise ValidationError(f"节点“{milestone.name}”的实际完成日期{_day(actual_on)}晚于今天。")
    milestone.planned_on = planned_on
    milestone.actual_on = actual_on
    milestone.note = (note or "").strip()[:300]
    _save(milestone, user=user, reason=f"节点“{milestone.name}”日期")
    return milestone


# --- monthly progress -----------------------------------------------------------------------------


@transaction.atomic
def progress_report(
    *,
    project: Project,
    period: date,
    invested: Decimal,
    image_progress: str,
    image_progress_pct: int | None = None,
    photos: Sequence[UploadedFile] = (),
    user,
) -> MonthlyProgress:
    """A month's progress on a project: the investment completed that month, the 形象进度 and photos.

    One report per project and month: reporting the same month again corrects it (photos are added).
    All or nothing: a photo that cannot be read refuses the whole report, before anything is written.
    """
    period = month_start(period)
    if period > month_start(timezone.localdate()):
        raise ValidationError(f"不能报送尚未到来的月份（{period_label(period)}）。")
    if invested is None:
        raise ValidationError("请填写本月完成投资。")
    if Decimal(invested) < 0:
        raise ValidationError("本月完成投资不能为负数。")
    image_progress = (image_progress or "").strip()
    if not image_progress:
        raise ValidationError("请填写形象进度。")
    if image_progress_pct is not None and not 0 <= image_progress_pct <= 100:
        raise ValidationError("形象进度百分比应在0到100之间。")
    processed = [(upload, process_photo(upload)) for upload in photos]

    report = MonthlyProgress.objects.select_for_update().filter(project=project, period=period).first()
    reason = f"{period_label(period)}进展" + ("（更正）" if report else "")
    report = report or MonthlyProgress(project=project, period=period)
    report.invested = round2(Decimal(invested))  # two decimals, as the column holds it
    report.image_progress = image_progress
    report.image_progress_pct = image_progress_pct
    report.reported_by = user
    _save(report, user=user, reason=reason)
    _store_photos(report, processed, user)
    return report


def _store_photos(report: MonthlyProgress, processed: list[tuple[UploadedFile, ProcessedPhoto]], user) -> None:
    stored: list[SitePhoto] = []
    try:
        for upload, photo in processed:
            site_photo = SitePhoto(progress=report, original_name=display_name(upload.name or photo.name),
                                   width=photo.width, height=photo.height, uploaded_by=user)
            site_photo.image.save(photo.name, ContentFile(photo.content), save=False)
            stored.append(site_photo)
            site_photo.save()
            audit.record(AuditAction.CREATE, obj=site_photo, user=user,
                         detail=f"{report}：上传现场照片（{photo.width}×{photo.height}，已去除位置信息）")
    except Exception:
        # The transaction rolls the rows back; the files written so far would be left behind.
        for site_photo in stored:
            site_photo.image.delete(save=False)
        raise


# --- problems -------------------------------------------------------------------------------------


def problem_source_for(user) -> str:
    """Who a problem raised on the pages comes from: a leader's own, else the liaison's report."""
    return ProblemSource.LEADER if getattr(user, "role", None) == Role.LEADER else ProblemSource.LIAISON


@transaction.atomic
def problem_raise(
    *,
    project: Project,
    category: str,
    description: str,
    user,
    source: str = ProblemSource.LIAISON,
    responsible_unit: Unit | None = None,
    leader: Person | None = None,
    deadline: date | None = None,
    raised_on: date | None = None,
) -> Problem:
    """A difficulty raised on a project. The unit and leader default to the project's own."""
    description = (description or "").strip()
    if not description:
        raise ValidationError("请填写问题描述。")
    if category not in ProblemCategory.values:
        raise ValidationError("未知的问题类别。")
    if source not in ProblemSource.values:
        raise ValidationError("未知的问题提出方。")
    raised_on = raised_on or timezone.localdate()
    if deadline and deadline < raised_on:
        raise ValidationError(f"办结期限{_day(deadline)}早于提出日期{_day(raised_on)}。")
    problem = Problem(
        project=project, category=category, description=description, source=source, raised_by=user,
        raised_on=raised_on, responsible_unit=responsible_unit or project.responsible_unit,
        leader=leader or project.leader, deadline=deadline,
    )
    _save(problem, user=user, reason=f"提出困难问题（{problem.get_source_display()}）")
    unit = problem.responsible_unit
    events.tell(events.Notice(
        title=f"新的困难问题：{project}", body=f"{problem.get_category_display()}：{description}"
        + (f"（办结期限{_day(deadline)}）" if deadline else ""),
        link=_problem_link(problem), users=(*unit_reporters(unit), *accounts_of(problem.leader)),
        units=(unit,) if unit else (), park=project.park, key=f"problem-raised-{problem.pk}", exclude=(user,)))
    return problem


def _problem_link(problem: Problem) -> str:
    return reverse("projects:problem_work", args=[problem.pk])


@transaction.atomic
def problem_update_status(*, problem: Problem, status: str, user, resolution: str = "") -> Problem:
    """Move a problem on: 办理中, or closed as 已解决 / 无法解决 with the resolution and who confirmed it.
    A closed problem stays closed; a new difficulty is a new problem."""
    if status not in ProblemStatus.values:
        raise ValidationError("未知的问题状态。")
    resolution = (resolution or "").strip()
    label = ProblemStatus(status).label
    if status in CLOSED_PROBLEM_STATUSES and not resolution:
        raise ValidationError(f"标记为“{label}”须填写办理结果。")
    # One conditional UPDATE decides: of two people closing (or moving) the problem at once, only the
    # first finds it still open; the second is told who closed it.
    # The base manager, for a plain UPDATE without joins (see supervision.services._claim_review).
    if not Problem._base_manager.filter(pk=problem.pk, status__in=OPEN_PROBLEM_STATUSES).update(status=status):
        problem.refresh_from_db()
        who = f"，{problem.confirmed_by}于{_day(problem.resolved_on)}确认" if problem.confirmed_by and \
            problem.resolved_on else ""
        raise ValidationError(f"该问题已办结（{problem.get_status_display()}{who}），不能再修改状态。")
    problem = Problem.objects.get(pk=problem.pk)
    if status in CLOSED_PROBLEM_STATUSES:
        problem.resolution = resolution
        problem.resolved_on = timezone.localdate()
        problem.confirmed_by = user
    elif resolution:
        problem.resolution = resolution
    problem.status = status
    _save(problem, user=user, reason=f"问题状态：{label}")
    return problem


@dataclass(frozen=True)
class EscalationChange:
    problem: Problem
    before: int
    after: int
    days_overdue: int

    @property
    def description(self) -> str:
        problem = self.problem
        unit = problem.responsible_unit or "未指定责任单位"
        return (f"{problem.project}：{problem.description[:40]}（{unit}，期限{_day(problem.deadline)}，"
                f"逾期{self.days_overdue}天）→ {Escalation(self.after).label}")


@transaction.atomic
def escalate_overdue_problems(*, today: date, user=None) -> list[EscalationChange]:
    """Open problems past their deadline go to the project's leader, and later to the supervisor.
    Escalation only rises; running it twice on a day changes nothing the second time."""
    first_step = min(settings.PROBLEM_ESCALATE_TO_LEADER_DAYS, settings.PROBLEM_ESCALATE_TO_SUPERVISOR_DAYS)
    candidates = (
        Problem.objects.select_for_update(of=("self",))
        .select_related("project", "responsible_unit")
        .filter(status__in=OPEN_PROBLEM_STATUSES, deadline__isnull=False,
                deadline__lt=today - timedelta(days=first_step),
                escalation__lt=Escalation.SUPERVISOR)
        .order_by("deadline", "pk")
    )
    changes = []
    for problem in candidates:
        due = escalation_due(problem, today)
        if due <= problem.escalation:
            continue
        change = EscalationChange(problem, problem.escalation, due, (today - problem.deadline).days)
        problem.escalation = due
        _save(problem, user=user, reason=f"逾期{change.days_overdue}天，{Escalation(due).label}")
        changes.append(change)
        to = supervisors() if due >= Escalation.SUPERVISOR else accounts_of(problem.leader or problem.project.leader)
        events.tell(events.Notice(
            title=f"问题逾期{change.days_overdue}天未办结，{Escalation(due).label}：{problem.project}",
            body=change.description, link=_problem_link(problem), users=tuple(to),
            key=f"problem-escalated-{problem.pk}-{due}"))
    return changes


@transaction.atomic
def problem_to_task(*, problem: Problem, plan: Plan, user) -> Task:
    """Turn a problem into a supervision task (转督办): led by the problem's unit, due on its deadline,
    with its leader as the responsible leader; the problem keeps a link to the task."""
    problem = Problem.objects.select_for_update(of=("self",)).select_related("project", "leader").get(
        pk=problem.pk)
    if problem.supervision_task_id:
        raise ValidationError(f"该问题已转为督办任务（{problem.supervision_task}）。")
    if problem.status in CLOSED_PROBLEM_STATUSES:
        raise ValidationError(f"该问题已办结（{problem.get_status_display()}），无需转督办。")
    if problem.responsible_unit_id is None:
        raise ValidationError("该问题未指定责任单位，不能转为督办任务。")
    if plan.park_id != problem.project.park_id:
        raise ValidationError("督办计划与项目不属于同一园区。")
    leader = problem.leader
    task = supervision_services.task_add(
        plan=plan, deadline=problem.deadline, text=f"【重点项目】{problem.project}：{problem.description}",
        county_leaders=[leader] if leader and leader.level == LeaderLevel.COUNTY else [],
        park_leaders=[leader] if leader and leader.level != LeaderLevel.COUNTY else [],
        lead_units=[problem.responsible_unit],
        user=user, reason=f"由重点项目困难问题转督办（问题#{problem.pk}）",
    )
    problem.supervision_task = task
    _save(problem, user=user, reason=f"转为督办任务：{task.named}")
    return task


# --- chases and meetings --------------------------------------------------------------------------


@transaction.atomic
def chase_send(*, project: Project, unit: Unit, message: str, user, problem: Problem | None = None) -> Chase:
    """A leader's 催办 to a unit about a project, or about one of its problems."""
    message = (message or "").strip()
    if not message:
        raise ValidationError("请填写催办内容。")
    if len(message) > 300:
        raise ValidationError("催办内容不能超过300字。")
    if problem is not None and problem.project_id != project.pk:
        raise ValidationError("该问题不属于此项目。")
    chase = Chase.objects.create(project=project, problem=problem, unit=unit, message=message, sent_by=user)
    audit.record(AuditAction.CREATE, obj=chase, user=user, after={"unit": str(unit), "message": message},
                 detail=f"催办{unit}：{project}")
    events.tell(events.Notice(
        title=f"催办：{project}", body=f"{user}催办{unit}：{message}",
        link=_problem_link(problem) if problem else reverse("projects:project_detail", args=[project.pk]),
        users=tuple(unit_reporters(unit)), units=(unit,), park=project.park, key=f"chase-{chase.pk}",
        exclude=(user,)))
    return chase


@transaction.atomic
def chase_read(*, chase: Chase, user) -> Chase:
    """The read receipt: the first person of the chased unit to open it. Anyone else reading it
    (the leader who sent it, a supervisor) does not mark it read."""
    chase = Chase.objects.select_for_update(of=("self",)).select_related("unit").get(pk=chase.pk)
    if getattr(user, "unit_id", None) != chase.unit_id:
        raise ValidationError(f"只有{chase.unit}的人员可以签收该催办。")
    if chase.read_at is not None:
        return chase
    chase.read_by = user
    chase.read_at = timezone.now()
    chase.save(update_fields=["read_by", "read_at"])
    audit.record(AuditAction.UPDATE, obj=chase, user=user, before={"read_at": None},
                 after={"read_at": chase.read_at.isoformat()}, detail=f"{chase.unit}已读催办")
    return chase


@transaction.atomic
def meeting_decide(
    *,
    meeting: DispatchMeeting,
    project: Project,
    text: str,
    unit: Unit,
    deadline: date,
    user,
    category: str = ProblemCategory.OTHER,
) -> Decision:
    """A decision of a dispatch meeting (议定事项): recorded, and followed up as a problem of the project
    with the unit as owner and the deadline, so it is chased and escalated like every other."""
    text = (text or "").strip()
    if not text:
        raise ValidationError("请填写议定事项。")
    if project.park_id != meeting.park_id:
        raise ValidationError("项目不属于本次调度会的园区。")
    if deadline is None:
        raise ValidationError("议定事项须有完成期限。")
    if deadline < meeting.held_on:
        raise ValidationError(f"完成期限{_day(deadline)}早于会议日期{_day(meeting.held_on)}。")
    problem = problem_raise(project=project, category=category, description=text, user=user,
                            source=ProblemSource.MEETING, responsible_unit=unit, deadline=deadline,
                            raised_on=meeting.held_on)
    decision = Decision(meeting=meeting, project=project, text=text, unit=unit, deadline=deadline, problem=problem)
    _save(decision, user=user, reason=f"{meeting}议定事项")
    return decision


# --- hand-overs from other modules (named in .importlinter) --------------------------------------------


@transaction.atomic
def project_from_investment(
    *,
    park,
    name: str,
    enterprise_name: str,
    credit_code: str,
    industry_chain: str,
    total_investment: Decimal,
    started_on: date,
    user,
    signed_on: date | None = None,
    land_mu: Decimal | None = None,
    responsible_unit: Unit | None = None,
    expected_revenue: Decimal | None = None,
    expected_tax: Decimal | None = None,
    reason: str = "",
) -> Project:
    """The key project an investment project becomes at 开工 (招商引资): the park's project of that name
    if there is one (the same record, not a copy), else a new one with its kind's nodes; either way it
    is recorded as 开工 on `started_on`, after 签约 on `signed_on` when it had not reached that yet."""
    project = Project.objects.filter(park=park, name=name).first()
    reason = reason or "由招商项目开工转入重点项目调度"
    if project is None:
        project = project_save(project=Project(
            park=park, name=name, enterprise_name=enterprise_name, credit_code=credit_code,
            industry_chain=industry_chain, total_investment=round2(Decimal(total_investment)), land_mu=land_mu,
            responsible_unit=responsible_unit, expected_revenue=expected_revenue, expected_tax=expected_tax,
            planned_start=started_on), user=user, reason=reason)
    elif credit_code and not project.credit_code:
        project.credit_code = credit_code
        _save(project, user=user, reason=reason)
    if signed_on and Stage.rank(project.stage) < Stage.rank(Stage.SIGNED) and signed_on <= started_on:
        stage_change(project=project, stage=Stage.SIGNED, on=signed_on, user=user, note="招商引资签约")
    if Stage.rank(project.stage) < Stage.rank(Stage.STARTED):
        stage_change(project=project, stage=Stage.STARTED, on=started_on, user=user, note="招商引资项目开工")
    return project


@transaction.atomic
def production_from_investment(*, project: Project, on: date, user, reason: str = "") -> StageEvent | None:
    """An investment project's 投产 (招商引资) is its key project's too: recorded as 投产 on `on`, unless the
    key project has reached it already. None when nothing was recorded."""
    project = Project.objects.get(pk=project.pk)
    if Stage.rank(project.stage) >= Stage.rank(Stage.IN_PRODUCTION):
        return None
    return stage_change(project=project, stage=Stage.IN_PRODUCTION, on=on, user=user,
                        note=(reason or "招商引资项目投产")[:300])
