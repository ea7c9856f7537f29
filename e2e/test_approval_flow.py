"""A parallel approval walked through the browser: the supervisor accepts an application for a devolved
power with three departments side by side; 住建局's reporter asks for missing materials (补正), marks them
received and signs off his step; the supervisor signs off the other two and closes the case with the
licence issued; the enterprise finds it, done, on its 园企之窗 on a phone.

Screenshots: artifacts/screenshots/approval-*.png."""

import pytest
from playwright.sync_api import Page, expect

from e2e.helpers import login, logout
from parkops.approvals import services
from parkops.approvals.models import Power
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
    units = [UnitFactory(park=park, name=name) for name in ("自然资源局", "住建局", "生态环境局")]
    EnterpriseUserFactory(username="qiye1", enterprise=EnterpriseFactory(park=park, name="江西乾照光电有限公司"))
    supervisor = UserFactory(username="duban", role=Role.SUPERVISOR, display_name="李督办")
    UserFactory(username="zjj", role=Role.REPORTER, unit=units[1], display_name="住建局填报员")
    services.power_save(power=Power(park=park, number=6, name="建设工程规划许可证核发", mode="seal", statutory_days=20,
                                    promised_days=10, source_unit=units[0]), user=supervisor)
    return park


def _step(page: Page, unit: str):
    return page.locator(f".step[data-unit='{unit}']")


def test_a_parallel_approval_with_a_correction_ends_with_the_licence_issued(park, page: Page, phone_page: Page,
                                                                             screenshot):
    login(page, "duban", PASSWORD)
    page.goto("/approvals/")
    page.get_by_role("link", name="受理申请").click()
    page.get_by_label("赋权事项").select_option(label="建设工程规划许可证核发")
    page.get_by_label("申请企业（企业库）").select_option(label="江西乾照光电有限公司")
    for n, (unit, step, days) in enumerate((("自然资源局", "规划审查", "7"), ("住建局", "施工图审查", "7"),
                                             ("生态环境局", "环保意见", "5")), start=1):
        page.locator(f"#id_step{n}_unit").select_option(label=unit)
        page.locator(f"#id_step{n}_name").fill(step)
        page.locator(f"#id_step{n}_limit").fill(days)
    screenshot(page, "approval-new")
    page.get_by_role("button", name="受理").click()
    expect(page.locator("#case-status")).to_have_text("办理中")
    expect(page.locator(".step")).to_have_count(3)
    case_url = page.url
    logout(page)

    login(page, "zjj", PASSWORD)
    page.goto("/approvals/")
    page.get_by_role("link", name="建设工程规划许可证核发").click()
    mine = _step(page, "住建局")
    expect(_step(page, "自然资源局").get_by_role("button")).to_have_count(0)  # not his unit's
    mine.get_by_label("住建局补正事由").fill("缺消防设计专篇")
    mine.get_by_role("button", name="要求补正").click()
    expect(_step(page, "住建局").locator(".step-status")).to_have_text("补正中")
    expect(page.locator("#case-light")).to_have_text("补正中")
    screenshot(page, "approval-correction")
    _step(page, "住建局").get_by_role("button", name="材料已补齐").click()
    expect(_step(page, "住建局").locator(".step-status")).to_have_text("办理中")
    _step(page, "住建局").get_by_label("住建局办理意见").fill("施工图审查合格")
    _step(page, "住建局").get_by_role("button", name="环节办结").click()
    expect(_step(page, "住建局").locator(".step-light")).to_have_text("按时办结")
    logout(page)

    login(page, "duban", PASSWORD)
    page.goto(case_url)
    for unit, opinion in (("自然资源局", "符合规划设计条件"), ("生态环境局", "同意")):
        _step(page, unit).get_by_label(f"{unit}办理意见").fill(opinion)
        _step(page, unit).get_by_role("button", name="环节办结").click()
        expect(_step(page, unit).locator(".step-status")).to_have_text("已办结")
    page.get_by_label("出具文书").fill("《建设工程规划许可证》")
    page.get_by_label("文书编号").fill("建字第360426202500031号")
    page.get_by_role("button", name="办结出件").click()
    expect(page.locator("#case-status")).to_have_text("已办结")
    expect(page.locator("#case-light")).to_have_text("按时办结")
    expect(page.locator("#case-document")).to_have_text("《建设工程规划许可证》（建字第360426202500031号）")
    expect(page.locator("#case-events")).to_contain_text("要求补正")
    screenshot(page, "approval-closed")
    page.goto("/approvals/stats/")
    expect(page.locator("#by-unit")).to_contain_text("住建局")
    screenshot(page, "approval-stats")

    phone = phone_page
    login(phone, "qiye1", PASSWORD)
    expect(phone.locator("#my-cases")).to_contain_text("建设工程规划许可证核发")
    expect(phone.locator("#my-cases")).to_contain_text("按时办结")
    phone.locator("#my-cases").get_by_role("link", name="建设工程规划许可证核发").click()
    expect(phone.locator("#case-document")).to_contain_text("建字第360426202500031号")
    expect(phone.get_by_role("button", name="办结出件")).to_have_count(0)
    assert not phone.evaluate(WIDER_THAN_SCREEN)
    screenshot(phone, "approval-enterprise-phone")
    # Its case list on the phone: the title reads across its cell (seven squeezed columns made it one
    # character wide), the enterprise and the light beside it.
    phone.goto("/approvals/")
    title = phone.get_by_role("link", name="建设工程规划许可证核发")
    expect(title).to_be_visible()
    assert title.bounding_box()["width"] > 120
    expect(phone.locator("tbody tr", has=title)).to_contain_text("按时办结")
    assert not phone.evaluate(WIDER_THAN_SCREEN)
