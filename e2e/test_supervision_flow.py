"""The supervision round, as the people who do it click through it: a department reports, the supervisor
returns it with a reason, the department fixes and resubmits, the supervisor accepts, and the 一览表
comes out of the system with the accepted 完成情况 in it."""

import re

import docx
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.helpers import login, logout
from parkops.core.text import normalise_name
from parkops.org.choices import Role
from parkops.supervision.demo import story_year
from parkops.supervision.models import ProgressReport
from parkops.testing.factories import (
    PASSWORD,
    ParkFactory,
    PersonFactory,
    PlanFactory,
    SectionFactory,
    TargetFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
)

FIRST_TEXT = "1-10月，全县工业营业收入580亿元。"
RETURN_REASON = "请补充规上工业增加值增速和同比情况"
SECOND_TEXT = "1-10月，全县工业营业收入580亿元，同比增长12.30%；规上工业增加值增长9.10%。"
# A PDF is recognised by its content, so the smallest real one will do.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _scene():
    park = ParkFactory()
    industry = UnitFactory(park=park, name="工信局")
    # A year whose months have been reported, whatever the date the test runs on.
    year = story_year(timezone.localdate())
    plan = PlanFactory(park=park, name=f"{year}年县《政府工作报告》目标任务", year=year)
    section = SectionFactory(plan=plan, heading="二、坚持以“提质”促“提升”，迈出工业强县新步伐")
    task = TaskFactory(plan=plan, section=section, number="19", lead_units=[industry],
                       county_leaders=[PersonFactory(park=park, name="周洁")],
                       text="坚持工业强县战略不动摇，力争工业营业收入达到720亿元。")
    TargetFactory(task=task, phrase="达到720亿元", amount=7200000, unit="万元")
    UserFactory(username="gxj", display_name="工信局填报员", role=Role.REPORTER, unit=industry)
    UserFactory(username="duban", display_name="李督办", role=Role.SUPERVISOR)
    return plan, task


def _review(page: Page, action: str, reason: str = "") -> None:
    page.goto("/supervision/reports/review/")
    card = page.locator(".report").filter(has_text="目标任务 · 19号")
    expect(card).to_have_count(1)
    if reason:
        card.get_by_label("退回理由").fill(reason)
    card.get_by_role("button", name=action).click()


def test_report_return_resubmit_accept_and_export(page: Page, screenshot, tmp_path):
    plan, task = _scene()
    attachment = tmp_path / "10月工业营收统计.pdf"
    attachment.write_bytes(PDF_BYTES)

    # The department's reporter finds the task by a word of it and reports with an attachment.
    login(page, "gxj", PASSWORD)
    page.get_by_role("link", name="目标任务", exact=True).click()
    page.get_by_label("关键词").fill("工业营业收入")
    page.get_by_role("button", name="筛选").click()
    # The filter swaps the table in place: a click before the swap lands on the old table and is lost.
    expect(page).to_have_url(re.compile(r"q=%E5%B7%A5"))
    page.get_by_role("link", name="19", exact=True).click()
    expect(page.get_by_role("heading", name="19号任务")).to_be_visible()
    page.get_by_label("完成情况").fill(FIRST_TEXT)
    page.get_by_label(re.compile("完成数：达到720亿元")).fill("580")
    page.get_by_label("附件").set_input_files(attachment)
    screenshot(page, "task-detail-report-form")
    page.get_by_role("button", name="报送").click()
    expect(page.get_by_role("alert")).to_contain_text("等待督办员审核")
    expect(page.locator(".report").first).to_contain_text("10月工业营收统计.pdf")
    logout(page)

    # The supervisor returns it: the reason is required and shown to the department.
    login(page, "duban", PASSWORD)
    screenshot(page, "supervision-dashboard")
    page.goto("/supervision/reports/review/")
    screenshot(page, "review-queue")
    _review(page, "退回")
    expect(page.get_by_role("alert")).to_contain_text("退回时须填写理由")
    _review(page, "退回", RETURN_REASON)
    expect(page.get_by_role("alert")).to_contain_text("已退回工信局")
    logout(page)

    # The reporter sees the return first in their list, with the reason, and resubmits from the old text.
    login(page, "gxj", PASSWORD)
    page.goto("/supervision/reports/mine/")
    expect(page.locator(".list-group-item").first).to_contain_text("已退回")
    page.locator(".list-group-item").first.click()
    expect(page.locator(".report").first).to_contain_text(RETURN_REASON)
    page.get_by_role("link", name="修改后重新报送").click()
    expect(page.get_by_label("完成情况")).to_have_value(FIRST_TEXT)
    page.get_by_label("完成情况").fill(SECOND_TEXT)
    page.get_by_role("button", name="报送").click()
    expect(page.get_by_role("alert")).to_contain_text("等待督办员审核")
    logout(page)

    # The supervisor accepts, and the task's page shows the accepted report and the light it earns.
    login(page, "duban", PASSWORD)
    _review(page, "采纳")
    expect(page.get_by_role("alert")).to_contain_text("已采纳工信局")
    page.goto(f"/supervision/tasks/{task.pk}/")
    latest = page.locator(".report").first
    expect(latest).to_contain_text("已采纳")
    expect(latest).to_contain_text(SECOND_TEXT)
    expect(page.locator("#task-light")).to_contain_text("580")
    screenshot(page, "task-detail-accepted")
    assert ProgressReport.objects.get(task=task).status == "accepted"

    # The 一览表 comes out as Word, with the accepted 完成情况 in the task's row.
    page.goto("/supervision/ledger/export/")
    page.get_by_label("计划").select_option(label=plan.name)
    screenshot(page, "ledger-export")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="下载").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    ledger = docx.Document(saved)
    rows = [[cell.text for cell in row.cells] for row in ledger.tables[0].rows]
    # As in the seed: the number leads the task's text, and two-character names are padded (周  洁).
    task_row = next(row for row in rows if row[0].startswith("19"))
    assert SECOND_TEXT in task_row[-1]
    assert normalise_name(task_row[1]) == "周洁" and task_row[2] == "工信局"
    assert any(plan.name in paragraph.text for paragraph in ledger.paragraphs)
