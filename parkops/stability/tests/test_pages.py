"""The case pages as their users meet them: the supervisor registers a case and its clock is set, the
unit answers, the supervisor's 回访 closes it (or sends it back when the petitioner is not satisfied);
the list costs the same queries for ten cases or a thousand; the dispute, duty and coverage pages show
what is recorded."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parkops.org.choices import Role
from parkops.stability import rules
from parkops.stability.choices import CaseStatus
from parkops.stability.models import Case, Dispute
from parkops.testing.factories import ParkFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2025, 10, 20)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def park_and_unit():
    park = ParkFactory()
    return park, UnitFactory(park=park, name="城管局")


def test_a_case_from_registration_to_closing(park_and_unit):
    park, unit = park_and_unit
    supervisor = logged_in(UserFactory(role=Role.SUPERVISOR))
    response = supervisor.post(reverse("stability:case_create"), {
        "number": "12345-0930-01", "source": "hotline", "kind": "help", "received_on": "2025-09-30",
        "petitioner_name": "李娜", "petitioner_phone": "13900001111", "place": "九岭路",
        "content": "求助：九岭路路灯损坏，夜间通行不便", "handling_unit": unit.pk})
    case = Case.objects.get(number="12345-0930-01")
    assert response.status_code == 302 and case.due_on == date(2025, 10, 11)

    handler = logged_in(UserFactory(role=Role.REPORTER, unit=unit))
    handler.post(reverse("stability:case_reply", args=[case.pk]), {"reply": "已修复路灯。", "on": "2025-10-10"})
    assert Case.objects.get(pk=case.pk).status == CaseStatus.REPLIED

    supervisor.post(reverse("stability:case_review", args=[case.pk]),
                    {"visited_on": "2025-10-10", "satisfaction": "dissatisfied", "outcome": "return"})
    assert Case.objects.get(pk=case.pk).status == CaseStatus.HANDLING
    handler.post(reverse("stability:case_reply", args=[case.pk]), {"reply": "已修复并加装。", "on": "2025-10-11"})
    supervisor.post(reverse("stability:case_review", args=[case.pk]),
                    {"visited_on": "2025-10-11", "satisfaction": "satisfied", "outcome": "close"})
    case = Case.objects.get(pk=case.pk)
    assert (case.status, case.closed_on, case.satisfaction) == (CaseStatus.CLOSED, date(2025, 10, 11), "satisfied")
    page = supervisor.get(reverse("stability:case_detail", args=[case.pk])).content.decode()
    assert "按期办结" in page and "已修复并加装。" in page


def test_a_viewer_cannot_register_or_answer(park_and_unit):
    park, unit = park_and_unit
    viewer = logged_in(UserFactory(role=Role.VIEWER))
    assert viewer.post(reverse("stability:case_create"), {"content": "越权"}).status_code == 403
    assert not Case.objects.exists()


def _cases(park, unit, count: int) -> None:
    kinds = ("consult", "help", "suggestion", "complaint", "petition", "emergency")
    Case.objects.bulk_create(
        Case(park=park, number=f"C{n:05d}", kind=kinds[n % 6], received_on=TODAY - timedelta(days=n % 90),
             due_on=rules.due_on(kind=kinds[n % 6], received_on=TODAY - timedelta(days=n % 90)),
             content=f"反映问题{n}", petitioner_name="王伟", petitioner_phone=f"1380000{n:04d}", place=f"地点{n % 40}",
             handling_unit=unit, status=CaseStatus.CLOSED if n % 3 == 0 else CaseStatus.HANDLING,
             closed_on=TODAY - timedelta(days=1) if n % 3 == 0 else None) for n in range(count))


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["stability:case_list", "stability:repeats"])
def test_the_lists_cost_the_same_for_ten_cases_or_a_thousand(park_and_unit, url_name):
    park, unit = park_and_unit
    client = logged_in(UserFactory(role=Role.SUPERVISOR))
    _cases(park, unit, 10)
    few = _queries(client, reverse(url_name))
    _cases_more = Case.objects.count()
    Case.objects.all().delete()
    _cases(park, unit, 1000)
    assert _cases_more == 10
    assert _queries(client, reverse(url_name)) == few


def test_disputes_and_duty_pages_show_what_is_recorded(park_and_unit):
    park, unit = park_and_unit
    supervisor = logged_in(UserFactory(role=Role.SUPERVISOR))
    supervisor.post(reverse("stability:dispute_create"), {
        "occurred_on": "2025-10-09", "kind": "labour", "parties": "王伟等5人与江西和首纺织有限公司",
        "description": "拖欠工资", "mediator": unit.pk, "result": "resolved", "outcome": "达成调解协议"})
    assert Dispute.objects.get().resolved_on == TODAY
    assert "调解成功" in supervisor.get(reverse("stability:dispute_list")).content.decode()
    supervisor.post(reverse("stability:duty"), {"period": "国庆", "on": "2025-10-01", "leader": "王晓君",
                                                "staff": "李督办", "phone": "0792-4321110"})
    viewer = logged_in(UserFactory(role=Role.VIEWER))
    assert "0792-4321110" in viewer.get(reverse("stability:duty")).content.decode()


def test_covering_a_target_raises_the_rate_on_the_coverage_page(park_and_unit):
    from parkops.stability.models import CoverageCampaign, CoverageEntry
    from parkops.testing.factories import EnterpriseFactory

    park, _unit = park_and_unit
    campaign = CoverageCampaign.objects.create(park=park, name="两个覆盖集中攻坚", started_on=date(2025, 3, 1))
    registered = EnterpriseFactory(park=park, name="江西宏美科技有限公司")
    covered = CoverageEntry.objects.create(campaign=campaign, enterprise_name="德安甲有限公司", is_target=True,
                                           form="single", organisation="德安甲有限公司党支部", covered_before=True)
    target = CoverageEntry.objects.create(campaign=campaign, enterprise=registered, enterprise_name=registered.name,
                                          is_target=True, employees=120, party_members=4)
    CoverageEntry.objects.create(campaign=campaign, enterprise_name="德安乙有限公司")
    supervisor = logged_in(UserFactory(role=Role.SUPERVISOR))
    assert "50.0% → 50.0%" in supervisor.get(reverse("stability:coverage")).content.decode()

    supervisor.post(reverse("stability:entry_edit", args=[target.pk]), {
        "enterprise_name": registered.name, "employees": "120", "party_members": "4", "is_target": "on",
        "form": "joint", "organisation": "高新区第一联合党支部", "covered_on": "2025-10-09"})
    page = logged_in(UserFactory(role=Role.VIEWER)).get(reverse("stability:coverage")).content.decode()
    assert "50.0% → 100.0%" in page and "联合1个" in page and covered.enterprise_name in page
