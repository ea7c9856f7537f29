"""A 入园联审 meeting held in a browser by the supervisor: the meeting called with its member departments,
a lead put on it with the figures of its application, each member's opinion recorded, the criteria
suggesting the decision and the meeting recording it; then the same page on a phone."""

import pytest
from playwright.sync_api import Page, expect

from e2e.helpers import login
from parkops.org.demo import DEMO_PASSWORD, SUPERVISOR_USERNAME
from parkops.testing.demo import load_demo_without_economy


@pytest.fixture
def demo_park(db):
    load_demo_without_economy()


def _record_opinion(section, unit: str, opinion: str) -> None:
    form = section.locator(".opinion-form")
    form.get_by_label("成员单位").select_option(label=unit)
    form.get_by_label(opinion, exact=True).check()
    form.get_by_role("button", name="登记意见").click()


def test_a_supervisor_holds_a_meeting_and_decides_a_project(demo_park, page: Page, phone_page: Page, screenshot):
    login(page, SUPERVISOR_USERNAME, DEMO_PASSWORD)
    page.get_by_role("link", name="招商引资").click()
    page.get_by_role("link", name="入园联审").click()
    # The demo's meeting of five leads is listed with what it let in.
    expect(page.locator("#meeting-list")).to_contain_text("第1次工业用地项目入园联审会议")
    expect(page.locator("#review-totals")).to_contain_text("审议通过2个项目")
    screenshot(page, "review-list")

    page.get_by_role("link", name="召开联审会议").click()
    page.get_by_label("会议类别").select_option(label="工业用地项目")
    page.get_by_label("主持人").fill("高新区管委会副主任 涂志峰")
    page.get_by_label("牵头单位").select_option(label="商务局")
    page.get_by_label("自然资源局").check()
    page.get_by_label("生态环境局").check()
    page.get_by_role("button", name="保存").click()
    expect(page.locator("h1")).to_contain_text("次工业用地项目入园联审会议")
    expect(page.locator("#meeting-members")).to_contain_text("生态环境局、自然资源局")

    page.get_by_label("安排上会项目").select_option(label="半导体封装材料项目")
    page.get_by_role("button", name="列入").click()
    # The figures of its application: 17750万元 (2500万美元 at 7.10) on 50亩 is 355万元/亩.
    page.get_by_label("所属行业").fill("电子信息")
    page.get_by_label("拟用地（亩）").fill("50")
    page.get_by_label("达产后年税收（万元）").fill("1600")
    page.get_by_label("容积率").fill("1.1")
    page.get_by_label("建筑系数（%）").fill("45")
    for veto in ("投资方为失信被执行人", "有未结的环保、安监处罚", "有违法用地行为"):
        page.get_by_label(veto).select_option(label="否")
    page.get_by_role("button", name="保存").click()

    section = page.locator("section.review-item")
    expect(section.locator("tr", has_text="投资强度")).to_contain_text("355万元/亩")
    expect(section.locator("tr", has_text="投资强度")).to_contain_text("符合")
    expect(section.locator(".suggestion")).to_have_text("暂缓")  # the members have not spoken yet
    expect(section).to_contain_text("尚待生态环境局、自然资源局提出意见")

    _record_opinion(section, "自然资源局", "同意")
    expect(page.locator(".alert-success")).to_contain_text("已登记自然资源局")
    _record_opinion(page.locator("section.review-item"), "生态环境局", "同意")
    section = page.locator("section.review-item")
    expect(section.locator(".suggestion")).to_have_text("通过")

    decision = section.locator(".decision-form")
    expect(decision.get_by_label("通过", exact=True)).to_be_checked()  # the suggestion, offered
    decision.get_by_role("button", name="登记决定").click()
    section = page.locator("section.review-item")
    expect(section.locator(".decision")).to_have_text("通过")
    expect(section).not_to_contain_text("与建议不同")
    screenshot(page, "review-meeting")
    page.get_by_role("link", name="年入园标准").click()
    expect(page.locator("#criteria-summary")).to_contain_text("投资强度不低于300万元/亩")
    screenshot(page, "review-criteria")
    page.go_back()

    phone_page.context.add_cookies(page.context.cookies())
    phone_page.goto(page.url)
    expect(phone_page.locator("section.review-item .decision")).to_have_text("通过")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the meeting page scrolls sideways on a phone ({width}px)"
    screenshot(phone_page, "review-meeting-phone")
