"""The report centre in a browser: the supervisor draws up the 一览表, watches it being made, downloads it;
edits its template in Word and uploads it; a broken template is refused on the page and the report still
comes out of the version in use."""

from io import BytesIO

import docx
import pytest
from playwright.sync_api import Page, expect

from e2e.helpers import login
from parkops.org.choices import Role
from parkops.supervision.tests.ledgers import PLAN, SAMPLE_DOCX, import_file
from parkops.testing.factories import PASSWORD, ParkFactory, UserFactory


@pytest.fixture
def worker_runs_at_once(monkeypatch):
    """django-q's sync mode: the live server draws the report up as the worker would."""
    monkeypatch.setattr("django_q.conf.Conf.SYNC", True)


def _scene():
    ParkFactory()
    import_file(SAMPLE_DOCX)
    UserFactory(username="duban", display_name="李督办", role=Role.SUPERVISOR)


def test_draw_up_download_and_edit_the_template(page: Page, screenshot, tmp_path, worker_runs_at_once):
    _scene()
    login(page, "duban", PASSWORD)
    page.get_by_role("link", name="报告中心").click()
    expect(page.get_by_role("heading", name="报告中心")).to_be_visible()
    screenshot(page, "reports-index")

    page.locator("#type-task_ledger").get_by_role("link", name="生成 / 预览").click()
    page.get_by_label("月份").fill("2023-10")
    page.get_by_label("督办计划").select_option(label=PLAN)
    screenshot(page, "reports-type")
    page.get_by_role("button", name="生成", exact=True).click()

    expect(page.get_by_role("link", name="下载 Word")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 Word").click()
    report = docx.Document(download_info.value.path())
    assert sum(1 for row in report.tables[0].rows if row.cells[0].text[:1].isdigit()) == 8
    screenshot(page, "reports-done")

    # The supervisor downloads the template, adds a line in Word, and uploads it.
    page.get_by_role("link", name="目标任务完成情况一览表").click()
    with page.expect_download() as download_info:
        page.locator("#template-versions").get_by_role("link", name="下载").click()
    template = docx.Document(download_info.value.path())
    template.paragraphs[1].insert_paragraph_before("（县委督查室　高新区督办室联合编印）")
    edited = tmp_path / "一览表模板-改.docx"
    template.save(edited)
    page.get_by_label("模板文件（.docx）").set_input_files(edited)
    page.get_by_label("修改说明").fill("加编印单位")
    page.get_by_role("button", name="上传新版本").click()
    expect(page.get_by_text("已上传并启用第2版模板")).to_be_visible()

    # A broken one is refused with its line, and version 2 stays in use.
    template.paragraphs[1].insert_paragraph_before("截至{{ date_line ")
    broken = tmp_path / "一览表模板-错.docx"
    template.save(broken)
    page.get_by_label("模板文件（.docx）").set_input_files(broken)
    page.get_by_role("button", name="上传新版本").click()
    refusal = page.locator("#template-refused")
    expect(refusal).to_contain_text("第2行")
    expect(refusal).to_contain_text("占位符没有写完")
    screenshot(page, "reports-template-refused")
    expect(page.locator("#template-versions tr.table-success")).to_contain_text("第2版")

    page.get_by_label("月份").fill("2023-10")
    page.get_by_role("button", name="生成", exact=True).click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 Word").click()
    texts = [p.text for p in docx.Document(BytesIO(open(download_info.value.path(), "rb").read())).paragraphs]
    assert "（县委督查室　高新区督办室联合编印）" in texts
