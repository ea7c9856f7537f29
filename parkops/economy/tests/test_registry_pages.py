"""The registry's pages and API: what each role may see and do, the list's filters, sort and export,
a bounded query count, the enterprise page, and the form that refuses a mistyped credit code."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse
from django.utils import timezone
from openpyxl import load_workbook

from parkops.core.models import AuditAction, AuditEntry
from parkops.economy import registry
from parkops.economy.models import Enterprise, Honour, Indicator, ScaleMembership
from parkops.economy.services import Reported, record_values
from parkops.org.choices import Role
from parkops.testing.factories import (
    EnterpriseFactory,
    IndustryChainFactory,
    ParkFactory,
    UserFactory,
    ZoneFactory,
    credit_code,
)

# The API as the lead mounts it (parkops/api_urls.py: path("economy/", include("parkops.economy.api.urls"))).
urlpatterns = [path("api/economy/", include("parkops.economy.api.urls")), path("", include("parkops.urls"))]
WITH_API = pytest.mark.urls(__name__)

LIST = reverse("economy:enterprise_list")
CREATE = reverse("economy:enterprise_create")
IMPORT = reverse("economy:enterprise_import")
API = "/api/economy/enterprises/"
ADMINS = [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN]
READERS_WHO_CANNOT_EDIT = [Role.REPORTER, Role.LEADER, Role.VIEWER]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def as_role(role) -> Client:
    return logged_in(UserFactory(username=f"user_{role}", role=role))


@pytest.fixture
def registry_data(park, supervisor):
    """Three enterprises of seed 001's leading industries: one 规上 高新技术企业, one that left, one small."""
    equipment, metals = IndustryChainFactory(park=park, name="装备制造"), IndustryChainFactory(park=park, name="有色金属")
    north, south = ZoneFactory(park=park, name="北区"), ZoneFactory(park=park, name="丰林新区")
    heavy = EnterpriseFactory(park=park, name="江西德安重工机械有限公司", short_name="德安重工", chain=equipment,
                              zone=north, land_mu="120.50", employees=860, party_organisation="single")
    registry.scale_enter(enterprise=heavy, period=date(2021, 3, 1), user=supervisor)
    registry.honour_add(enterprise=heavy, name="高新技术企业", awarded_on=date(2023, 12, 8), user=supervisor)
    registry.honour_add(enterprise=heavy, name="省级智能工厂", awarded_on=date(2019, 5, 1),
                        expires_on=date(2022, 4, 30), user=supervisor)
    copper = EnterpriseFactory(park=park, name="德安铜业新材料有限公司", chain=metals, zone=south, land_mu="45",
                               employees=210, party_organisation="joint")
    registry.scale_enter(enterprise=copper, period=date(2020, 1, 1), user=supervisor)
    registry.scale_leave(enterprise=copper, period=date(2024, 1, 1), user=supervisor)
    small = EnterpriseFactory(park=park, name="丰林小微电子商行", zone=south, employees=12)
    return {"heavy": heavy, "copper": copper, "small": small, "equipment": equipment, "north": north}


def names(response) -> list[str]:
    table = response.context["table"]
    return [row.record.name for row in table.paginated_rows]


# --- who may do what ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.SUPERVISOR, *READERS_WHO_CANNOT_EDIT])
def test_readers_see_the_list_and_an_enterprise(registry_data, role):
    client = as_role(role)

    assert "江西德安重工机械有限公司" in client.get(LIST).content.decode()
    page = client.get(reverse("economy:enterprise_detail", args=[registry_data["heavy"].pk])).content.decode()
    assert "江西德安重工机械有限公司" in page and "2021年3月入规" in page


@pytest.mark.parametrize("role", READERS_WHO_CANNOT_EDIT)
def test_other_readers_cannot_edit_import_or_record(registry_data, role):
    client = as_role(role)
    heavy = registry_data["heavy"]

    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, {"credit_code": credit_code(900), "name": "新企业"}).status_code == 403
    assert client.get(reverse("economy:enterprise_edit", args=[heavy.pk])).status_code == 403
    assert client.get(IMPORT).status_code == 403
    detail = reverse("economy:enterprise_detail", args=[heavy.pk])
    assert client.post(detail, {"action": "honour", "name": "数智工厂", "awarded_on": "2025-01-01"}).status_code == 403
    assert client.post(detail, {"action": "scale_leave", "period": "2025-01"}).status_code == 403
    assert Enterprise.objects.count() == 3 and heavy.honours.count() == 2
    page = client.get(detail).content.decode()
    assert reverse("economy:enterprise_edit", args=[heavy.pk]) not in page
    assert 'name="action"' not in page  # no honour, 入规 or 退规 form


@WITH_API
@pytest.mark.parametrize("role", ADMINS)
def test_the_three_administrators_see_no_enterprises(registry_data, role):
    client = as_role(role)

    assert client.get(LIST).status_code == 403
    assert client.get(reverse("economy:enterprise_detail", args=[registry_data["heavy"].pk])).status_code == 403
    assert client.get(CREATE).status_code == 403
    assert client.get(API).status_code == 403


@WITH_API
def test_the_api_lists_enterprises_with_their_status_and_honours(registry_data):
    response = as_role(Role.VIEWER).get(API, {"scale": "yes"})

    assert response.status_code == 200
    [heavy] = response.json()["results"]
    assert heavy["name"] == "江西德安重工机械有限公司" and heavy["chain"] == "装备制造"
    assert heavy["is_scale"] is True and heavy["scale_since"] == "2021-03-01"
    assert heavy["honours"] == [{"name": "高新技术企业", "awarded_on": "2023-12-08", "expires_on": None}]
    assert heavy["party_organisation"] == "单独组建"


# --- the list ----------------------------------------------------------------------------------------


def test_the_list_shows_the_scale_badge_and_honours_held_now(registry_data, supervisor):
    page = logged_in(supervisor).get(LIST).content.decode()

    assert "共 <strong>3</strong> 家企业，其中规上企业 <strong>1</strong> 家" in page
    assert "2021年3月起" in page and 'fw-normal">高新技术企业</span>' in page
    assert 'fw-normal">省级智能工厂</span>' not in page  # expired in 2022


@pytest.mark.parametrize(("query", "expected"), [
    ({"q": "德安重工"}, ["江西德安重工机械有限公司"]),  # the short name
    ({"q": "铜业"}, ["德安铜业新材料有限公司"]),
    ({"scale": "yes"}, ["江西德安重工机械有限公司"]),
    ({"scale": "no"}, ["丰林小微电子商行", "德安铜业新材料有限公司"]),
    ({"honour": "高新技术企业"}, ["江西德安重工机械有限公司"]),
    ({"honour": "省级智能工厂"}, []),
    ({"party_organisation": "joint"}, ["德安铜业新材料有限公司"]),
])
def test_filters(registry_data, supervisor, query, expected):
    assert sorted(names(logged_in(supervisor).get(LIST, query))) == sorted(expected)


def test_filter_by_zone_chain_and_credit_code(registry_data, supervisor):
    client = logged_in(supervisor)
    heavy = registry_data["heavy"]

    assert names(client.get(LIST, {"zone": registry_data["north"].pk})) == [heavy.name]
    assert names(client.get(LIST, {"chain": registry_data["equipment"].pk})) == [heavy.name]
    assert names(client.get(LIST, {"q": heavy.credit_code[-8:].lower()})) == [heavy.name]


def test_sorting_by_land_employees_and_scale_since(registry_data, supervisor):
    client = logged_in(supervisor)

    assert names(client.get(LIST, {"sort": "-land_mu"}))[:2] == ["江西德安重工机械有限公司", "德安铜业新材料有限公司"]
    assert names(client.get(LIST, {"sort": "employees"})) == ["丰林小微电子商行", "德安铜业新材料有限公司",
                                                               "江西德安重工机械有限公司"]
    assert names(client.get(LIST, {"sort": "-scale_since"}))[0] == "江西德安重工机械有限公司"


def test_the_export_holds_the_filtered_enterprises_with_the_registry_columns(registry_data, supervisor):
    response = logged_in(supervisor).get(LIST, {"zone": registry_data["north"].pk, "export": "xlsx"})

    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    header, [heavy] = rows[0], rows[1:]
    record = dict(zip(header, heavy, strict=True))
    assert record["企业名称"] == "江西德安重工机械有限公司"
    assert record["统一社会信用代码"] == registry_data["heavy"].credit_code and record["简称"] == "德安重工"
    assert (record["是否规上"], record["入规时间"]) == ("是", "2021-03")
    assert record["荣誉"] == "高新技术企业(2023)" and record["党组织"] == "单独组建"
    assert record["用地面积（亩）"] == 120.5
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def _fill(park, count: int) -> None:
    """`count` enterprises, each with two honours and a 规上 stretch: what every row of the list shows."""
    chain, zone = IndustryChainFactory(park=park, name="纺织服装"), ZoneFactory(park=park, name="北区")
    start = Enterprise.objects.count()
    enterprises = Enterprise.objects.bulk_create(
        Enterprise(park=park, credit_code=credit_code(start + n), name=f"企业{start + n:04d}",
                   normalised_name=f"企业{start + n:04d}", chain=chain, zone=zone, land_mu=n)
        for n in range(count))
    Honour.objects.bulk_create(
        Honour(enterprise=e, name=name, awarded_on=date(2023, 1, 1))
        for e in enterprises for name in ("高新技术企业", "创新型中小企业"))
    ScaleMembership.objects.bulk_create(ScaleMembership(enterprise=e, entered_period=date(2022, 1, 1))
                                        for e in enterprises)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("query", ["", "?sort=-scale_since&honour=高新技术企业", "?export=xlsx"])
def test_the_list_costs_the_same_queries_for_five_enterprises_or_three_hundred(park, supervisor, query):
    client = logged_in(supervisor)
    _fill(park, 5)
    few = _queries(client, LIST + query)

    _fill(park, 295)
    many = _queries(client, LIST + query)

    assert few == many


def test_the_list_holds_thirty_a_page(park, supervisor):
    _fill(park, 40)

    response = logged_in(supervisor).get(LIST, {"page": 2})

    assert len(names(response)) == 10


# --- the enterprise page -----------------------------------------------------------------------------


def test_the_page_shows_honours_with_dates_and_greys_the_expired(registry_data, supervisor):
    page = logged_in(supervisor).get(
        reverse("economy:enterprise_detail", args=[registry_data["heavy"].pk])).content.decode()

    assert "2023-12-08认定" in page
    assert "text-muted honour-expired" in page and "已过期" in page and "有效期至2022-04-30" in page
    assert "120.5亩" in page and "单独组建" in page
    assert "尚无该企业的统计数据" in page


def test_a_copper_firm_that_left_shows_both_months(registry_data, supervisor):
    page = logged_in(supervisor).get(
        reverse("economy:enterprise_detail", args=[registry_data["copper"].pk])).content.decode()

    assert "2020年1月入规，2024年1月退规" in page and "规下企业" in page and "登记入规" in page


def test_the_supervisor_records_an_honour_and_a_departure_on_the_page(registry_data, supervisor):
    client = logged_in(supervisor)
    heavy = registry_data["heavy"]
    detail = reverse("economy:enterprise_detail", args=[heavy.pk])

    client.post(detail, {"action": "honour", "name": "数智工厂", "awarded_on": "2025-03-18"})
    response = client.post(detail, {"action": "scale_leave", "period": "2025-01"}, follow=True)

    assert heavy.honours.filter(name="数智工厂", awarded_on=date(2025, 3, 18)).exists()
    assert heavy.scale_memberships.get().left_period == date(2025, 1, 1)
    page = response.content.decode()
    assert "已登记退规" in page and "2021年3月入规，2025年1月退规" in page
    assert "退规" in page and "supervisor" in page  # the history names who did it


def test_a_refused_departure_is_explained_on_the_page(registry_data, supervisor):
    detail = reverse("economy:enterprise_detail", args=[registry_data["heavy"].pk])

    page = logged_in(supervisor).post(detail, {"action": "scale_leave", "period": "2020-01"}).content.decode()

    assert "退规月份须晚于入规月份（2021年3月）" in page
    assert registry_data["heavy"].scale_memberships.get().left_period is None


def test_the_page_shows_the_latest_months_of_figures(registry_data, park):
    heavy = registry_data["heavy"]
    revenue = Indicator.objects.get(code="revenue")
    for month, cumulative in ((1, "3200"), (2, "6500.5"), (3, "260000")):
        record_values(park=park, period=date(2025, month, 1), rows=[Reported(heavy.pk, revenue.pk, Decimal(cumulative))])

    page = as_role(Role.LEADER).get(reverse("economy:enterprise_detail", args=[heavy.pk])).content.decode()

    assert "2025年3月" in page and "营业收入" in page
    assert "6500.5万元" in page and "3300.5万元" in page  # 1-2月, and February's own
    assert "26.00亿元" in page  # a figure of 亿 and more prints in 亿元


# --- the form ----------------------------------------------------------------------------------------


def form_data(**fields) -> dict:
    return {"credit_code": "91440300708461136T", "name": "德安华为技术有限公司", "party_organisation": "none",
            "party_members": "0", "is_active": "on", **fields}


def test_a_mistyped_credit_code_is_refused_in_chinese_and_nothing_is_saved(park, supervisor):
    page = logged_in(supervisor).post(CREATE, form_data(credit_code="91440300708461136U")).content.decode()

    assert "统一社会信用代码“91440300708461136U”的校验位应为“T”，实为“U”，请核对是否抄错。" in page
    assert not Enterprise.objects.exists()


def test_a_code_already_registered_says_which_enterprise_has_it(registry_data, supervisor):
    heavy = registry_data["heavy"]

    page = logged_in(supervisor).post(CREATE, form_data(credit_code=heavy.credit_code.lower())).content.decode()

    assert f"已登记为“{heavy.name}”" in page and Enterprise.objects.count() == 3


def test_the_supervisor_registers_an_enterprise_typed_in_full_width(park, supervisor):
    chain = IndustryChainFactory(park=park, name="光电信息")

    response = logged_in(supervisor).post(CREATE, form_data(
        credit_code="９１４４０３００７０８４６１１３６ｔ", chain=chain.pk, land_mu="30.5", industry_code="3976",
        industry_name="光电子器件制造", party_organisation="joint", party_members="5"))

    enterprise = Enterprise.objects.get()
    assert response.url == reverse("economy:enterprise_detail", args=[enterprise.pk])
    assert (enterprise.credit_code, enterprise.chain, enterprise.party_members) == ("91440300708461136T", chain, 5)
    assert enterprise.history.get().history_user == supervisor
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="企业", username="supervisor").exists()


def test_the_form_offers_only_the_parks_chains(park, supervisor):
    IndustryChainFactory(park=park, name="装备制造")
    other = IndustryChainFactory(park=ParkFactory(name="邻县工业园"), name="邻县化工")

    client = logged_in(supervisor)
    page = client.get(CREATE).content.decode()
    assert "装备制造" in page and "邻县化工" not in page

    response = client.post(CREATE, form_data(chain=other.pk))
    assert response.status_code == 200 and not Enterprise.objects.exists()


def test_editing_changes_the_record_and_the_history_shows_it(registry_data, supervisor):
    heavy = registry_data["heavy"]
    client = logged_in(supervisor)
    url = reverse("economy:enterprise_edit", args=[heavy.pk])
    assert "江西德安重工机械有限公司" in client.get(url).content.decode()

    client.post(url, form_data(credit_code=heavy.credit_code, name=heavy.name, employees="900",
                               party_organisation="single", chain=heavy.chain_id, zone=heavy.zone_id,
                               land_mu="120.50", loaded_version=heavy.version))

    heavy.refresh_from_db()
    assert heavy.employees == 900
    page = client.get(reverse("economy:enterprise_detail", args=[heavy.pk])).content.decode()
    assert "从业人员（人）：860 → 900" in page


def test_an_honour_expiring_today_is_still_held_today(registry_data, supervisor):
    registry.honour_add(enterprise=registry_data["small"], name="创新型中小企业", awarded_on=date(2022, 1, 1),
                        expires_on=timezone.localdate(), user=supervisor)

    assert names(logged_in(supervisor).get(LIST, {"honour": "创新型中小企业"})) == ["丰林小微电子商行"]
