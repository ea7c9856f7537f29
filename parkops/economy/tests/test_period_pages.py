"""The months page, the close from it, and the year's targets."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from parkops.economy import services
from parkops.economy.models import Indicator, IndicatorTarget, PeriodClose
from parkops.economy.services import Reported
from parkops.org.choices import Role
from parkops.testing.factories import EnterpriseFactory, UserFactory

OCT = date(2026, 10, 1)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def october(park):
    revenue = Indicator.objects.get(code="revenue")
    rows = [Reported(EnterpriseFactory(park=park).id, revenue.id, Decimal(1000 * n)) for n in range(1, 4)]
    services.record_values(park=park, period=OCT, rows=rows)


def test_the_supervisor_closes_a_month_and_a_later_correction_shows_as_revised(park, supervisor, october):
    client = logged_in(supervisor)

    response = client.post(reverse("economy:period_close", args=["2026-10"]))

    assert response.status_code == 302
    page = client.get(reverse("economy:period_list")).content.decode()
    assert "2026年10月" in page and "已关账" in page and supervisor.display_name in page
    enterprise = PeriodClose.objects.get().park.enterprises.first()
    services.record_values(park=park, period=OCT, rows=[Reported(enterprise.id, Indicator.objects.get(
        code="revenue").id, Decimal(999))])
    page = client.get(reverse("economy:period_list")).content.decode()
    assert "关账后有修订" in page and "重新关账" in page


@pytest.mark.parametrize("role", [Role.LEADER, Role.VIEWER, Role.REPORTER])
def test_only_the_supervisor_closes(park, unit, october, role):
    user = UserFactory(username=f"u-{role}", role=role, unit=unit)
    client = logged_in(user)

    assert client.get(reverse("economy:period_list")).status_code == 200
    assert client.post(reverse("economy:period_close", args=["2026-10"])).status_code == 403
    assert not PeriodClose.objects.exists()


def test_a_month_without_data_says_so(park, supervisor):
    client = logged_in(supervisor)

    response = client.post(reverse("economy:period_close", args=["2026-09"]), follow=True)

    assert "2026年9月还没有任何企业数据，不能关账。" in response.content.decode()


def test_targets_are_set_changed_and_removed(park, supervisor):
    client = logged_in(supervisor)
    revenue, tax = Indicator.objects.get(code="revenue"), Indicator.objects.get(code="tax")

    client.post(reverse("economy:targets"), {"year": "2026", f"amount-{revenue.pk}": "4500000",
                                             f"growth-{revenue.pk}": "15", f"growth-{tax.pk}": "10.5"})

    assert IndicatorTarget.objects.get(indicator=revenue, year=2026).amount == Decimal(4500000)
    assert IndicatorTarget.objects.get(indicator=tax).growth_pct == Decimal("10.5")
    client.post(reverse("economy:targets"), {"year": "2026", f"amount-{revenue.pk}": "4600000",
                                             f"growth-{revenue.pk}": "15"})
    assert IndicatorTarget.objects.get(indicator=revenue).amount == Decimal(4600000)
    assert not IndicatorTarget.objects.filter(indicator=tax).exists()


def test_a_target_that_is_not_a_number_is_refused_and_nothing_saved(park, supervisor):
    revenue = Indicator.objects.get(code="revenue")

    page = logged_in(supervisor).post(reverse("economy:targets"), {"year": "2026", f"amount-{revenue.pk}": "四百亿"})

    assert "请填写数字。" in page.content.decode() and 'value="四百亿"' in page.content.decode()
    assert not IndicatorTarget.objects.exists()


def test_readers_see_targets_but_cannot_set_them(park, leader):
    revenue = Indicator.objects.get(code="revenue")
    client = logged_in(leader)

    assert "保存目标" not in client.get(reverse("economy:targets")).content.decode()
    assert client.post(reverse("economy:targets"), {f"amount-{revenue.pk}": "1"}).status_code == 403
