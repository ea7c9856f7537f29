"""One investment project walked in a browser by the 商务局's 填报员 from a lead to production: signed with
its agreement, registered as the registry's enterprise, started as a key project of 重点项目调度, producing
there too; its contract light (履约监管) green while its figures keep the agreement, red once they fall behind."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.helpers import login
from parkops.economy.catalogue import ensure_catalogue
from parkops.org.demo import DEMO_PASSWORD
from parkops.testing.demo import load_demo_without_economy

CODE = "91361126MA0000805P"


@pytest.fixture
def demo_park(db):
    load_demo_without_economy()
    # The walk reports output and tax: the indicator catalogue, which a browser test before this one
    # flushed away with the rest of its database (the data migration made it only once).
    ensure_catalogue()


def _advance(page: Page, stage: str, **fields: str) -> None:
    page.get_by_role("link", name="推进阶段").click()
    page.get_by_label("进入阶段").select_option(label=stage)
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="登记阶段变更").click()
    expect(page.locator("#project-stage")).to_have_text(stage)


def test_a_lead_walks_to_production_as_one_record(demo_park, page: Page, screenshot):
    login(page, "swj", DEMO_PASSWORD)
    page.get_by_role("link", name="招商引资").click()
    expect(page.locator("[data-stage=lead]")).to_contain_text("再生铜精深加工项目")
    expect(page.locator("#board")).not_to_contain_text("智能装备产业园项目")  # 高新区's lead, not the 商务局's

    page.get_by_role("link", name="登记招商项目").click()
    page.locator("#id_name").fill("高纯铜杆项目")
    page.locator("#id_investor").fill("江西铜杆科技集团")
    page.locator("#id_total_investment").fill("80000")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#project-stage")).to_have_text("线索")

    # A land project promising to start within three months and to produce within two years; full output
    # (达产) falls due 36 months after 签约.
    today = timezone.localdate()
    _advance(page, "在谈")
    _advance(page, "签约", **{"协议总投资（万元）": "80000", "一期投资（万元）": "48000",
                          "承诺开工日期": (today + timedelta(days=90)).isoformat(),
                          "承诺投产日期": (today + timedelta(days=700)).isoformat(),
                          "达产后年产值（万元）": "120000", "达产后年税收（万元）": "4000"})
    expect(page.locator("#agreement")).to_contain_text("8.00亿元")
    expect(page.locator("#contract-light")).to_contain_text("绿灯")
    _advance(page, "注册", **{"统一社会信用代码": CODE, "注册企业名称": "德安高纯铜杆有限公司"})
    _advance(page, "开工")
    _advance(page, "投产")
    expect(page.locator("#stage-history")).to_contain_text("开工 → 投产")
    screenshot(page, "investment-project")

    page.locator("#linked-enterprise a").click()
    expect(page.locator("body")).to_contain_text(CODE)
    page.go_back()
    page.locator("#linked-key-project a").click()
    expect(page.locator("h1")).to_have_text("高纯铜杆项目")
    expect(page.locator("body")).to_contain_text("招商引资项目开工")
    expect(page.locator("body")).to_contain_text("招商引资项目投产")  # 投产 in 重点项目调度 too

    # Forty months on (the project's days moved back, as time would have moved them), full output is due.
    # The figures arrive: the whole investment reported in 重点项目调度, output and tax as promised.
    _forty_months_ago("高纯铜杆项目")
    key = apps.get_model("projects", "Project").objects.get(name="高纯铜杆项目")
    _invested(key, today - timedelta(days=900), Decimal("80000"))
    period = _last_month()
    _reported(CODE, period, output=Decimal(120000) * period.month / 12, tax=Decimal(4000) * period.month / 12)
    page.goto(_investment_url())
    expect(page.locator("#contract-light .light")).to_have_text("绿灯")
    expect(page.locator("#contract-light")).to_contain_text("达到承诺序时")

    # The tax paid falls far behind what was promised: the light turns red and says why.
    _reported(CODE, period, output=Decimal(120000) * period.month / 12, tax=Decimal(300))
    page.reload()
    expect(page.locator("#contract-light .light")).to_have_text("红灯")
    expect(page.locator("#contract-light")).to_contain_text("承诺达产后年税收4000万元")
    screenshot(page, "investment-contract-red")
    page.get_by_role("link", name="履约监管").click()
    page.get_by_label("履约亮灯").select_option(label="红灯")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**light=red**")
    expect(page.locator("#contract-table tbody tr[data-light=green]")).to_have_count(0)
    expect(page.locator("#contract-table")).to_contain_text("高纯铜杆项目")
    page.wait_for_load_state("networkidle")


AGE = timedelta(days=1220)


def _forty_months_ago(name: str) -> None:
    """Every day the walk recorded, moved back forty months: the stage history here and in 重点项目调度 and
    the agreement's dates."""
    from django.db.models import F

    project = apps.get_model("investment", "InvestmentProject").objects.get(name=name)
    project.stage_changes.update(on=F("on") - AGE)
    agreement = project.agreement
    apps.get_model("investment", "Agreement").objects.filter(pk=agreement.pk).update(
        signed_on=F("signed_on") - AGE, start_by=F("start_by") - AGE, production_by=F("production_by") - AGE)
    apps.get_model("projects", "StageEvent").objects.filter(project_id=project.key_project_id).update(
        on=F("on") - AGE)


def _investment_url() -> str:
    project = apps.get_model("investment", "InvestmentProject").objects.get(name="高纯铜杆项目")
    return f"/investment/{project.pk}/"


def _last_month() -> date:
    first = timezone.localdate().replace(day=1)
    return (first - timedelta(days=1)).replace(day=1)


def _invested(key_project, on: date, amount: Decimal) -> None:
    from parkops.projects import services

    services.progress_report(project=key_project, period=on.replace(day=1), invested=amount,
                             image_progress="建成投产", user=None)


def _reported(code: str, period: date, *, output: Decimal, tax: Decimal) -> None:
    from parkops.economy import services

    enterprise = apps.get_model("economy", "Enterprise").objects.get(credit_code=code)
    indicator = apps.get_model("economy", "Indicator").objects
    services.record_values(park=enterprise.park, period=period, rows=[
        services.Reported(enterprise.pk, indicator.get(code="output").pk, round(output, 2)),
        services.Reported(enterprise.pk, indicator.get(code="tax").pk, round(tax, 2))], source="月报")
