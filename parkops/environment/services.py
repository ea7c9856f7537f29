"""Every write of 生态环境. The pages, the imports, the demo and the commands call these.

Each runs in one transaction; the models keep their history (simple-history, with the user and the
reason set here) and each step of a feedback item's 销号 flow is a FeedbackRecord row and an audit line.
Two hand-overs (.importlinter names them): a feedback item is a task of a supervision plan, made through
supervision's services, whose light 销号 sets to 已完成 and a 回头看 that finds the problem back clears;
a reading over its limit opens a hazard (安全生产's services) and a supervision task, each citing it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from parkops.core import audit
from parkops.core.models import AuditAction
from parkops.core.periods import chinese_date
from parkops.core.text import match_key
from parkops.core.uploads import ATTACHMENT_KINDS, check_attachment, display_name
from parkops.environment import rules
from parkops.environment.choices import (
    DisposalStatus,
    FeedbackStatus,
    FeedbackStep,
    InspectionLevel,
    ReviewResult,
)
from parkops.environment.models import (
    Evidence,
    FeedbackItem,
    FeedbackRecord,
    Outlet,
    PollutantLimit,
    Reading,
    Review,
    SmallPolluter,
)
from parkops.org.services import find_unit
from parkops.safety import services as safety_services
from parkops.supervision import services as supervision_services

EXCEEDANCE_PLAN = "生态环境监测超标督办"


def _save(obj, *, user, reason: str) -> None:
    obj._history_user = user
    obj._change_reason = reason[:100]
    obj.save()


def _clean(value: str) -> str:
    return " ".join((value or "").split())


def _not_future(on: date, what: str) -> None:
    if on > timezone.localdate():
        raise ValidationError(f"{what}{chinese_date(on)}晚于今天。")


# --- 环保督察反馈问题 ---------------------------------------------------------------------------------


def feedback_plan_name(*, level: str, batch: str = "") -> str:
    return f"{_clean(batch) or InspectionLevel(level).label}反馈问题整改"


def _record(item: FeedbackItem, step: str, *, user, note: str = "") -> FeedbackRecord:
    row = FeedbackRecord.objects.create(item=item, step=step, status=item.status, note=(note or "")[:2000], by=user)
    audit.record(AuditAction.UPDATE, obj=item, user=user, after={"step": step, "status": item.status},
                 detail=f"环保督察反馈问题“{item}”：{row.get_step_display()}" + (f"（{note[:60]}）" if note else ""))
    return row


def _check_item(item: FeedbackItem) -> None:
    item.problem = (item.problem or "").strip()
    if not item.problem:
        raise ValidationError({"problem": "请填写反馈问题。"})
    item.batch, item.unit_text = _clean(item.batch), _clean(item.unit_text)
    if item.unit_id and item.unit.park_id != item.park_id:
        raise ValidationError({"unit": "责任单位须为本园区的单位。"})
    if not item.unit_id and item.unit_text:
        item.unit = find_unit(item.park, item.unit_text.split("、")[0])
    item.key = match_key(item.problem)[:200]
    if FeedbackItem.objects.filter(park=item.park_id, level=item.level, key=item.key).exclude(pk=item.pk).exists():
        raise ValidationError({"problem": f"{InspectionLevel(item.level).label}反馈问题中已有这一条。"})


def _task_text(item: FeedbackItem) -> str:
    goal = f"（整改目标：{item.goal}）" if item.goal else ""
    return f"{item.problem}{goal}"


@transaction.atomic
def feedback_register(*, item: FeedbackItem, user, reason: str = "") -> FeedbackItem:
    """A feedback item, and its task in the plan of its level and batch (made on first use)."""
    if item.pk is not None:
        raise ValidationError("该反馈问题已登记。")
    _check_item(item)
    item.status = FeedbackStatus.RECTIFYING
    item.full_clean(exclude=["task"])
    reason = reason or "登记环保督察反馈问题"
    _save(item, user=user, reason=reason)
    year = timezone.localdate().year  # the year the feedback came, which names the plan in lists
    plan = supervision_services.plan_for_module(
        park=item.park, name=feedback_plan_name(level=item.level, batch=item.batch), year=year, user=user,
        reason="生态环境：环保督察反馈问题整改", ledger_title=f"{feedback_plan_name(level=item.level, batch=item.batch)}台账")
    item.task = supervision_services.task_add(plan=plan, deadline=item.deadline, text=_task_text(item), user=user,
                                              reason=reason, lead_units=[item.unit] if item.unit_id else [])
    _save(item, user=user, reason="列入督办计划")
    _record(item, FeedbackStep.REGISTER, user=user, note=item.task.named)
    return item


@transaction.atomic
def feedback_edit(*, item: FeedbackItem, user, reason: str = "") -> FeedbackItem:
    before = FeedbackItem.objects.select_for_update().get(pk=item.pk)
    if before.status == FeedbackStatus.CLOSED:
        raise ValidationError("该问题已销号，不能再修改；回头看发现问题反弹时会重新打开。")
    item.status = before.status
    _check_item(item)
    item.full_clean(exclude=["task"])
    _save(item, user=user, reason=reason or "修改环保督察反馈问题")
    return item


def _locked(item: FeedbackItem, allowed: Sequence[str], action: str) -> FeedbackItem:
    locked = FeedbackItem.objects.select_for_update(of=("self",)).select_related("park", "task").get(pk=item.pk)
    if locked.status not in allowed:
        raise ValidationError(f"该问题当前为“{locked.get_status_display()}”，不能{action}。")
    return locked


def _store_evidence(item: FeedbackItem, files: Sequence[UploadedFile], user) -> list[Evidence]:
    checked = [(f, check_attachment(f, allowed=set(ATTACHMENT_KINDS), max_bytes=settings.ATTACHMENT_MAX_BYTES))
               for f in files]
    stored: list[Evidence] = []
    try:
        for upload, kind in checked:
            name = display_name(upload.name or f"佐证材料.{kind}")
            row = Evidence(item=item, original_name=name[:255], uploaded_by=user)
            upload.seek(0)
            row.file.save(f"evidence.{kind}", upload, save=False)
            stored.append(row)
            row.save()
            audit.record(AuditAction.CREATE, obj=row, user=user, detail=f"环保督察反馈问题“{item}”：上传佐证材料“{name}”")
    except Exception:
        for row in stored:
            row.file.delete(save=False)
        raise
    return stored


@transaction.atomic
def evidence_add(*, item: FeedbackItem, files: Sequence[UploadedFile], user) -> list[Evidence]:
    if item.status == FeedbackStatus.CLOSED:
        raise ValidationError("该问题已销号，不能再上传佐证材料。")
    if not files:
        raise ValidationError("请选择佐证材料。")
    return _store_evidence(item, files, user)


@transaction.atomic
def feedback_apply(*, item: FeedbackItem, user, progress: str, files: Sequence[UploadedFile] = (),
                   on: date | None = None) -> FeedbackItem:
    """申请销号: what was done, with evidence (a file at least, now or before)."""
    locked = _locked(item, (FeedbackStatus.RECTIFYING,), "申请销号")
    progress = (progress or "").strip()
    if not progress:
        raise ValidationError("请填写整改完成情况。")
    on = on or timezone.localdate()
    _not_future(on, "申请日期")
    if not files and not locked.evidence.exists():
        raise ValidationError("申请销号须上传佐证材料（整改前后照片、验收报告等）。")
    _store_evidence(locked, files, user)
    locked.progress, locked.applied_on, locked.status = progress, on, FeedbackStatus.APPLIED
    _save(locked, user=user, reason="申请销号")
    _record(locked, FeedbackStep.APPLY, user=user, note=progress)
    return locked


@transaction.atomic
def feedback_accept(*, item: FeedbackItem, user, passed: bool, note: str = "", accepted_by: str = "",
                    on: date | None = None) -> FeedbackItem:
    """验收: passed, the item awaits 销号; failed, back to 整改中 with what is still wrong."""
    locked = _locked(item, (FeedbackStatus.APPLIED,), "验收")
    note = (note or "").strip()
    on = on or timezone.localdate()
    _not_future(on, "验收日期")
    if not passed and not note:
        raise ValidationError("验收不通过时请写明仍存在的问题。")
    if passed:
        locked.status, locked.accepted_on = FeedbackStatus.ACCEPTED, on
        locked.accepted_by = _clean(accepted_by) or getattr(user, "display_name", "") or str(user or "")
        _save(locked, user=user, reason=f"验收通过（{chinese_date(on)}）")
        _record(locked, FeedbackStep.ACCEPT, user=user, note=note)
    else:
        locked.status, locked.applied_on = FeedbackStatus.RECTIFYING, None
        _save(locked, user=user, reason="验收不通过，继续整改")
        _record(locked, FeedbackStep.REJECT, user=user, note=note)
    return locked


@transaction.atomic
def feedback_close(*, item: FeedbackItem, user, on: date | None = None, review_on: date | None = None) -> FeedbackItem:
    """销号: the item is done, its task 已完成 in supervision, and a 回头看 is planned."""
    locked = _locked(item, (FeedbackStatus.ACCEPTED,), "销号")
    on = on or timezone.localdate()
    _not_future(on, "销号日期")
    locked.status, locked.closed_on = FeedbackStatus.CLOSED, on
    _save(locked, user=user, reason=f"销号（{chinese_date(on)}）")
    _record(locked, FeedbackStep.CLOSE, user=user)
    if locked.task_id:
        supervision_services.light_override(task=locked.task, user=user, light="done",
                                            reason=f"环保督察反馈问题已于{chinese_date(on)}验收销号")
    review_schedule(item=locked, planned_on=review_on or rules.review_day(on), user=user)
    return locked


@transaction.atomic
def review_schedule(*, item: FeedbackItem, planned_on: date, user) -> Review:
    if item.status != FeedbackStatus.CLOSED:
        raise ValidationError("只有已销号的问题才安排回头看。")
    if planned_on is None:
        raise ValidationError("请填写回头看的计划日期。")
    review = Review(item=item, planned_on=planned_on)
    _save(review, user=user, reason=f"安排回头看（{chinese_date(planned_on)}）")
    _record(item, FeedbackStep.SCHEDULE, user=user, note=chinese_date(planned_on))
    return review


@transaction.atomic
def review_record(*, review: Review, user, result: str, note: str = "", checked_by: str = "",
                  on: date | None = None) -> Review:
    """回头看 done: 整改成效巩固 keeps the item 销号; 问题反弹 reopens it (整改中 again, its task back on
    its own light in supervision) with what was found."""
    review = Review.objects.select_for_update().select_related("item").get(pk=review.pk)
    if review.result:
        raise ValidationError("该次回头看已登记结果。")
    if result not in ReviewResult.values:
        raise ValidationError("请选择回头看的结果。")
    note = (note or "").strip()
    on = on or timezone.localdate()
    _not_future(on, "回头看日期")
    if result == ReviewResult.REBOUNDED and not note:
        raise ValidationError("问题反弹时请写明发现的问题。")
    review.result, review.note, review.checked_on = result, note, on
    review.checked_by = _clean(checked_by) or getattr(user, "display_name", "") or str(user or "")
    _save(review, user=user, reason=f"回头看：{ReviewResult(result).label}")
    item = FeedbackItem.objects.select_for_update(of=("self",)).select_related("task").get(pk=review.item_id)
    if result == ReviewResult.CONSOLIDATED:
        _record(item, FeedbackStep.REVIEW_OK, user=user, note=note)
        return review
    if item.status != FeedbackStatus.CLOSED:
        raise ValidationError("该问题已在整改中，无需重新打开。")
    item.status, item.closed_on, item.applied_on, item.accepted_on = FeedbackStatus.RECTIFYING, None, None, None
    item.reopened_count += 1
    _save(item, user=user, reason=f"回头看发现问题反弹，重新整改（第{item.reopened_count}次）")
    _record(item, FeedbackStep.REOPEN, user=user, note=note)
    if item.task_id:
        supervision_services.light_override(task=item.task, user=user, light="", reason="")
    return review


# --- outlets, limits, readings ----------------------------------------------------------------------


@transaction.atomic
def outlet_save(*, outlet: Outlet, user, reason: str = "") -> Outlet:
    outlet.name = _clean(outlet.name)
    if not outlet.name:
        raise ValidationError({"name": "请填写排放口名称或编号。"})
    if not outlet.enterprise_id or outlet.enterprise.park_id != outlet.park_id:
        raise ValidationError({"enterprise": "请选择本园区企业库中的企业。"})
    outlet.key = match_key(outlet.name)[:100]
    if Outlet.objects.filter(enterprise=outlet.enterprise_id, key=outlet.key).exclude(pk=outlet.pk).exists():
        raise ValidationError({"name": f"{outlet.enterprise.name}已有排放口“{outlet.name}”。"})
    created = outlet.pk is None
    outlet.full_clean()
    _save(outlet, user=user, reason=reason or ("登记排放口" if created else "修改排放口"))
    return outlet


@transaction.atomic
def limit_save(*, limit: PollutantLimit, user, reason: str = "") -> PollutantLimit:
    limit.pollutant, limit.unit = _clean(limit.pollutant), _clean(limit.unit)
    if not limit.pollutant:
        raise ValidationError({"pollutant": "请填写监测因子。"})
    if limit.limit_value is None or limit.limit_value < 0:
        raise ValidationError({"limit_value": "标准限值须为不小于0的数。"})
    if limit.lower_limit is not None and limit.lower_limit > limit.limit_value:
        raise ValidationError({"lower_limit": "下限大于标准限值。"})
    limit.key = match_key(limit.pollutant)[:50]
    if PollutantLimit.objects.filter(outlet=limit.outlet_id, key=limit.key).exclude(pk=limit.pk).exists():
        raise ValidationError({"pollutant": f"该排放口已有“{limit.pollutant}”的限值。"})
    limit.full_clean()
    _save(limit, user=user, reason=reason or f"{limit.outlet.name}：{limit.pollutant}限值{limit.limit_value.normalize():f}{limit.unit}")
    return limit


def _figure(value: Decimal | None) -> str:
    return f"{value.normalize():f}" if value is not None else ""


def reading_text(reading: Reading) -> str:
    """The reading as the hazard and the task cite it."""
    limit = (f"{_figure(reading.lower_limit)}～{_figure(reading.limit_value)}" if reading.lower_limit is not None
             else _figure(reading.limit_value))
    return (f"{reading.outlet.name}{reading.pollutant}监测值{_figure(reading.value)}{reading.unit}，超过标准限值"
            f"{limit}{reading.unit}（监测时间{timezone.localtime(reading.measured_at):%Y-%m-%d %H:%M}"
            + (f"，来源：{reading.source}" if reading.source else "") + "）")


@transaction.atomic
def reading_record(*, outlet: Outlet, pollutant: str, value: Decimal, unit: str, measured_at, user,
                   limit: Decimal | None = None, lower: Decimal | None = None, source: str = "") -> tuple[Reading, bool]:
    """A monitoring result, once: the same outlet, pollutant and time again returns the one recorded,
    and opens nothing. A new result over its limit opens a hazard for the enterprise and a supervision
    task, each citing the reading. The limit is the outlet's own when it has one for the pollutant."""
    key = match_key(pollutant)[:50]
    found = Reading.objects.filter(outlet=outlet, pollutant_key=key, measured_at=measured_at).first()
    if found is not None:
        return found, False
    held = PollutantLimit.objects.filter(outlet=outlet, key=key).first()
    if held is not None:
        limit, lower, unit = held.limit_value, held.lower_limit, unit or held.unit
    reading = Reading(park=outlet.park, outlet=outlet, pollutant=_clean(pollutant)[:50], pollutant_key=key, value=value,
                      unit=_clean(unit)[:20], limit_value=limit, lower_limit=lower, measured_at=measured_at,
                      source=source[:200], over_limit=rules.over_limit(value=value, limit=limit, lower=lower))
    reading.save()
    if reading.over_limit:
        _open_exceedance(reading, user=user)
    return reading, True


def _open_exceedance(reading: Reading, *, user) -> None:
    outlet, park = reading.outlet, reading.park
    measured_on = timezone.localtime(reading.measured_at).date()
    deadline = rules.exceedance_deadline(measured_on)
    cited = reading_text(reading)
    reason = "生态环境：监测超标自动生成"
    reading.hazard = safety_services.hazard_open(
        park=park, enterprise=outlet.enterprise, place=outlet.name, description=f"排放超标：{cited}",
        measures="查明超标原因，整改治理设施，整改后复测达标", deadline=deadline,
        found_on=min(measured_on, timezone.localdate()), user=user, reason=reason, note=cited)
    plan = supervision_services.plan_for_module(park=park, name=EXCEEDANCE_PLAN, year=measured_on.year, user=user,
                                                reason=reason, cycle="once")
    unit = next((u for u in (find_unit(park, name) for name in rules.ECOLOGY_UNITS) if u is not None), None)
    reading.task = supervision_services.task_add(
        plan=plan, deadline=deadline, text=f"督促{outlet.enterprise.name}整改排放超标问题：{cited}", user=user,
        reason=reason, lead_units=[unit] if unit else [])
    reading.save(update_fields=["hazard", "task"])
    audit.record(AuditAction.CREATE, obj=reading, user=user,
                 detail=f"监测超标：{outlet.enterprise.name}{cited}，已生成隐患和督办任务")


# --- 小散乱污 ----------------------------------------------------------------------------------------


@transaction.atomic
def polluter_save(*, polluter: SmallPolluter, user, reason: str = "") -> SmallPolluter:
    polluter.name = _clean(polluter.name)
    if not polluter.name:
        raise ValidationError({"name": "请填写企业（作坊）名称。"})
    if polluter.unit_id and polluter.unit.park_id != polluter.park_id:
        raise ValidationError({"unit": "责任单位须为本园区的单位。"})
    if polluter.status == DisposalStatus.DONE and not polluter.done_on:
        polluter.done_on = timezone.localdate()
    if polluter.status != DisposalStatus.DONE:
        polluter.done_on = None
    if polluter.done_on:
        _not_future(polluter.done_on, "完成日期")
    created = polluter.pk is None
    polluter.full_clean()
    _save(polluter, user=user, reason=reason or ("登记小散乱污企业" if created else "更新小散乱污整治进展"))
    return polluter
