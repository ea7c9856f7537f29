"""One hazard walked round its closed loop in a browser: the supervisor records an inspection and the hazard
it found with a photo, issues the 限期整改通知书 (downloaded as Word); the unit's 填报员 starts the
rectification and reports it done with a photo after; the supervisor's recheck fails it back to 整改中; the
unit reports again; the recheck passes and the hazard is closed (已销号), every step in its record."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from e2e.helpers import login, logout
from parkops.org.demo import DEMO_PASSWORD
from parkops.testing.demo import load_demo_without_economy


@pytest.fixture
def demo_park(db):
    load_demo_without_economy()


def _photo(tmp_path: Path, name: str, colour) -> Path:
    from PIL import Image

    path = tmp_path / name
    Image.new("RGB", (800, 600), colour).save(path, format="JPEG")
    return path


def test_a_hazard_walks_its_loop_with_photos_a_failed_recheck_and_a_closing(demo_park, page: Page, screenshot,
                                                                            tmp_path):
    login(page, "duban", DEMO_PASSWORD)
    page.get_by_role("link", name="安全生产").first.click()
    expect(page.locator("#hazards")).to_contain_text("中频炉冷却水系统")  # the demo's 大排查大整治
    page.get_by_role("link", name="安全检查").click()
    page.get_by_role("link", name="登记安全检查").click()
    page.get_by_label("检查计划").fill("节前安全生产检查")
    page.get_by_label("检查人员").fill("李督办、应急管理局 陈安")
    page.get_by_label("检查对象").select_option(label="企业")
    page.get_by_label("企业或场所名称").fill("德安顺达机械有限公司")
    page.get_by_label("检查内容").fill("特种设备和特种作业人员\n消防设施和疏散通道")
    page.get_by_role("button", name="登记").click()
    expect(page.locator("#checklist")).to_contain_text("特种设备和特种作业人员")

    page.get_by_role("link", name="登记发现的隐患").click()
    page.get_by_label("隐患部位").fill("装配车间")
    page.get_by_label("隐患描述").fill("行车限位器失效，吊钩防脱钩装置损坏")
    page.get_by_label("监管责任单位").select_option(label="高新区")
    page.get_by_label("整改前照片").set_input_files(_photo(tmp_path, "整改前.jpg", (150, 60, 40)))
    page.get_by_role("button", name="登记").click()
    expect(page.locator("#hazard-status")).to_have_text("已登记")
    expect(page.locator("#photos-before")).to_contain_text("整改前照片（1）")
    hazard_url = page.url

    issue = page.locator("#issue")
    issue.get_by_label("整改措施").fill("修复限位器，更换吊钩防脱装置，委托特检机构检验")
    issue.get_by_label("整改责任人").fill("张建国")
    issue.get_by_role("button", name="下达整改").click()
    expect(page.locator("#hazard-status")).to_have_text("已下达整改")
    expect(page.locator("#notice-number")).to_contain_text("安改〔")
    with page.expect_download() as download:
        page.locator("#notice-link").click()
    assert download.value.suggested_filename.startswith("限期整改通知书_德安顺达机械有限公司")
    logout(page)

    login(page, "gxq", DEMO_PASSWORD)  # the 高新区's 填报员: the unit responsible
    page.goto(hazard_url)
    page.locator("#start").get_by_role("button", name="登记开始整改").click()
    expect(page.locator("#hazard-status")).to_have_text("整改中")
    report = page.locator("#report")
    report.get_by_label("整改情况").fill("已更换限位器和吊钩防脱装置")
    report.get_by_label("整改后照片").set_input_files(_photo(tmp_path, "整改后.jpg", (40, 120, 60)))
    report.get_by_role("button", name="报告已整改").click()
    expect(page.locator("#hazard-status")).to_have_text("已整改待复查")
    expect(page.locator("#photos-after")).to_contain_text("整改后照片（1）")
    expect(page.locator("#recheck")).to_have_count(0)  # a unit does not recheck its own work
    logout(page)

    login(page, "duban", DEMO_PASSWORD)
    page.goto(hazard_url)
    recheck = page.locator("#recheck")
    recheck.get_by_label("复查结论").select_option(label="复查不通过，退回整改")
    recheck.get_by_label("复查意见").fill("特检机构检验报告尚未取得")
    recheck.get_by_role("button", name="登记复查结论").click()
    expect(page.locator("#hazard-status")).to_have_text("整改中")
    expect(page.locator("#rectification")).to_contain_text("特检机构检验报告尚未取得")
    logout(page)

    login(page, "gxq", DEMO_PASSWORD)
    page.goto(hazard_url)
    report = page.locator("#report")
    report.get_by_label("整改情况").fill("已取得特检机构检验合格报告")
    report.get_by_role("button", name="报告已整改").click()
    expect(page.locator("#hazard-status")).to_have_text("已整改待复查")
    logout(page)

    login(page, "duban", DEMO_PASSWORD)
    page.goto(hazard_url)
    recheck = page.locator("#recheck")
    recheck.get_by_label("复查结论").select_option(label="复查通过，关闭")
    recheck.get_by_label("复查人").fill("李督办、应急管理局 陈安")
    recheck.get_by_role("button", name="登记复查结论").click()
    expect(page.locator("#hazard-status")).to_have_text("复查通过已关闭")
    expect(page.locator("#hazard-light")).to_have_text("已销号")
    steps = page.locator("#steps")
    for step in ("登记隐患", "下达整改", "开始整改", "报告已整改", "复查不通过", "复查通过"):
        expect(steps).to_contain_text(step)
    screenshot(page, "hazard-closed-desktop")
