"""小升规培育库: the enterprises not yet 规上 that are near enough to the line to be helped across it
this year. The one home of the pool's rule; the page and the reports call cultivation_pool().

The rule, for the park's latest month with revenue figures (P):
- the enterprise is active and not 规上 in P (its ScaleMembership says so);
- its own latest 1-N月 figure of the year (主营业务收入, the statistics bureau's 规上 measure, or 营业收入
  where it reports only that) is annualised as cumulative ÷ N × 12;
- it is in the pool when the annualised figure reaches the line (2000万元) less the distance, or when its
  year-on-year growth would take it over the line this year (annualised × (1 + growth) ≥ 2000万元, the
  growth being 1-N月 against last year's 1-N月).
An enterprise whose annualised figure is already over the line stays in the pool (it is the one to
declare for 入规 next), with no gap left.

The distance has no home in the models: the page takes it as a form value, DEFAULT_DISTANCE_WAN unless
set. Amounts are in 万元 as everywhere.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Max, Q

from parkops.core.formatting import growth_pct, plain_number, round2
from parkops.core.periods import cumulative_label, period_label
from parkops.economy.catalogue import CATALOGUE
from parkops.economy.models import Enterprise, IndicatorValue, ScaleMembership
from parkops.economy.registry import scale_at
from parkops.org.models import Park

POOL_THRESHOLD_WAN = Decimal(2000)  # 规上工业企业: annual main-business revenue of 2000万元 or more
DEFAULT_DISTANCE_WAN = Decimal(500)
# 主营业务收入 first: it is what 规上 is measured on.
REVENUE_CODES = ("main_revenue", "revenue")
_NAMES = {entry.code: entry.name for entry in CATALOGUE}


def annualise(cumulative: Decimal, period: date) -> Decimal:
    """1-N月 → a full year at the same pace: cumulative ÷ N × 12, two decimals."""
    return round2(cumulative / period.month * 12)


@dataclass
class Candidate:
    enterprise: Enterprise
    indicator: str  # the catalogue code the figures are of
    period: date  # the enterprise's latest month
    cumulative: Decimal
    annualised: Decimal
    last_year: Decimal | None  # last year's 1-N月, for the growth
    projected: Decimal | None  # annualised × (1 + growth)
    within_distance: bool
    fast_growing: bool
    trend: list[tuple[date, Decimal]] = field(default_factory=list)  # this year's 1-N月 figures
    last_year_trend: list[tuple[date, Decimal]] = field(default_factory=list)

    @property
    def indicator_name(self) -> str:
        return _NAMES[self.indicator]

    @property
    def months(self) -> str:
        return cumulative_label(self.period)

    @property
    def growth(self) -> Decimal | None:
        return growth_pct(self.cumulative, self.last_year) if self.last_year else None

    @property
    def gap(self) -> Decimal:
        """How far the annualised figure is below the line; 0 once it is over."""
        return max(POOL_THRESHOLD_WAN - self.annualised, Decimal("0.00"))

    @property
    def reasons(self) -> list[str]:
        reasons = []
        if self.annualised >= POOL_THRESHOLD_WAN:
            reasons.append("按目前进度全年可达规模")
        elif self.within_distance:
            reasons.append("接近规上标准")
        if self.fast_growing:
            reasons.append("按同比增速推算全年可达规模")
        return reasons


@dataclass
class Pool:
    park: Park
    period: date | None  # the park's latest month with revenue figures
    distance: Decimal
    candidates: list[Candidate]
    threshold: Decimal = POOL_THRESHOLD_WAN

    @property
    def floor(self) -> Decimal:
        return self.threshold - self.distance

    @property
    def rule(self) -> str:
        month = f"{period_label(self.period)}" if self.period else "最近月份"
        return (f"{month}未纳入规上统计的企业中，1-N月主营业务收入（未报送的取营业收入）折算全年（累计÷N×12）"
                f"达到{plain_number(self.floor)}万元（规上标准{plain_number(self.threshold)}万元减去距离"
                f"{plain_number(self.distance)}万元），或按同比增速推算全年（折算全年×（1+增速））"
                f"可达{plain_number(self.threshold)}万元的，列入培育库。")


def latest_period(park: Park) -> date | None:
    latest = IndicatorValue.objects.filter(enterprise__park=park, indicator__code__in=REVENUE_CODES).aggregate(
        Max("period"))
    return latest["period__max"]


def scale_enterprise_ids(park: Park, period: date) -> set[int]:
    """The park's enterprises that are 规上 in the month."""
    return set(ScaleMembership.objects.filter(scale_at(period), enterprise__park=park)
               .values_list("enterprise_id", flat=True))


def cultivation_pool(*, park: Park, distance: Decimal = DEFAULT_DISTANCE_WAN, period: date | None = None) -> Pool:
    """The pool as of the park's latest month (or the one given), biggest first; four queries in all."""
    period = period or latest_period(park)
    if period is None:
        return Pool(park, None, distance, [])
    year = period.year
    # series[enterprise][code][period] = cumulative, this year and last up to the same month.
    series: dict[int, dict[str, dict[date, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    values = IndicatorValue.objects.filter(
        enterprise__park=park, enterprise__is_active=True, indicator__code__in=REVENUE_CODES,
    ).filter(Q(period__gte=date(year, 1, 1), period__lte=period)
             | Q(period__gte=date(year - 1, 1, 1), period__lte=date(year - 1, period.month, 1)))
    for enterprise_id, code, month, cumulative in values.values_list("enterprise_id", "indicator__code", "period",
                                                                      "cumulative"):
        series[enterprise_id][code][month] = cumulative
    scale = scale_enterprise_ids(park, period)
    floor = POOL_THRESHOLD_WAN - distance

    found = {}
    for enterprise_id, by_code in series.items():
        if enterprise_id not in scale:
            measured = _measure(by_code, year=year, floor=floor)
            if measured is not None:
                found[enterprise_id] = measured
    enterprises = Enterprise.objects.in_bulk(list(found))
    candidates = [Candidate(enterprise=enterprises[pk], **measured) for pk, measured in found.items()]
    candidates.sort(key=lambda c: (-c.annualised, c.enterprise.name))
    return Pool(park, period, distance, candidates)


def _measure(by_code: dict[str, dict[date, Decimal]], *, year: int, floor: Decimal) -> dict | None:
    """A candidate's figures, or None when the enterprise is neither near the line nor growing over it."""
    for code in REVENUE_CODES:
        this_year = {month: amount for month, amount in by_code.get(code, {}).items() if month.year == year}
        if this_year:
            break
    else:
        return None
    latest = max(this_year)
    cumulative = this_year[latest]
    annualised = annualise(cumulative, latest)
    last_year = by_code[code].get(date(year - 1, latest.month, 1))
    projected = round2(annualised * cumulative / last_year) if last_year and last_year > 0 else None
    within = annualised >= floor
    fast = projected is not None and projected >= POOL_THRESHOLD_WAN
    if not (within or fast):
        return None
    return {
        "indicator": code, "period": latest, "cumulative": cumulative, "annualised": annualised,
        "last_year": last_year, "projected": projected, "within_distance": within, "fast_growing": fast,
        "trend": sorted(this_year.items()),
        "last_year_trend": sorted((m, a) for m, a in by_code[code].items() if m.year == year - 1),
    }
