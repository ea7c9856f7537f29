"""土地与厂房's figures as named metrics (core.metrics), declared in site.py: what a supervision target
such as "盘活土地350亩以上" or "完成380亩闲置和低效用地的清理整治" is bound to, so its light follows the
处置台账 without anyone reporting it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.urls import reverse

from parkops.core.formatting import plain_number
from parkops.core.metrics import Metric, MetricRecord
from parkops.land import selectors
from parkops.land.choices import SupplyState, UseStatus
from parkops.land.models import Building
from parkops.land.rules import supply_reason, supply_state


def _parcel_url(parcel) -> str:
    return reverse("land:parcel_detail", args=[parcel.pk])


def _revitalised(*, park, year: int, as_of: date):
    return selectors.revitalised_cases(park=park, start=date(year, 1, 1), end=as_of)


def _revitalised_mu(*, park, year: int, as_of: date) -> Decimal | None:
    # A park that keeps no 处置台账 here has recorded nothing (no figure), not 0 亩.
    if not selectors.keeps_cases(park=park):
        return None
    return sum((Decimal(c.revitalised_mu or 0) for c in _revitalised(park=park, year=year, as_of=as_of)), Decimal(0))


def _revitalised_records(*, park, year: int, as_of: date) -> list[MetricRecord]:
    return [MetricRecord(str(case.parcel), _parcel_url(case.parcel), figure=case.revitalised_mu, unit="亩",
                         note=f"{case.closed_on:%Y年%-m月%-d日}{case.method or ''}办结，"
                              f"盘活{plain_number(case.revitalised_mu or 0)}亩"
                              + (f"，现为{case.new_enterprise}" if case.new_enterprise_id else "")
                              + (f"，建设{case.new_project}" if case.new_project_id else ""))
            for case in _revitalised(park=park, year=year, as_of=as_of)]


def _rows(park, as_of: date, status: str):
    rows = selectors.with_findings(selectors.park_parcels(park=park), today=as_of, park=park)
    return [row for row in rows if row.finding.status == status]


def _area(status: str):
    def value(*, park, year: int, as_of: date) -> Decimal:
        return sum((Decimal(row.parcel.area_mu) for row in _rows(park, as_of, status)), Decimal(0))

    def records(*, park, year: int, as_of: date) -> list[MetricRecord]:
        return [MetricRecord(str(row.parcel), _parcel_url(row.parcel), figure=row.parcel.area_mu, unit="亩",
                             note=row.finding.reason) for row in _rows(park, as_of, status)]

    return value, records


def _supply(state: SupplyState):
    """The parcels in a supply state on the day (land.rules.supply_state): their 亩 and the records."""

    def parcels(park, as_of: date):
        return [p for p in selectors.park_parcels(park=park) if supply_state(p, as_of) == state]

    def value(*, park, year: int, as_of: date) -> Decimal:
        return sum((Decimal(p.area_mu) for p in parcels(park, as_of)), Decimal(0))

    def records(*, park, year: int, as_of: date) -> list[MetricRecord]:
        return [MetricRecord(str(p), _parcel_url(p), figure=p.area_mu, unit="亩", note=supply_reason(p, state))
                for p in parcels(park, as_of)]

    return value, records


_supplied_unused_mu, _supplied_unused_records = _supply(SupplyState.SUPPLIED_UNUSED)
_approved_unsupplied_mu, _approved_unsupplied_records = _supply(SupplyState.APPROVED_UNSUPPLIED)


def _factory_vacancy(*, park, year: int, as_of: date) -> Decimal | None:
    rows = selectors.buildings_on(Building.objects.filter(park=park), on=as_of)
    return selectors.factory_totals(rows)[2] if rows else None


def _factory_records(*, park, year: int, as_of: date) -> list[MetricRecord]:
    return [MetricRecord(str(row.building), reverse("land:building_detail", args=[row.building.pk]),
                         figure=row.vacancy_pct, unit="%",
                         note=f"建筑面积{plain_number(row.building.floor_area)}平方米，已出租{plain_number(row.let)}平方米")
            for row in selectors.buildings_on(Building.objects.filter(park=park), on=as_of)]


def _let_sqm(*, park, year: int, as_of: date) -> Decimal | None:
    if not Building.objects.filter(park=park).exists():
        return None
    return sum((lease.area for lease in selectors.leases_started(park=park, start=date(year, 1, 1), end=as_of)),
               Decimal(0))


def _let_records(*, park, year: int, as_of: date) -> list[MetricRecord]:
    return [MetricRecord(str(lease), reverse("land:building_detail", args=[lease.building_id]), figure=lease.area,
                         unit="平方米", note=f"{lease.starts_on:%Y年%-m月%-d日}起租")
            for lease in selectors.leases_started(park=park, start=date(year, 1, 1), end=as_of)]


_idle_value, _idle_records = _area(UseStatus.IDLE)
_inefficient_value, _inefficient_records = _area(UseStatus.INEFFICIENT)

METRICS = (
    Metric("land.revitalised_mu", "盘活土地面积", "亩", _revitalised_mu, _revitalised_records,
           description="本年内办结的处置台账盘活的土地面积合计（返租共管、依法回购、司法拍卖、腾笼换鸟等）"),
    Metric("land.idle_mu", "闲置土地面积", "亩", _idle_value, _idle_records, accumulates=False,
           description="按《闲置土地处置办法》认定为闲置的宗地面积合计（截至当日）"),
    Metric("land.inefficient_mu", "低效用地面积", "亩", _inefficient_value, _inefficient_records, accumulates=False,
           description="已建成但亩均评价为D类或亩均税收低于园区标准的宗地面积合计（截至当日）"),
    Metric("land.approved_unsupplied_mu", "批而未供土地面积", "亩", _approved_unsupplied_mu, _approved_unsupplied_records,
           accumulates=False, description="已批准用地（农用地转用、土地征收）但尚未供地（未签出让合同、未划拨）的宗地面积合计（截至当日）"),
    Metric("land.supplied_unused_mu", "供而未用土地面积", "亩", _supplied_unused_mu, _supplied_unused_records,
           accumulates=False, description="已交地但尚未开工的宗地面积合计（截至当日）"),
    Metric("land.factory_vacancy_pct", "标准厂房空置率", "%", _factory_vacancy, _factory_records, accumulates=False,
           description="标准厂房未出租面积占建筑面积的比重（截至当日）"),
    Metric("land.factory_let_sqm", "盘活厂房面积", "平方米", _let_sqm, _let_records,
           description="本年内新起租的标准厂房面积合计（企业租赁厂房入驻）"),
)
