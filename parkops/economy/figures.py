"""经济运行 figures: every economic figure of a park, a zone, a chain or any set of its enterprises for a
month is computed here and nowhere else. The dashboard, the wall, the report centre, the API and
`parkops economy-summary` all call these functions.

The contract
============
- A period P is the first day of a month; figures for P are the year's cumulative to its end (1-N月).
- 规上 in P: the enterprise has a ScaleMembership with entered_period <= P and (left_period is None or
  P < left_period).
- Reporting in P: in the scope (the park, and the zone, the chain or the Enterprise queryset asked for),
  规上 in P, and at least one IndicatorValue for P.
- enterprises: how many enterprises report in P. new_enterprises: those of them whose membership
  covering P began in P's year (今年新入规).
- cumulative: Σ of the values for P over the reporting enterprises; None when none of them reported
  the indicator.
- month: Σ of the month's own values (IndicatorValue.month_value) over the reporting enterprises whose
  month value is known. An enterprise first reporting after January (新入规 in March reports 1-3月)
  has none: its figure counts in cumulative and not in month, so a month is never inflated by the
  months before an entrant joined. month_enterprises says how many enterprises the month covers.
  None when no reporting enterprise has a month value.
- yoy_pct (all reporting): Σ cum(P) over the enterprises reporting in P ÷ Σ cum(P−12 months) over the
  enterprises reporting in P−12 in the same scope, − 1, × 100.
- yoy_same_basis_pct (同口径, the statistics bureau's figure): over the enterprises reporting in P that
  have a value of the indicator for P−12 (规上 then or not): Σ cum(P) ÷ Σ cum(P−12) − 1, × 100.
  Both are rounded half-up to two decimals and None when the base is 0 or missing. A negative base (a
  loss a year ago) goes through the same formula.
- Closed months: a month the park has closed (PeriodClose) is read from what the close took
  (closed_cumulative, closed_month_value; a value without closed_cumulative arrived after the close
  and is not part of the month), so a closed month never drifts; the month a year earlier too when
  it is closed. `revised` says corrections arrived after the close. value_columns() is the one place
  that chooses. Scale memberships are read as they are now.
- An indicator reported as a level (employees, is_cumulative=False): cumulative and month are both
  the sum of the levels at P.
- Leading share: Σ over the reporting enterprises whose chain is a leading one (主导产业) ÷ the total,
  × 100, two decimals; in 主营业务收入 when the scope reports it for P, otherwise in 营业收入.
- Target: the park's IndicatorTarget for P's year. completion_pct = cumulative ÷ amount × 100;
  target_growth_pct is the target's growth rate, to read beside yoy. Targets belong to the whole park:
  a summary of a zone, a chain or a set of enterprises has none.
- Breakdowns by chain, by zone and by enterprise take the enterprise's chain and zone as they are now,
  for this year and the year before alike.

Money is in 万元, Decimal with the four places it is stored with; percentages are Decimal to two places.
Every figure set is read in a fixed number of aggregate queries, whatever the number of enterprises.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DateField,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import Expression

from parkops.core.formatting import (
    format_money,
    format_pct,
    format_quantity,
    growth_pct,
    growth_phrase,
    share_pct,
)
from parkops.core.periods import cumulative_label, period_key, period_label
from parkops.economy.models import (
    AMOUNT,
    Enterprise,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    IndustryChain,
    PeriodClose,
    ScaleMembership,
)
from parkops.economy.registry import scale_at
from parkops.org.models import Park, Zone

FOUR_PLACES = Decimal("0.0001")
LEADING_SHARE_CODES = ("main_revenue", "revenue")  # the first the scope reports is the one the share is of
OPENING_CODES = ("revenue", "output", "profit", "tax", "rnd")  # what the 工作总结 open with, in their order
NO_CHAIN = "未填写产业链"
NO_ZONE = "未分片区"
CHINESE_COUNTS = "一两三四五六七八九十"  # 两大主导产业, 三大主导产业
# The wording the 工作总结 use where it differs from the catalogue's name ("实缴税收1.52亿元").
REPORT_NAMES = {"tax": "实缴税收"}


# ---------------------------------------------------------------------------------------------------
# Scope and the choice of columns


@dataclass(frozen=True)
class Scope:
    """What the figures are of: the park, narrowed to a zone, a chain and/or a queryset of enterprises."""

    park: Park
    zone: Zone | None = None
    chain: IndustryChain | None = None
    enterprises: QuerySet[Enterprise] | None = None

    @property
    def is_whole_park(self) -> bool:
        return self.zone is None and self.chain is None and self.enterprises is None

    @property
    def name(self) -> str:
        """How a sentence names it: "园区", "北区", "装备制造", "北区装备制造"."""
        parts = [self.zone.name if self.zone else "", self.chain.name if self.chain else ""]
        return "".join(parts) or "园区"

    def queryset(self) -> QuerySet[Enterprise]:
        enterprises = Enterprise.objects.filter(park=self.park)
        if self.zone is not None:
            enterprises = enterprises.filter(zone=self.zone)
        if self.chain is not None:
            enterprises = enterprises.filter(chain=self.chain)
        if self.enterprises is not None:
            enterprises = enterprises.filter(pk__in=self.enterprises.order_by().values("pk"))
        return enterprises.order_by()


@dataclass(frozen=True)
class Columns:
    """Which figures of an IndicatorValue a month is read from, and which values belong to it."""

    cumulative: F | Expression
    month: F | Expression
    belongs: Q


def value_columns(closed: Collection[date]) -> Columns:
    """The one place that decides between the live figures and what a close took: in a closed month
    closed_cumulative / closed_month_value, and only the values the close took (a value without
    closed_cumulative arrived afterwards); in an open month the live figures, all of them."""
    closed = sorted(closed)
    if not closed:
        return Columns(F("cumulative"), F("month_value"), Q())
    in_closed = Q(period__in=closed)
    amount = DecimalField(**AMOUNT)
    return Columns(
        cumulative=Case(When(in_closed, then=F("closed_cumulative")), default=F("cumulative"), output_field=amount),
        month=Case(When(in_closed, then=F("closed_month_value")), default=F("month_value"), output_field=amount),
        belongs=~in_closed | Q(closed_cumulative__isnull=False),
    )


def year_ago(period: date) -> date:
    return date(period.year - 1, period.month, 1)


def _scale_in(enterprise, period) -> Exists:
    """规上 in the month (period may be an OuterRef): a membership begun by then and not yet ended."""
    return Exists(ScaleMembership.objects.filter(scale_at(period), enterprise=enterprise))


def _closes(park: Park, periods: Iterable[date]) -> dict[date, PeriodClose]:
    return {close.period: close for close in PeriodClose.objects.filter(park=park, period__in=set(periods))}


def _amount(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(FOUR_PLACES)


# ---------------------------------------------------------------------------------------------------
# The two aggregate queries every figure comes from


@dataclass
class Sums:
    """One indicator's sums for one month (and group), in its unit; None where nothing was reported."""

    cumulative: Decimal | None = None
    month: Decimal | None = None
    month_enterprises: int = 0
    reporters: int = 0  # reporting enterprises with a value of the indicator
    leading: Decimal | None = None  # of the enterprises in a leading chain
    base: Decimal | None = None  # a year earlier, over the enterprises reporting then
    same_basis_current: Decimal | None = None  # now, over the enterprises with a value a year earlier
    same_basis_base: Decimal | None = None  # a year earlier, over those same enterprises

    @property
    def yoy_pct(self) -> Decimal | None:
        return None if self.cumulative is None or self.base is None else growth_pct(self.cumulative, self.base)

    @property
    def yoy_same_basis_pct(self) -> Decimal | None:
        if self.same_basis_current is None or self.same_basis_base is None:
            return None
        return growth_pct(self.same_basis_current, self.same_basis_base)


def _reported_values(scope_enterprises: QuerySet, periods: list[date], columns: Columns,
                     indicator_ids: Collection[int] | None) -> QuerySet[IndicatorValue]:
    """The values of enterprises reporting in their month: in scope, belonging to the month, 规上 then.
    (A value that belongs to the month is itself the "at least one value" reporting asks for.)"""
    values = IndicatorValue.objects.filter(enterprise__in=scope_enterprises, period__in=periods)
    if indicator_ids is not None:
        values = values.filter(indicator_id__in=indicator_ids)
    return values.filter(columns.belongs).filter(_scale_in(OuterRef("enterprise_id"), OuterRef("period")))


def _twin(values: QuerySet[IndicatorValue], *, apart: dict[date, date]) -> QuerySet[IndicatorValue]:
    """Narrow `values` (of the other year) to the outer value's enterprise, indicator and month a year
    apart (`apart` maps each outer period to its twin's). With a single month the period filter
    already pins it. The twin's period is named outright, not matched on its month number: a month
    number is a function of each row, which SQLite computes in Python for every pair of rows and
    which no index serves; a named period is one look-up in the (enterprise, indicator, period) key."""
    twins = values.filter(enterprise=OuterRef("enterprise_id"), indicator=OuterRef("indicator_id"))
    if len(apart) > 1:
        twins = twins.filter(period=OuterRef("twin_period"))
    return twins


def _with_twin_period(values: QuerySet[IndicatorValue], apart: dict[date, date]) -> QuerySet[IndicatorValue]:
    """`values` with the period of each row's twin a year apart, for _twin() to look up."""
    if len(apart) <= 1:
        return values
    return values.alias(twin_period=Case(*(When(period=outer, then=Value(twin)) for outer, twin in apart.items()),
                                         output_field=DateField()))


def indicator_sums(*, scope: Scope, periods: list[date], closed: Collection[date], group_by: tuple[str, ...] = (),
                   indicator_ids: Collection[int] | None = None) -> dict[tuple, Sums]:
    """Sums keyed by (period, indicator_id, *group_by values), for months of one year and the same
    months a year earlier: two queries, whatever the number of enterprises or months."""
    if len({p.year for p in periods}) > 1:
        raise ValueError("indicator_sums reads months of one year at a time")
    columns = value_columns(closed)
    enterprises = scope.queryset()
    earlier = [year_ago(p) for p in periods]
    now = _reported_values(enterprises, periods, columns, indicator_ids)
    then = IndicatorValue.objects.filter(enterprise__in=enterprises, period__in=earlier).filter(columns.belongs)
    if indicator_ids is not None:
        then = then.filter(indicator_id__in=indicator_ids)
    grouping = ("period", "indicator_id", *group_by)
    back = {period: year_ago(period) for period in periods}
    forward = {then_period: period for period, then_period in back.items()}

    sums: dict[tuple, Sums] = defaultdict(Sums)
    current_rows = (
        _with_twin_period(now, back).alias(has_base=Exists(_twin(then, apart=back)))
        .values(*grouping).order_by()
        .annotate(cumulative_sum=Sum(columns.cumulative), month_sum=Sum(columns.month),
                  month_count=Count(columns.month), reporter_count=Count("enterprise_id"),
                  leading_sum=Sum(columns.cumulative, filter=Q(enterprise__chain__is_leading=True)),
                  same_basis_sum=Sum(columns.cumulative, filter=Q(has_base=True)))
    )
    for row in current_rows:
        entry = sums[tuple(row[name] for name in grouping)]
        entry.cumulative, entry.month = _amount(row["cumulative_sum"]), _amount(row["month_sum"])
        entry.month_enterprises, entry.reporters = row["month_count"], row["reporter_count"]
        entry.leading = _amount(row["leading_sum"])
        entry.same_basis_current = _amount(row["same_basis_sum"])

    base_rows = (
        _with_twin_period(then, forward)
        .alias(reported_then=_scale_in(OuterRef("enterprise_id"), OuterRef("period")),
               reported_now=Exists(_twin(now, apart=forward)))
        .values(*grouping).order_by()
        .annotate(base_sum=Sum(columns.cumulative, filter=Q(reported_then=True)),
                  same_basis_sum=Sum(columns.cumulative, filter=Q(reported_now=True)))
    )
    for row in base_rows:
        key = (date(row["period"].year + 1, row["period"].month, 1), *(row[name] for name in grouping[1:]))
        entry = sums[key]
        entry.base, entry.same_basis_base = _amount(row["base_sum"]), _amount(row["same_basis_sum"])
    return dict(sums)


@dataclass(frozen=True)
class Headcount:
    enterprises: int = 0
    new_enterprises: int = 0
    leading_chains: int = 0


def _reporting(scope: Scope, period: date, closed: Collection[date]) -> QuerySet[Enterprise]:
    """The scope's enterprises reporting in the month (see the contract): 规上 then, with a value for it."""
    reports = IndicatorValue.objects.filter(value_columns(closed).belongs, enterprise=OuterRef("pk"), period=period)
    return scope.queryset().filter(_scale_in(OuterRef("pk"), period), Exists(reports))


def reporting_enterprises(*, park: Park, period: date) -> QuerySet[Enterprise]:
    """The enterprises the month's 规上 count counts (EconomySummary.enterprises), by name."""
    closed = _closes(park, [period]).keys()
    return _reporting(Scope(park), period, closed).order_by("name")


def enterprise_counts(*, scope: Scope, period: date, closed: Collection[date],
                      group_by: tuple[str, ...] = ()) -> dict[tuple, Headcount]:
    """Reporting enterprises, the new entrants among them and the leading chains they belong to, keyed
    by the group_by values (() for the whole scope): one query."""
    entered_this_year = ScaleMembership.objects.filter(
        enterprise=OuterRef("pk"), entered_period__lte=period, entered_period__gte=date(period.year, 1, 1),
    ).filter(Q(left_period__isnull=True) | Q(left_period__gt=period))
    reporting = _reporting(scope, period, closed).alias(is_new=Exists(entered_this_year))
    tally = {"enterprise_count": Count("pk"), "new_count": Count("pk", filter=Q(is_new=True)),
             "leading_count": Count("chain", distinct=True, filter=Q(chain__is_leading=True))}
    rows = reporting.values(*group_by).annotate(**tally) if group_by else [reporting.aggregate(**tally)]
    return {tuple(row[name] for name in group_by): Headcount(row["enterprise_count"], row["new_count"],
                                                             row["leading_count"]) for row in rows}


# ---------------------------------------------------------------------------------------------------
# The summary (item 4 of the issue)


@dataclass(frozen=True)
class IndicatorFigures:
    code: str
    name: str
    unit: str
    is_money: bool
    is_cumulative: bool
    cumulative: Decimal | None
    month: Decimal | None
    month_enterprises: int
    base: Decimal | None
    same_basis_current: Decimal | None
    same_basis_base: Decimal | None
    yoy_pct: Decimal | None
    yoy_same_basis_pct: Decimal | None
    target: Decimal | None = None
    target_growth_pct: Decimal | None = None

    @property
    def completion_pct(self) -> Decimal | None:
        """目标完成率: the cumulative over the year's target amount, in percent."""
        if self.target is None or self.cumulative is None:
            return None
        return share_pct(self.cumulative, self.target)

    def as_dict(self) -> dict:
        return {
            "name": self.name, "unit": self.unit,
            "cumulative": _text(self.cumulative), "month": _text(self.month),
            "month_enterprises": self.month_enterprises,
            "yoy_pct": _text(self.yoy_pct), "yoy_same_basis_pct": _text(self.yoy_same_basis_pct),
            "target": _text(self.target), "target_growth_pct": _text(self.target_growth_pct),
            "completion_pct": _text(self.completion_pct),
        }


@dataclass(frozen=True)
class EconomySummary:
    scope: Scope
    period: date
    enterprises: int
    new_enterprises: int
    indicators: dict[str, IndicatorFigures]
    leading_share_pct: Decimal | None
    leading_share_indicator: str | None
    leading_chains: int
    closed: bool
    revised: bool
    year_ago_closed: bool

    @property
    def label(self) -> str:
        return cumulative_label(self.period)

    def as_dict(self) -> dict:
        """The JSON of `parkops economy-summary --json` and of the API: amounts in 万元 and
        percentages as decimal strings, null where there is nothing to show."""
        return {
            "period": period_key(self.period),
            "label": self.label,
            "park": self.scope.park.name,
            "zone": self.scope.zone.name if self.scope.zone else None,
            "chain": self.scope.chain.name if self.scope.chain else None,
            "closed": self.closed,
            "revised": self.revised,
            "enterprises": self.enterprises,
            "new_enterprises": self.new_enterprises,
            "leading_share_pct": _text(self.leading_share_pct),
            "leading_share_indicator": self.leading_share_indicator,
            "indicators": {code: figures.as_dict() for code, figures in self.indicators.items()},
        }


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def economy_summary(*, park: Park, period: date, zone: Zone | None = None, chain: IndustryChain | None = None,
                    enterprises: QuerySet[Enterprise] | None = None) -> EconomySummary:
    """Every figure of the month for the park or a part of it (see the contract above): six queries."""
    scope = Scope(park, zone, chain, enterprises)
    closes = _closes(park, [period, year_ago(period)])
    indicators = list(Indicator.objects.all())
    sums = indicator_sums(scope=scope, periods=[period], closed=closes.keys())
    headcount = enterprise_counts(scope=scope, period=period, closed=closes.keys()).get((), Headcount())
    targets = ({t.indicator_id: t for t in IndicatorTarget.objects.filter(park=park, year=period.year)}
               if scope.is_whole_park else {})

    figures: dict[str, IndicatorFigures] = {}
    for indicator in indicators:
        figures[indicator.code] = _figures_of(indicator, sums.get((period, indicator.pk), Sums()),
                                              targets.get(indicator.pk))
    share_code = next((code for code in LEADING_SHARE_CODES if code in figures and figures[code].cumulative), None)
    share = None
    if share_code is not None:
        leading = sums[(period, next(i.pk for i in indicators if i.code == share_code))].leading
        share = share_pct(leading or Decimal(0), figures[share_code].cumulative)
    close = closes.get(period)
    return EconomySummary(
        scope=scope, period=period, enterprises=headcount.enterprises, new_enterprises=headcount.new_enterprises,
        indicators=figures, leading_share_pct=share, leading_share_indicator=share_code,
        leading_chains=headcount.leading_chains, closed=close is not None,
        revised=bool(close and close.is_revised), year_ago_closed=year_ago(period) in closes,
    )


def _figures_of(indicator: Indicator, sums: Sums, target: IndicatorTarget | None) -> IndicatorFigures:
    month, month_enterprises = sums.month, sums.month_enterprises
    if not indicator.is_cumulative:
        # A level (employees) has no "month's own value" other than itself.
        month, month_enterprises = sums.cumulative, sums.reporters
    return IndicatorFigures(
        code=indicator.code, name=indicator.name, unit=indicator.unit, is_money=indicator.is_money,
        is_cumulative=indicator.is_cumulative,
        cumulative=sums.cumulative, month=month, month_enterprises=month_enterprises,
        base=sums.base, same_basis_current=sums.same_basis_current, same_basis_base=sums.same_basis_base,
        yoy_pct=sums.yoy_pct, yoy_same_basis_pct=sums.yoy_same_basis_pct,
        target=_amount(target.amount) if target and target.amount is not None else None,
        target_growth_pct=target.growth_pct if target else None,
    )


# ---------------------------------------------------------------------------------------------------
# What the dashboard breaks the figures down by


def indicator_by_code(code: str | Indicator) -> Indicator:
    if isinstance(code, Indicator):
        return code
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        raise ValueError(f"没有代码为“{code}”的经济指标。")
    return indicator


@dataclass(frozen=True)
class BreakdownRow:
    """One chain's or zone's figures of an indicator; key is its id (None for those without one)."""

    key: int | None
    name: str
    enterprises: int
    cumulative: Decimal | None
    month: Decimal | None
    yoy_pct: Decimal | None
    yoy_same_basis_pct: Decimal | None
    share_pct: Decimal | None  # of the scope's total
    is_leading: bool = False


def by_chain(*, park: Park, period: date, indicator: str | Indicator, zone: Zone | None = None) -> list[BreakdownRow]:
    """Each industry chain's figures of the indicator (and its share of the total), largest first."""
    chains = {c.pk: c for c in IndustryChain.objects.filter(park=park)}
    return _breakdown(Scope(park, zone), period, indicator_by_code(indicator), "chain_id",
                      lambda key: chains[key].name if key in chains else NO_CHAIN,
                      lambda key: key in chains and chains[key].is_leading)


def by_zone(*, park: Park, period: date, indicator: str | Indicator,
            chain: IndustryChain | None = None) -> list[BreakdownRow]:
    """Each zone's figures of the indicator (and its share of the total), largest first."""
    zones = dict(Zone.objects.filter(park=park).values_list("pk", "name"))
    return _breakdown(Scope(park, chain=chain), period, indicator_by_code(indicator), "zone_id",
                      lambda key: zones.get(key, NO_ZONE), lambda key: False)


def _breakdown(scope: Scope, period: date, indicator: Indicator, group: str, name_of: Callable[[int | None], str],
               is_leading: Callable[[int | None], bool]) -> list[BreakdownRow]:
    closed = _closes(scope.park, [period, year_ago(period)]).keys()
    sums = indicator_sums(scope=scope, periods=[period], closed=closed, group_by=(f"enterprise__{group}",),
                          indicator_ids=[indicator.pk])
    counts = enterprise_counts(scope=scope, period=period, closed=closed, group_by=(group,))
    by_key = {key[2]: entry for key, entry in sums.items() if key[0] == period}
    total = sum((entry.cumulative for entry in by_key.values() if entry.cumulative is not None), Decimal(0))
    rows = []
    for key in set(by_key) | {key[0] for key in counts}:
        entry = by_key.get(key, Sums())
        figures = _figures_of(indicator, entry, None)
        rows.append(BreakdownRow(
            key=key, name=name_of(key), enterprises=counts.get((key,), Headcount()).enterprises,
            cumulative=figures.cumulative, month=figures.month, yoy_pct=figures.yoy_pct,
            yoy_same_basis_pct=figures.yoy_same_basis_pct,
            share_pct=share_pct(figures.cumulative, total) if figures.cumulative is not None else None,
            is_leading=is_leading(key),
        ))
    return sorted(rows, key=lambda r: (r.key is None, -(r.cumulative or Decimal(0)), r.name))


@dataclass(frozen=True)
class TrendPoint:
    period: date
    cumulative: Decimal | None
    month: Decimal | None
    yoy_pct: Decimal | None
    yoy_same_basis_pct: Decimal | None

    @property
    def label(self) -> str:
        return cumulative_label(self.period)


def monthly_trend(*, park: Park, year: int, indicator: str | Indicator, until: date | None = None,
                  zone: Zone | None = None, chain: IndustryChain | None = None,
                  enterprises: QuerySet[Enterprise] | None = None) -> list[TrendPoint]:
    """The indicator month by month through the year (to `until` if given): cumulative, the month's
    own value and both growth rates, each month read as its summary reads it. Three queries."""
    indicator = indicator_by_code(indicator)
    last = until.month if until is not None and until.year == year else 12
    periods = [date(year, number, 1) for number in range(1, last + 1)]
    closed = _closes(park, periods + [year_ago(p) for p in periods]).keys()
    sums = indicator_sums(scope=Scope(park, zone, chain, enterprises), periods=periods, closed=closed,
                          indicator_ids=[indicator.pk])
    points = []
    for period in periods:
        figures = _figures_of(indicator, sums.get((period, indicator.pk), Sums()), None)
        points.append(TrendPoint(period, figures.cumulative, figures.month, figures.yoy_pct,
                                 figures.yoy_same_basis_pct))
    return points


@dataclass(frozen=True)
class RankedEnterprise:
    rank: int
    enterprise_id: int
    name: str
    cumulative: Decimal
    month: Decimal | None
    yoy_pct: Decimal | None
    yoy_same_basis_pct: Decimal | None


def ranking(*, park: Park, period: date, indicator: str | Indicator, limit: int = 10, bottom: bool = False,
            zone: Zone | None = None, chain: IndustryChain | None = None,
            enterprises: QuerySet[Enterprise] | None = None) -> list[RankedEnterprise]:
    """The `limit` reporting enterprises with the largest (or, bottom=True, the smallest) cumulative
    of the indicator, with their own growth. Four queries."""
    indicator = indicator_by_code(indicator)
    scope = Scope(park, zone, chain, enterprises)
    closed = _closes(park, [period, year_ago(period)]).keys()
    columns = value_columns(closed)
    order = "ranked_value" if bottom else "-ranked_value"
    ranked = list(
        _reported_values(scope.queryset(), [period], columns, [indicator.pk])
        .annotate(ranked_value=columns.cumulative).order_by(order, "enterprise__name")
        .values_list("enterprise_id", "enterprise__short_name", "enterprise__name")[:limit]
    )
    sums = indicator_sums(scope=Scope(park, enterprises=Enterprise.objects.filter(pk__in=[r[0] for r in ranked])),
                          periods=[period], closed=closed, group_by=("enterprise_id",), indicator_ids=[indicator.pk])
    result = []
    for rank, (enterprise_id, short_name, name) in enumerate(ranked, start=1):
        figures = _figures_of(indicator, sums[(period, indicator.pk, enterprise_id)], None)
        result.append(RankedEnterprise(rank, enterprise_id, short_name or name, figures.cumulative, figures.month,
                                       figures.yoy_pct, figures.yoy_same_basis_pct))
    return result


# ---------------------------------------------------------------------------------------------------
# Sentences for reports


def amount_phrase(figures: IndicatorFigures, amount: Decimal | None = None) -> str:
    """"380.00亿元" or "2900万元" for money, "31.03亿千瓦时" or "12.5万千瓦时" otherwise (formatting.format_quantity)."""
    amount = figures.cumulative if amount is None else amount
    return format_money(amount) if figures.is_money else format_quantity(amount, figures.unit)


def same_basis_growth_phrase(figures: IndicatorFigures) -> str:
    """"同比增长16.39%" on the 同口径 figures, the bureau's; "" where there is no base."""
    if figures.same_basis_current is None or figures.same_basis_base is None:
        return ""
    phrase = growth_phrase(figures.same_basis_current, figures.same_basis_base)
    return "" if phrase == "—" else phrase


def chinese_count(number: int) -> str:
    """3 -> "三", 2 -> "两": how a report counts its 三大主导产业."""
    return CHINESE_COUNTS[number - 1] if 1 <= number <= len(CHINESE_COUNTS) else str(number)


def opening_paragraph(summary: EconomySummary, *, codes: Iterable[str] = OPENING_CODES) -> str:
    """The sentence the 工作总结 open their economy section with, e.g. "1-10月，园区规上工业企业231家
    （今年新入规5家），实现营业收入380.00亿元，同比增长16.39%；…。三大主导产业营业收入占园区营业收入
    87.83%。" Growth is the 同口径 figure; indicators with nothing reported are left out."""
    opening = f"{summary.label}，{summary.scope.name}规上工业企业{summary.enterprises}家"
    if summary.new_enterprises:
        opening += f"（今年新入规{summary.new_enterprises}家）"
    clauses = []
    for code in codes:
        figures = summary.indicators.get(code)
        if figures is None or figures.cumulative is None:
            continue
        clause = f"{REPORT_NAMES.get(code, figures.name)}{amount_phrase(figures)}"
        growth = same_basis_growth_phrase(figures)
        clauses.append(f"{clause}，{growth}" if growth else clause)
    text = opening + (f"，实现{'；'.join(clauses)}。" if clauses else "。")
    if summary.leading_share_pct is not None and summary.scope.chain is None and summary.leading_chains:
        name = summary.indicators[summary.leading_share_indicator].name
        text += (f"{chinese_count(summary.leading_chains)}大主导产业{name}占{summary.scope.name}{name}"
                 f"{format_pct(summary.leading_share_pct)}。")
    return text


def indicator_lines(summary: EconomySummary) -> list[str]:
    """One line an indicator, for a console or a plain-text message: cumulative, month, both growth
    rates and the target."""
    lines = []
    for figures in summary.indicators.values():
        if figures.cumulative is None:
            continue
        if not figures.is_cumulative:
            lines.append(f"{figures.name}：{summary.period.month}月末{amount_phrase(figures)}"
                         + (f"，全部企业同比{_signed(figures.yoy_pct)}" if figures.yoy_pct is not None else "")
                         + (f"，同口径同比{_signed(figures.yoy_same_basis_pct)}"
                            if figures.yoy_same_basis_pct is not None else ""))
            continue
        parts = [f"{summary.label}累计{amount_phrase(figures)}"]
        if figures.month is not None:
            parts.append(f"当月{amount_phrase(figures, figures.month)}")
        if figures.yoy_pct is not None:
            parts.append(f"全部企业同比{_signed(figures.yoy_pct)}")
        if figures.yoy_same_basis_pct is not None:
            parts.append(f"同口径同比{_signed(figures.yoy_same_basis_pct)}")
        if figures.target is not None:
            parts.append(f"年度目标{amount_phrase(figures, figures.target)}，完成{format_pct(figures.completion_pct)}")
        if figures.target_growth_pct is not None:
            parts.append(f"目标增速{format_pct(figures.target_growth_pct)}")
        lines.append(f"{figures.name}：{'，'.join(parts)}")
    return lines


def _signed(pct: Decimal) -> str:
    return f"{'增长' if pct > 0 else '下降' if pct < 0 else '持平'}{format_pct(abs(pct)) if pct else ''}"


def close_note(summary: EconomySummary) -> str:
    """"" for an open month; otherwise that it is closed and whether it was revised since."""
    if not summary.closed:
        return ""
    note = f"{period_label(summary.period)}已关账，以上为关账时的数据"
    return note + ("；关账后有修订，需重新关账才会采用。" if summary.revised else "。")


def latest_period(park: Park) -> date | None:
    """The latest month the park has data for: what the dashboard opens on."""
    return IndicatorValue.objects.filter(enterprise__park=park).order_by("-period").values_list(
        "period", flat=True).first()


def latest_period_in(park: Park, *, year: int, as_of: date) -> date | None:
    """The latest month of `year`, not after `as_of`, the park has data for: what a figure of the year
    "so far" is read from (1-10月 in November, before November's figures are in)."""
    return (IndicatorValue.objects.filter(enterprise__park=park, period__year=year, period__lte=as_of)
            .order_by("-period").values_list("period", flat=True).first())


def reported_periods(park: Park) -> list[date]:
    """Every month the park has data for, latest first."""
    return list(IndicatorValue.objects.filter(enterprise__park=park).order_by("-period")
                .values_list("period", flat=True).distinct())
