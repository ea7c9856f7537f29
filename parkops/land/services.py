"""Every write of 土地与厂房. The pages, the import, the demo and the command call these.

Each runs in one transaction and leaves an audit line: the models keep their history (simple-history),
which core.audit's receiver turns into the audit log with the user and the reason the service sets;
closing a case is audited here too, with its result. A holder or a new enterprise is the registry's,
found or registered by its credit code through economy.services (the hand-over .importlinter names).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from parkops.core import audit, events
from parkops.core.formatting import plain_number
from parkops.core.models import AuditAction
from parkops.core.periods import chinese_date
from parkops.core.text import normalise_name
from parkops.core.uploads import display_name
from parkops.core.versioning import save_unless_changed
from parkops.economy import services as economy_services
from parkops.land import selectors
from parkops.land.choices import BUILTIN_METHODS, CHASED_CASE_LIGHTS
from parkops.land.models import (
    Building,
    DisposalCase,
    DisposalMethod,
    DisposalStep,
    FactoryUnit,
    Lease,
    Parcel,
    ParkPlan,
    RevitaliseTarget,
)
from parkops.land.plans import check_outline, process_plan
from parkops.land.rules import equivalent_mu
from parkops.org.models import Park
from parkops.org.services import accounts_of, supervisors, unit_reporters


def _save(obj, *, user, reason: str) -> None:
    obj._history_user = user
    obj._change_reason = reason
    obj.save()


# --- parcels --------------------------------------------------------------------------------------


@transaction.atomic
def parcel_save(*, parcel: Parcel, user, loaded_version: int | None = None, reason: str = "") -> Parcel:
    """Create or edit a parcel, after checking what a form cannot: the dates in order, the developed area
    within the parcel, the number unique in the park."""
    parcel.location = " ".join((parcel.location or "").split())
    parcel.holder_name = " ".join((parcel.holder_name or "").split())
    parcel.number = "".join((parcel.number or "").split())
    if not parcel.location:
        raise ValidationError({"location": "请填写宗地位置。"})
    if parcel.area_mu is None or parcel.area_mu <= 0:
        raise ValidationError({"area_mu": "面积须大于0亩。"})
    if parcel.developed_mu is not None and parcel.developed_mu > parcel.area_mu:
        raise ValidationError({"developed_mu": "已动工开发面积不能大于宗地面积。"})
    for earlier, later, message in (
            ("started_on", "completed_on", "实际竣工日期不能早于实际开工日期。"),
            ("agreed_start_on", "agreed_completion_on", "约定竣工日期不能早于约定开工日期。"),
            ("started_on", "stopped_on", "中止开发建设日期不能早于实际开工日期。"),
            ("approved_on", "supplied_on", "供地日期不能早于批准日期。"),
            ("supplied_on", "delivered_on", "实际交地日期不能早于供地日期。")):
        first, then = getattr(parcel, earlier), getattr(parcel, later)
        if first and then and then < first:
            raise ValidationError({later: message})
    if parcel.stopped_on and not parcel.started_on:
        raise ValidationError({"stopped_on": "未开工的宗地不填写中止开发建设日期。"})
    today = timezone.localdate()
    for name in ("approved_on", "supplied_on", "delivered_on", "started_on", "completed_on", "stopped_on"):
        if getattr(parcel, name) and getattr(parcel, name) > today:
            raise ValidationError({name: f"{Parcel._meta.get_field(name).verbose_name}晚于今天。"})
    if parcel.number and Parcel.all_objects.filter(park=parcel.park_id, number=parcel.number) \
            .exclude(pk=parcel.pk).exists():
        raise ValidationError({"number": f"已有宗地编号为“{parcel.number}”的宗地（或在回收站中）。"})
    if parcel.holder_id and parcel.holder.park_id != parcel.park_id:
        raise ValidationError({"holder": "用地企业须为本园区企业库中的企业。"})
    created = parcel.pk is None
    parcel.full_clean(validate_unique=False, validate_constraints=False)
    reason = reason or ("登记宗地" if created else "修改宗地")
    if loaded_version is None:
        _save(parcel, user=user, reason=reason)
    else:
        save_unless_changed(parcel, loaded_version=loaded_version, user=user, reason=reason)
    return parcel


@transaction.atomic
def parcel_holder_by_credit_code(*, parcel: Parcel, credit_code: str, name: str = "", user) -> Parcel:
    """Link the parcel to the registry's enterprise of this credit code (registered there if new)."""
    enterprise = economy_services.enterprise_for_credit_code(
        park=parcel.park, credit_code=credit_code, name=(name or parcel.holder_name or "").strip(), user=user,
        reason=f"宗地“{parcel.location}”的用地企业")
    parcel.holder = enterprise
    _save(parcel, user=user, reason=f"关联用地企业：{enterprise.name}")
    return parcel


# --- methods --------------------------------------------------------------------------------------


def ensure_methods(park: Park) -> list[DisposalMethod]:
    """The park's methods, the seven every park has created on first use."""
    have = set(DisposalMethod.objects.filter(park=park).values_list("name", flat=True))
    missing = [DisposalMethod(park=park, name=name, position=position)
               for position, name in enumerate(BUILTIN_METHODS, start=1) if name not in have]
    if missing:
        DisposalMethod.objects.bulk_create(missing)
    return list(DisposalMethod.objects.filter(park=park))


def method_for_name(park: Park, name: str, *, user=None) -> DisposalMethod:
    """The park's method of that name, added (after the others) when the park names a new one."""
    name = normalise_name(name)
    if not name:
        raise ValidationError("请填写处置方式。")
    ensure_methods(park)
    method = DisposalMethod.objects.filter(park=park, name=name).first()
    if method is None:
        method = DisposalMethod.objects.create(park=park, name=name, position=len(BUILTIN_METHODS) + 10)
        audit.record(AuditAction.CREATE, obj=method, user=user, after={"name": name}, detail=f"新增处置方式“{name}”")
    return method


# --- disposal cases -------------------------------------------------------------------------------


@transaction.atomic
def case_save(*, case: DisposalCase, user, loaded_version: int | None = None, reason: str = "") -> DisposalCase:
    """Open a parcel's case (one a parcel) or edit it: method, progress, unit, leader, deadline."""
    created = case.pk is None
    if created and DisposalCase.objects.filter(parcel=case.parcel_id).exists():
        raise ValidationError(f"宗地“{case.parcel}”已有处置台账，每宗地只建一个。")
    if case.method_id and case.method.park_id != case.parcel.park_id:
        raise ValidationError("处置方式须为本园区的处置方式。")
    if case.is_closed and not created and loaded_version is not None:
        raise ValidationError("处置已办结，不能再修改。")
    case.created_by = case.created_by or user
    case.full_clean(validate_unique=False)
    reason = reason or ("建立处置台账" if created else "更新处置台账")
    if loaded_version is None:
        _save(case, user=user, reason=reason)
    else:
        save_unless_changed(case, loaded_version=loaded_version, user=user, reason=reason)
    return case


@transaction.atomic
def step_save(*, step: DisposalStep, user) -> DisposalStep:
    """Add or update a step of a case: its planned day and the day it was done."""
    step.title = " ".join((step.title or "").split())
    if not step.title:
        raise ValidationError({"title": "请填写工作步骤。"})
    if step.case.is_closed:
        raise ValidationError("处置已办结，不能再登记步骤。")
    if step.done_on and step.done_on > timezone.localdate():
        raise ValidationError({"done_on": "完成日期晚于今天。"})
    created = step.pk is None
    step.full_clean()
    _save(step, user=user, reason=f"{'登记' if created else '更新'}处置步骤：{step.title}")
    return step


@transaction.atomic
def case_close(*, case: DisposalCase, on: date, revitalised_mu: Decimal, user, result: str = "",
               credit_code: str = "", enterprise_name: str = "", project=None) -> DisposalCase:
    """办结: the parcel is in use again. The 亩 盘活 (not more than the parcel), the day, and what is on it
    now: the registry's enterprise of `credit_code` (registered if new) and/or a key project."""
    locked = DisposalCase.objects.select_for_update(of=("self",)).select_related("parcel", "method").get(pk=case.pk)
    if locked.closed_on is not None:
        raise ValidationError(f"处置已于{chinese_date(locked.closed_on)}办结。")
    if on > timezone.localdate():
        raise ValidationError(f"办结日期{chinese_date(on)}晚于今天。")
    if on < locked.opened_on:
        raise ValidationError(f"办结日期{chinese_date(on)}早于立案日期{chinese_date(locked.opened_on)}。")
    if revitalised_mu is None or revitalised_mu < 0:
        raise ValidationError("请填写盘活面积（亩）。")
    if revitalised_mu > locked.parcel.area_mu:
        raise ValidationError(f"盘活面积{plain_number(revitalised_mu)}亩大于宗地面积{plain_number(locked.parcel.area_mu)}亩。")
    if locked.method_id is None:
        raise ValidationError("请先确定处置方式再办结。")
    if project is not None and project.park_id != locked.parcel.park_id:
        raise ValidationError("盘活后项目须为本园区的重点项目。")
    credit_code = "".join((credit_code or "").split()).upper()
    if credit_code:
        locked.new_enterprise = economy_services.enterprise_for_credit_code(
            park=locked.parcel.park, credit_code=credit_code, name=(enterprise_name or "").strip(), user=user,
            reason=f"宗地“{locked.parcel.location}”盘活后用地企业")
    locked.new_project = project or locked.new_project
    locked.closed_on, locked.revitalised_mu = on, revitalised_mu
    locked.result = (result or "").strip()[:300]
    _save(locked, user=user, reason=f"办结：{locked.method}，盘活{plain_number(revitalised_mu)}亩（{chinese_date(on)}）")
    audit.record(AuditAction.UPDATE, obj=locked, user=user, before={"closed_on": None},
                 after={"closed_on": on.isoformat(), "revitalised_mu": str(revitalised_mu),
                        "new_enterprise": str(locked.new_enterprise or ""), "new_project": str(locked.new_project or "")},
                 detail=f"{locked.parcel}：{locked.method}办结，盘活{plain_number(revitalised_mu)}亩")
    case.closed_on, case.revitalised_mu, case.version = locked.closed_on, locked.revitalised_mu, locked.version
    case.new_enterprise_id, case.new_project_id = locked.new_enterprise_id, locked.new_project_id
    return locked


@transaction.atomic
def target_set(*, park: Park, year: int, target_mu: Decimal, user) -> RevitaliseTarget:
    if target_mu is None or target_mu <= 0:
        raise ValidationError("盘活目标须大于0亩。")
    target = RevitaliseTarget.objects.filter(park=park, year=year).first() or RevitaliseTarget(park=park, year=year)
    target.target_mu = target_mu
    _save(target, user=user, reason=f"设定{year}年盘活目标{plain_number(target_mu)}亩")
    return target


# --- standard factories ---------------------------------------------------------------------------


@transaction.atomic
def building_save(*, building: Building, user) -> Building:
    building.name = " ".join((building.name or "").split())
    if not building.name:
        raise ValidationError({"name": "请填写厂房名称。"})
    if building.floor_area is None or building.floor_area <= 0:
        raise ValidationError({"floor_area": "建筑面积须大于0。"})
    if Building.objects.filter(park=building.park_id, name=building.name).exclude(pk=building.pk).exists():
        raise ValidationError({"name": f"已有名为“{building.name}”的厂房。"})
    created = building.pk is None
    building.full_clean(validate_unique=False, validate_constraints=False)
    _save(building, user=user, reason="登记标准厂房" if created else "修改标准厂房")
    return building


@transaction.atomic
def unit_delete(*, unit: FactoryUnit, user) -> None:
    """A unit entered by mistake: removed while no lease names it (a let unit is history to keep)."""
    if unit.leases.exists():
        raise ValidationError(f"单元{unit.number}已有租约，不能删除。")
    unit._history_user = user
    unit._change_reason = f"删除厂房单元：{unit.number}"
    unit.delete()


def _let_on(building: Building, day: date, *, besides: Lease | None = None) -> Decimal:
    leases = Lease.objects.filter(building=building).exclude(pk=getattr(besides, "pk", None))
    return sum((lease.area for lease in leases if lease.in_force(day)), Decimal(0))


@transaction.atomic
def unit_save(*, unit: FactoryUnit, user) -> FactoryUnit:
    """A unit of space in a building: on one of its floors, its number unique in it, the units together
    within the building's floor area."""
    unit.number = "".join((unit.number or "").split())
    if not unit.number:
        raise ValidationError({"number": "请填写单元号。"})
    if unit.area is None or unit.area <= 0:
        raise ValidationError({"area": "单元面积须大于0。"})
    building = Building.objects.select_for_update().get(pk=unit.building_id)
    if not unit.floor or unit.floor > building.floors:
        raise ValidationError({"floor": f"{building}共{building.floors}层，请填写1至{building.floors}之间的楼层。"})
    others = FactoryUnit.objects.filter(building=building).exclude(pk=unit.pk)
    if others.filter(number=unit.number).exists():
        raise ValidationError({"number": f"{building}已有单元“{unit.number}”。"})
    divided = sum((other.area for other in others), Decimal(0))
    if divided + unit.area > building.floor_area:
        raise ValidationError({"area": f"{building}已划分单元{plain_number(divided)}平方米，再加{plain_number(unit.area)}"
                                       f"平方米将超过建筑面积{plain_number(building.floor_area)}平方米。"})
    created = unit.pk is None
    unit.full_clean(validate_unique=False, validate_constraints=False)
    _save(unit, user=user, reason=f"{'划分' if created else '修改'}厂房单元：{unit.number}")
    return unit


def _let_on(building: Building, day: date, *, besides: Lease | None = None) -> Decimal:
    leases = Lease.objects.filter(building=building).exclude(pk=getattr(besides, "pk", None))
    return sum((lease.area for lease in leases if lease.in_force(day)), Decimal(0))


def _overlaps(lease: Lease, other: Lease) -> bool:
    return lease.starts_on <= other.last_day and other.starts_on <= lease.last_day


def _check_units(lease: Lease, building: Building, units: list[FactoryUnit]) -> None:
    """A lease of units: its units in its building and let to no one else over any day of it; its area
    and floor are theirs."""
    if any(unit.building_id != building.pk for unit in units):
        raise ValidationError({"units": f"所选单元不属于{building}。"})
    taken = (Lease.objects.filter(building=building, units__in=units).exclude(pk=lease.pk).distinct()
             .prefetch_related("units"))
    for other in taken:
        if _overlaps(lease, other):
            numbers = "、".join(u.number for u in other.units.all() if u in units)
            raise ValidationError({"units": f"单元{numbers}在{other.starts_on:%Y年%-m月%-d日}至{other.last_day:%Y年%-m月%-d日}"
                                            f"已租给{other.tenant_name}。"})
    lease.area = sum((unit.area for unit in units), Decimal(0))
    floors = {unit.floor for unit in units}
    lease.floor = floors.pop() if len(floors) == 1 else None


@transaction.atomic
def lease_save(*, lease: Lease, user, units: list[FactoryUnit] | None = None) -> Lease:
    """A lease, refused when the building would be let beyond its floor area on any day of it. In a building
    divided into units a lease is of one or more units (`units`; None keeps a saved lease's own), each let to
    one tenant at a time, and its area is theirs."""
    lease.tenant_name = " ".join((lease.tenant_name or "").split())
    if not lease.tenant_name:
        raise ValidationError({"tenant_name": "请填写承租企业。"})
    if lease.ends_on < lease.starts_on:
        raise ValidationError({"ends_on": "到期日期不能早于起租日期。"})
    if lease.given_up_on and not lease.starts_on <= lease.given_up_on <= lease.ends_on:
        raise ValidationError({"given_up_on": "退租日期须在租期之内。"})
    building = Building.objects.select_for_update().get(pk=lease.building_id)
    if units is None and lease.pk:
        units = list(lease.units.all())
    if units:
        _check_units(lease, building, list(units))
    elif FactoryUnit.objects.filter(building=building).exists():
        raise ValidationError({"units": f"{building}已划分单元，请选择租赁的单元。"})
    if lease.area is None or lease.area <= 0:
        raise ValidationError({"area": "租赁面积须大于0。"})
    if lease.floor and lease.floor > building.floors:
        raise ValidationError({"floor": f"{building}只有{building.floors}层。"})
    # The busiest day of the new lease is one on which another lease starts, or its own first day.
    days = {lease.starts_on} | {other.starts_on for other in Lease.objects.filter(building=building)
                                if lease.starts_on <= other.starts_on <= lease.last_day}
    for day in sorted(days):
        let = _let_on(building, day, besides=lease)
        if let + lease.area > building.floor_area:
            raise ValidationError(f"{day:%Y年%-m月%-d日}{building}已出租{plain_number(let)}平方米，"
                                  f"再租{plain_number(lease.area)}平方米将超过建筑面积{plain_number(building.floor_area)}平方米。")
    created = lease.pk is None
    before = Lease.objects.filter(pk=lease.pk).values_list("enterprise_id", flat=True).first() if lease.pk else None
    lease.full_clean()
    numbers = f"（单元{'、'.join(unit.number for unit in units)}）" if units else ""
    _save(lease, user=user, reason=f"{'登记' if created else '修改'}厂房租约：{lease.tenant_name}{numbers}")
    if units is not None:
        lease.units.set(units)
    for enterprise_id in {lease.enterprise_id, before} - {None}:
        _refresh_factory_land(enterprise_id, user=user)
    return lease


def _refresh_factory_land(enterprise_id: int, *, user) -> None:
    """The enterprise's 折算亩 (rules.equivalent_mu) over the leases in force today, handed to the registry:
    an enterprise without land of its own is measured on it in the 亩均 evaluation."""
    today = timezone.localdate()
    leases = Lease.objects.filter(enterprise_id=enterprise_id).select_related("building")
    mu = sum((equivalent_mu(lease.area, lease.building.plot_ratio) or Decimal(0)
              for lease in leases if lease.in_force(today)), Decimal(0))
    economy_services.set_factory_land(enterprise_id=enterprise_id, mu=mu or None, user=user,
                                      reason="按租赁标准厂房折算用地亩数")


@transaction.atomic
def lease_give_up(*, lease: Lease, on: date, user) -> Lease:
    """退租: the space is vacant from `on`."""
    if lease.given_up_on:
        raise ValidationError(f"已于{chinese_date(lease.given_up_on)}退租。")
    if not lease.starts_on <= on <= lease.ends_on:
        raise ValidationError("退租日期须在租期之内。")
    lease.given_up_on = on
    _save(lease, user=user, reason=f"退租（{chinese_date(on)}）")
    if lease.enterprise_id:
        _refresh_factory_land(lease.enterprise_id, user=user)
    return lease


# --- the park's plan and the parcels' outlines -------------------------------------------------------


@transaction.atomic
def plan_upload(*, park: Park, upload, user) -> ParkPlan:
    """The park's plan, replacing the one before (land.plans.process_plan). Outlines drawn on an older plan
    of other dimensions no longer fit it: they are kept, and the page says to check them."""
    processed = process_plan(upload)
    plan = ParkPlan.objects.filter(park=park).first() or ParkPlan(park=park)
    old_file = plan.image.name if plan.pk else ""
    plan.original_name = display_name(upload.name or "平面图")
    plan.width, plan.height = processed.width, processed.height
    plan.uploaded_by = user
    plan.image.save(processed.name, ContentFile(processed.content), save=False)
    _save(plan, user=user, reason=f"上传园区平面图：{plan.original_name}")
    if old_file and old_file != plan.image.name:
        transaction.on_commit(lambda: plan.image.storage.delete(old_file))
    return plan


@transaction.atomic
def parcel_outline_set(*, parcel: Parcel, points: list[list[int]], user) -> Parcel:
    """The parcel's outline on the park's plan (empty: cleared)."""
    plan = ParkPlan.objects.filter(park=parcel.park_id).first()
    if plan is None:
        raise ValidationError("请先上传园区平面图。")
    check_outline(points, width=plan.width, height=plan.height)
    parcel.outline = points
    _save(parcel, user=user, reason="绘制宗地轮廓" if points else "清除宗地轮廓")
    return parcel


def notify_late_cases(*, today: date) -> int:
    """Tell those responsible for each open disposal case that is late (逾期, or a step 滞后), once a day: the
    responsible unit's reporters (and its channels), the case's leader and the supervisors; the same people
    who have it on their 今日待办."""
    count = 0
    for row in selectors.with_lights(DisposalCase.objects.filter(closed_on__isnull=True), today=today):
        if row.light.light not in CHASED_CASE_LIGHTS:
            continue
        case = row.case
        unit = case.responsible_unit
        events.tell(events.Notice(
            title=f"闲置土地处置{row.light.label}：{case.parcel}", body=row.light.reason,
            link=reverse("land:parcel_detail", args=[case.parcel_id]),
            users=(*supervisors(), *unit_reporters(unit), *accounts_of(case.leader)),
            units=(unit,) if unit else (), park=case.parcel.park, key=f"disposal-late-{case.pk}-{today.isoformat()}"))
        count += 1
    return count
