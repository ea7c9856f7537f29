"""The demo park's main pages, as its people open them: the supervisor at a desk, the leader on a phone.

Each test saves screenshots to artifacts/screenshots/, the pictures reviewers look at.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from e2e.helpers import login, logout, pass_second_factor
from parkops.org.demo import DEMO_PASSWORD
from parkops.testing.demo import load_demo_without_economy

SAMPLE_DOCX = (Path(__file__).resolve().parent.parent / "parkops" / "supervision" / "tests" / "samples"
               / "ledger-2023-gov-report-tasks.docx")


@pytest.fixture
def demo_park(db, monkeypatch):
    load_demo_without_economy()  # the economy's pages have their own test


def test_supervisor_reads_the_dashboard_tasks_and_ledger(demo_park, page: Page, screenshot):
    login(page, "duban", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="今日待办")).to_be_visible()
    page.locator("#mainnav").get_by_role("link", name="督办看板").click()

    expect(page.get_by_role("heading", name="督办看板")).to_be_visible()
    # The ECharts pie drew into its canvas: the library was served and the data reached it.
    expect(page.locator("[data-chart] canvas").first).to_be_visible()
    screenshot(page, "dashboard-desktop")

    page.get_by_role("link", name="目标任务", exact=True).click()
    table = page.locator("table")
    expect(table).to_contain_text("坚持工业强县战略不动摇")
    screenshot(page, "task-list-desktop")

    # Sorting by 灯色 puts what needs chasing first: 逾期, then 滞后.
    page.get_by_role("link", name="灯色").click()
    expect(page).to_have_url(re.compile(r"sort=light"))
    expect(table.locator("tbody tr").first.locator(".light")).to_have_text("逾期")

    page.get_by_label("逾期").check()
    page.get_by_role("button", name="筛选").click()
    # The filter swaps the table in place (htmx), and the address and the Excel link follow it.
    expect(page).to_have_url(re.compile(r"light=overdue"))
    rows = table.locator("tbody tr")
    expect(rows.first).to_contain_text("逾期")
    expect(rows.filter(has_not_text="逾期")).to_have_count(0)
    expect(page.locator("#export-link")).to_have_attribute("href", re.compile(r"light=overdue.*export=xlsx"))

    page.get_by_role("link", name="督办计划").click()
    page.get_by_role("link", name=re.compile(r"\d{4}年县《政府工作报告》目标任务")).first.click()
    expect(page.locator("body")).to_contain_text("二、坚持以“提质”促“提升”")
    screenshot(page, "plan-ledger-desktop")


def test_supervisor_previews_a_word_ledger_before_importing_it(demo_park, page: Page, screenshot):
    login(page, "duban", DEMO_PASSWORD)
    page.get_by_role("link", name="导入台账").click()
    screenshot(page, "ledger-import")
    page.get_by_label("计划").fill("2023年县《政府工作报告》目标任务")
    page.get_by_label("一览表文件").set_input_files(SAMPLE_DOCX)
    page.get_by_role("button", name="上传并预览").click()

    expect(page.locator("main")).to_contain_text("任务8项")
    numbers = page.locator("tbody td.task-text .fw-semibold").all_inner_texts()
    assert numbers == ["9.", "19.", "20.", "21.", "22.", "23.", "24.", "47."]
    screenshot(page, "ledger-import-preview")

    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_role("alert")).to_contain_text("已导入")


def test_leader_reads_the_dashboard_on_a_phone(demo_park, phone_page: Page, screenshot):
    login(phone_page, "lingdao", DEMO_PASSWORD)
    expect(phone_page.get_by_role("heading", name="今日待办")).to_be_visible()
    phone_page.get_by_role("button", name="菜单").click()
    expect(phone_page.locator("#mainnav.show:not(.collapsing)")).to_be_visible()
    phone_page.locator("#mainnav").get_by_role("link", name="督办看板").click()

    expect(phone_page.get_by_role("heading", name="督办看板")).to_be_visible()
    # Nothing is wider than the phone: no sideways scrolling of the whole page.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "dashboard-phone")

    phone_page.get_by_role("button", name="菜单").click()
    phone_page.get_by_role("link", name="目标任务", exact=True).click()
    expect(phone_page.locator("table")).to_contain_text("坚持工业强县")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "task-list-phone")


def test_auditor_searches_the_log_and_exports_it(demo_park, page: Page, screenshot, tmp_path):
    login(page, "duban", DEMO_PASSWORD)
    logout(page)
    login(page, "auditor", DEMO_PASSWORD)
    pass_second_factor(page)

    page.get_by_role("link", name="审计日志").click()
    table = page.locator("table")
    expect(table).to_contain_text("duban")
    page.get_by_label("账号").fill("duban")
    page.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"username=duban"))
    expect(table.locator("tbody tr").first).to_contain_text("duban")
    expect(table.locator("tbody tr").filter(has_not_text="duban")).to_have_count(0)
    screenshot(page, "audit-log")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="导出Excel").click()
    assert download_info.value.suggested_filename.endswith(".xlsx")


# A menu entry or button whose text breaks over lines ("企/业/库" one character a line, as it once did).
BROKEN_MENU_WORDS = """() => [...document.querySelectorAll('#mainnav .nav-link, #mainnav .btn, #mainnav .navbar-text')]
  .filter(el => {
    const style = getComputedStyle(el);
    const text = el.getBoundingClientRect().height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)
      - parseFloat(style.borderTopWidth) - parseFloat(style.borderBottomWidth);
    return text > 1.5 * parseFloat(style.lineHeight);
  }).map(el => el.innerText.trim())"""


@pytest.mark.parametrize("width", [1024, 1366])
def test_the_supervisors_long_menu_keeps_every_entry_on_one_line_at_a_desk(demo_park, page: Page, screenshot, width):
    page.set_viewport_size({"width": width, "height": 800})
    login(page, "duban", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="今日待办")).to_be_visible()
    expect(page.locator("#mainnav .nav-link").first).to_be_visible()
    assert page.locator("#mainnav .nav-link").count() >= 15
    assert page.evaluate(BROKEN_MENU_WORDS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"menu-supervisor-{width}")
