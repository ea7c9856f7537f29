"""Reads of 土地与厂房 that are more than a filter: parcels with their use found by rule, the disposal
board by method and light, the year's 盘活. Each reads in a fixed number of queries, whatever the
number of parcels."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse

from parkops.core.formatting import share_pct
from parkops.economy import selectors as economy_selectors
from parkops.investment.contracts import behind_contract
from parkops.land.choices import USE_STATUS_COLOURS, CaseLight, SupplyState, UseStatus
from parkops.land.lights import CaseLightFinding, case_light
from parkops.land.models import (
    Building,
    DisposalCase,
    DisposalMethod,
    FactoryUnit,
    LandRules,
    Lease,
    Parcel,
    ParkPlan,
)
from parkops.land.plans import FILLS, points_text
from parkops.land.rules import (
    Efficiency,
    Finding,
    Revitalised,
    Thresholds,
    find_use,
    supply_reason,
    supply_state,
)


def thresholds_for(park) -> Thresholds:
    """The park (or its id)'s LandRules over settings.LAND_RULES."""
    defaults = settings.LAND_RULES
    park_id = getattr(park, "pk", park)
    own = LandRules.objects.filter(park_id=park_id).first() if park_id is not None else None
    suspect = own.suspect_days if own and own.suspect_days is not None else defaults.get("suspect_days", 90)
    floor = own.tax_per_mu_floor if own and own.tax_per_mu_floor is not None else defaults.get("tax_per_mu_floor")
    return Thresholds(suspect_days=int(suspect), tax_per_mu_floor=None if floor is None else Decimal(floor))


def parcel_listing(parcels: QuerySet[Parcel]) -> QuerySet[Parcel]:
    """What a list of parcels shows of each, in one query."""
    return parcels.select_related("zone", "holder", "key_project", "case", "case__method",
                                  "case__responsible_unit", "case__leader").order_by("location", "pk")


@dataclass
class ParcelRow:
    parcel: Parcel
    finding: Finding
    supply: SupplyState | None = None  # 批而未供 / 供而未用 on the day (rules.supply_state)

    @property
    def supply_reason(self) -> str:
        return supply_reason(self.parcel, self.supply) if self.supply else ""

    @property
    def case(self) -> DisposalCase | None:
        return getattr(self.parcel, "case", None)


def _revitalised(parcel: Parcel) -> Revitalised | None:
    case = getattr(parcel, "case", None)
    if case is None or case.closed_on is None:
        return None
    return Revitalised(case.closed_on, str(case.method or "处置"), case.revitalised_mu)


def with_findings(parcels, *, today: date, park=None) -> list[ParcelRow]:
    """Each parcel with its use status on `today` (land.rules): one query for the parcels, one for the
    holders' 亩均 results, one for the park's thresholds."""
    parcels = list(parcels)
    if not parcels:
        return []
    thresholds = thresholds_for(park if park is not None else parcels[0].park_id)
    holders = {p.holder_id for p in parcels if p.holder_id}
    results = economy_selectors.latest_permu_results(enterprise_ids=holders) if holders else {}
    rows = []
    for parcel in parcels:
        found = results.get(parcel.holder_id)
        efficiency = Efficiency(*found) if found else None
        rows.append(ParcelRow(parcel, find_use(parcel, today=today, thresholds=thresholds, efficiency=efficiency,
                                               revitalised=_revitalised(parcel)), supply_state(parcel, today)))
    return rows


def finding_for(parcel: Parcel, *, today: date) -> Finding:
    return with_findings([parcel], today=today, park=parcel.park)[0].finding


@dataclass
class StatusTotal:
    status: UseStatus
    count: int = 0
    mu: Decimal = Decimal(0)

    @property
    def colour(self) -> str:
        return USE_STATUS_COLOURS[self.status]


def status_totals(rows: list[ParcelRow]) -> list[StatusTotal]:
    """Parcels and 亩 by use status, the most urgent first."""
    totals = {status: StatusTotal(status) for status in UseStatus}
    for row in rows:
        total = totals[row.finding.status]
        total.count += 1
        total.mu += Decimal(row.parcel.area_mu)
    return list(totals.values())


@dataclass
class SupplyTotal:
    state: SupplyState
    count: int = 0
    mu: Decimal = Decimal(0)


def supply_totals(rows: list[ParcelRow]) -> list[SupplyTotal]:
    """Parcels and 亩 批而未供 and 供而未用, in that order."""
    totals = {state: SupplyTotal(state) for state in SupplyState}
    for row in rows:
        if row.supply:
            totals[row.supply].count += 1
            totals[row.supply].mu += Decimal(row.parcel.area_mu)
    return list(totals.values())


def park_parcels(*, park) -> QuerySet[Parcel]:
    return parcel_listing(Parcel.objects.filter(park=park))


# --- disposal cases ------------------------------------------------------------------------------------


def case_listing(cases: QuerySet[DisposalCase]) -> QuerySet[DisposalCase]:
    return (cases.filter(parcel__deleted_at__isnull=True)
            .select_related("parcel", "parcel__holder", "method", "responsible_unit", "leader", "new_enterprise",
                            "new_project")
            .prefetch_related("steps").order_by("deadline", "pk"))


@dataclass
class CaseRow:
    case: DisposalCase
    light: CaseLightFinding


@dataclass
class MethodColumn:
    name: str
    rows: list[CaseRow] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def mu(self) -> Decimal:
        return sum((Decimal(r.case.parcel.area_mu) for r in self.rows), Decimal(0))

    @property
    def revitalised_mu(self) -> Decimal:
        return sum((Decimal(r.case.revitalised_mu or 0) for r in self.rows), Decimal(0))


NO_METHOD = "未定处置方式"


def with_lights(cases: QuerySet[DisposalCase], *, today: date) -> list[CaseRow]:
    return [CaseRow(case, case_light(case, today=today, steps=case.steps.all())) for case in case_listing(cases)]


def disposal_board(cases: QuerySet[DisposalCase], *, park, today: date,
                   light: str = "") -> tuple[list[MethodColumn], dict[str, int]]:
    """The cases by method (the park's methods in order, cases without one last) and the count of each
    light; `light` keeps one light's cases only."""
    rows = with_lights(cases, today=today)
    counts = {value: 0 for value in CaseLight.values}
    for row in rows:
        counts[row.light.light] += 1
    columns = {method.name: MethodColumn(method.name) for method in DisposalMethod.objects.filter(park=park)}
    for row in rows:
        if light and row.light.light != light:
            continue
        name = row.case.method.name if row.case.method_id else NO_METHOD
        columns.setdefault(name, MethodColumn(name)).rows.append(row)
    return list(columns.values()), counts


def keeps_cases(*, park) -> bool:
    return DisposalCase.objects.filter(parcel__park=park, parcel__deleted_at__isnull=True).exists()


def revitalised_cases(*, park, start: date, end: date) -> list[DisposalCase]:
    """The cases closed within [start, end] with land in use again, in the order closed."""
    return list(DisposalCase.objects.filter(parcel__park=park, parcel__deleted_at__isnull=True,
                                            closed_on__gte=start, closed_on__lte=end)
                .select_related("parcel", "parcel__holder", "method", "new_enterprise", "new_project")
                .order_by("closed_on", "pk"))


def revitalised_by_method(cases: list[DisposalCase]) -> list[tuple[str, Decimal, int]]:
    """(method, 亩, cases) for the cases given, the largest first."""
    mu: dict[str, Decimal] = defaultdict(Decimal)
    count: dict[str, int] = defaultdict(int)
    for case in cases:
        name = case.method.name if case.method_id else NO_METHOD
        mu[name] += Decimal(case.revitalised_mu or 0)
        count[name] += 1
    return sorted(((name, mu[name], count[name]) for name in mu), key=lambda item: (-item[1], item[0]))


# --- standard factories ---------------------------------------------------------------------------


@dataclass
class BuildingRow:
    building: Building
    let: Decimal  # ㎡ let on the day
    in_force: list[Lease]
    units: list[FactoryUnit] = field(default_factory=list)
    let_unit_ids: set[int] = field(default_factory=set)

    @property
    def lettable(self) -> Decimal:
        """The space to let: the units' area in a building divided into units, else its floor area."""
        if self.units:
            return sum((unit.area for unit in self.units), Decimal(0))
        return Decimal(self.building.floor_area)

    @property
    def vacant(self) -> Decimal:
        return max(self.lettable - self.let, Decimal(0))

    @property
    def occupancy_pct(self) -> Decimal | None:
        return share_pct(self.let, self.lettable)

    @property
    def vacancy_pct(self) -> Decimal | None:
        return share_pct(self.vacant, self.lettable)

    @property
    def vacant_units(self) -> list[FactoryUnit]:
        return [unit for unit in self.units if unit.pk not in self.let_unit_ids]


def buildings_on(buildings: QuerySet[Building], *, on: date) -> list[BuildingRow]:
    """Each building with the space let on `on` and its leases in force, in a fixed number of queries for
    any number: in a building divided into units, the units let (each counted once); else the leases' areas."""
    rows = []
    for building in (buildings.select_related("zone", "parcel")
                     .prefetch_related("units", "leases__enterprise", "leases__units").order_by("name")):
        in_force = [lease for lease in building.leases.all() if lease.in_force(on)]
        units = list(building.units.all())
        if units:
            let_ids = {unit.pk for lease in in_force for unit in lease.units.all()}
            let = sum((unit.area for unit in units if unit.pk in let_ids), Decimal(0))
            rows.append(BuildingRow(building, let, in_force, units, let_ids))
        else:
            rows.append(BuildingRow(building, sum((lease.area for lease in in_force), Decimal(0)), in_force))
    return rows


def factory_totals(rows: list[BuildingRow]) -> tuple[Decimal, Decimal, Decimal | None]:
    """(可出租面积, 已出租面积, 空置率 %) of the buildings: a building divided into units counts its units."""
    area = sum((row.lettable for row in rows), Decimal(0))
    let = sum((row.let for row in rows), Decimal(0))
    return area, let, share_pct(area - let, area) if area else None


def leases_started(*, park, start: date, end: date) -> list[Lease]:
    """The leases that began within [start, end]: the factory space put to use (盘活闲置厂房)."""
    return list(Lease.objects.filter(building__park=park, starts_on__gte=start, starts_on__lte=end)
                .select_related("building").order_by("starts_on", "pk"))


@dataclass
class FactoryUsage:
    """The 标准厂房使用情况表's figures: each building on the day with its leases in force, the totals, and
    the space put to use this year (盘活闲置厂房: the leases begun since 1 January)."""

    on: date
    rows: list[BuildingRow]
    area: Decimal
    let: Decimal
    vacancy_pct: Decimal | None
    started: list[Lease]

    @property
    def floor_area(self) -> Decimal:
        """The buildings' floor area: `area` is the space to let (a building divided into units, its units)."""
        return sum((Decimal(row.building.floor_area) for row in self.rows), Decimal(0))

    @property
    def vacant(self) -> Decimal:
        return max(self.area - self.let, Decimal(0))

    @property
    def occupancy_pct(self) -> Decimal | None:
        return share_pct(self.let, self.area) if self.area else None

    @property
    def revitalised_sqm(self) -> Decimal:
        return sum((lease.area for lease in self.started), Decimal(0))

    @property
    def tenants(self) -> int:
        return sum(len(row.in_force) for row in self.rows)


def factory_usage(*, park, on: date) -> FactoryUsage:
    """The park's standard factories as the 标准厂房使用情况表 prints them (reports.builtin.factory_usage), in
    a fixed number of queries."""
    rows = buildings_on(Building.objects.filter(park=park), on=on)
    area, let, vacancy = factory_totals(rows)
    return FactoryUsage(on, rows, area, let, vacancy, leases_started(park=park, start=date(on.year, 1, 1), end=on))


@dataclass
class LedgerRow:
    row: ParcelRow
    light: CaseLightFinding | None


def disposal_ledger(*, park, today: date) -> list[LedgerRow]:
    """The park's parcels with their use found by rule and their case's light: the 处置台账 the report
    centre prints (reports.builtin.land_disposal), in a fixed number of queries."""
    parcels = park_parcels(park=park).prefetch_related("case__steps")
    rows = with_findings(parcels, today=today, park=park)
    return [LedgerRow(row, case_light(row.case, today=today, steps=row.case.steps.all()) if row.case else None)
            for row in rows]


@dataclass
class ContractCandidate:
    """A 招商 project behind its contract, and the parcels its enterprise holds in the park."""

    name: str
    url: str
    reason: str
    parcels: list[Parcel]


def reclamation_candidates(*, park, today: date) -> list[ContractCandidate]:
    """清闲促建 from 履约监管: the signed projects in red (investment.contracts.behind_contract, a hand-over
    .importlinter names), each with the parcels its registered enterprise holds here, with their cases."""
    rows = behind_contract(park=park, today=today)
    holders = {row.project.enterprise_id for row in rows if row.project.enterprise_id}
    held: dict[int, list[Parcel]] = defaultdict(list)
    for parcel in Parcel.objects.filter(park=park, holder_id__in=holders).select_related("case").order_by("location"):
        held[parcel.holder_id].append(parcel)
    return [ContractCandidate(row.project.name, reverse("investment:project_detail", args=[row.project.pk]),
                              row.light.reason, held.get(row.project.enterprise_id, []))
            for row in rows]


# --- the park's plan ---------------------------------------------------------------------------------


@dataclass
class PlanShape:
    """A parcel's outline as the plan draws it: its points as SVG writes them, filled in its light's colour."""

    row: ParcelRow

    @property
    def points(self) -> str:
        return points_text(self.row.parcel.outline)

    @property
    def fill(self) -> str:
        return FILLS[self.row.finding.colour]

    @property
    def centre(self) -> tuple[int, int]:
        """Where its label goes: the mean of its points."""
        points = self.row.parcel.outline
        return (round(sum(x for x, _ in points) / len(points)), round(sum(y for _, y in points) / len(points)))


def park_plan(*, park) -> ParkPlan | None:
    return ParkPlan.objects.filter(park=park).first()


def plan_shapes(rows: list[ParcelRow]) -> list[PlanShape]:
    """The parcels drawn on the plan (those with an outline), the most urgent last so they lie on top."""
    order = {status: index for index, status in enumerate(UseStatus)}
    drawn = [row for row in rows if row.parcel.outline]
    return [PlanShape(row) for row in sorted(drawn, key=lambda row: -order[row.finding.status])]
