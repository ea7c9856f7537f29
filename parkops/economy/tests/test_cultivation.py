"""小升规培育库: who is in the pool (near the 2000万元 line, or growing over it), who is not (规上
already, too far, too slow), and the page that shows them with their trend.

The park's latest month is June 2025 (1-6月): annualised = 1-6月 ÷ 6 × 12 = 1-6月 × 2. With the default
distance of 500万元 the pool starts at 1500万元 a year, that is 750万元 for 1-6月.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from parkops.economy.cultivation import DEFAULT_DISTANCE_WAN, POOL_THRESHOLD_WAN, annualise, cultivation_pool
from parkops.economy.models import ScaleMembership
from parkops.economy.tests.economy_data import record
from parkops.testing.factories import EnterpriseFactory

JUNE = date(2025, 6, 1)
PAGE = reverse("economy:cultivation")


def monthly(park, enterprise, code: str, year: int, june_total, months: int = 6) -> None:
    """1-N月 figures rising evenly to `june_total` (the 1-N月 figure of the last month)."""
    for number in range(1, months + 1):
        record(park, date(year, number, 1), {enterprise: {code: Decimal(june_total) * number / months}})


@pytest.fixture
def enterprises(park):
    made = {name: EnterpriseFactory(park=park, name=name) for name in (
        "刚好入库", "差一点", "快速成长", "规上企业", "已退规", "已达标", "只报营业收入")}
    monthly(park, made["刚好入库"], "main_revenue", 2025, 750)  # × 2 = 1500.00: on the line, in
    monthly(park, made["差一点"], "main_revenue", 2025, "749.99")  # 1499.98: a cent short, out
    monthly(park, made["差一点"], "main_revenue", 2024, "749.99")  # and not growing (0%)
    monthly(park, made["快速成长"], "main_revenue", 2025, 600)  # 1200: far from the line…
    monthly(park, made["快速成长"], "main_revenue", 2024, 300)  # …but doubling: 1200 × 2 = 2400 ≥ 2000, in
    monthly(park, made["规上企业"], "main_revenue", 2025, 900)  # 1800, but already 规上: out
    ScaleMembership.objects.create(enterprise=made["规上企业"], entered_period=date(2024, 1, 1))
    monthly(park, made["已退规"], "main_revenue", 2025, 800)  # 1600, left 规上 in January: in
    ScaleMembership.objects.create(enterprise=made["已退规"], entered_period=date(2020, 1, 1),
                                   left_period=date(2025, 1, 1))
    monthly(park, made["已达标"], "main_revenue", 2025, 1200)  # 2400, not yet 规上: in, nothing left to gain
    # Reports only 营业收入, and only to May: 700 ÷ 5 × 12 = 1680, in.
    monthly(park, made["只报营业收入"], "revenue", 2025, 700, months=5)
    return made


def names(pool) -> list[str]:
    return [candidate.enterprise.name for candidate in pool.candidates]


def test_the_line_is_2000_wan_and_the_distance_500_unless_set():
    assert (POOL_THRESHOLD_WAN, DEFAULT_DISTANCE_WAN) == (2000, 500)
    assert annualise(Decimal(750), JUNE) == Decimal("1500.00")
    assert annualise(Decimal(700), date(2025, 5, 1)) == Decimal("1680.00")


def test_the_pool_holds_those_near_the_line_or_growing_over_it(park, enterprises):
    pool = cultivation_pool(park=park)

    assert pool.period == JUNE
    # Biggest first.
    assert names(pool) == ["已达标", "只报营业收入", "已退规", "刚好入库", "快速成长"]


def test_each_candidate_shows_its_gap_growth_and_why(park, enterprises):
    pool = {c.enterprise.name: c for c in cultivation_pool(park=park).candidates}

    on_line, grower, over = pool["刚好入库"], pool["快速成长"], pool["已达标"]
    assert (on_line.annualised, on_line.gap, on_line.growth, on_line.reasons) == (
        Decimal("1500.00"), Decimal("500.00"), None, ["接近规上标准"])
    assert (grower.annualised, grower.gap, grower.growth, grower.projected, grower.reasons) == (
        Decimal("1200.00"), Decimal("800.00"), Decimal("100.00"), Decimal("2400.00"), ["按同比增速推算全年可达规模"])
    assert (over.gap, over.reasons) == (Decimal("0.00"), ["按目前进度全年可达规模"])
    revenue_only = pool["只报营业收入"]
    assert (revenue_only.months, revenue_only.indicator_name, revenue_only.annualised) == (
        "1-5月", "营业收入", Decimal("1680.00"))


def test_the_trend_is_the_year_month_by_month_beside_last_year(park, enterprises):
    grower = next(c for c in cultivation_pool(park=park).candidates if c.enterprise.name == "快速成长")

    assert [(period.month, amount) for period, amount in grower.trend] == [
        (1, 100), (2, 200), (3, 300), (4, 400), (5, 500), (6, 600)]
    assert [amount for _, amount in grower.last_year_trend] == [50, 100, 150, 200, 250, 300]


def test_a_smaller_distance_leaves_out_those_only_near_the_line(park, enterprises):
    pool = cultivation_pool(park=park, distance=Decimal(300))  # from 1700万元 a year

    assert names(pool) == ["已达标", "快速成长"]


def test_a_park_without_figures_has_an_empty_pool(park):
    pool = cultivation_pool(park=park)

    assert (pool.period, pool.candidates) == (None, [])


# --- the page ---------------------------------------------------------------------------------------


def test_the_page_shows_the_rule_the_pool_and_a_trend_line_each(enterprises, leader):
    client = Client()
    client.force_login(leader)

    page = client.get(PAGE).content.decode()

    assert "2025年6月未纳入规上统计的企业中" in page and "达到1500万元" in page
    assert page.count('class="sparkline"') == 5
    assert "vendor/echarts/echarts.min.js" in page
    row = page[page.index(">快速成长<"):]
    row = row[:row.index("</tr>")]
    assert "600万元" in row and "1200万元" in row and "800万元" in row and "100.00%" in row and "2400万元" in row
    assert "已达标准" in page  # 已达标's gap


def test_the_page_takes_the_distance_from_its_form(enterprises, leader):
    client = Client()
    client.force_login(leader)

    page = client.get(PAGE, {"distance": "300"}).content.decode()

    assert "达到1700万元" in page and page.count('class="sparkline"') == 2
    assert "刚好入库" not in page
