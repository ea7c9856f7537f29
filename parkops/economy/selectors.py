"""Reads of the economy module that other modules' documents make (reports.builtin): the figures
themselves are economy/figures.py's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from parkops.core.text import normalise_name
from parkops.economy.choices import MetricCode
from parkops.economy.figures import value_columns
from parkops.economy.models import (
    Enterprise,
    EvaluationResult,
    Honour,
    Indicator,
    IndicatorValue,
    IndustryChain,
    PeriodClose,
)


def leading_chain_names(*, park) -> list[str]:
    """The park's 主导产业 chains, in the order the park lists them."""
    return list(IndustryChain.objects.filter(park=park, is_leading=True)
                .order_by("position", "name").values_list("name", flat=True))


def honours_awarded(*, park, start: date, end: date) -> dict[str, list[str]]:
    """The titles the park's enterprises were awarded within [start, end]: title → the enterprises, each
    once, in the order awarded."""
    awarded: dict[str, list[str]] = {}
    for honour in (Honour.objects.filter(enterprise__park=park, awarded_on__gte=start, awarded_on__lte=end)
                   .select_related("enterprise").order_by("name", "awarded_on", "enterprise__name")):
        names = awarded.setdefault(honour.name, [])
        if str(honour.enterprise) not in names:
            names.append(str(honour.enterprise))
    return awarded


# -- what 招商引资's 履约监管 reads (investment.contracts, a hand-over named in .importlinter) --------------


def latest_year_to_date(*, enterprise_ids, codes: tuple[str, ...] = ("output", "tax"),
                        since: date | None = None) -> dict[tuple[int, str], tuple[date, Decimal]]:
    """Each enterprise's latest year-to-date figure (1-N月, 万元) of each indicator, keyed by (enterprise id,
    indicator code) → (month, figure); a closed month read as the close took it (figures.value_columns).
    Months before `since` are left out. Two queries, whatever the number of enterprises."""
    enterprise_ids = [pk for pk in enterprise_ids if pk]
    if not enterprise_ids:
        return {}
    values = IndicatorValue.objects.filter(enterprise_id__in=enterprise_ids, indicator__code__in=codes)
    if since is not None:
        values = values.filter(period__gte=since)
    closed = set(PeriodClose.objects.filter(park__enterprises__pk__in=enterprise_ids).values_list("period", flat=True))
    columns = value_columns(closed)
    found: dict[tuple[int, str], tuple[date, Decimal]] = {}
    for enterprise_id, code, period, figure in (values.filter(columns.belongs).annotate(figure=columns.cumulative)
                                                 .order_by("-period").values_list("enterprise_id", "indicator__code",
                                                                                  "period", "figure")):
        if figure is not None:
            found.setdefault((enterprise_id, code), (period, Decimal(figure)))
    return found


def latest_permu_results(*, enterprise_ids) -> dict[int, tuple[int, str, Decimal | None]]:
    """Each enterprise's latest 亩均 evaluation: id → (year, class, 亩均税收 in 万元/亩 or None), one query.
    土地与厂房 reads it to find the 低效 parcels (the hand-over .importlinter names)."""
    found: dict[int, tuple[int, str, Decimal | None]] = {}
    results = (EvaluationResult.objects.filter(enterprise_id__in=list(enterprise_ids))
               .select_related("scheme").order_by("enterprise_id", "-scheme__year"))
    for result in results:
        if result.enterprise_id in found:
            continue
        values = {item.get("code"): item.get("value") for item in result.details or ()}
        tax = values.get(MetricCode.TAX_PER_MU)
        found[result.enterprise_id] = (result.scheme.year, result.grade, None if tax is None else Decimal(str(tax)))
    return found


# -- the registry's enterprises, as other modules name them (安全生产: an inspection's enterprise) -------


def enterprise_choices(*, park):
    """The park's enterprises in the registry, by name: what a form offers to choose from."""
    return Enterprise.objects.filter(park=park).order_by("name")


def enterprise_with_credit_code(*, park, credit_code: str):
    """The registry's enterprise of this 统一社会信用代码 in the park, or None."""
    return Enterprise.objects.filter(park=park, credit_code=credit_code).first()


def enterprises_with_figures(*, park, limit: int) -> list:
    """The first enterprises by name that have monthly statistics (what a demo account shows)."""
    return list(Enterprise.objects.filter(park=park, indicator_values__isnull=False).distinct()
                .order_by("name")[:limit])


def enterprises_named(*, park, names) -> dict:
    """The registry's enterprise of each name (normalised as the registry keeps it), for those it knows."""
    wanted = {normalise_name(name) for name in names if name}
    return {e.normalised_name: e for e in Enterprise.objects.filter(park=park, normalised_name__in=wanted)}


# -- what 信访与平安's 两个覆盖 reads (stability, a hand-over named in .importlinter) ---------------------


def registry_enterprises(*, park):
    """The park's enterprises in the registry (在册), by name, with what a party-coverage survey reads of
    each: employees, party members, its party organisation."""
    from parkops.economy.models import Enterprise

    return (Enterprise.objects.filter(park=park, is_active=True)
            .only("pk", "park_id", "name", "short_name", "employees", "party_members", "party_organisation")
            .order_by("name", "pk"))
# -- what 企业服务's enterprise page reads (services.selectors, a hand-over named in .importlinter) -----


def enterprise_months(*, enterprise_id: int, year: int) -> list[tuple[date, list[tuple[str, str, Decimal, Decimal | None]]]]:
    """One enterprise's own figures for each month of `year` it reported, latest first: (month, [(indicator,
    unit, 1-N月 cumulative, the month's own value or None)]), in the indicators' order; a closed month read
    as the close took it. Two queries."""
    closed = set(PeriodClose.objects.filter(park__enterprises__pk=enterprise_id).values_list("period", flat=True))
    columns = value_columns(closed)
    rows = (IndicatorValue.objects.filter(enterprise_id=enterprise_id, period__year=year).filter(columns.belongs)
            .annotate(figure=columns.cumulative, own=columns.month)
            .order_by("-period", "indicator__position", "indicator__pk")
            .values_list("period", "indicator__name", "indicator__unit", "figure", "own"))
    months: dict[date, list[tuple[str, str, Decimal, Decimal | None]]] = {}
    for period, name, unit, figure, own in rows:
        if figure is not None:
            months.setdefault(period, []).append((name, unit, Decimal(figure), None if own is None else Decimal(own)))
    return list(months.items())


# -- what 惠企政策兑现 reads (policies.rules matches clauses on it, a hand-over named in .importlinter) ---


@dataclass(frozen=True)
class PolicyFacts:
    """What a policy's conditions may ask of one enterprise, as the registry and the statistics hold it on
    `as_of`: 规上 then, the month it entered 规上 (for 本年新入规), its chain, its honours still valid, its
    latest 亩均 class, and its latest 1-N月 营业收入 / 税收 / 研发投入 of the year with the 营业收入 of the same
    months a year before (同口径, its own figures)."""

    enterprise_id: int
    name: str
    credit_code: str
    chain: str | None
    is_scale: bool
    entered_scale: date | None
    honours: tuple[str, ...]
    permu_class: str | None
    period: date | None
    revenue: Decimal | None
    revenue_year_ago: Decimal | None
    tax: Decimal | None
    rnd: Decimal | None


def policy_facts(*, park, as_of: date) -> list[PolicyFacts]:
    """Every enterprise in the park's registry with its PolicyFacts: six queries, whatever their number."""
    from parkops.economy.models import ScaleMembership

    month = date(as_of.year, as_of.month, 1)
    enterprises = list(Enterprise.objects.filter(park=park, is_active=True).select_related("chain")
                       .order_by("name", "pk"))
    ids = [e.pk for e in enterprises]
    stretches: dict[int, list] = {}
    for stretch in ScaleMembership.objects.filter(enterprise_id__in=ids).order_by("entered_period"):
        stretches.setdefault(stretch.enterprise_id, []).append(stretch)
    honours: dict[int, set[str]] = {}
    for enterprise_id, name, awarded, expires in Honour.objects.filter(enterprise_id__in=ids).values_list(
            "enterprise_id", "name", "awarded_on", "expires_on"):
        if awarded <= as_of and (expires is None or expires >= as_of):
            honours.setdefault(enterprise_id, set()).add(name)
    grades = {pk: grade for pk, (_, grade, _) in latest_permu_results(enterprise_ids=ids).items()}
    closed = set(PeriodClose.objects.filter(park=park).values_list("period", flat=True))
    columns = value_columns(closed)
    figures: dict[tuple[int, str, date], Decimal] = {}
    for enterprise_id, code, period, figure in (
            IndicatorValue.objects.filter(enterprise_id__in=ids, indicator__code__in=("revenue", "tax", "rnd"),
                                          period__gte=date(as_of.year - 1, 1, 1), period__lte=month)
            .filter(columns.belongs).annotate(figure=columns.cumulative)
            .values_list("enterprise_id", "indicator__code", "period", "figure")):
        if figure is not None:
            figures[(enterprise_id, code, period)] = Decimal(figure)
    found = []
    for enterprise in enterprises:
        own = stretches.get(enterprise.pk, [])
        current = next((s for s in reversed(own) if s.entered_period <= month
                        and (s.left_period is None or month < s.left_period)), None)
        periods = sorted({p for (pk, code, p) in figures if pk == enterprise.pk and code == "revenue"
                          and p.year == as_of.year}, reverse=True)
        period = periods[0] if periods else None
        last = date(period.year - 1, period.month, 1) if period else None
        found.append(PolicyFacts(
            enterprise_id=enterprise.pk, name=enterprise.name, credit_code=enterprise.credit_code,
            chain=enterprise.chain.name if enterprise.chain_id else None, is_scale=current is not None,
            entered_scale=current.entered_period if current else None,
            honours=tuple(sorted(honours.get(enterprise.pk, ()))), permu_class=grades.get(enterprise.pk),
            period=period, revenue=figures.get((enterprise.pk, "revenue", period)),
            revenue_year_ago=figures.get((enterprise.pk, "revenue", last)),
            tax=figures.get((enterprise.pk, "tax", period)), rnd=figures.get((enterprise.pk, "rnd", period))))
    return found


# -- what 企业服务's 企业自报 reads (services.selectors, a hand-over named in .importlinter) -------------------


def indicator_catalogue() -> list[tuple[str, str, str, bool]]:
    """The indicators the registry tracks, in their order: (code, name, unit, reported 1-N月 cumulative)."""
    return list(Indicator.objects.order_by("position", "pk").values_list("code", "name", "unit", "is_cumulative"))


def bureau_figures(*, enterprise_ids, periods) -> dict[tuple[int, date, str], Decimal]:
    """The statistics' own figures (1-N月 cumulative, or the month's headcount) of these enterprises in these
    months, keyed by (enterprise id, month, indicator code); a closed month read as the close took it. Two
    queries."""
    enterprise_ids, periods = [pk for pk in enterprise_ids if pk], list(periods)
    if not enterprise_ids or not periods:
        return {}
    closed = set(PeriodClose.objects.filter(park__enterprises__pk__in=enterprise_ids).values_list("period", flat=True))
    columns = value_columns(closed)
    found = {}
    for enterprise_id, period, code, figure in (
            IndicatorValue.objects.filter(enterprise_id__in=enterprise_ids, period__in=periods).filter(columns.belongs)
            .annotate(figure=columns.cumulative).values_list("enterprise_id", "period", "indicator__code", "figure")):
        if figure is not None:
            found[(enterprise_id, period, code)] = Decimal(figure)
    return found
