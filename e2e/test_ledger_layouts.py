"""A ledger that is not the 一览表, imported as the supervisor does it: upload a 整改台账 with 责任人 and
完成时限, read how each column was understood, map the one the system could not guess by hand, commit,
and find the task with its person, its deadline as written and its kept column; then export the plan's
ledger in its own columns."""

from pathlib import Path

import docx
from playwright.sync_api import Page, expect

from e2e.conftest import SCREENSHOTS
from e2e.helpers import login
from parkops.org.choices import Role
from parkops.supervision.models import Task
from parkops.supervision.tests.layout_samples import WITH_SUPERVISING_LEADER as LEDGER
from parkops.testing.factories import PASSWORD, ParkFactory, UnitFactory, UserFactory

PLAN = "观摩问题整改"


def test_supervisor_imports_a_rectification_ledger_mapping_one_column_by_hand(page: Page, screenshot, tmp_path):
    park = ParkFactory()
    UnitFactory(park=park, name="住建局")
    UserFactory(username="duban", display_name="李督办", role=Role.SUPERVISOR)
    ledger = tmp_path / LEDGER.filename
    ledger.write_bytes(LEDGER.content())
    login(page, "duban", PASSWORD)

    page.goto("/supervision/ledger/import/")
    page.get_by_label("一览表文件").set_input_files(ledger)
    page.get_by_label("计划").fill(PLAN)
    page.get_by_role("button", name="预览").click()

    columns = page.locator("#columns")
    expect(columns).to_contain_text("各列的理解")
    expect(columns.locator("tr[data-header='责任人'] .column-reading")).to_have_text("责任人")
    expect(columns.locator("tr[data-header='完成时限'] .column-reading")).to_have_text("完成时限")
    expect(columns.locator("tr[data-header='督导领导'] .column-reading")).to_have_text("保留为附加列")
    expect(columns.locator("tr[data-header='整改措施'] .column-reading")).to_have_text("保留为附加列")

    page.get_by_label("“督导领导”理解为").select_option(label="高新区责任领导")
    page.get_by_role("button", name="按所选重新预览").click()
    expect(columns.locator("tr[data-header='督导领导'] .column-reading")).to_contain_text("高新区责任领导")
    expect(columns.locator("tr[data-header='督导领导'] .column-reading")).to_contain_text("手工指定")
    expect(page.locator("table").last).to_contain_text("拆除违规广告牌")  # the kept column, in the preview
    screenshot(page, "ledger-layout-preview")

    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_role("alert")).to_contain_text("已导入")

    task = Task.objects.get(plan__name=PLAN, number="1")
    page.goto(f"/supervision/tasks/{task.pk}/")
    expect(page.locator("#task-responsible")).to_have_text("李明（住建局）")
    expect(page.locator("#task-deadline")).to_contain_text("11月25日前")
    expect(page.locator("dd").filter(has_text="王晓君")).to_have_count(1)  # 高新区责任领导, mapped by hand
    expect(page.locator(".extra-header")).to_have_text("整改措施")
    expect(page.locator(".extra-value")).to_have_text("拆除违规广告牌，统一外立面色调。")
    screenshot(page, "ledger-layout-task")

    # The plan's ledger comes out in its own columns, under its own headers.
    page.goto(f"/supervision/ledger/export/?plan={task.plan_id}")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="下载").click()
    saved: Path = SCREENSHOTS / "ledger-layout-export.docx"
    download_info.value.save_as(saved)
    table = docx.Document(saved).tables[0]
    assert [cell.text for cell in table.rows[0].cells] == LEDGER.header
    assert [cell.text for cell in table.rows[1].cells] == LEDGER.rows[0]
