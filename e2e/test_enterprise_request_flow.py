"""An enterprise's request on a 390 px phone, walked through the browser: the enterprise files it on its
own page (园企之窗), the park routes it to 工信局, the unit's reporter accepts, answers and resolves it,
and the enterprise rates it 满意 on its phone; the page fits the screen all along. The clock is set to the eve of
2025's National Day: the request's days stand still over the holiday and run on the 调休 Saturday.

Screenshots: artifacts/screenshots/enterprise-request-*.png."""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.helpers import login, logout
from parkops.org.choices import Role
from parkops.testing.factories import (
    PASSWORD,
    EnterpriseFactory,
    EnterpriseUserFactory,
    ParkFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

WIDER_THAN_SCREEN = "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"


@pytest.fixture
def park():
    park = ParkFactory()
    unit = UnitFactory(park=park, name="工信局")
    EnterpriseUserFactory(username="qiye1", enterprise=EnterpriseFactory(park=park, name="江西乾照光电有限公司"))
    UserFactory(username="duban", role=Role.SUPERVISOR, display_name="李督办")
    UserFactory(username="gxj", role=Role.REPORTER, unit=unit, display_name="工信局填报员")
    return park


@pytest.fixture
def clock(monkeypatch):
    """The live server runs in this process, so the day it sees can be set like a unit test's."""

    def set_today(day: date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return set_today


def test_a_request_from_a_phone_is_routed_answered_and_rated(park, phone_page: Page, page: Page, screenshot, clock):
    phone = phone_page
    clock(date(2025, 9, 30))  # 1–8 October off; Saturday 11 October worked
    login(phone, "qiye1", PASSWORD)
    expect(phone.locator("#enterprise-name")).to_have_text("江西乾照光电有限公司")
    phone.get_by_role("link", name="提出诉求").click()
    phone.get_by_label("诉求类别").select_option(label="水电气")
    phone.get_by_label("诉求内容").fill("二期厂房需增容一台2000千伏安变压器，请协调供电公司现场勘查。")
    phone.get_by_label("联系人及电话").fill("张经理 13800000000")
    assert not phone.evaluate(WIDER_THAN_SCREEN)
    phone.get_by_role("button", name="提交").click()
    expect(phone.locator("#request-status")).to_have_text("待分派")
    # Acceptance waits for the holiday to pass; the reply is due on the worked Saturday.
    expect(phone.locator("#request-accept-due")).to_contain_text("2025-10-09")
    expect(phone.locator("#request-reply-due")).to_contain_text("2025-10-11")
    expect(phone.locator("#request-resolve-due")).to_contain_text("2025-10-28")
    request_url = phone.url
    screenshot(phone, "enterprise-request-filed")

    login(page, "duban", PASSWORD)
    page.goto("/services/")
    page.get_by_role("link", name="二期厂房需增容").click()
    page.locator("#route-form select").select_option(label="工信局")
    page.get_by_role("button", name="分派").click()
    expect(page.locator("#request-unit")).to_have_text("工信局")
    logout(page)

    login(page, "gxj", PASSWORD)
    clock(date(2025, 10, 8))  # the last day of the holiday: due soon, never late
    page.goto("/services/")
    expect(page.locator("tbody .light")).to_have_text("临期")
    clock(date(2025, 10, 10))  # the day after acceptance was due
    page.reload()
    expect(page.locator("tbody .light")).to_have_text("逾期")
    clock(date(2025, 10, 9))
    page.reload()
    page.get_by_role("link", name="二期厂房需增容").click()
    page.get_by_role("button", name="受理").click()
    expect(page.locator("#request-status")).to_have_text("办理中")
    clock(date(2025, 10, 11))  # the 调休 Saturday counts: answered on the last day, on time
    page.reload()
    page.get_by_label("答复意见").fill("已联系供电公司，本周内现场勘查。")
    page.get_by_role("button", name="答复企业").click()
    expect(page.locator("#request-reply")).to_have_text("已联系供电公司，本周内现场勘查。")
    clock(date(2025, 10, 28))
    page.reload()
    page.get_by_label("办理结果").fill("已完成增容，变压器已送电。")
    page.get_by_role("button", name="办结").click()
    expect(page.locator("#request-status")).to_have_text("已办结")
    expect(page.locator("#request-light")).to_have_text("按时办结")

    phone.goto("/")
    expect(phone.locator("#to-rate")).to_contain_text("1件诉求已办结")
    phone.goto(request_url)
    expect(phone.locator("#request-result")).to_have_text("已完成增容，变压器已送电。")
    phone.get_by_label("满意", exact=True).check()
    phone.get_by_role("button", name="提交评价").click()
    expect(phone.locator("#request-rating")).to_have_text("满意")
    expect(phone.locator("#request-events")).to_contain_text("评价")
    assert not phone.evaluate(WIDER_THAN_SCREEN)
    screenshot(phone, "enterprise-request-rated")
