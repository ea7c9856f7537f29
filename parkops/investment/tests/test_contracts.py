"""履约监管 as its users meet it: a signed project's light from the key project's investment and the
registry's output and tax, the 履约 list (filters, red first, bounded queries), the light on the project
page, the leader's week on a phone, the named metric, and 投产 handed on to 重点项目调度."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parkops.core import metrics
from parkops.investment import services
from parkops.investment.choices import Stage
from parkops.investment.models import Agreement, ContractRules, InvestmentProject, StageChange
from parkops.org.choices import Role
from parkops.testing.factories import (
    InvestmentProjectFactory,
    MonthlyProgressFactory,
    PlanFactory,
    UnitFactory,
    UserFactory,
    credit_code,
)

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def commerce(park):
    return UnitFactory(park=park, name="商务局")


def _years_ago(years: int) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years, day=1)


def _walked(park, unit, user, name="乾照光电LED芯片项目", *, signed_years_ago=4, tax_at_full=Decimal("6000"),
            number=1) -> InvestmentProject:
    """A land project signed years ago, promised to start within half a year and to produce within two:
    started, registered and producing on time, its key project reporting the whole investment."""
    signed = _years_ago(signed_years_ago)
    project = services.project_save(project=InvestmentProject(
        park=park, name=name, investor="厦门乾照光电股份有限公司", total_investment=Decimal("100000"), unit=unit,
        land_mu=Decimal("150")), user=user, since=signed)
    services.stage_advance(project=project, stage=Stage.SIGNED, on=signed, user=user, agreement=services.AgreementTerms(
        total_investment=Decimal("100000"), first_phase_investment=Decimal("60000"),
        start_by=signed + timedelta(days=180), production_by=signed + timedelta(days=730),
        output_at_full=Decimal("120000"), tax_at_full=tax_at_full))
    services.stage_advance(project=project, stage=Stage.REGISTERED, on=signed + timedelta(days=30), user=user,
                           credit_code=credit_code(500 + number), enterprise_name=f"{name}有限公司")
    services.stage_advance(project=project, stage=Stage.STARTED, on=signed + timedelta(days=120), user=user)
    if signed + timedelta(days=700) <= timezone.localdate():
        services.stage_advance(project=project, stage=Stage.IN_PRODUCTION, on=signed + timedelta(days=700), user=user)
    project.refresh_from_db()
    MonthlyProgressFactory(project=project.key_project, period=signed.replace(day=1) + timedelta(days=200),
                           invested=Decimal("100000"))
    return project


def _report(enterprise, code: str, period: date, cumulative: Decimal) -> None:
    apps.get_model("economy", "IndicatorValue").objects.create(
        enterprise=enterprise, indicator=apps.get_model("economy", "Indicator").objects.get(code=code),
        period=period, cumulative=cumulative)


def _last_month() -> date:
    today = timezone.localdate()
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def test_investment_at_production_moves_the_key_project_to_production(park, commerce, supervisor):
    project = _walked(park, commerce, supervisor)
    key = project.key_project
    assert key.stage == "in_production"
    assert [e.stage for e in key.stage_events.all()][-1] == "in_production"


def test_a_project_paying_its_tax_is_green_and_one_falling_behind_turns_red(park, commerce, supervisor):
    project = _walked(park, commerce, supervisor)
    period = _last_month()
    _report(project.enterprise, "output", period, Decimal("120000"))
    _report(project.enterprise, "tax", period, Decimal("6000"))
    client = _client(supervisor)
    page = client.get(reverse("investment:project_detail", args=[project.pk])).content.decode()
    assert 'id="contract-light"' in page and "绿灯" in page and "达到承诺序时" in page

    # The tax paid falls to 500万元 where 6000万元 a year was promised: red, and the page says why.
    apps.get_model("economy", "IndicatorValue").objects.filter(indicator__code="tax").update(cumulative=Decimal("500"))
    page = client.get(reverse("investment:project_detail", args=[project.pk])).content.decode()
    months = f"{period.year}年1-{period.month}月" if period.month > 1 else f"{period.year}年1月"
    assert "light-red" in page
    assert f"承诺达产后年税收6000万元，{months}税收500万元" in page


def test_the_contract_list_puts_red_first_and_filters_by_light_and_unit(park, commerce, supervisor):
    other_unit = UnitFactory(park=park, name="工信局")
    red = _walked(park, commerce, supervisor, "红灯项目", number=1)
    green = _walked(park, other_unit, supervisor, "绿灯项目", number=2)
    for project, tax in ((red, Decimal("100")), (green, Decimal("6000"))):
        _report(project.enterprise, "output", _last_month(), Decimal("120000"))
        _report(project.enterprise, "tax", _last_month(), tax)
    services.project_save(project=InvestmentProject(park=park, name="未签约线索", total_investment=Decimal(1),
                                                    unit=commerce), user=supervisor)
    client = _client(supervisor)
    page = client.get(reverse("investment:contract_list")).content.decode()
    assert page.index("红灯项目") < page.index("绿灯项目")
    assert "未签约线索" not in page
    assert "红灯 1" in page and "绿灯 1" in page
    only_red = client.get(reverse("investment:contract_list"), {"light": "red"}).content.decode()
    assert "红灯项目" in only_red and "绿灯项目" not in only_red
    by_unit = client.get(reverse("investment:contract_list"), {"unit": other_unit.pk}).content.decode()
    assert "绿灯项目" in by_unit and "红灯项目" not in by_unit


def test_a_unit_sees_only_its_own_contracts(park, commerce, supervisor):
    _walked(park, commerce, supervisor, "商务局项目", number=1)
    _walked(park, UnitFactory(park=park, name="工信局"), supervisor, "工信局项目", number=2)
    reporter = UserFactory(role=Role.REPORTER, unit=commerce)
    page = _client(reporter).get(reverse("investment:contract_list")).content.decode()
    assert "商务局项目" in page and "工信局项目" not in page
    assert 'id="contract-rules"' not in page


def test_the_supervisor_sets_the_parks_months_to_full_output(park, commerce, supervisor):
    project = _walked(park, commerce, supervisor, signed_years_ago=2)
    client = _client(supervisor)
    page = client.get(reverse("investment:project_detail", args=[project.pk])).content.decode()
    assert "产值税收届时考核" in page  # 36 months: not yet due
    client.post(reverse("investment:contract_rules"), {"land_months": "12", "factory_months": "12"})
    assert ContractRules.objects.get(park=park).land_months == 12
    page = client.get(reverse("investment:project_detail", args=[project.pk])).content.decode()
    assert "产值税收届时考核" not in page and "尚无其后的产值数据" in page
    refused = client.post(reverse("investment:contract_rules"), {"land_months": "0", "factory_months": "24"},
                          follow=True).content.decode()
    assert "用地项目达产期限须在1至120个月之间" in refused
    assert ContractRules.objects.get(park=park).land_months == 12
    reporter = UserFactory(role=Role.REPORTER, unit=commerce)
    assert _client(reporter).post(reverse("investment:contract_rules"), {"land_months": "1",
                                                                          "factory_months": "1"}).status_code == 403
    assert ContractRules.objects.get(park=park).land_months == 12


def test_the_leaders_week_lists_this_weeks_signings_and_the_red_contracts(park, commerce, supervisor):
    red = _walked(park, commerce, supervisor, "红灯项目")
    _report(red.enterprise, "tax", _last_month(), Decimal("1"))
    _report(red.enterprise, "output", _last_month(), Decimal("1"))
    fresh = services.project_save(project=InvestmentProject(park=park, name="本周签约项目", unit=commerce,
                                                            total_investment=Decimal("21300")), user=supervisor)
    services.stage_advance(project=fresh, stage=Stage.SIGNED, on=timezone.localdate(), user=supervisor)
    leader = UserFactory(role=Role.LEADER)
    client = _client(leader)
    home = client.get(reverse("site:home")).content.decode()
    assert reverse("investment:week") in home
    page = client.get(reverse("investment:week")).content.decode()
    assert "本周签约项目" in page and "2.13亿元" in page
    week_red = page[page.index('id="week-red"'):]
    assert "红灯项目" in week_red and "承诺达产后年税收" in week_red


def test_behind_contract_is_a_named_metric_with_the_projects_behind_it(park, commerce, supervisor):
    red = _walked(park, commerce, supervisor, "红灯项目", number=1)
    _walked(park, commerce, supervisor, "未到期项目", signed_years_ago=1, number=2)
    _report(red.enterprise, "output", _last_month(), Decimal("1"))
    _report(red.enterprise, "tax", _last_month(), Decimal("1"))
    metric = metrics.get("investment.behind_contract")
    today = timezone.localdate()
    assert metric.value(park=park, year=today.year, as_of=today) == 1
    records = metric.records(park=park, year=today.year, as_of=today)
    assert [r.name for r in records] == ["红灯项目"] and "承诺达产后年产值" in records[0].note


def _signed_in_bulk(park, unit, count):
    """`count` signed projects written straight to the tables (the services take a while each)."""
    signed = _years_ago(3)
    projects = InvestmentProjectFactory.create_batch(count, park=park, unit=unit, stage=Stage.SIGNED)
    Agreement.objects.bulk_create([Agreement(project=p, signed_on=signed, total_investment=Decimal(1000),
                                             start_by=signed + timedelta(days=100)) for p in projects])
    StageChange.objects.bulk_create([StageChange(project=p, from_stage=Stage.LEAD, to_stage=Stage.SIGNED, on=signed)
                                      for p in projects])


@pytest.mark.parametrize("count", [10, 1000])
def test_the_contract_list_takes_a_bounded_number_of_queries(park, commerce, supervisor, count,
                                                             django_assert_max_num_queries):
    _signed_in_bulk(park, commerce, count)
    _walked(park, commerce, supervisor, "走完全程的项目")
    client = _client(supervisor)
    client.get(reverse("investment:contract_list"))  # the session and the menu warmed up
    with django_assert_max_num_queries(18):
        response = client.get(reverse("investment:contract_list"))
    assert response.content.decode().count('data-light="') == count + 1


@pytest.mark.parametrize("count", [10, 1000])
def test_the_leaders_week_takes_a_bounded_number_of_queries(park, commerce, leader, count,
                                                            django_assert_max_num_queries):
    _signed_in_bulk(park, commerce, count)  # each promised to start long ago: all red
    client = _client(leader)
    client.get(reverse("investment:week"))  # the session and the menu warmed up
    with django_assert_max_num_queries(18):
        page = client.get(reverse("investment:week")).content.decode()
    assert 'id="week-red"' in page and page.count("未开工") >= min(count, 10)


def test_a_project_in_red_is_handed_to_supervision_once(park, commerce, supervisor):
    red = _walked(park, commerce, supervisor, "红灯项目", number=1)
    _report(red.enterprise, "output", _last_month(), Decimal("1"))
    _report(red.enterprise, "tax", _last_month(), Decimal("1"))
    green = _walked(park, commerce, supervisor, "未到期项目", signed_years_ago=1, number=2)
    plan = PlanFactory(park=park, year=timezone.localdate().year, is_active=True)
    client = _client(supervisor)
    page = client.get(reverse("investment:contract_list")).content.decode()
    assert page.count("转督办</button>") == 1  # the red project only

    client.post(reverse("investment:contract_to_task", args=[red.pk]), {"plan": plan.pk})
    red.refresh_from_db()
    task = red.contract_task
    assert task.plan == plan and task.text.startswith("【履约监管】红灯项目：承诺达产后年产值")
    assert [unit.name for unit in task.lead_units] == ["商务局"]
    page = client.get(reverse("investment:contract_list")).content.decode()
    assert "已转督办任务" in page and "转督办</button>" not in page

    response = client.post(reverse("investment:contract_to_task", args=[green.pk]), {"plan": plan.pk}, follow=True)
    assert "只有履约亮红灯的项目可以转督办" in response.content.decode()
    green.refresh_from_db()
    assert green.contract_task_id is None
