"""企业自报: an enterprise user reports its own month's figures on its phone page, kept beside the
bureau's and never mixed into them; a second report of the month is a correction with a reason, the first
kept; differences beyond the tolerance are flagged on the park's page for the enterprise and in the
clerk's list; an enterprise reports for itself only; and the clerk's list costs the same queries for ten
reports or a thousand."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parkops.org.choices import Role
from parkops.services import selectors, services
from parkops.services.models import SelfReport
from parkops.testing.enterprise_figures import bulk_growers, enterprise
from parkops.testing.factories import EnterpriseUserFactory, ParkFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = date(2025, 11, 20)
OCT = date(2025, 10, 1)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world():
    park = ParkFactory()
    own = enterprise(park, "甲电子有限公司", revenue={OCT: "10000"}, rnd={OCT: "300"})
    other = enterprise(park, "乙材料有限公司", revenue={OCT: "8000"})
    return park, own, other, EnterpriseUserFactory(enterprise=own)


def _bureau_revenue(found) -> Decimal:
    return found.indicator_values.get(indicator__code="revenue", period=OCT).cumulative


def test_the_enterprise_reports_its_month_beside_the_bureaus_figures_never_into_them(world):
    park, own, other, user = world
    client = logged_in(user)
    response = client.post(reverse("services:self_report"), {
        "period": "2025-10", "figure_revenue": "10400", "figure_rnd": "360", "figure_employees": "215"})
    assert response.status_code == 302
    report = SelfReport.objects.get()
    assert (report.enterprise, report.period, report.revision) == (own, OCT, 1)
    assert report.figures == {"revenue": "10400.00", "rnd": "360.00", "employees": "215.00"}
    assert _bureau_revenue(own) == Decimal("10000")  # the bureau's figure untouched
    page = client.get(reverse("services:mine")).content.decode()
    assert "已报2025年10月（第1版）" in page and "1项与统计数据差异较大" in page
    # 营业收入 +4% is within 5%; 研发投入 360 against 300 is +20%: flagged.
    compared = selectors.compared(selectors.current_self_reports(park=park))[0]
    assert [(row.code, row.gap_pct, row.flagged) for row in compared.rows] == [
        ("revenue", Decimal("4.00"), False), ("rnd", Decimal("20.00"), True), ("employees", None, False)]


def test_a_correction_needs_a_reason_and_keeps_the_first_report(world):
    park, own, other, user = world
    services.self_report_submit(enterprise=own, user=user, period=OCT, figures={"revenue": "10400"})
    with pytest.raises(ValidationError, match="更正须说明理由"):
        services.self_report_submit(enterprise=own, user=user, period=OCT, figures={"revenue": "12000"})
    with pytest.raises(ValidationError, match="未作改动"):
        services.self_report_submit(enterprise=own, user=user, period=OCT, figures={"revenue": "10400"}, reason="x")
    corrected = services.self_report_submit(enterprise=own, user=user, period=OCT, figures={"revenue": "12000"},
                                            reason="漏报了子公司收入")
    assert corrected.revision == 2
    assert list(SelfReport.objects.order_by("revision").values_list("revision", "is_current", "figures")) == [
        (1, False, {"revenue": "10400.00"}), (2, True, {"revenue": "12000.00"})]
    clerk = logged_in(UserFactory(role=Role.SUPERVISOR))
    listed = clerk.get(reverse("services:self_report_list")).content.decode()
    assert "甲电子有限公司" in listed and "营业收入：1.20亿元 / 1.00亿元（20.00%）" in listed
    page = clerk.get(reverse("services:self_report_enterprise", args=[own.pk])).content.decode()
    assert "更正理由：漏报了子公司收入" in page and "第1版" in page and "营业收入 10400.00" in page
    assert "flagged" in page


def test_an_enterprise_reports_for_itself_only(world):
    park, own, other, user = world
    with pytest.raises(ValidationError, match="只能由本企业的企业账号填报"):
        services.self_report_submit(enterprise=other, user=user, period=OCT, figures={"revenue": "1"})
    with pytest.raises(ValidationError, match="只能由本企业的企业账号填报"):
        services.self_report_submit(enterprise=own, user=UserFactory(role=Role.SUPERVISOR), period=OCT,
                                    figures={"revenue": "1"})
    with pytest.raises(ValidationError, match="今后月份"):
        services.self_report_submit(enterprise=own, user=user, period=date(2025, 12, 1), figures={"revenue": "1"})
    with pytest.raises(ValidationError, match="未知的指标"):
        services.self_report_submit(enterprise=own, user=user, period=OCT, figures={"__class__": "1"})
    with pytest.raises(ValidationError, match="须为数字"):
        services.self_report_submit(enterprise=own, user=user, period=OCT, figures={"revenue": "1e5;drop"})
    assert not SelfReport.objects.exists()
    client = logged_in(user)

    services.self_report_submit(enterprise=other, user=EnterpriseUserFactory(enterprise=other), period=OCT,
                                figures={"revenue": "8000"})
    own_page = client.get(reverse("services:self_report_list")).content.decode()  # its own page, not the list
    assert "甲电子有限公司" in own_page and "乙材料有限公司" not in own_page
    assert client.get(reverse("services:self_report_enterprise", args=[own.pk])).status_code == 403
    assert logged_in(UserFactory(role=Role.SUPERVISOR)).get(reverse("services:self_report")).status_code == 403


def test_the_clerks_list_costs_the_same_queries_for_ten_reports_or_a_thousand(world):
    park, own, other, user = world

    def reports(made):
        SelfReport.objects.bulk_create([SelfReport(enterprise=e, period=OCT, figures={"revenue": "15000"})
                                        for e in made])

    client = logged_in(UserFactory(role=Role.SUPERVISOR))
    reports(bulk_growers(park, 10))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("services:self_report_list"))
    reports(bulk_growers(park, 990, start=10))
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("services:self_report_list")).content.decode()
    assert len(many) == len(few)
    assert "1000份" in page
