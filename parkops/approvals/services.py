"""Every write of 审批代办. The pages, the import, the demo and the commands call these.

Each runs in one transaction; the models keep their history (simple-history, which core.audit turns into
the audit log with the user and reason set here), each step of a case is also a CaseEvent (its timeline)
and an audit line, and the departments whose step starts are told (core.events).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from parkops.approvals.choices import CaseStatus, EventKind, Mode, StepStatus
from parkops.approvals.models import ApprovalCase, CaseEvent, ModeChange, Pause, Power, Step
from parkops.core import audit, events
from parkops.core.models import AuditAction
from parkops.core.periods import chinese_date
from parkops.org.models import Park, Unit
from parkops.org.services import unit_reporters

if TYPE_CHECKING:
    from parkops.economy.models import Enterprise

MAX_STEPS = 12


def _save(obj, *, user, reason: str) -> None:
    obj._history_user = user
    obj._change_reason = reason
    obj.save()


def _clean(text: str) -> str:
    return "\n".join(" ".join(line.split()) for line in (text or "").strip().splitlines()).strip()


def _check_day(on: date, *, after: date | None, what: str) -> None:
    if on > timezone.localdate():
        raise ValidationError(f"{what}日期{chinese_date(on)}晚于今天。")
    if after is not None and on < after:
        raise ValidationError(f"{what}日期{chinese_date(on)}早于{chinese_date(after)}。")


# --- 赋权清单 ------------------------------------------------------------------------------------------


@transaction.atomic
def power_save(*, power: Power, user, mode_on: date | None = None, mode_reason: str = "",
               reason: str = "") -> Power:
    """A new power, or an edit of one. A change of its mode is kept as a ModeChange with its day and reason
    (a new power's first line is the mode it was devolved in)."""
    power.name = " ".join((power.name or "").split())
    if not power.name:
        raise ValidationError({"name": "请填写事项名称。"})
    if power.mode not in Mode.values:
        raise ValidationError({"mode": "请选择办理方式。"})
    if power.source_unit_id and power.source_unit.park_id != power.park_id:
        raise ValidationError({"source_unit": "原实施部门须为本园区的单位。"})
    if power.statutory_days and power.promised_days and power.promised_days > power.statutory_days:
        raise ValidationError({"promised_days": "承诺时限不能长于法定时限。"})
    duplicate = Power.objects.filter(park_id=power.park_id, name=power.name).exclude(pk=power.pk)
    if duplicate.exists():
        raise ValidationError({"name": f"赋权清单中已有“{power.name}”。"})
    power.materials = "\n".join(line.strip() for line in (power.materials or "").splitlines() if line.strip())
    before = None if power._state.adding else Power.objects.filter(pk=power.pk).values_list("mode", flat=True).first()
    on = mode_on or timezone.localdate()
    mode_reason = _clean(mode_reason)[:300]
    if before is not None and before != power.mode and not mode_reason:
        raise ValidationError({"mode": "调整办理方式须说明理由。"})
    power.full_clean(exclude=["park", "source_unit"])
    new = before is None
    _save(power, user=user, reason=reason or ("新增赋权事项" if new else "修改赋权事项"))
    if new:
        ModeChange.objects.create(power=power, on=on, to_mode=power.mode, reason=mode_reason or "列入赋权清单",
                                  user=user)
        audit.record(AuditAction.CREATE, obj=power, user=user, detail=f"新增赋权事项：{power.name}（{power.get_mode_display()}）")
    elif before != power.mode:
        ModeChange.objects.create(power=power, on=on, from_mode=before, to_mode=power.mode, reason=mode_reason,
                                  user=user)
        audit.record(AuditAction.UPDATE, obj=power, user=user, before={"mode": before}, after={"mode": power.mode},
                     detail=f"赋权事项“{power.name}”办理方式由{Mode(before).label}调整为{power.get_mode_display()}："
                            f"{mode_reason}")
    return power


# --- cases --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepPlan:
    unit: Unit
    name: str
    limit_days: int
    position: int = 1


def _link(case: ApprovalCase) -> str:
    return reverse("approvals:case_detail", args=[case.pk])


def _event(case: ApprovalCase, kind: str, *, user, on: date, text: str = "", step: Step | None = None) -> None:
    CaseEvent.objects.create(case=case, step=step, kind=kind, on=on, text=text, user=user)
    audit.record(AuditAction.CREATE if kind == EventKind.OPENED else AuditAction.UPDATE, obj=case, user=user,
                 after={"status": case.status, "kind": kind},
                 detail=f"审批案件{EventKind(kind).label}：{case}" + (f"（{text[:60]}）" if text else ""))


def _start(step: Step, *, on: date, user) -> None:
    step.status, step.started_on = StepStatus.RUNNING, on
    _save(step, user=user, reason="环节启动")
    _event(step.case, EventKind.STARTED, user=user, on=on, step=step, text=f"{step.unit}·{step.name}")
    events.tell(events.Notice(
        title=f"审批环节待办理：{step.case}", body=f"{step.name}，时限{step.limit_days}个工作日，自{chinese_date(on)}起算",
        link=_link(step.case), users=tuple(unit_reporters(step.unit)), units=(step.unit,), park=step.case.park,
        key=f"approval-step-{step.pk}", exclude=(user,) if user else ()))


@transaction.atomic
def case_open(*, park: Park, user, steps: list[StepPlan], title: str = "", power: Power | None = None,
              enterprise: Enterprise | None = None, enterprise_name: str = "", agent=None,
              filed_on: date | None = None, limit_days: int | None = None) -> ApprovalCase:
    """A case accepted on `filed_on`: the steps of the first position start that day (并联), the others
    wait for them (串联). Its promised limit is the power's unless given."""
    title = " ".join((title or (power.name if power else "")).split())
    if not title:
        raise ValidationError({"title": "请填写申请事项。"})
    if power is not None and power.park_id != park.pk:
        raise ValidationError({"power": "赋权事项须为本园区清单中的事项。"})
    if enterprise is not None and enterprise.park_id != park.pk:
        raise ValidationError({"enterprise": "企业须为本园区企业库中的企业。"})
    enterprise_name = " ".join((enterprise.name if enterprise else enterprise_name or "").split())
    if not enterprise_name:
        raise ValidationError({"enterprise_name": "请选择企业或填写企业名称。"})
    if not steps:
        raise ValidationError("请至少安排一个办理环节（部门）。")
    if len(steps) > MAX_STEPS:
        raise ValidationError(f"办理环节不能超过{MAX_STEPS}个。")
    for plan in steps:
        if plan.unit.park_id != park.pk:
            raise ValidationError("办理部门须为本园区的单位。")
        if not 1 <= plan.limit_days <= 365:
            raise ValidationError(f"{plan.unit}环节的时限须为1至365个工作日。")
    filed_on = filed_on or timezone.localdate()
    _check_day(filed_on, after=None, what="受理")
    if limit_days is None and power is not None:
        limit_days = power.limit_days
    case = ApprovalCase(park=park, power=power, title=title[:200], enterprise=enterprise,
                        enterprise_name=enterprise_name[:200], agent=agent, filed_on=filed_on, limit_days=limit_days,
                        created_by=user)
    case.full_clean(exclude=["power", "enterprise", "agent", "created_by"])
    _save(case, user=user, reason="受理审批申请")
    _event(case, EventKind.OPENED, user=user, on=filed_on, text=title)
    first = min(plan.position for plan in steps)
    for plan in steps:
        step = Step(case=case, unit=plan.unit, name=(" ".join(plan.name.split()) or str(plan.unit))[:100],
                    position=plan.position, limit_days=plan.limit_days)
        _save(step, user=user, reason="安排办理环节")
        if plan.position == first:
            _start(step, on=filed_on, user=user)
    return case


def _lock(step: Step) -> Step:
    return Step.objects.select_for_update(of=("self",)).select_related("case", "case__park", "unit").get(pk=step.pk)


def _open_case(step: Step) -> None:
    if step.case.status != CaseStatus.OPEN:
        raise ValidationError("案件已办结。")


@transaction.atomic
def step_pause(*, step: Step, reason: str, user, on: date | None = None) -> Step:
    """补正: the step's clock stands until the materials come in."""
    locked = _lock(step)
    _open_case(locked)
    reason = _clean(reason)
    if not reason:
        raise ValidationError("请写明需要补正的材料或事由。")
    if locked.status != StepStatus.RUNNING:
        raise ValidationError("只有办理中的环节可以要求补正。")
    on = on or timezone.localdate()
    last = locked.pauses.exclude(ended_on=None).order_by("-ended_on").values_list("ended_on", flat=True).first()
    _check_day(on, after=max(filter(None, (locked.started_on, last))), what="补正")
    Pause.objects.create(step=locked, started_on=on, reason=reason[:300], user=user)
    locked.status = StepStatus.PAUSED
    _save(locked, user=user, reason=f"要求补正：{reason}")
    _event(locked.case, EventKind.PAUSED, user=user, on=on, step=locked, text=f"{locked.unit}：{reason}")
    step.refresh_from_db()
    return locked


@transaction.atomic
def step_resume(*, step: Step, user, on: date | None = None) -> Step:
    """补正 materials received: the clock runs again from the next working day."""
    locked = _lock(step)
    _open_case(locked)
    if locked.status != StepStatus.PAUSED:
        raise ValidationError("该环节不在补正中。")
    pause = locked.pauses.filter(ended_on=None).order_by("-started_on").first()
    on = on or timezone.localdate()
    _check_day(on, after=pause.started_on if pause else locked.started_on, what="补齐")
    if pause is not None:
        pause.ended_on = on
        pause.save(update_fields=["ended_on"])
    locked.status = StepStatus.RUNNING
    _save(locked, user=user, reason="补正材料已补齐，恢复计时")
    _event(locked.case, EventKind.RESUMED, user=user, on=on, step=locked, text=str(locked.unit))
    step.refresh_from_db()
    return locked


@transaction.atomic
def step_complete(*, step: Step, result: str, user, on: date | None = None) -> Step:
    """The department has done its part; when every step of its position is done the next position's steps
    start the same day (串联)."""
    locked = _lock(step)
    _open_case(locked)
    result = _clean(result)
    if not result:
        raise ValidationError("请填写办理意见。")
    if locked.status == StepStatus.PAUSED:
        raise ValidationError("该环节正在补正，请先确认材料已补齐。")
    if locked.status != StepStatus.RUNNING:
        raise ValidationError("只有办理中的环节可以办结。")
    on = on or timezone.localdate()
    last = locked.pauses.exclude(ended_on=None).order_by("-ended_on").values_list("ended_on", flat=True).first()
    _check_day(on, after=max(filter(None, (locked.started_on, last))), what="环节办结")
    locked.status, locked.done_on, locked.result = StepStatus.DONE, on, result[:2000]
    _save(locked, user=user, reason="环节办结")
    _event(locked.case, EventKind.STEP_DONE, user=user, on=on, step=locked, text=f"{locked.unit}：{result[:200]}")
    siblings = Step.objects.filter(case=locked.case)
    if not siblings.filter(position=locked.position).exclude(status=StepStatus.DONE).exists():
        waiting = siblings.filter(status=StepStatus.WAITING).order_by("position")
        following = waiting.first()
        if following is not None:
            for next_step in waiting.filter(position=following.position).select_related("case", "case__park", "unit"):
                _start(next_step, on=on, user=user)
    step.refresh_from_db()
    return locked


@transaction.atomic
def case_close(*, case: ApprovalCase, document_name: str, document_number: str = "", user,
               on: date | None = None) -> ApprovalCase:
    """办结: every step done, the document issued (its name and number) handed to the enterprise."""
    locked = ApprovalCase.objects.select_for_update(of=("self",)).select_related("park").get(pk=case.pk)
    if locked.status != CaseStatus.OPEN:
        raise ValidationError("案件已办结。")
    document_name = " ".join((document_name or "").split())
    if not document_name:
        raise ValidationError("请填写出具的文书（证照、批复）名称。")
    pending = [str(step.unit) for step in locked.steps.exclude(status=StepStatus.DONE).select_related("unit")]
    if pending:
        raise ValidationError(f"{'、'.join(pending)}环节尚未办结，案件不能办结。")
    on = on or timezone.localdate()
    last = locked.steps.order_by("-done_on").values_list("done_on", flat=True).first()
    _check_day(on, after=max(filter(None, (locked.filed_on, last))), what="办结")
    locked.status, locked.closed_on = CaseStatus.DONE, on
    locked.document_name, locked.document_number = document_name[:200], " ".join(document_number.split())[:100]
    _save(locked, user=user, reason=f"办结出件：{document_name}")
    number = f"（{locked.document_number}）" if locked.document_number else ""
    _event(locked, EventKind.CLOSED, user=user, on=on, text=f"{locked.document_name}{number}")
    case.refresh_from_db()
    return locked
