"""Enterprises and their monthly figures built in code for the figures tests, written the way every
writer writes them (services.record_values), and the figures expected from them computed in plain
Python, independently of the ORM and of economy.figures."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO, StringIO
from pathlib import Path

from django.core.management import call_command
from openpyxl import Workbook

from parkops.core.periods import cumulative_label
from parkops.economy import services
from parkops.economy.catalogue import CODES
from parkops.economy.models import Enterprise, Indicator, ScaleMembership
from parkops.testing.factories import EnterpriseFactory, IndustryChainFactory, ZoneFactory, month

FOUR = Decimal("0.0001")
TWO = Decimal("0.01")
LEVEL_CODES = {"employees"}  # reported as a level, not 1-N月


def months(first: date, last: date) -> list[date]:
    periods, current = [], first
    while current <= last:
        periods.append(current)
        current = month(current.year + 1, 1) if current.month == 12 else month(current.year, current.month + 1)
    return periods


def enterprise(park, name: str, *, chain=None, zone=None, entered: date | None = date(2020, 1, 1),
               left: date | None = None) -> Enterprise:
    """An enterprise of the park, 规上 from `entered` (to `left`, when it left)."""
    made = EnterpriseFactory(park=park, name=name, chain=chain, zone=zone)
    if entered is not None:
        ScaleMembership.objects.create(enterprise=made, entered_period=entered, left_period=left)
    return made


def record(park, period: date, figures: dict[Enterprise, dict[str, Decimal | int | str]]) -> None:
    """One month's sheet: {enterprise: {indicator code: 1-N月 figure}}."""
    ids = dict(Indicator.objects.values_list("code", "pk"))
    services.record_values(park=park, period=period, source="测试", rows=[
        services.Reported(made.pk, ids[code], Decimal(value))
        for made, values in figures.items() for code, value in values.items()
    ])


# ---------------------------------------------------------------------------------------------------
# Two years of a park, generated


@dataclass
class Plan:
    """One generated enterprise: where it belongs, when it is 规上, and its 1-N月 figures by (code, period)."""

    name: str
    chain: str | None
    zone: str | None
    memberships: list[tuple[date, date | None]]
    reported: dict[tuple[str, date], Decimal] = field(default_factory=dict)
    leading: bool = False
    pk: int | None = None


CHAINS = {"装备制造": True, "有色金属": True, "电子信息": True, "纺织服装": False}
ALWAYS = [(date(2018, 1, 1), None)]
YEAR1, YEAR2 = 2024, 2025
ALL_MONTHS = months(month(YEAR1, 1), month(YEAR2, 12))
GENERATED_CODES = ("revenue", "profit", "tax", "employees")


def _story() -> list[tuple[str, str | None, str | None, list, list[date], dict]]:
    """(name, chain, zone, memberships, months reported, {code: months reported when not all})."""
    year2 = months(month(YEAR2, 1), month(YEAR2, 12))
    return [
        ("江西德安装备一厂", "装备制造", "北区", ALWAYS, ALL_MONTHS, {}),
        ("德安重工", "装备制造", "南区", ALWAYS, ALL_MONTHS, {}),
        ("赣北铜业", "有色金属", "北区", ALWAYS, ALL_MONTHS, {}),
        # Reports its tax only from year 2: no 同口径 base for tax.
        ("德安锂业", "有色金属", "南区", ALWAYS, ALL_MONTHS, {"tax": year2}),
        # Misses May of year 2: not reporting then, and no month value for June.
        ("乾照光电", "电子信息", "北区", ALWAYS, [p for p in ALL_MONTHS if p != month(YEAR2, 5)], {}),
        ("华兴纺织", "纺织服装", "南区", ALWAYS, ALL_MONTHS, {}),
        # Enters 规上 in March of year 2, with a year 1 figures reported while it was below the line.
        ("锦绣服饰", "纺织服装", "北区", [(month(YEAR2, 3), None)], ALL_MONTHS, {}),
        # Enters 规上 in March of year 2 and first reports then: 1-3月, no month before it.
        ("维科电池", "电子信息", "南区", [(month(YEAR2, 3), None)], months(month(YEAR2, 3), month(YEAR2, 12)), {}),
        # Leaves 规上 in July of year 2 but its figures still arrive until September.
        ("德安机械", "装备制造", "北区", [(date(2019, 1, 1), month(YEAR2, 7))],
         months(month(YEAR1, 1), month(YEAR2, 9)), {}),
        # 规上 throughout but missing from year 1 entirely; no chain and no zone.
        ("宏达新材", None, None, ALWAYS, year2, {}),
        # Enters 规上 in June of year 1 and first reports then.
        ("赣鑫铝业", "有色金属", "南区", [(month(YEAR1, 6), None)], months(month(YEAR1, 6), month(YEAR2, 12)), {}),
        # Leaves 规上 in October of year 1 and stops reporting: only ever in the year-1 base.
        ("德安棉纺", "纺织服装", "北区", [(date(2018, 1, 1), month(YEAR1, 10))], months(month(YEAR1, 1), month(YEAR1, 9)),
         {}),
    ]


def generate(seed: int = 20251130) -> list[Plan]:
    """The plans with their 1-N月 figures: four decimals, a month's own amounts drawn at random and
    accumulated from January (an entrant's first report includes the months before it reported)."""
    rng = random.Random(seed)
    plans = []
    for name, chain, zone, memberships, reported_months, only in _story():
        plan = Plan(name, chain, zone, memberships, leading=bool(chain and CHAINS[chain]))
        for code in GENERATED_CODES:
            running = Decimal(0)
            for period in ALL_MONTHS:
                if period.month == 1:
                    running = Decimal(0)
                if code == "employees":
                    running = Decimal(rng.randint(50, 900))
                else:
                    low, high = {"revenue": (300, 40000), "profit": (-800, 3000), "tax": (10, 1500)}[code]
                    running += Decimal(rng.randint(low * 10000, high * 10000)) / 10000
                if period in reported_months and period in only.get(code, ALL_MONTHS):
                    plan.reported[(code, period)] = running
        plans.append(plan)
    return plans


def build(park, plans: list[Plan], *, sheets_in: Path | None = None) -> dict[str, Enterprise]:
    """The enterprises, chains, zones and memberships of the plans, and every month's figures in month
    order, as the monthly imports arrive: through record_values, or, given a folder, as the statistics
    bureau's sheets (money in 元) imported with `parkops import-indicators`."""
    chains = {name: IndustryChainFactory(park=park, name=name, is_leading=leading) for name, leading in CHAINS.items()}
    zones = {name: ZoneFactory(park=park, name=name) for name in ("北区", "南区")}
    made = {}
    for plan in plans:
        made[plan.name] = enterprise(park, plan.name, chain=chains.get(plan.chain), zone=zones.get(plan.zone),
                                     entered=None)
        plan.pk = made[plan.name].pk
        ScaleMembership.objects.bulk_create(ScaleMembership(enterprise=made[plan.name], entered_period=entered,
                                                            left_period=left) for entered, left in plan.memberships)
    for period in ALL_MONTHS:
        figures = {made[plan.name]: {code: value for (code, when), value in plan.reported.items() if when == period}
                   for plan in plans if any(when == period for _, when in plan.reported)}
        if sheets_in is None:
            record(park, period, figures)
        else:
            path = sheets_in / f"规上工业{period:%Y年%m月}.xlsx"
            path.write_bytes(bureau_sheet(period, figures))
            call_command("import_indicators", str(path), "--period", f"{period:%Y-%m}", stdout=StringIO(),
                         stderr=StringIO())
    return made


SHEET_HEADER = ["序号", "统一社会信用代码", "详细名称", "营业收入（元）", "利润总额（元）", "实缴税金（元）",
                "从业人员期末人数（人）"]
SHEET_CODES = ("revenue", "profit", "tax", "employees")


def bureau_sheet(period: date, figures: dict[Enterprise, dict[str, Decimal]]) -> bytes:
    """One month as the bureau sends it: a title, a header with the units, money in 元 (万元 × 10000,
    whole yuan for figures kept to four places of 万元), a blank where a figure was not reported."""
    book = Workbook()
    sheet = book.active
    sheet.append([f"{period.year}年{cumulative_label(period)}规模以上工业企业主要经济指标"])
    sheet.append(SHEET_HEADER)
    for number, (made, values) in enumerate(figures.items(), start=1):
        cells = []
        for code in SHEET_CODES:
            value = values.get(code)
            cells.append(None if value is None else int(value) if code in LEVEL_CODES else int(value * 10000))
        sheet.append([number, made.credit_code, made.name, *cells])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------------
# The figures expected, in plain Python


def is_scale(plan: Plan, period: date) -> bool:
    return any(entered <= period and (left is None or period < left) for entered, left in plan.memberships)


def reporting(plans: Iterable[Plan], period: date) -> list[Plan]:
    return [p for p in plans if is_scale(p, period) and any(when == period for _, when in p.reported)]


def own_month(plan: Plan, code: str, period: date) -> Decimal | None:
    cumulative = plan.reported.get((code, period))
    if cumulative is None:
        return None
    if code in LEVEL_CODES or period.month == 1:
        return cumulative
    before = plan.reported.get((code, month(period.year, period.month - 1)))
    return None if before is None else cumulative - before


def _growth(now: Decimal, base: Decimal) -> str | None:
    if not base:
        return None
    return str(((now / base - 1) * 100).quantize(TWO, rounding=ROUND_HALF_UP))


def _total(amounts: list[Decimal]) -> str | None:
    return str(sum(amounts, Decimal(0)).quantize(FOUR)) if amounts else None


def expected_summary(plans: list[Plan], period: date, *, chain: str | None = None, zone: str | None = None) -> dict:
    """The JSON `economy-summary` should print for these plans, worked out by hand."""
    chosen = [p for p in plans if (chain is None or p.chain == chain) and (zone is None or p.zone == zone)]
    now, then = reporting(chosen, period), reporting(chosen, month(period.year - 1, period.month))
    before = month(period.year - 1, period.month)
    indicators = {}
    for code in CODES:
        current = [p.reported[(code, period)] for p in now if (code, period) in p.reported]
        months_known = [m for p in now if (m := own_month(p, code, period)) is not None]
        base = [p.reported[(code, before)] for p in then if (code, before) in p.reported]
        paired = [p for p in now if (code, period) in p.reported and (code, before) in p.reported]
        same_now = sum((p.reported[(code, period)] for p in paired), Decimal(0))
        same_then = sum((p.reported[(code, before)] for p in paired), Decimal(0))
        indicators[code] = {
            "cumulative": _total(current),
            "month": _total(months_known),
            "yoy_pct": _growth(sum(current, Decimal(0)), sum(base, Decimal(0))) if current else None,
            "yoy_same_basis_pct": _growth(same_now, same_then) if paired else None,
        }
    revenue = [p for p in now if ("revenue", period) in p.reported]
    total = sum((p.reported[("revenue", period)] for p in revenue), Decimal(0))
    leading = sum((p.reported[("revenue", period)] for p in revenue if p.leading), Decimal(0))
    return {
        "period": f"{period:%Y-%m}",
        "enterprises": len(now),
        "new_enterprises": sum(1 for p in now if any(
            entered <= period and (left is None or period < left) and entered.year == period.year
            for entered, left in p.memberships)),
        "leading_share_pct": str((leading / total * 100).quantize(TWO, rounding=ROUND_HALF_UP)) if total else None,
        "indicators": indicators,
    }
