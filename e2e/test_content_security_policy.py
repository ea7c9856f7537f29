"""The Content-Security-Policy in a browser: the main pages, with their charts, htmx swaps and forms, work
under a policy that refuses inline scripts and event handlers, and the browser reports no violation."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from e2e.helpers import login
from parkops.org.demo import DEMO_PASSWORD

# Recorded in the page before any of its own scripts run: what the browser refused, and why.
LISTEN_FOR_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} refused ${event.blockedURI || "inline"} `
                              + `(${event.sourceFile}:${event.lineNumber})`);
});
"""


@pytest.fixture
def demo_park(db):
    call_command("load_demo", stdout=StringIO())


@pytest.fixture
def watched_page(page: Page):
    """The page, and the list of CSP violations seen on it (in the console or as events)."""
    violations = []
    # The economy's pages sum three years of the demo's monthly figures: on a busy machine that takes a while.
    page.set_default_navigation_timeout(60_000)
    page.add_init_script(LISTEN_FOR_VIOLATIONS)
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)

    def collect() -> list[str]:
        """What was refused since the last call (the page's own list starts afresh with each page)."""
        seen = violations + page.evaluate("window.__cspViolations || []")
        violations.clear()
        page.evaluate("window.__cspViolations = []")
        return seen

    return page, collect


def test_the_main_pages_draw_their_charts_and_report_no_violation(demo_park, watched_page, screenshot):
    page, violations = watched_page
    seen = []

    def visited(name: str) -> None:
        seen.extend(f"{name}: {text}" for text in violations())

    login(page, "duban", DEMO_PASSWORD)
    assert page.evaluate("document.querySelector('meta[http-equiv]') === null")  # the policy is a header
    expect(page.get_by_role("heading", name="今日待办")).to_be_visible()
    visited("今日待办")
    page.locator("#mainnav").get_by_role("link", name="督办看板").click()
    expect(page.get_by_role("heading", name="督办看板")).to_be_visible()
    expect(page.locator("[data-chart] canvas").first).to_be_visible()  # the pies, from task-charts.js
    visited("督办看板")

    # The task list's filter swaps the table in place through htmx.
    page.get_by_role("link", name="目标任务", exact=True).click()
    page.get_by_label("逾期").check()
    page.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"light=overdue"))
    expect(page.locator("table tbody tr").first).to_contain_text("逾期")
    visited("目标任务")

    page.goto("/economy/")
    expect(page.locator("[data-economy-chart] canvas")).to_have_count(3)
    visited("经济运行")

    page.goto("/economy/cultivation/")
    expect(page.locator("[data-trend] canvas").first).to_be_visible()  # the sparklines, from sparklines.js
    visited("小升规培育库")

    # The year picker submits itself when changed (data-submit-on-change, no onchange= handler).
    page.goto("/economy/permu/")
    year = page.locator("select#year")
    options = year.locator("option").all_inner_texts()
    if len(options) > 1:
        year.select_option(label=options[-1])
        expect(page).to_have_url(re.compile(r"year=\d{4}"))
    visited("亩均论英雄")

    page.goto("/reports/types/task_ledger/")
    page.get_by_label("督办计划").select_option(index=1)
    page.get_by_role("button", name="在线预览（可追溯数字）").click()
    expect(page.locator("article.report-preview table").first).to_be_visible()
    visited("报告预览")
    screenshot(page, "report-preview-under-csp")

    page.goto("/projects/")
    expect(page.locator("table")).to_be_visible()
    visited("重点项目")

    assert seen == []
