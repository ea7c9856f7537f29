"""The economy's pages in a browser, on the demo park: the dashboard and its charts, the wall, the
registry, the 亩均 classes and the cultivation pool, and the dashboard on a leader's phone."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from e2e.helpers import login
from parkops.org.demo import DEMO_PASSWORD


@pytest.fixture
def demo_park(db):
    call_command("load_demo", stdout=StringIO())


def test_the_supervisor_reads_the_economy_from_dashboard_to_scorecard(demo_park, page: Page, phone_page: Page,
                                                                      screenshot):
    login(page, "duban", DEMO_PASSWORD)
    page.get_by_role("link", name="经济运行").click()

    expect(page.get_by_role("heading", name="经济运行")).to_be_visible()
    expect(page.locator("#opening")).to_contain_text("园区规上工业企业")
    expect(page.locator("#opening")).to_contain_text("同比增长")
    # ECharts drew all three charts: the library was served from node_modules and the figures reached it.
    expect(page.locator("[data-economy-chart] canvas")).to_have_count(3)
    screenshot(page, "economy-dashboard-desktop")

    page.get_by_label("产业链").select_option(label="纺织服装")
    page.get_by_role("button", name="查看").click()
    expect(page.locator("h1")).to_contain_text("纺织服装")

    # The wall: one 1920×1080 screen with its own charts.
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto("/economy/wall/")
    expect(page.locator("[data-economy-chart] canvas").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollHeight") <= 1080
    screenshot(page, "economy-wall")
    page.set_viewport_size({"width": 1366, "height": 900})

    page.goto("/economy/")
    page.get_by_role("link", name="企业库", exact=True).first.click()
    expect(page.locator("table")).to_contain_text("有限公司")
    page.locator("table tbody tr a").first.click()
    expect(page.locator("body")).to_contain_text("近期经济指标")
    expect(page.locator("body")).to_contain_text("规上企业记录")
    screenshot(page, "economy-enterprise")

    page.goto("/economy/permu/")
    expect(page.locator("body")).to_contain_text("A类")
    page.locator("table tbody tr a").first.click()
    expect(page.locator("body")).to_contain_text("亩均税收")
    screenshot(page, "economy-scorecard")

    page.goto("/economy/cultivation/")
    expect(page.locator("body")).to_contain_text("2000万元")
    screenshot(page, "economy-cultivation")

    # A leader opens the dashboard on a phone: the charts draw and nothing scrolls sideways.
    login(phone_page, "lingdao", DEMO_PASSWORD)
    phone_page.goto("/economy/")
    expect(phone_page.locator("[data-economy-chart] canvas")).to_have_count(3)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "economy-dashboard-phone")
