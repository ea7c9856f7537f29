"""economy.figures: closed months that do not drift, growth with and without a base, the leading
industries' share, the year's target, the breakdowns the dashboard shows, the sentences the reports
open with, and a fixed number of queries however many enterprises there are."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parkops.economy import figures, services
from parkops.economy.models import Enterprise, Indicator, IndicatorTarget, IndicatorValue, ScaleMembership
from parkops.economy.tests.economy_data import (
    ALWAYS,
    build,
    enterprise,
    expected_summary,
    generate,
    record,
    reporting,
)
from parkops.testing.factories import IndustryChainFactory, ZoneFactory, credit_code, month

JUNE, JUNE_BEFORE = month(2025, 6), month(2024, 6)


@pytest.fixture
def chains(park):
    return {name: IndustryChainFactory(park=park, name=name, is_leading=leading)
            for name, leading in (("装备制造", True), ("有色金属", True), ("电子信息", True), ("纺织服装", False))}


@pytest.fixture
def small_park(park, chains):
    """Three enterprises: two reporting both years, one new to 规上 in March with no year-ago figures."""
    made = {
        "装备": enterprise(park, "德安重工", chain=chains["装备制造"]),
        "纺织": enterprise(park, "华兴纺织", chain=chains["纺织服装"]),
        "铝业": enterprise(park, "赣鑫铝业", chain=chains["有色金属"], entered=month(2025, 3)),
    }
    record(park, JUNE_BEFORE, {made["装备"]: {"revenue": 100000, "tax": 5000}, made["纺织"]: {"revenue": 50000}})
    record(park, month(2025, 5), {made["装备"]: {"revenue": 100000, "tax": 4000}, made["纺织"]: {"revenue": 30000}})
    record(park, JUNE, {made["装备"]: {"revenue": 120000, "tax": 6000}, made["纺织"]: {"revenue": 40000},
                        made["铝业"]: {"revenue": 20000}})
    return made


def summary(park, period=JUNE, **scope):
    return figures.economy_summary(park=park, period=period, **scope)


def test_the_opening_sentence_reads_like_the_reports(park, small_park):
    text = figures.opening_paragraph(summary(park))

    # Revenue 18亿; 同口径 (the two reporting a year ago) 16亿 against 15亿; tax 0.6亿 against 0.5亿;
    # the leading chains (装备制造, 有色金属) 14亿 of 18亿.
    assert text == ("1-6月，园区规上工业企业3家（今年新入规1家），实现营业收入18.00亿元，同比增长6.67%；"
                    "实缴税收6000万元，同比增长20.00%。两大主导产业营业收入占园区营业收入77.78%。")


def test_growth_over_all_enterprises_and_over_the_same_ones(park, small_park):
    revenue = summary(park).indicators["revenue"]

    assert (revenue.cumulative, revenue.yoy_pct, revenue.yoy_same_basis_pct) == (
        Decimal("180000.0000"), Decimal("20.00"), Decimal("6.67"))
    # June's own value: 装备 20000 and 纺织 10000; 铝业 first reports in June and has no month of its own.
    assert (revenue.month, revenue.month_enterprises) == (Decimal("30000.0000"), 2)


def test_no_base_no_growth(park, small_park, chains):
    newcomer = summary(park, chain=chains["有色金属"]).indicators["revenue"]
    never_reported = summary(park).indicators["rnd"]
    record(park, JUNE_BEFORE, {small_park["纺织"]: {"tax": 0}})
    record(park, JUNE, {small_park["纺织"]: {"tax": 300}})
    from_zero = summary(park, chain=chains["纺织服装"]).indicators["tax"]

    assert (newcomer.cumulative, newcomer.yoy_pct, newcomer.yoy_same_basis_pct) == (Decimal("20000.0000"), None, None)
    assert (never_reported.cumulative, never_reported.month, never_reported.yoy_pct) == (None, None, None)
    assert (from_zero.cumulative, from_zero.yoy_pct, from_zero.yoy_same_basis_pct) == (Decimal("300.0000"), None, None)


def test_leading_share_is_of_main_revenue_when_the_park_reports_it(park, small_park):
    assert (summary(park).leading_share_indicator, summary(park).leading_share_pct) == ("revenue", Decimal("77.78"))

    record(park, JUNE, {small_park["装备"]: {"main_revenue": 110000}, small_park["纺织"]: {"main_revenue": 30000}})
    data = summary(park).as_dict()

    assert (data["leading_share_indicator"], data["leading_share_pct"]) == ("main_revenue", "78.57")


def test_target_completion_and_target_growth(park, small_park, chains):
    IndicatorTarget.objects.create(park=park, year=2025, indicator=Indicator.objects.get(code="revenue"),
                                   amount=7200000, growth_pct=Decimal("15.00"))
    IndicatorTarget.objects.create(park=park, year=2025, indicator=Indicator.objects.get(code="tax"),
                                   growth_pct=Decimal("10.00"))

    data = summary(park).as_dict()["indicators"]
    zone_only = summary(park, chain=chains["装备制造"]).as_dict()["indicators"]["revenue"]

    assert (data["revenue"]["target"], data["revenue"]["completion_pct"]) == ("7200000.0000", "2.50")
    assert data["revenue"]["target_growth_pct"] == "15.00"
    assert (data["tax"]["target"], data["tax"]["completion_pct"], data["tax"]["target_growth_pct"]) == (
        None, None, "10.00")
    assert data["profit"]["target"] is None
    assert (zone_only["target"], zone_only["completion_pct"]) == (None, None)  # a park's target, not a chain's
    lines = figures.indicator_lines(summary(park))
    assert "营业收入：1-6月累计18.00亿元，当月3.00亿元，全部企业同比增长20.00%，同口径同比增长6.67%，" \
           "年度目标720.00亿元，完成2.50%，目标增速15.00%" in lines


def test_a_closed_month_does_not_drift_and_says_it_was_revised(park, small_park, chains, supervisor):
    services.close_period(park=park, period=JUNE, user=supervisor)
    at_close = summary(park)

    record(park, JUNE, {small_park["装备"]: {"revenue": 125000}})  # a correction after the close
    record(park, month(2025, 5), {small_park["纺织"]: {"revenue": 35000}})  # changes June's live month too
    latecomer = enterprise(park, "迟报企业", chain=chains["电子信息"])
    record(park, JUNE, {latecomer: {"revenue": 9000}})  # not part of the month that was closed
    after = summary(park)

    assert IndicatorValue.objects.get(enterprise=small_park["装备"], period=JUNE,
                                      indicator__code="revenue").cumulative == 125000
    assert (after.closed, after.revised) == (True, True)
    assert after.enterprises == at_close.enterprises == 3
    for code in ("revenue", "tax"):
        assert after.indicators[code] == at_close.indicators[code]
    assert after.leading_share_pct == at_close.leading_share_pct
    assert "关账后有修订" in figures.close_note(after)

    services.close_period(park=park, period=JUNE, user=supervisor)
    again = summary(park)
    assert (again.revised, again.enterprises, again.indicators["revenue"].cumulative) == (
        False, 4, Decimal("194000.0000"))
    # June's own: 装备 125000 − 100000, 纺织 40000 − 35000; the latecomer has no May.
    assert again.indicators["revenue"].month == Decimal("30000.0000")


def test_growth_reads_the_closed_year_ago_month(park, small_park, supervisor):
    services.close_period(park=park, period=JUNE_BEFORE, user=supervisor)
    record(park, JUNE_BEFORE, {small_park["装备"]: {"revenue": 80000}})

    june = summary(park)
    trend = figures.monthly_trend(park=park, year=2025, indicator="revenue", until=JUNE)

    assert june.year_ago_closed and not june.closed
    assert (june.indicators["revenue"].yoy_pct, june.indicators["revenue"].yoy_same_basis_pct) == (
        Decimal("20.00"), Decimal("6.67"))
    assert (trend[-1].yoy_pct, trend[-1].yoy_same_basis_pct) == (Decimal("20.00"), Decimal("6.67"))


def test_a_level_is_summed_at_the_month_not_over_the_months(park, small_park):
    record(park, month(2025, 5), {small_park["装备"]: {"employees": 300}, small_park["纺织"]: {"employees": 200}})
    record(park, JUNE, {small_park["装备"]: {"employees": 320}, small_park["纺织"]: {"employees": 190}})

    employees = summary(park).indicators["employees"]

    assert (employees.cumulative, employees.month) == (Decimal("510.0000"), Decimal("510.0000"))
    assert "从业人员：6月末510人" in figures.indicator_lines(summary(park))


# ---------------------------------------------------------------------------------------------------
# Breakdowns, against the generated two years


@pytest.fixture
def two_years(park):
    plans = generate()
    build(park, plans)
    return plans


def test_chains_and_zones_add_up_to_their_own_summaries(park, two_years):
    period = month(2025, 7)
    chains = figures.by_chain(park=park, period=period, indicator="revenue")
    zones = figures.by_zone(park=park, period=period, indicator="revenue")
    total = Decimal(expected_summary(two_years, period)["indicators"]["revenue"]["cumulative"])

    for rows, what in ((chains, "chain"), (zones, "zone")):
        assert sum(row.cumulative for row in rows) == total
        for row in rows[:-1]:  # the last is the one without a chain or zone
            expected = expected_summary(two_years, period, **{what: row.name})
            revenue = expected["indicators"]["revenue"]
            assert (str(row.cumulative), str(row.yoy_pct), str(row.yoy_same_basis_pct), row.enterprises) == (
                revenue["cumulative"], revenue["yoy_pct"], revenue["yoy_same_basis_pct"], expected["enterprises"])
            assert row.share_pct == (row.cumulative / total * 100).quantize(Decimal("0.01"))
    assert [(r.name, r.is_leading) for r in chains if r.name == "纺织服装"] == [("纺织服装", False)]
    assert (chains[-1].name, chains[-1].enterprises, zones[-1].name) == ("未填写产业链", 1, "未分片区")


def test_the_trend_reads_each_month_as_its_summary_does(park, two_years):
    trend = figures.monthly_trend(park=park, year=2025, indicator="revenue")

    assert [point.label for point in trend][:3] == ["1月", "1-2月", "1-3月"]
    for point in trend:
        revenue = expected_summary(two_years, point.period)["indicators"]["revenue"]
        assert [str(point.cumulative), str(point.month), str(point.yoy_pct), str(point.yoy_same_basis_pct)] == [
            revenue["cumulative"], revenue["month"], revenue["yoy_pct"], revenue["yoy_same_basis_pct"]], point.period


def test_top_and_bottom_enterprises_with_their_own_growth(park, two_years):
    period, before = month(2025, 10), month(2024, 10)
    by_revenue = sorted((p for p in reporting(two_years, period) if ("revenue", period) in p.reported),
                        key=lambda p: -p.reported[("revenue", period)])

    top = figures.ranking(park=park, period=period, indicator="revenue", limit=3)
    bottom = figures.ranking(park=park, period=period, indicator="revenue", limit=2, bottom=True)

    assert [r.name for r in top] == [p.name for p in by_revenue[:3]]
    assert [r.name for r in bottom] == [p.name for p in by_revenue[::-1][:2]]
    first = by_revenue[0]
    own = (first.reported[("revenue", period)] / first.reported[("revenue", before)] - 1) * 100
    assert top[0].yoy_same_basis_pct == own.quantize(Decimal("0.01"))
    assert top[0].cumulative == first.reported[("revenue", period)]


# ---------------------------------------------------------------------------------------------------
# Queries


def many_enterprises(park, chains, zone, start: int, count: int) -> list[Enterprise]:
    made = Enterprise.objects.bulk_create(
        Enterprise(park=park, credit_code=credit_code(start + n), name=f"批量企业{start + n}",
                   normalised_name=f"批量企业{start + n}", chain=chains[n % 2], zone=zone)
        for n in range(count))
    ScaleMembership.objects.bulk_create(ScaleMembership(enterprise=e, entered_period=ALWAYS[0][0]) for e in made)
    for period in (month(2024, 9), month(2024, 10), month(2025, 9), month(2025, 10)):
        record(park, period, {e: {"revenue": 1000 * period.month + e.pk, "tax": 50 + e.pk} for e in made})
    return made


def queries_for_every_figure_set(park, chain, zone) -> list[int]:
    counts = []
    for compute in (
        lambda: figures.economy_summary(park=park, period=month(2025, 10)),
        lambda: figures.economy_summary(park=park, period=month(2025, 10), zone=zone, chain=chain),
        lambda: figures.by_chain(park=park, period=month(2025, 10), indicator="revenue"),
        lambda: figures.by_zone(park=park, period=month(2025, 10), indicator="revenue"),
        lambda: figures.monthly_trend(park=park, year=2025, indicator="revenue"),
        lambda: figures.ranking(park=park, period=month(2025, 10), indicator="revenue", limit=5),
    ):
        with CaptureQueriesContext(connection) as queries:
            compute()
        counts.append(len(queries))
    return counts


def test_query_counts_do_not_grow_with_the_enterprises(park, chains, supervisor):
    pair, north = [chains["装备制造"], chains["纺织服装"]], ZoneFactory(park=park, name="北区")
    many_enterprises(park, pair, north, 0, 10)
    services.close_period(park=park, period=month(2024, 10), user=supervisor)
    with_ten = queries_for_every_figure_set(park, pair[0], north)

    many_enterprises(park, pair, north, 10, 190)
    with_two_hundred = queries_for_every_figure_set(park, pair[0], north)

    assert figures.economy_summary(park=park, period=month(2025, 10)).enterprises == 200
    # The summary: the closes, the catalogue, this year's and last year's sums, the headcount and the
    # targets (a zone's or chain's has none). A breakdown: the names, the indicator, the closes, the
    # sums and the headcount; the trend: the indicator, the closes and the sums; the ranking reads its
    # top first, then their sums.
    assert with_ten == with_two_hundred == [6, 5, 6, 6, 4, 5]
