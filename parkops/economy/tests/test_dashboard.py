"""The economic dashboard and the wall: the month's figures as the reports print them, charts fed,
and the same number of queries whatever the number of enterprises."""

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
from parkops.org.choices import Role
from parkops.testing.factories import EnterpriseFactory, UserFactory

DASHBOARD = reverse("economy:dashboard")
WALL = reverse("economy:wall")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def park_with(park, count: int) -> None:
    """count 规上 enterprises with September and October of two years: each 1-10月 revenue 100万元 a
    year ago and 112万元 now, so the park grows 12.00%."""
    chain = IndustryChain.objects.create(park=park, name="装备制造", is_leading=True)
    revenue = Indicator.objects.get(code="revenue")
    enterprises = [EnterpriseFactory(park=park, chain=chain) for _ in range(count)]
    for enterprise in enterprises:
        ScaleMembership.objects.create(enterprise=enterprise, entered_period=date(2020, 1, 1))
    for year, october in ((2025, Decimal(100)), (2026, Decimal(112))):
        for month, value in ((9, october * 9 / 10), (10, october)):
            services.record_values(park=park, period=date(year, month, 1),
                                   rows=[Reported(e.id, revenue.id, value) for e in enterprises])


def test_the_dashboard_prints_the_seeds_sentence_and_figures(park, leader):
    park_with(park, 3)

    page = logged_in(leader).get(DASHBOARD).content.decode()

    assert "1-10月，园区规上工业企业3家，实现营业收入336万元，同比增长12.00%。" in page
    assert 'id="economy-chart"' in page and "vendor/echarts/echarts.min.js" in page


def test_a_month_and_a_chain_can_be_chosen(park, supervisor):
    park_with(park, 2)
    chain = IndustryChain.objects.get()

    page = logged_in(supervisor).get(DASHBOARD, {"period": "2025-09", "chain": chain.pk}).content.decode()

    assert "1-9月" in page and "装备制造" in page and "规上工业企业2家" in page


def test_a_park_without_data_says_so(park, supervisor):
    page = logged_in(supervisor).get(DASHBOARD).content.decode()

    assert "还没有经济数据" in page and "导入统计月报" in page


def test_the_wall_is_one_screen_that_refreshes_itself(park, leader):
    park_with(park, 2)

    page = logged_in(leader).get(WALL).content.decode()

    assert 'content="width=1920"' in page and 'http-equiv="refresh"' in page
    assert "经济运行监测" in page and "规上工业企业" in page and "navbar" not in page


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN])
def test_the_administrators_see_no_figures(park, role):
    client = logged_in(UserFactory(username=f"admin-{role}", role=role))
    assert client.get(DASHBOARD).status_code == 403
    assert client.get(WALL).status_code == 403


@pytest.mark.parametrize("url", [DASHBOARD, WALL])
def test_the_dashboard_costs_the_same_queries_for_five_enterprises_or_eighty(park, supervisor, url):
    client = logged_in(supervisor)
    park_with(park, 5)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(75):
        enterprise = EnterpriseFactory(park=park, chain=IndustryChain.objects.get())
        ScaleMembership.objects.create(enterprise=enterprise, entered_period=date(2020, 1, 1))
        services.record_values(park=park, period=date(2026, 10, 1), rows=[Reported(
            enterprise.id, Indicator.objects.get(code="revenue").id, Decimal(50))])
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()

    assert "80家" in page
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
