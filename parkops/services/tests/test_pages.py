"""The pages as their users meet them: the park's list with lights and rates, filtered and exported; the
enterprise's phone page with its own requests and figures; a liaison filing for an enterprise; the
supervisor opening an account whose holder must change the one-time password; and the list, the
enterprise page and the statistics cost the same queries for ten requests or a thousand."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from parkops.org.choices import Role
from parkops.org.models import User
from parkops.services import services
from parkops.services.choices import Category, Rating, Status
from parkops.services.models import EnterpriseAccount, ServiceRequest
from parkops.testing.factories import (
    EnterpriseFactory,
    EnterpriseUserFactory,
    ParkFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
TODAY = date(2025, 11, 20)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def park():
    return ParkFactory()


def _requests(park, unit, enterprise, count: int) -> None:
    """Requests in every state, with their clocks, as the services leave them."""
    states = list(Status)
    rows = []
    for n in range(count):
        filed = TODAY - timedelta(days=n % 40)
        status = states[n % len(states)]
        done = status == Status.RESOLVED
        rows.append(ServiceRequest(
            park=park, enterprise=enterprise, enterprise_name=enterprise.name, content=f"诉求{n:04d}",
            category=Category.values[n % len(Category.values)], status=status, filed_on=filed,
            unit=None if status == Status.SUBMITTED else unit, clock_from=filed, accept_due=filed + timedelta(days=1),
            reply_due=filed + timedelta(days=3), resolve_due=filed + timedelta(days=21),
            replied_on=filed + timedelta(days=2) if status in (Status.REPLIED, Status.RESOLVED) else None,
            resolved_on=filed + timedelta(days=n % 30) if done else None, result="已办" if done else "",
            rating=Rating.values[n % 3] if done else ""))
    ServiceRequest.objects.bulk_create(rows)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["services:request_list", "services:stats", "services:mine"])
def test_pages_cost_the_same_queries_for_ten_requests_or_a_thousand(park, page):
    unit = UnitFactory(park=park)
    enterprise = EnterpriseFactory(park=park)
    user = EnterpriseUserFactory(enterprise=enterprise) if page == "services:mine" else \
        UserFactory(role=Role.SUPERVISOR)
    client = logged_in(user)
    _requests(park, unit, enterprise, 10)
    few = _queries(client, reverse(page))
    _requests(park, unit, enterprise, 990)
    assert ServiceRequest.objects.count() == 1000
    assert _queries(client, reverse(page)) == few


def test_the_list_shows_each_requests_light_and_the_rates_and_exports_the_ledger(park):
    unit = UnitFactory(park=park, name="工信局")
    supervisor = UserFactory(role=Role.SUPERVISOR)
    late = services.request_file(park=park, user=supervisor, enterprise_name="江西维科技术有限公司",
                                 content="用工招聘对接", unit=unit, filed_on=date(2025, 11, 3))
    client = logged_in(supervisor)
    page = client.get(reverse("services:request_list")).content.decode()
    assert "用工招聘对接" in page and "逾期" in page and "应于2025年11月4日前受理" in page
    book = load_workbook(BytesIO(client.get(reverse("services:request_list") + "?export=xlsx").content))
    rows = list(book.active.iter_rows(values_only=True))
    header = next(row for row in rows if row and row[0] == "序号")
    assert header[:10] == ("序号", "企业名称", "诉求内容", "类别", "提出时间", "承办单位", "办理时限", "办理结果",
                           "办结时间", "满意度")
    line = rows[rows.index(header) + 1]
    assert line[1:7] == ("江西维科技术有限公司", "用工招聘对接", "其他", "2025-11-03", "工信局",
                         f"{late.resolve_due:%Y-%m-%d}")


def test_a_reporter_sees_only_his_units_requests(park):
    mine, other = UnitFactory(park=park, name="工信局"), UnitFactory(park=park, name="商务局")
    supervisor = UserFactory(role=Role.SUPERVISOR)
    services.request_file(park=park, user=supervisor, enterprise_name="甲企业", content="本单位承办", unit=mine)
    services.request_file(park=park, user=supervisor, enterprise_name="乙企业", content="外单位承办", unit=other)
    page = logged_in(UserFactory(role=Role.REPORTER, unit=mine)).get(reverse("services:request_list")).content.decode()
    assert "本单位承办" in page and "外单位承办" not in page


def test_the_enterprise_page_shows_its_own_requests_only(park):
    ours, theirs = EnterpriseFactory(park=park, name="甲公司"), EnterpriseFactory(park=park, name="乙公司")
    supervisor = UserFactory(role=Role.SUPERVISOR)
    services.request_file(park=park, user=supervisor, enterprise=ours, content="我们的诉求")
    services.request_file(park=park, user=supervisor, enterprise=theirs, content="别人的诉求")
    page = logged_in(EnterpriseUserFactory(enterprise=ours)).get(reverse("services:mine")).content.decode()
    assert "我们的诉求" in page and "别人的诉求" not in page and "乙公司" not in page


def test_a_liaison_files_for_an_enterprise_of_the_registry(park):
    enterprise = EnterpriseFactory(park=park, name="德安精密模具有限公司")
    liaison = UserFactory(role=Role.REPORTER, unit=UnitFactory(park=park))
    response = logged_in(liaison).post(reverse("services:request_new"), {
        "enterprise": enterprise.pk, "category": Category.FINANCE, "content": "贷款担保材料"})
    request = ServiceRequest.objects.get()
    assert response.status_code == 302 and request.enterprise == enterprise
    assert request.get_source_display() == "联络员代录"


def test_the_park_opens_an_account_by_credit_code_and_its_holder_must_change_the_password(park):
    enterprise = EnterpriseFactory(park=park, name="江西乾照光电有限公司")
    supervisor = UserFactory(role=Role.SUPERVISOR)
    page = logged_in(supervisor).post(reverse("services:accounts"), {
        "credit_code": enterprise.credit_code.lower(), "username": "qianzhao"}).content.decode()
    account = EnterpriseAccount.objects.get(enterprise=enterprise)
    assert account.user.username == "qianzhao" and account.user.role == Role.ENTERPRISE
    password = page.split('id="one-time-password">')[1].split("<")[0]
    client = Client()
    response = client.post(reverse("org:login"), {"username": "qianzhao", "password": password})
    assert client.get(reverse("services:mine")).url == reverse("org:password_change")
    assert response.status_code == 302
    assert "没有统一社会信用代码" in logged_in(supervisor).post(reverse("services:accounts"), {
        "credit_code": "91361126000000999X"}).content.decode()
    assert User.objects.filter(role=Role.ENTERPRISE).count() == 1
