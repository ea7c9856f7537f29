"""Every write of 安全生产. The pages, the import, the demo and the commands call these.

Each runs in one transaction. The models keep their history (simple-history, turned into the audit
log with the user and the reason set here); each step of a hazard's loop is also a HazardStep row (who,
when, what) and an audit line of its own, and tells whoever must act next (core.events): the unit
responsible when a notice is issued, the supervisors when a rectification awaits its recheck or a
hazard is overdue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from parkops.core import audit, events
from parkops.core.models import AuditAction
from parkops.core.periods import chinese_date
from parkops.core.photos import process_photo
from parkops.core.text import normalise_name
from parkops.core.uploads import display_name
from parkops.org.services import supervisors, unit_reporters
from parkops.safety import rules, selectors
from parkops.safety.choices import Escalation, Level, PhotoStage, PlaceKind, Status, Step
from parkops.safety.models import (
    Attendance,
    Hazard,
    HazardPhoto,
    HazardStep,
    Inspection,
    SafetyRules,
    TrainingSession,
)


def _save(obj, *, user, reason: str) -> None:
    obj._history_user = user
    obj._change_reason = reason
    obj.save()


def _clean_text(value: str) -> str:
    return " ".join((value or "").split())


def _link(hazard: Hazard) -> str:
    return reverse("safety:hazard_detail", args=[hazard.pk])


def _step(hazard: Hazard, step: str, *, user, note: str = "", by_name: str = "") -> HazardStep:
    row = HazardStep.objects.create(hazard=hazard, step=step, status=hazard.status, note=note[:2000], by=user,
                                    by_name=by_name or (getattr(user, "display_name", "") or str(user or "")))
    audit.record(AuditAction.UPDATE, obj=hazard, user=user, after={"step": step, "status": hazard.status},
                 detail=f"隐患“{hazard}”：{Step(step).label}{('（' + note[:60] + '）') if note else ''}")
    return row


# --- inspections ------------------------------------------------------------------------------------


@transaction.atomic
def inspection_save(*, inspection: Inspection, user, reason: str = "") -> Inspection:
    """An inspection of an enterprise of the registry (its name taken from it) or of a 九小场所 by name."""
    if inspection.enterprise_id:
        if inspection.enterprise.park_id != inspection.park_id:
            raise ValidationError({"enterprise": "企业须为本园区企业库中的企业。"})
        inspection.place_kind = PlaceKind.ENTERPRISE
        inspection.place_name = inspection.place_name or inspection.enterprise.name
    inspection.place_name = _clean_text(inspection.place_name)
    if not inspection.place_name:
        raise ValidationError({"place_name": "请选择企业，或填写九小场所的名称。"})
    if inspection.inspected_on and inspection.inspected_on > timezone.localdate():
        raise ValidationError({"inspected_on": "检查日期晚于今天。"})
    created = inspection.pk is None
    inspection.created_by = inspection.created_by or user
    inspection.full_clean()
    _save(inspection, user=user, reason=reason or ("登记安全检查" if created else "修改安全检查"))
    return inspection


# --- hazards ----------------------------------------------------------------------------------------


def _check(hazard: Hazard) -> None:
    hazard.enterprise_name = _clean_text(hazard.enterprise_name)
    hazard.place = _clean_text(hazard.place)
    hazard.description = (hazard.description or "").strip()
    if hazard.inspection_id:
        hazard.enterprise_id = hazard.enterprise_id or hazard.inspection.enterprise_id
        hazard.enterprise_name = hazard.enterprise_name or hazard.inspection.place_name
    if hazard.enterprise_id:
        if hazard.enterprise.park_id != hazard.park_id:
            raise ValidationError({"enterprise": "企业须为本园区企业库中的企业。"})
        hazard.enterprise_name = hazard.enterprise_name or hazard.enterprise.name
    if not hazard.enterprise_name:
        raise ValidationError({"enterprise_name": "请填写企业（或场所）名称。"})
    if not hazard.description:
        raise ValidationError({"description": "请填写隐患描述。"})
    if hazard.level == Level.MAJOR and not hazard.major_category:
        raise ValidationError({"major_category": "重大隐患须按《工贸企业重大事故隐患判定标准》选择判定类别。"})
    if hazard.level != Level.MAJOR:
        hazard.major_category = ""
    if hazard.found_on and hazard.found_on > timezone.localdate():
        raise ValidationError({"found_on": "发现日期晚于今天。"})
    if hazard.deadline and hazard.found_on and hazard.deadline < hazard.found_on:
        raise ValidationError({"deadline": "整改时限早于发现日期。"})


def _store_photos(hazard: Hazard, stage: str, uploads: Sequence[UploadedFile], user) -> list[HazardPhoto]:
    """Every upload checked and re-encoded first (core.photos: resized, no EXIF), then stored; a photo that
    cannot be read refuses them all. Files written are removed again if the transaction fails."""
    processed = [(upload, process_photo(upload)) for upload in uploads]
    stored: list[HazardPhoto] = []
    try:
        for upload, photo in processed:
            row = HazardPhoto(hazard=hazard, stage=stage, original_name=display_name(upload.name or photo.name),
                              width=photo.width, height=photo.height, uploaded_by=user)
            row.image.save(photo.name, ContentFile(photo.content), save=False)
            stored.append(row)
            row.save()
            audit.record(AuditAction.CREATE, obj=row, user=user,
                         detail=f"隐患“{hazard}”：上传{PhotoStage(stage).label}照片（{photo.width}×{photo.height}，已去除位置信息）")
    except Exception:
        for row in stored:
            row.image.delete(save=False)
        raise
    return stored


@transaction.atomic
def hazard_register(*, hazard: Hazard, user, photos: Sequence[UploadedFile] = (), reason: str = "",
                    note: str = "") -> Hazard:
    """登记: a hazard found, with photos of it as found."""
    if hazard.pk is not None:
        raise ValidationError("隐患已登记。")
    _check(hazard)
    hazard.status = Status.REGISTERED
    hazard.full_clean()
    _save(hazard, user=user, reason=reason or "登记隐患")
    _store_photos(hazard, PhotoStage.BEFORE, photos, user)
    _step(hazard, Step.REGISTER, user=user, note=note or hazard.description[:100])
    return hazard


@transaction.atomic
def hazard_edit(*, hazard: Hazard, user) -> Hazard:
    """Correct what was recorded (place, description, level, measures, deadline …) of an open hazard."""
    before = Hazard.objects.select_for_update().get(pk=hazard.pk)
    if before.status == Status.CLOSED:
        raise ValidationError("隐患已复查关闭，不能再修改。")
    hazard.status = before.status
    _check(hazard)
    hazard.full_clean()
    _save(hazard, user=user, reason="修改隐患")
    return hazard


def _locked(hazard: Hazard, allowed: Sequence[str], action: str) -> Hazard:
    locked = Hazard.objects.select_for_update(of=("self",)).select_related("park", "responsible_unit").get(pk=hazard.pk)
    if locked.status not in allowed:
        raise ValidationError(f"隐患当前为“{locked.get_status_display()}”，不能{action}。")
    return locked


def _next_notice_number(locked: Hazard, on: date) -> str:
    """整改通知书 numbers run per park and year: 德安高新区安改〔2026〕12号."""
    park = locked.park
    issued = Hazard.objects.filter(park=park, issued_on__year=on.year).exclude(notice_number="").count()
    return f"{park.short_name or park.name}安改〔{on.year}〕{issued + 1}号"


@transaction.atomic
def hazard_issue(*, hazard: Hazard, user, deadline: date | None = None, measures: str = "",
                 on: date | None = None, responsible_person: str = "") -> Hazard:
    """下达整改: the 限期整改通知书 goes out with its number, the measures and the deadline (by default
    rules.default_deadline working days); the unit responsible is told."""
    locked = _locked(hazard, rules.NEXT["issue"], "下达整改")
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError(f"下达日期{chinese_date(on)}晚于今天。")
    locked.measures = (measures or "").strip() or locked.measures
    if not locked.measures:
        raise ValidationError("请填写整改措施（整改要求）。")
    locked.deadline = deadline or locked.deadline or rules.default_deadline(level=locked.level, issued_on=on)
    if locked.deadline < on:
        raise ValidationError(f"整改时限{chinese_date(locked.deadline)}早于下达日期。")
    locked.responsible_person = _clean_text(responsible_person) or locked.responsible_person
    locked.issued_on = on
    locked.notice_number = locked.notice_number or _next_notice_number(locked, on)
    locked.status = Status.ISSUED
    _save(locked, user=user, reason=f"下达整改（{locked.notice_number}，限{chinese_date(locked.deadline)}前完成）")
    _step(locked, Step.ISSUE, user=user, note=f"{locked.notice_number}，整改时限{chinese_date(locked.deadline)}")
    events.tell(events.Notice(
        title=f"隐患限期整改：{locked.enterprise_name}", link=_link(locked),
        body=f"{locked.description[:60]}，请于{chinese_date(locked.deadline)}前督促整改到位（{locked.notice_number}）。",
        users=tuple(unit_reporters(locked.responsible_unit)), exclude=(user,) if user else (),
        key=f"hazard-issued-{locked.pk}"))
    return locked


@transaction.atomic
def hazard_start(*, hazard: Hazard, user, note: str = "") -> Hazard:
    """整改中: the enterprise has begun."""
    locked = _locked(hazard, rules.NEXT["start"], "登记开始整改")
    locked.status = Status.RECTIFYING
    _save(locked, user=user, reason="开始整改")
    _step(locked, Step.START, user=user, note=note)
    return locked


@transaction.atomic
def hazard_report(*, hazard: Hazard, user, rectification: str, photos: Sequence[UploadedFile] = (),
                  on: date | None = None, photo_required: bool = True) -> Hazard:
    """已整改待复查: what was done, and photos after; the supervisors are told a recheck is due."""
    locked = _locked(hazard, rules.NEXT["report"], "报告整改完成")
    rectification = (rectification or "").strip()
    if not rectification:
        raise ValidationError("请填写整改情况。")
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError(f"整改完成日期{chinese_date(on)}晚于今天。")
    if photo_required and not photos and not locked.photos.filter(stage=PhotoStage.AFTER).exists():
        raise ValidationError("请上传整改后的照片。")
    _store_photos(locked, PhotoStage.AFTER, photos, user)
    locked.rectification, locked.rectified_on = rectification, on
    locked.status = Status.AWAITING_RECHECK
    _save(locked, user=user, reason="报告已整改，待复查")
    _step(locked, Step.REPORT, user=user, note=rectification)
    events.tell(events.Notice(
        title=f"隐患已整改待复查：{locked.enterprise_name}", body=rectification[:80], link=_link(locked),
        users=tuple(supervisors()), exclude=(user,) if user else (), key=f"hazard-reported-{locked.pk}-{on}"))
    return locked


@transaction.atomic
def hazard_recheck(*, hazard: Hazard, user, passed: bool, note: str = "", rechecked_by: str = "",
                   on: date | None = None) -> Hazard:
    """复查: passed closes the hazard (销号); failed sends it back to 整改中 with what is still wrong."""
    locked = _locked(hazard, rules.NEXT["recheck"], "复查")
    note = (note or "").strip()
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError(f"复查日期{chinese_date(on)}晚于今天。")
    if not passed and not note:
        raise ValidationError("复查不通过时请写明仍存在的问题。")
    locked.rechecked_by = _clean_text(rechecked_by) or getattr(user, "display_name", "") or str(user or "")
    if passed:
        locked.status, locked.closed_on = Status.CLOSED, on
        _save(locked, user=user, reason=f"复查通过，关闭（{chinese_date(on)}）")
        _step(locked, Step.RECHECK_PASS, user=user, note=note, by_name=locked.rechecked_by)
    else:
        locked.status, locked.rectified_on = Status.RECTIFYING, None
        locked.rectification = f"复查不通过：{note}"
        _save(locked, user=user, reason="复查不通过，退回整改")
        _step(locked, Step.RECHECK_FAIL, user=user, note=note, by_name=locked.rechecked_by)
        events.tell(events.Notice(
            title=f"隐患复查不通过，继续整改：{locked.enterprise_name}", body=note[:80], link=_link(locked),
            users=tuple(unit_reporters(locked.responsible_unit)), exclude=(user,) if user else (),
            key=f"hazard-failed-{locked.pk}-{HazardStep.objects.filter(hazard=locked).count()}"))
    return locked


@transaction.atomic
def hazard_list(*, hazard: Hazard, user, on: date | None = None, note: str = "") -> Hazard:
    """挂牌督办 of a 重大 hazard: marked on every list, in 今日待办 and in the reports until it is closed."""
    locked = _locked(hazard, (Status.REGISTERED, Status.ISSUED, Status.RECTIFYING, Status.AWAITING_RECHECK), "挂牌督办")
    if locked.level != Level.MAJOR:
        raise ValidationError("只有重大隐患挂牌督办。")
    if locked.listed_on:
        raise ValidationError(f"已于{chinese_date(locked.listed_on)}挂牌督办。")
    locked.listed_on = on or timezone.localdate()
    _save(locked, user=user, reason="挂牌督办")
    _step(locked, Step.LIST, user=user, note=note)
    return locked


@transaction.atomic
def photos_add(*, hazard: Hazard, stage: str, photos: Sequence[UploadedFile], user) -> list[HazardPhoto]:
    if hazard.status == Status.CLOSED:
        raise ValidationError("隐患已复查关闭，不能再上传照片。")
    if not photos:
        raise ValidationError("请选择照片。")
    return _store_photos(hazard, stage, photos, user)


# --- escalation -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EscalationChange:
    hazard: Hazard
    days_overdue: int
    listed: bool

    @property
    def description(self) -> str:
        unit = self.hazard.responsible_unit or "未指定监管责任单位"
        listed = "，挂牌督办" if self.listed else ""
        return (f"{self.hazard.enterprise_name}：{self.hazard.description[:40]}（{unit}，时限"
                f"{chinese_date(self.hazard.deadline)}，逾期{self.days_overdue}天）→ 已报督办员{listed}")


@transaction.atomic
def escalate_overdue_hazards(*, today: date, user=None) -> list[EscalationChange]:
    """Hazards overdue past rules' escalate_days go to the supervisors, as project problems do; an overdue
    重大 hazard is 挂牌督办 too. Escalation only rises: a second run on a day changes nothing."""
    candidates = (Hazard.objects.select_for_update(of=("self",)).select_related("responsible_unit")
                  .filter(status__in=(Status.ISSUED, Status.RECTIFYING), deadline__lt=today,
                          escalation__lt=Escalation.SUPERVISOR).order_by("deadline", "pk"))
    changes = []
    for hazard in candidates:
        if not rules.escalation_due(deadline=hazard.deadline, status=hazard.status, today=today):
            continue
        late = rules.days_overdue(deadline=hazard.deadline, status=hazard.status, today=today)
        listed = hazard.level == Level.MAJOR and hazard.listed_on is None
        hazard.escalation = Escalation.SUPERVISOR
        if listed:
            hazard.listed_on = today
        _save(hazard, user=user, reason=f"逾期{late}天，已报督办员" + ("，挂牌督办" if listed else ""))
        _step(hazard, Step.ESCALATE, user=user, note=f"逾期{late}天", by_name="系统")
        if listed:
            _step(hazard, Step.LIST, user=user, note="重大隐患逾期未整改", by_name="系统")
        change = EscalationChange(hazard, late, listed)
        changes.append(change)
        events.tell(events.Notice(
            title=f"隐患逾期{late}天未整改，已报督办员：{hazard.enterprise_name}", body=change.description,
            link=_link(hazard), users=tuple(supervisors()), key=f"hazard-escalated-{hazard.pk}"))
    return changes


# --- training ---------------------------------------------------------------------------------------


@transaction.atomic
def training_save(*, session: TrainingSession, user) -> TrainingSession:
    session.title = _clean_text(session.title)
    if not session.title:
        raise ValidationError({"title": "请填写培训名称。"})
    if session.pass_mark is None or not 0 < session.pass_mark <= 100:
        raise ValidationError({"pass_mark": "合格分数线须在0到100分之间。"})
    created = session.pk is None
    session.full_clean()
    _save(session, user=user, reason="登记安全培训" if created else "修改安全培训")
    return session


@transaction.atomic
def attendance_save(*, attendance: Attendance, user) -> Attendance:
    """A trainee and the score of the test; the registry's enterprise of that name linked when there is one."""
    attendance.enterprise_name = _clean_text(attendance.enterprise_name)
    attendance.person_name = "".join((attendance.person_name or "").split())
    if not attendance.enterprise_name or not attendance.person_name:
        raise ValidationError("请填写企业名称和参训人员姓名。")
    if attendance.score is not None and not 0 <= attendance.score <= 100:
        raise ValidationError({"score": "考试成绩须在0到100分之间。"})
    if Attendance.objects.filter(session=attendance.session_id, enterprise_name=attendance.enterprise_name,
                                 person_name=attendance.person_name).exclude(pk=attendance.pk).exists():
        raise ValidationError(f"{attendance.enterprise_name}的{attendance.person_name}已登记参加本次培训。")
    park = attendance.session.park
    attendance.enterprise = attendance.enterprise or selectors.enterprises_named(
        park=park, names=[attendance.enterprise_name]).get(normalise_name(attendance.enterprise_name))
    created = attendance.pk is None
    attendance.full_clean(validate_constraints=False)
    _save(attendance, user=user, reason=f"{'登记' if created else '修改'}参训人员：{attendance}")
    return attendance


# --- settings and hand-overs ------------------------------------------------------------------------


@transaction.atomic
def rules_save(*, park, training_before_production: bool, user) -> SafetyRules:
    found = SafetyRules.objects.filter(park=park).first() or SafetyRules(park=park)
    found.training_before_production = bool(training_before_production)
    _save(found, user=user, reason="投产前法定代表人须通过安全培训：" + ("开启" if found.training_before_production else "关闭"))
    return found


@transaction.atomic
def hazard_open(*, park, enterprise, description: str, place: str = "", measures: str = "",
                deadline: date | None = None, found_on: date | None = None, user=None, reason: str,
                note: str = "") -> Hazard:
    """A hazard another module opens by itself (生态环境: a monitoring result over its limit), registered
    for the registry's enterprise as a found one is, and worked round the loop from there."""
    hazard = Hazard(park=park, enterprise=enterprise, enterprise_name=enterprise.name, place=place[:200],
                    description=description, measures=measures, deadline=deadline,
                    found_on=found_on or timezone.localdate())
    return hazard_register(hazard=hazard, user=user, reason=reason, note=note)
