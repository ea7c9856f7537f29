"""The land pages as their users meet them: the parcel list with its totals by status, the disposal board
by method and light, the leader's phone view of the year's 盘活 against its target, a unit kept to its own
cases; the list and the board cost the same queries for ten parcels or a thousand."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parkops.land import services
from parkops.land.choices import LedgerKind
from parkops.land.demo import build_land
from parkops.land.models import DisposalCase, DisposalMethod, DisposalStep, Parcel, ParkPlan, RevitaliseTarget
from parkops.org.choices import Role
from parkops.testing.factories import EnterpriseFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2025, 11, 20)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _parcels(park, unit, count: int) -> None:
    """Parcels of every kind the rule tells apart, each with a case, a step and a holder."""
    services.ensure_methods(park)
    methods = list(DisposalMethod.objects.filter(park=park))
    holders = [EnterpriseFactory(park=park) for _ in range(3)]
    parcels = Parcel.objects.bulk_create(
        Parcel(park=park, number=f"P{n:04d}", location=f"地块{n:04d}", area_mu=Decimal(10 + n % 7),
               holder=holders[n % 3], agreed_start_on=TODAY - timedelta(days=100 * (n % 9)),
               started_on=TODAY - timedelta(days=30) if n % 4 == 0 else None,
               completed_on=TODAY - timedelta(days=5) if n % 8 == 0 else None,
               ledger_kind=LedgerKind.IDLE if n % 2 else "",
               approved_on=TODAY - timedelta(days=200) if n % 3 == 0 else None,
               outline=[[n % 50, 0], [n % 50 + 10, 0], [n % 50, 10]] if n % 2 else []) for n in range(count))
    cases = DisposalCase.objects.bulk_create(
        DisposalCase(parcel=p, method=methods[n % 7], responsible_unit=unit, opened_on=date(2025, 1, 1),
                     deadline=TODAY + timedelta(days=n % 60 - 30),
                     closed_on=date(2025, 6, 1) if n % 5 == 0 else None,
                     revitalised_mu=p.area_mu if n % 5 == 0 else None) for n, p in enumerate(parcels))
    DisposalStep.objects.bulk_create(DisposalStep(case=c, title="约谈企业", planned_on=date(2025, 3, 1)) for c in cases)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["land:parcel_list", "land:board", "land:leader", "land:plan"])
def test_the_pages_cost_the_same_queries_for_ten_parcels_or_a_thousand(park, unit, supervisor, url):
    client = logged_in(supervisor)
    ParkPlan.objects.create(park=park, image="land/plans/plan.png", width=100, height=100)
    _parcels(park, unit, 10)
    at_ten = _queries(client, reverse(url))

    DisposalCase.objects.all().delete()
    Parcel.all_objects.all().delete()
    _parcels(park, unit, 1000)
    at_thousand = _queries(client, reverse(url))

    assert at_ten == at_thousand, (at_ten, at_thousand)
    assert at_thousand <= 18, at_thousand


def test_the_list_totals_parcels_by_status_and_filters_on_one(park, supervisor):
    build_land(park, TODAY)
    page = logged_in(supervisor).get(reverse("land:parcel_list")).content.decode()
    assert "13宗，536亩" in page
    # The demo's 闲置 parcels were agreed to start long ago: the rule finds them idle by itself.
    idle = logged_in(supervisor).get(reverse("land:parcel_list"), {"status": "idle"}).content.decode()
    assert "江西恒达化纤有限公司" in idle and "九江宏发陶瓷有限公司" not in idle
    assert "满一年未动工开发" in idle or "满两年" in idle


def test_the_list_shows_land_approved_but_not_supplied_and_filters_on_it(park, supervisor):
    services.parcel_save(parcel=Parcel(park=park, location="新材料产业园B-03地块", area_mu=Decimal("60"),
                                       approval_number="赣府土字〔2025〕18号", approved_on=date(2025, 4, 10)),
                         user=supervisor)
    services.parcel_save(parcel=Parcel(park=park, location="装备制造园C-01地块", area_mu=Decimal("30"),
                                       approved_on=date(2024, 5, 1), supplied_on=date(2024, 8, 1),
                                       delivered_on=date(2024, 9, 1)), user=supervisor)
    client = logged_in(supervisor)
    page = client.get(reverse("land:parcel_list")).content.decode()
    assert "批而未供 1宗 60亩" in page and "供而未用 1宗 30亩" in page
    approved = client.get(reverse("land:parcel_list"), {"supply": "approved_unsupplied"}).content.decode()
    assert "新材料产业园B-03地块" in approved and "装备制造园C-01地块" not in approved
    assert "2025年4月10日批准用地（赣府土字〔2025〕18号），尚未供地" in approved
    parcel = Parcel.objects.get(location="新材料产业园B-03地块")
    detail = client.get(reverse("land:parcel_detail", args=[parcel.pk])).content.decode()
    assert '<span class="badge text-bg-warning" id="supply-state">批而未供</span>' in detail


def test_the_board_shows_each_method_with_its_cases_and_lights(park, supervisor):
    build_land(park, TODAY)
    page = logged_in(supervisor).get(reverse("land:board")).content.decode()
    for method in ("返租共管", "依法回购", "司法拍卖", "租赁转产", "合作共建", "腾笼换鸟", "收回"):
        assert f'aria-label="{method}"' in page
    assert '<span class="light light-darkred">逾期</span> 2' in page  # the two auctions past their deadline
    overdue = logged_in(supervisor).get(reverse("land:board"), {"light": "overdue"}).content.decode()
    assert "江西恒达化纤有限公司" in overdue and "九江宏发陶瓷有限公司" not in overdue


def test_the_leaders_phone_view_sets_the_years_revitalised_land_against_the_target(park, supervisor, leader):
    build_land(park, TODAY)
    page = logged_in(leader).get(reverse("land:leader")).content.decode()
    assert '<div class="display-6 fw-semibold" id="revitalised-mu">273.3亩</div>' in page
    assert "目标350亩，完成<strong id=\"revitalised-share\">78.09%</strong>" in page
    assert "收回（2宗）" in page and "167.7亩" in page
    assert "设定目标" not in page  # the leader reads; the committee sets the target
    assert "批而未供（0宗）" in page and "本年盘活闲置厂房（新起租）<strong>28900平方米</strong>" in page
    assert 'href="/land/?status=idle"><span class="light light-darkred">闲置</span>（4宗）</a><strong>155.9亩' in page

    logged_in(supervisor).post(reverse("land:target_set"), {"target_mu": "380"})
    assert RevitaliseTarget.objects.get(park=park, year=2025).target_mu == Decimal("380")


def test_a_unit_records_progress_on_its_own_cases_only(park, supervisor):
    build_land(park, TODAY)
    own = UnitFactory(park=park, name="丰林镇")
    reporter = UserFactory(username="flz", role=Role.REPORTER, unit=own)
    client = logged_in(reporter)
    ours = Parcel.objects.get(holder_name="江西永安电力设备有限公司")
    theirs = Parcel.objects.get(holder_name="江西恒达化纤有限公司")
    listing = client.get(reverse("land:parcel_list")).content.decode()
    assert "丰林镇工业小区" in listing and "宝塔工业园C区" not in listing
    assert client.get(reverse("land:parcel_detail", args=[theirs.pk])).status_code == 403

    open_parcel = Parcel.objects.get(holder_name="江西天瑞新材料有限公司")
    DisposalCase.objects.filter(parcel=open_parcel).update(responsible_unit=own)
    response = client.post(reverse("land:step_add", args=[open_parcel.pk]),
                           {"title": "与意向企业签订合作协议", "planned_on": "2025-12-10"})
    assert response.status_code == 302
    assert DisposalStep.objects.filter(case__parcel=open_parcel, title="与意向企业签订合作协议").exists()
    assert client.get(reverse("land:case_close", args=[open_parcel.pk])).status_code == 403
    assert ours.case.is_closed


def test_the_supervisor_closes_a_case_from_its_page(park, supervisor):
    parcel = services.parcel_save(parcel=Parcel(park=park, holder_name="江西昌盛机械有限公司", location="装备制造园东区",
                                                area_mu=Decimal("33.1")), user=supervisor)
    client = logged_in(supervisor)
    client.post(reverse("land:case_edit", args=[parcel.pk]), {"new_method": "股权重组", "opened_on": "2025-02-01",
                                                             "deadline": "2025-12-31", "progress": "破产管理人已委托评估"})
    case = DisposalCase.objects.get(parcel=parcel)
    assert case.method.name == "股权重组"
    response = client.post(reverse("land:case_close", args=[parcel.pk]), {"on": "2025-11-18", "revitalised_mu": "33.1",
                                                                          "result": "重组后复产"})
    assert response.status_code == 302
    page = client.get(reverse("land:parcel_detail", args=[parcel.pk])).content.decode()
    assert "2025-11-18，盘活33.1亩，重组后复产" in page
    assert "已于2025年11月18日通过股权重组盘活" in page
