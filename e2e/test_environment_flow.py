"""生态环境 in a browser: the supervisor registers a 环保督察反馈问题 (it becomes a supervision task), applies for
销号 with a photo as evidence, accepts it and closes it (销号) with a 回头看 planned for today; the 回头看 finds the
problem back and the item reopens (整改中, 回头看重新整改). Then a monitoring sheet (.csv) with one reading over
its limit is imported: the preview marks it, and once confirmed the reading links to the hazard and the
supervision task it opened; importing the same sheet again adds nothing."""

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.helpers import login
from parkops.environment.models import Reading
from parkops.org.demo import DEMO_PASSWORD
from parkops.org.models import Park
from parkops.safety.models import Hazard
from parkops.testing.demo import load_demo_without_economy
from parkops.testing.factories import EnterpriseFactory


@pytest.fixture
def demo_park(db):
    load_demo_without_economy()


def _evidence(tmp_path: Path) -> Path:
    from PIL import Image

    path = tmp_path / "整改后现场.png"
    Image.new("RGB", (640, 480), (40, 120, 60)).save(path, format="PNG")
    return path


def _monitoring(tmp_path: Path) -> Path:
    day = timezone.localdate().replace(day=1)
    path = tmp_path / "雨水排口重金属监测.csv"
    path.write_text("企业名称,排放口,监测因子,监测值,单位,标准限值,监测时间\n"
                    f"江西绿源新材料有限公司,YS001 雨水排放口,总铅,0.82,mg/L,0.5,{day:%Y-%m-%d} 09:30\n"
                    f"江西绿源新材料有限公司,YS001 雨水排放口,总镉,0.01,mg/L,0.05,{day:%Y-%m-%d} 09:30\n",
                    encoding="utf-8-sig")
    return path


def test_a_feedback_item_is_closed_then_reopened_by_its_review(demo_park, page: Page, screenshot, tmp_path):
    login(page, "duban", DEMO_PASSWORD)
    page.get_by_role("link", name="生态环境").first.click()
    expect(page.locator("#feedback")).to_contain_text("雨污管网混接错接")  # the demo's items
    screenshot(page, "environment-feedback-desktop")
    page.get_by_role("link", name="登记问题").click()
    page.get_by_label("督察级别").select_option(label="省环保督察")
    page.locator("#id_problem").fill("园区部分企业VOCs无组织排放问题突出")
    page.get_by_label("整改措施").fill("开展VOCs专项治理，督促企业密闭收集")
    page.get_by_label("责任单位").select_option(label="生态环境局")
    page.get_by_role("button", name="登记").click()
    expect(page.locator("#item-status")).to_have_text("整改中")
    expect(page.get_by_role("link", name="省环保督察反馈问题整改")).to_be_visible()

    apply = page.locator("#apply-form")
    apply.get_by_label("整改完成情况").fill("12家企业已完成密闭收集改造")
    apply.get_by_label("佐证材料").set_input_files(_evidence(tmp_path))
    apply.get_by_role("button", name="申请销号").click()
    expect(page.locator("#item-status")).to_have_text("已申请销号待验收")
    expect(page.locator("#evidence")).to_contain_text("整改后现场.png")

    accept = page.locator("#accept-form")
    accept.get_by_label("验收通过").check()
    accept.get_by_label("验收人").fill("县生态环境局 周检")
    accept.get_by_role("button", name="登记验收结论").click()
    expect(page.locator("#item-status")).to_have_text("已验收待销号")

    close = page.locator("#close-form")
    close.get_by_label("回头看计划日期").fill(f"{timezone.localdate():%Y-%m-%d}")
    close.get_by_role("button", name="销号").click()
    expect(page.locator("#item-status")).to_have_text("已销号")
    expect(page.locator("#reviews")).to_contain_text("待检查")

    review = page.locator("#review-form")
    review.get_by_label("问题反弹").check()
    review.get_by_label("检查情况").fill("回头看发现2家企业收集设施停运")
    review.get_by_role("button", name="登记结果").click()
    expect(page.locator("#item-status")).to_have_text("整改中")
    expect(page.get_by_text("回头看重新整改1次")).to_be_visible()
    expect(page.locator("#records")).to_contain_text("回头看：问题反弹，重新整改")
    screenshot(page, "environment-feedback-reopened-desktop")


def test_a_monitoring_sheet_over_its_limit_opens_a_hazard_and_a_task_once(demo_park, page: Page, phone_page: Page,
                                                                          screenshot, tmp_path):
    EnterpriseFactory(park=Park.objects.get(), name="江西绿源新材料有限公司")
    sheet = _monitoring(tmp_path)
    login(page, "duban", DEMO_PASSWORD)
    page.goto("/environment/monitoring/import/")
    page.get_by_label("监测结果").set_input_files(sheet)
    page.get_by_role("button", name="上传并预览").click()
    expect(page.locator("#preview-total")).to_contain_text("新增超标1条")
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator("#readings")).to_contain_text("超标")
    readings = page.locator("#readings tr.table-danger", has_text="江西绿源新材料有限公司")  # the demo has its own
    expect(readings).to_have_count(1)
    expect(readings.get_by_role("link", name="隐患")).to_be_visible()
    screenshot(page, "environment-monitoring-desktop")
    assert Hazard.objects.filter(enterprise_name="江西绿源新材料有限公司").count() == 1

    page.goto("/environment/monitoring/import/")
    page.get_by_label("监测结果").set_input_files(sheet)
    page.get_by_role("button", name="上传并预览").click()
    expect(page.locator("#preview-total")).to_contain_text("新增超标0条")
    page.get_by_role("button", name="确认导入").click()
    assert Reading.objects.filter(outlet__enterprise__name="江西绿源新材料有限公司").count() == 2
    assert Hazard.objects.filter(enterprise_name="江西绿源新材料有限公司").count() == 1

    readings.get_by_role("link", name="隐患").click()
    expect(page.locator("#hazard-status")).to_have_text("已登记")

    login(phone_page, "duban", DEMO_PASSWORD)
    phone_page.goto("/environment/monitoring/?over=on")
    expect(phone_page.locator("#readings")).to_contain_text("江西绿源新材料有限公司")
    screenshot(phone_page, "environment-monitoring-phone")
    phone_page.goto("/environment/feedback/")
    screenshot(phone_page, "environment-feedback-phone")
    phone_page.goto("/environment/polluters/")
    screenshot(phone_page, "environment-polluters-phone")
