"""Two people editing one enterprise: the second save is refused with who changed what; an import in
between counts as a change. A deleted enterprise leaves the registry, the figures and the API."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from parkops.core import trash
from parkops.economy import figures, registry, services
from parkops.economy.models import Enterprise, Indicator, ScaleMembership
from parkops.economy.services import Reported
from parkops.org.choices import Role
from parkops.testing.factories import EnterpriseFactory, UserFactory


@pytest.fixture
def zhang(db):
    return UserFactory(username="zhang", display_name="张科长", role=Role.SUPERVISOR)


@pytest.fixture
def li(db):
    return UserFactory(username="li", display_name="李科员", role=Role.SUPERVISOR)


@pytest.fixture
def heavy(park):
    return EnterpriseFactory(park=park, name="江西德安重工机械有限公司", employees=860)


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(response) -> dict:
    data = {}
    for bound in response.context["form"]:
        value = bound.field.prepare_value(bound.value())
        if value is not False:
            data[bound.html_name] = "" if value is None else value
    return data


def test_second_save_of_an_enterprise_is_refused_with_who_changed_what(heavy, zhang, li):
    url = reverse("economy:enterprise_edit", args=[heavy.pk])
    zhang_page, li_page = browser(zhang), browser(li)
    zhang_data, li_data = form_data(zhang_page.get(url)), form_data(li_page.get(url))

    zhang_data["employees"] = "900"
    assert zhang_page.post(url, zhang_data).status_code == 302
    li_data["contact_phone"] = "0792-4321234"
    response = li_page.post(url, li_data)

    page = response.content.decode()
    assert "未保存：您打开此页面后，张科长于" in page and "从业人员（人）：860 → 900" in page
    assert 'value="0792-4321234"' in page
    heavy.refresh_from_db()
    assert (heavy.employees, heavy.contact_phone) == (900, "")


def test_an_import_between_loading_and_saving_is_a_change_too(heavy, zhang):
    url = reverse("economy:enterprise_edit", args=[heavy.pk])
    page = browser(zhang)
    data = form_data(page.get(url))
    imported = Enterprise.objects.get(pk=heavy.pk)
    imported.employees = 870
    registry.enterprise_save(enterprise=imported, user=None, reason="由企业名录导入")

    data["contact_person"] = "王经理"
    response = page.post(url, data)

    assert "系统于" in response.content.decode() and "从业人员（人）：860 → 870" in response.content.decode()
    heavy.refresh_from_db()
    assert heavy.contact_person == ""


def _reporting(park, *names):
    revenue = Indicator.objects.get(code="revenue")
    enterprises = [EnterpriseFactory(park=park, name=name) for name in names]
    for enterprise in enterprises:
        ScaleMembership.objects.create(enterprise=enterprise, entered_period=date(2020, 1, 1))
    services.record_values(park=park, period=date(2026, 1, 1),
                           rows=[Reported(e.id, revenue.id, Decimal(100)) for e in enterprises])
    return enterprises


def test_a_deleted_enterprise_is_not_counted_on_the_dashboard_or_in_the_brief(park, zhang):
    kept, gone = _reporting(park, "德安铜业新材料有限公司", "丰林小微电子商行")
    before = figures.economy_summary(park=park, period=date(2026, 1, 1))
    assert (before.enterprises, before.indicators["revenue"].cumulative) == (2, Decimal(200))

    trash.soft_delete(gone, user=zhang)

    after = figures.economy_summary(park=park, period=date(2026, 1, 1))
    assert (after.enterprises, after.indicators["revenue"].cumulative) == (1, Decimal(100))
    page = browser(zhang).get(reverse("economy:dashboard"), {"period": "2026-01"}).content.decode()
    assert "规上工业企业1家" in page
    listing = browser(zhang).get(reverse("economy:enterprise_list")).content.decode()
    assert "德安铜业新材料有限公司" in listing and "丰林小微电子商行" not in listing


def test_a_deleted_enterprise_keeps_its_code_until_restored(heavy, zhang):
    trash.soft_delete(heavy, user=zhang)

    assert "属于已删除的企业“江西德安重工机械有限公司”，请在回收站恢复该企业" in registry.duplicate_code_problem(
        heavy.credit_code)

    response = browser(zhang).post(reverse("core:trash_restore", args=["economy.enterprise", heavy.pk]))
    assert response.url == reverse("economy:enterprise_detail", args=[heavy.pk])
    assert Enterprise.objects.filter(pk=heavy.pk).exists()
    changes = registry.enterprise_history(Enterprise.objects.get(pk=heavy.pk))
    assert [change.reason for change in changes[:2]] == ["从回收站恢复", "删除（移入回收站）"]
