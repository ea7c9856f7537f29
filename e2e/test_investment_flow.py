"""One investment project walked in a browser by the 商务局's 填报员 from a lead to production: signed with
its agreement, registered as the registry's enterprise, started as a key project of 重点项目调度."""

import pytest
from playwright.sync_api import Page, expect

from e2e.helpers import login
from parkops.org.demo import DEMO_PASSWORD
from parkops.testing.demo import load_demo_without_economy

CODE = "91361126MA0000805P"


@pytest.fixture
def demo_park(db):
    load_demo_without_economy()


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

    _advance(page, "在谈")
    _advance(page, "签约", **{"协议总投资（万元）": "80000", "达产后年税收（万元）": "4000"})
    expect(page.locator("#agreement")).to_contain_text("8.00亿元")
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
