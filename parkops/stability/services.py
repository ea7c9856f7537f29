"""Every write of 信访与平安. The pages, the import, the demo and the commands call these.

Each runs in one transaction and leaves history (simple-history, which core.audit turns into the audit
log with the user and reason set here); closing, returning and escalating a case are audited here too.
Showing a petitioner's name and number in full is audited as a read of personal data (core.privacy).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from parkops.core import audit, events, privacy
from parkops.core.models import AuditAction
from parkops.core.periods import chinese_date
from parkops.core.versioning import save_unless_changed
from parkops.org.services import accounts_of, supervisors, unit_reporters
from parkops.stability import rules
from parkops.stability.choices import CaseStatus, Escalation, MediationResult, PartyForm, Satisfaction
from parkops.stability.models import Case, CoverageCampaign, CoverageEntry, Dispute, DutyShift


def _save(obj, *, user, reason: str) -> None:
    obj._history_user = user
    obj._change_reason = reason
    obj.save()


def _link(case: Case) -> str:
    return reverse("stability:case_detail", args=[case.pk])


# --- cases ----------------------------------------------------------------------------------------


@transaction.atomic
def case_register(*, case: Case, user, due_on: date | None = None, reason: str = "",
                  loaded_version: int | None = None) -> Case:
    """Register a case (or correct one still open): its due day by the clock of its type, unless the
    transferring platform set one (办理时限), and its unit told."""
    case.content = (case.content or "").strip()
    case.petitioner_name = " ".join((case.petitioner_name or "").split())
    case.petitioner_phone = "".join((case.petitioner_phone or "").split())
    case.number = "".join((case.number or "").split())
    if not case.content:
        raise ValidationError({"content": "请填写反映问题。"})
    if case.received_on > timezone.localdate():
        raise ValidationError({"received_on": "受理日期晚于今天。"})
    if case.number and Case.objects.filter(park=case.park_id, number=case.number).exclude(pk=case.pk).exists():
        raise ValidationError({"number": f"已有编号为“{case.number}”的信访件。"})
    if case.handling_unit_id and case.handling_unit.park_id != case.park_id:
        raise ValidationError({"handling_unit": "承办单位须为本园区的单位。"})
    created = case.pk is None
    stored = None if created else Case.objects.filter(pk=case.pk).values("handling_unit_id", "kind", "received_on",
                                                                          "due_on").first()
    before_unit = stored["handling_unit_id"] if stored else None
    # A correction that leaves the type and the day received keeps the day the unit was given.
    if due_on is None and stored and (stored["kind"], stored["received_on"]) == (case.kind, case.received_on):
        due_on = stored["due_on"]
    case.due_on = due_on or rules.due_on(kind=case.kind, received_on=case.received_on, park=case.park)
    if case.due_on < case.received_on:
        raise ValidationError("办理时限早于受理日期。")
    case.created_by = case.created_by or user
    case.full_clean(validate_unique=False, validate_constraints=False)
    reason = reason or ("登记信访件" if created else "修改信访件")
    if loaded_version is None:
        _save(case, user=user, reason=reason)
    else:
        save_unless_changed(case, loaded_version=loaded_version, user=user, reason=reason)
    if case.handling_unit_id and case.handling_unit_id != before_unit:
        events.tell(events.Notice(
            title=f"交办{case.get_kind_display()}件：{case}", link=_link(case),
            body=f"{case.get_source_display()}，请于{chinese_date(case.due_on)}前办结并答复。",
            users=tuple(unit_reporters(case.handling_unit)), units=(case.handling_unit,), park=case.park,
            key=f"case-assigned-{case.pk}-{case.handling_unit_id}", exclude=(user,)))
    return case


@transaction.atomic
def case_reply(*, case: Case, reply: str, on: date, user) -> Case:
    """The handling unit's answer (办理结果): the case waits for the 回访."""
    case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
    reply = (reply or "").strip()
    if case.is_closed:
        raise ValidationError("信访件已办结。")
    if not reply:
        raise ValidationError("请填写办理结果。")
    if on > timezone.localdate() or on < case.received_on:
        raise ValidationError("答复日期须在受理日期和今天之间。")
    case.reply, case.replied_on, case.status = reply, on, CaseStatus.REPLIED
    _save(case, user=user, reason=f"答复（{chinese_date(on)}）")
    return case


@transaction.atomic
def case_review(*, case: Case, visited_on: date, satisfaction: str, user, close: bool = True) -> Case:
    """回访: the petitioner's satisfaction recorded; the case is 办结 on that day, or (不满意, `close`
    False) returned to its unit to handle again, the clock unchanged."""
    case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
    if case.is_closed:
        raise ValidationError(f"信访件已于{chinese_date(case.closed_on)}办结。")
    if case.status != CaseStatus.REPLIED:
        raise ValidationError("承办单位尚未答复，不能回访。")
    # A ledger's case closed without a 回访 recorded keeps its satisfaction blank; a page always asks for it.
    if (satisfaction or not close) and satisfaction not in Satisfaction.values:
        raise ValidationError("请选择回访满意度。")
    if visited_on > timezone.localdate() or visited_on < case.replied_on:
        raise ValidationError("回访日期须在答复日期和今天之间。")
    case.visited_on, case.satisfaction = visited_on, satisfaction
    label = Satisfaction(satisfaction).label if satisfaction else "未记录"
    if close:
        case.status, case.closed_on = CaseStatus.CLOSED, visited_on
        _save(case, user=user, reason=f"回访{label}，办结（{chinese_date(visited_on)}）")
        audit.record(AuditAction.UPDATE, obj=case, user=user, before={"status": CaseStatus.REPLIED},
                     after={"status": CaseStatus.CLOSED, "closed_on": visited_on.isoformat(), "satisfaction": label},
                     detail=f"信访件办结：{case}（回访{label}）")
    else:
        case.status = CaseStatus.HANDLING
        _save(case, user=user, reason=f"回访{label}，退回承办单位重办")
        events.tell(events.Notice(
            title=f"信访件退回重办：{case}", link=_link(case), body=f"回访{label}，请重新办理并答复。",
            users=tuple(unit_reporters(case.handling_unit)), park=case.park,
            key=f"case-returned-{case.pk}-{visited_on}", exclude=(user,)))
    return case


def personal_shown(*, case: Case, user, where: str) -> None:
    """A petitioner's name and number shown in full: who, whose, when (core.privacy)."""
    privacy.record_read(what="信访件反映人信息", obj=case,
                        detail=f"{where}：查看信访件“{case}”反映人{privacy.mask_name(case.petitioner_name)}的姓名和联系电话")


@dataclass(frozen=True)
class EscalationChange:
    case: Case
    before: int
    after: int


@transaction.atomic
def escalate_overdue_cases(*, today: date, user=None) -> list[EscalationChange]:
    """Open cases past their day go to the supervisor, and later to their leader: as projects' problems
    do. Running it twice on a day changes nothing the second time."""
    changes = []
    candidates = (Case.objects.select_for_update(of=("self",)).select_related("handling_unit", "leader", "park")
                  .exclude(status=CaseStatus.CLOSED).filter(due_on__lt=today, escalation__lt=Escalation.LEADER)
                  .order_by("due_on", "pk"))
    for case in candidates:
        due = rules.escalation_due(case, today=today)
        if due <= case.escalation:
            continue
        change = EscalationChange(case, case.escalation, due)
        case.escalation = due
        light = rules.case_light(case, today=today)
        _save(case, user=user, reason=f"{light.reason}，{Escalation(due).label}")
        to = list(supervisors())
        if due >= Escalation.LEADER:
            to += list(accounts_of(case.leader))
        events.tell(events.Notice(
            title=f"信访件逾期未办结，{Escalation(due).label}：{case}", link=_link(case),
            body=f"{case.handling_unit or '未指定承办单位'}，{light.reason}", users=tuple(to),
            units=(case.handling_unit,) if case.handling_unit_id else (), park=case.park,
            key=f"case-escalated-{case.pk}-{due}"))
        changes.append(change)
    return changes


# --- disputes and duty ----------------------------------------------------------------------------


@transaction.atomic
def dispute_save(*, dispute: Dispute, user) -> Dispute:
    dispute.parties = " ".join((dispute.parties or "").split())
    if not dispute.parties or not (dispute.description or "").strip():
        raise ValidationError("请填写当事各方和纠纷情况。")
    if dispute.result == MediationResult.RESOLVED and dispute.resolved_on is None:
        dispute.resolved_on = timezone.localdate()
    if dispute.resolved_on and dispute.resolved_on < dispute.occurred_on:
        raise ValidationError({"resolved_on": "化解日期早于发现日期。"})
    created = dispute.pk is None
    dispute.full_clean()
    _save(dispute, user=user, reason="登记矛盾纠纷" if created else f"调解：{dispute.get_result_display()}")
    return dispute


@transaction.atomic
def shift_save(*, shift: DutyShift, user) -> DutyShift:
    for name in ("period", "leader", "staff", "phone"):
        setattr(shift, name, " ".join((getattr(shift, name) or "").split()))
    if DutyShift.objects.filter(park=shift.park_id, on=shift.on).exclude(pk=shift.pk).exists():
        raise ValidationError({"on": f"{chinese_date(shift.on)}已有值班安排。"})
    shift.full_clean(validate_constraints=False)
    _save(shift, user=user, reason=f"值班安排（{shift.period}）")
    return shift


# --- party coverage -------------------------------------------------------------------------------


@transaction.atomic
def campaign_save(*, campaign: CoverageCampaign, user) -> CoverageCampaign:
    campaign.full_clean()
    _save(campaign, user=user, reason="两个覆盖攻坚行动")
    return campaign


@transaction.atomic
def entry_save(*, entry: CoverageEntry, user) -> CoverageEntry:
    """A surveyed enterprise: covered once it has a form (its own branch, a joint one, an instructor)."""
    entry.enterprise_name = " ".join((entry.enterprise_name or "").split())
    if entry.enterprise_id:
        if entry.enterprise.park_id != entry.campaign.park_id:
            raise ValidationError({"enterprise": "须为本园区企业库中的企业。"})
        entry.enterprise_name = entry.enterprise_name or entry.enterprise.name
    if not entry.enterprise_name:
        raise ValidationError({"enterprise_name": "请填写企业名称。"})
    if entry.form == PartyForm.NONE:
        entry.covered_on = None
    elif not entry.covered_before and entry.covered_on is None:
        entry.covered_on = timezone.localdate()
    if entry.form in (PartyForm.SINGLE, PartyForm.JOINT) and not entry.organisation.strip():
        raise ValidationError({"organisation": "单建或联合组建的，请填写党组织名称。"})
    if CoverageEntry.objects.filter(campaign=entry.campaign_id, enterprise_name=entry.enterprise_name) \
            .exclude(pk=entry.pk).exists():
        raise ValidationError({"enterprise_name": f"“{entry.enterprise_name}”已在摸排名单中。"})
    entry.full_clean(validate_constraints=False)
    _save(entry, user=user, reason=f"两个覆盖：{entry.get_form_display()}")
    return entry
