"""An enterprise's request on a 390 px phone, walked through the browser: the enterprise files it on its
own page (园企之窗), the park routes it to 工信局, the unit's reporter accepts, answers and resolves it,
and the enterprise rates it 满意 on its phone; the page fits the screen all along.

Screenshots: artifacts/screenshots/enterprise-request-*.png."""

import pytest
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


def test_a_request_from_a_phone_is_routed_answered_and_rated(park, phone_page: Page, page: Page, screenshot):
    phone = phone_page
    login(phone, "qiye1", PASSWORD)
    expect(phone.locator("#enterprise-name")).to_have_text("江西乾照光电有限公司")
    phone.get_by_role("link", name="提出诉求").click()
    phone.get_by_label("诉求类别").select_option(label="水电气")
    phone.get_by_label("诉求内容").fill("二期厂房需增容一台2000千伏安变压器，请协调供电公司现场勘查。")
    phone.get_by_label("联系人及电话").fill("张经理 13800000000")
    assert not phone.evaluate(WIDER_THAN_SCREEN)
    phone.get_by_role("button", name="提交").click()
    expect(phone.locator("#request-status")).to_have_text("待分派")
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
    page.goto("/services/")
    page.get_by_role("link", name="二期厂房需增容").click()
    page.get_by_role("button", name="受理").click()
    expect(page.locator("#request-status")).to_have_text("办理中")
    page.get_by_label("答复意见").fill("已联系供电公司，本周内现场勘查。")
    page.get_by_role("button", name="答复企业").click()
    expect(page.locator("#request-reply")).to_have_text("已联系供电公司，本周内现场勘查。")
    page.get_by_label("办理结果").fill("已完成增容，变压器已送电。")
    page.get_by_role("button", name="办结").click()
    expect(page.locator("#request-status")).to_have_text("已办结")

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
