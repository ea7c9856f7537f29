"""One 12345 case walked in a browser from registration to 办结 and 回访: the supervisor registers it and
its clock is set by its type; the handling unit's 填报员 sees the petitioner masked, opens him in full
(audited), and answers; the supervisor's 回访 closes it on time; the leader reads the list on a 390 px phone,
the petitioner masked and the list as wide as the screen."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.helpers import login, logout
from parkops.core.models import AuditAction, AuditEntry
from parkops.org.demo import DEMO_PASSWORD
from parkops.stability import rules
from parkops.testing.demo import load_demo_without_economy


@pytest.fixture
def demo_park(db):
    load_demo_without_economy()


def test_a_case_from_registration_to_closing_and_its_visit(demo_park, page: Page, phone_page: Page, screenshot):
    today = timezone.localdate()
    login(page, "duban", DEMO_PASSWORD)
    page.get_by_role("link", name="信访与平安").first.click()
    page.get_by_role("link", name="登记信访件").click()
    page.get_by_label("编号").fill("GD-E2E-001")
    page.get_by_label("来源").select_option(label="12345热线")
    page.get_by_label("类别").select_option(label="求助")
    page.get_by_label("反映人").fill("欧阳娜")
    page.get_by_label("联系电话").fill("13912345678")
    page.get_by_label("涉及地点或企业").fill("九岭路")
    page.get_by_label("反映问题").fill("求助：九岭路路灯损坏，夜间通行不便")
    page.get_by_label("承办单位").select_option(label="高新区")
    page.get_by_role("button", name="保存").click()
    due = rules.due_on(kind="help", received_on=today)
    expect(page.locator("#case-due")).to_have_text(f"{due.year}年{due.month}月{due.day}日")
    expect(page.locator("#case-status")).to_have_text("办理中")
    logout(page)

    login(page, "gxq", DEMO_PASSWORD)
    page.get_by_role("link", name="信访与平安").first.click()
    expect(page.locator("#cases")).to_contain_text("欧**")
    expect(page.locator("#cases")).not_to_contain_text("13912345678")
    page.get_by_role("link", name="求助：九岭路路灯损坏").click()
    expect(page.locator("#petitioner-phone")).to_have_text("139****5678")
    page.get_by_role("link", name="查看完整信息").click()
    expect(page.locator("#petitioner-phone")).to_have_text("13912345678")
    assert AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL, username="gxq").exists()
    page.get_by_label("办理结果").fill("已联系城管局修复路灯，并电话告知反映人。")
    page.get_by_role("button", name="提交答复").click()
    expect(page.locator("#case-status")).to_have_text("已答复待回访")
    logout(page)

    login(page, "duban", DEMO_PASSWORD)
    page.get_by_role("link", name="信访与平安").first.click()
    page.get_by_role("link", name="求助：九岭路路灯损坏").click()
    page.get_by_label("回访满意度").select_option(label="满意")
    page.get_by_label("办结").check()
    page.get_by_role("button", name="登记回访").click()
    expect(page.locator("#case-status")).to_have_text("已办结")
    expect(page.locator("#case-light")).to_have_text("按期办结")
    expect(page.locator("#reply")).to_contain_text("满意")
    screenshot(page, "petition-case-closed")

    login(phone_page, "lingdao", DEMO_PASSWORD)
    phone_page.goto("/stability/")
    row = phone_page.locator("#cases tr", has_text="求助：九岭路路灯损坏")
    expect(row).to_contain_text("欧**")
    expect(row).to_contain_text("按期办结")
    expect(row).to_contain_text(f"时限 {due:%m-%d}")
    assert not phone_page.evaluate("() => document.documentElement.scrollWidth > document.documentElement.clientWidth")
    screenshot(phone_page, "petition-list-phone")
