"""The dashboard and the wall answer at once: a few aggregate queries whatever the number of
enterprises and months, none of them matching a month to its year-ago twin row by row; a second visit
reads what the first worked out, and each visit reads the figures as they are now (a correction, a
changed chain or a close shows on the next load)."""

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parkops.economy import services
from parkops.economy.models import Indicator, IndustryChain, ScaleMembership
from parkops.economy.services import Reported
from parkops.testing.factories import EnterpriseFactory

DASHBOARD = reverse("economy:dashboard")
WALL = reverse("economy:wall")
# What the dashboard costs today (session, user, menu, the figures' aggregates …) with a little room
# for the page's frame to grow; a query per enterprise or per month would pass it at once.
MOST_QUERIES = {DASHBOARD: 46, WALL: 43}


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def months_of(year: int, last: int = 12) -> list[date]:
    return [date(year, number, 1) for number in range(1, last + 1)]


def two_years_monthly(park, count: int) -> list:
    """count 规上 enterprises reporting revenue every month of 2025 and January-October 2026: 10万元
    a month in 2025 and 11万元 a month in 2026, so every month of 2026 grows 10.00%."""
    chain = IndustryChain.objects.create(park=park, name="装备制造", is_leading=True)
    revenue = Indicator.objects.get(code="revenue")
    enterprises = [EnterpriseFactory(park=park, chain=chain) for _ in range(count)]
    for enterprise in enterprises:
        ScaleMembership.objects.create(enterprise=enterprise, entered_period=date(2020, 1, 1))
    for periods, monthly in ((months_of(2025), Decimal(10)), (months_of(2026, 10), Decimal(11))):
        for period in periods:
            services.record_values(park=park, period=period, rows=[
                Reported(e.id, revenue.id, monthly * period.month) for e in enterprises])
    return enterprises


def chart_of(page: str) -> dict:
    start = page.index('<script id="economy-chart" type="application/json">') + len(
        '<script id="economy-chart" type="application/json">')
    return json.loads(page[start:page.index("</script>", start)])


def table_row(page: str, name: str) -> list[str]:
    """The cells of an indicator's row of the dashboard's table, as a reader sees them."""
    table = page[page.index('id="indicator-table"'):]
    row = re.search(rf"<tr><td[^>]*>{name}</td>(.*?)</tr>", table, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


@pytest.mark.parametrize("url", [DASHBOARD, WALL])
def test_the_page_reads_twenty_two_months_in_a_handful_of_queries(park, supervisor, url,
                                                                   django_assert_max_num_queries):
    two_years_monthly(park, 6)
    client = logged_in(supervisor)

    with django_assert_max_num_queries(MOST_QUERIES[url]):
        page = client.get(url).content.decode()

    chart = chart_of(page)
    assert chart["months"] == [f"{number}月" for number in range(1, 11)]
    assert chart["yoy"] == [10.0] * 10  # each month's 同比 found its own twin a year earlier


@pytest.mark.parametrize("url", [DASHBOARD, WALL])
def test_no_query_pairs_a_month_with_its_twin_by_month_number(park, supervisor, url):
    """Matching the year-ago value on the month number computed for every row made both pages take
    10 s on the demo park (SQLite computes it in Python for each pair of rows, and no index serves
    it); the twin is looked up by its period in the (enterprise, indicator, period) key instead."""
    two_years_monthly(park, 2)
    client = logged_in(supervisor)

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200

    month_numbers = [q["sql"] for q in queries.captured_queries
                     if "django_date_extract" in q["sql"] or "EXTRACT(" in q["sql"].upper()]
    assert month_numbers == []


def test_a_corrected_figure_shows_on_the_next_load(park, supervisor):
    first, *_ = two_years_monthly(park, 3)
    client = logged_in(supervisor)
    assert table_row(client.get(DASHBOARD).content.decode(), "营业收入")[:2] == ["330万元", "33万元"]

    # The bureau's corrected sheet: the first enterprise's 1-10月 revenue was 210万元, not 110万元.
    services.record_values(park=park, period=date(2026, 10, 1), rows=[
        Reported(first.id, Indicator.objects.get(code="revenue").id, Decimal(210))])
    page = client.get(DASHBOARD).content.decode()

    # 1-10月 330 + 100; October's own value 11 + 11 + (210 − 99), and the chart's October with it.
    assert table_row(page, "营业收入")[:2] == ["430万元", "133万元"]
    assert chart_of(page)["this_year"][-1] == 0.01  # the chart is in 亿元: 133万元


def test_a_newly_imported_month_is_what_the_dashboard_opens_on(park, supervisor):
    enterprises = two_years_monthly(park, 2)
    revenue = Indicator.objects.get(code="revenue")

    services.record_values(park=park, period=date(2026, 11, 1), rows=[
        Reported(e.id, revenue.id, Decimal(121)) for e in enterprises])
    page = logged_in(supervisor).get(DASHBOARD).content.decode()

    assert "1-11月，园区规上工业企业2家，实现营业收入242万元，同比增长10.00%。" in page
    assert table_row(page, "营业收入")[:4] == ["242万元", "22万元", "10.00%", "10.00%"]


def test_a_correction_after_the_close_waits_for_the_next_close(park, supervisor):
    first, *_ = two_years_monthly(park, 2)
    services.close_period(park=park, period=date(2026, 10, 1), user=supervisor)
    services.record_values(park=park, period=date(2026, 10, 1), rows=[
        Reported(first.id, Indicator.objects.get(code="revenue").id, Decimal(210))])
    client = logged_in(supervisor)

    closed = client.get(DASHBOARD).content.decode()
    services.close_period(park=park, period=date(2026, 10, 1), user=supervisor)
    closed_again = client.get(DASHBOARD).content.decode()

    assert "已关账，关账后有修订" in closed and table_row(closed, "营业收入")[0] == "220万元"
    assert "关账后有修订" not in closed_again and table_row(closed_again, "营业收入")[0] == "320万元"


def test_a_second_visit_reads_the_figures_worked_out_by_the_first(park, supervisor):
    two_years_monthly(park, 6)
    client = logged_in(supervisor)
    first = client.get(DASHBOARD).content.decode()

    with CaptureQueriesContext(connection) as second_visit:
        again = client.get(DASHBOARD).content.decode()

    with CaptureQueriesContext(connection) as first_visit:
        client.get(DASHBOARD, {"indicator": "revenue", "period": "2026-09"})  # not worked out yet
    assert len(second_visit) < len(first_visit) - 10
    assert chart_of(again) == chart_of(first) and table_row(again, "营业收入") == table_row(first, "营业收入")


@pytest.mark.parametrize("url", [DASHBOARD, WALL])
def test_what_changes_the_figures_shows_on_the_next_visit_though_they_were_kept(park, supervisor, url):
    enterprises = two_years_monthly(park, 2)
    client = logged_in(supervisor)
    revenue = Indicator.objects.get(code="revenue")
    assert "220万元" in client.get(url).content.decode()  # 1-10月: 2 × 110万元

    # An import's correction of October, then a new chain for one of them, then the month closed.
    services.record_values(park=park, period=date(2026, 10, 1), rows=[Reported(enterprises[0].id, revenue.id,
                                                                               Decimal(150))])
    assert "260万元" in client.get(url).content.decode()
    other = IndustryChain.objects.create(park=park, name="电子信息")
    enterprises[1].chain = other
    enterprises[1].save()
    assert "电子信息" in client.get(DASHBOARD).content.decode()
    services.close_period(park=park, period=date(2026, 10, 1), user=supervisor)
    assert "已关账" in client.get(DASHBOARD).content.decode()
