"""A real park's first day, from an empty database, as its people click through it: `parkops init-park`
prints the administrators' one-time passwords; the system administrator binds the authenticator, changes
the password and imports the park's 通讯录; the security administrator grants the supervisor the role the
通讯录 asked for (三员分立); the supervisor changes the one-time password, imports a deadline ledger in the
序号/工作任务/完成时限/责任单位/责任人/进展情况 layout and the 一览表 sample, and finds the tasks.

The `page` fixture's live server runs on an empty, flushed database: no demo is loaded here."""

import json
import re
from io import BytesIO, StringIO
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from e2e.helpers import login, logout, pass_second_factor
from parkops.org.models import Park, User
from parkops.supervision.models import Task
from parkops.supervision.tests.layout_samples import LayoutSample

PARK = "XX高新技术产业开发区"
SAMPLE_DOCX = (Path(__file__).resolve().parent.parent / "parkops" / "supervision" / "tests" / "samples"
               / "ledger-2023-gov-report-tasks.docx")

# The committee office's 通讯录 as it keeps it: a title line, then the list; 账号 for those who will use
# the system, and the role each is to have.
DIRECTORY = [
    ["XX高新区管委会及县直有关部门通讯录"],
    ["序号", "姓名", "单位", "职务", "手机", "账号", "角色"],
    [1, "王建国", "高新区管委会", "党工委副书记、管委会主任", "13907920001", "", ""],
    [2, "刘督查", "高新区党政办", "督查室主任", "13907920002", "duchashi", "督查员"],
    [3, "李明", "住建局", "副局长", "13907920003", "", ""],
    [4, "陈晓燕", "工信局", "综合股股长", "13907920004", "gxj_chen", "填报员"],
]
SUPERVISOR = "duchashi"
DEADLINE_TASK = "完成愚公南路、五号路风光互补路灯安装及调试工作。"


def deadline_ledger(year: int) -> LayoutSample:
    """An 观摩台账 of this year in the six columns parks use besides the 一览表."""
    return LayoutSample(
        name="观摩台账", kind="xlsx",
        title=f"{year}年产业集聚区观摩台账任务进展情况表", date_line=f"日期：{year}年11月20日",
        header=["序号", "工作任务", "完成时限", "责任单位", "责任人", "进展情况"],
        rows=[["1", DEADLINE_TASK, "11月25日前", "住建局", "李明", "路灯基础已浇筑完成，灯杆进场。"]],
    )


def directory_xlsx(path: Path) -> Path:
    book = Workbook()
    for row in DIRECTORY:
        book.active.append(row)
    buffer = BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def init_park() -> dict[str, str]:
    """`parkops init-park NAME --json`, as the installer runs it; the one-time password of each account."""
    out = StringIO()
    call_command("init_park", PARK, "--json", stdout=out)
    return {account["username"]: account["password"] for account in json.loads(out.getvalue())["accounts"]}


def change_own_password(page: Page, current: str, new: str) -> None:
    """The forced change at a first log-in, which the page announces."""
    expect(page).to_have_url(re.compile(r"/org/account/password/$"))
    expect(page.get_by_text("您的密码是管理员设置的初始密码")).to_be_visible()
    page.get_by_label("当前密码").fill(current)
    page.get_by_label(re.compile(r"^新密码")).fill(new)
    page.get_by_label("再次输入新密码").fill(new)
    page.get_by_role("button", name="确认修改").click()
    expect(page.get_by_role("alert")).to_contain_text("密码已修改")


def test_a_park_goes_from_an_empty_database_to_its_supervisor_importing_ledgers(page: Page, screenshot, tmp_path):
    assert not Park.objects.exists() and not User.objects.exists()  # an empty database, no demo
    passwords = init_park()
    year = timezone.localdate().year

    # The system administrator: authenticator, own password, then the park's 通讯录.
    login(page, "sysadmin", passwords["sysadmin"])
    pass_second_factor(page)
    change_own_password(page, passwords["sysadmin"], "Xitong#2031")
    page.goto("/org/people/")
    page.get_by_role("link", name="导入通讯录").click()
    page.get_by_label("通讯录（.xlsx 或 .docx）").set_input_files(directory_xlsx(tmp_path / "通讯录.xlsx"))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.locator("#creations")).to_contain_text("将新建单位（4）")
    expect(page.locator("#creations")).to_contain_text("高新区党政办")
    preview = page.locator("tbody tr").filter(has_text="刘督查")
    expect(preview).to_contain_text(SUPERVISOR)
    expect(preview).to_contain_text("督办员")
    screenshot(page, "first-day-directory-preview")
    page.get_by_role("button", name="确认导入").click()

    expect(page.get_by_role("alert").filter(has_text="已导入")).to_contain_text("新增人员4，新建账号2")
    expect(page.get_by_role("alert").filter(has_text="初始密码")).to_contain_text("只显示这一次")
    row = page.locator("#one-time-passwords tbody tr").filter(has_text=SUPERVISOR)
    expect(row).to_contain_text("刘督查")
    supervisor_password = row.locator("td").nth(2).inner_text().strip()
    assert supervisor_password
    logout(page)

    # The security administrator grants the role the 通讯录 asked for: imports never grant one (三员分立).
    login(page, "secadmin", passwords["secadmin"])
    pass_second_factor(page)
    change_own_password(page, passwords["secadmin"], "Anquan#2031")
    page.goto("/org/users/")
    expect(page.locator("tr").filter(has_text=SUPERVISOR)).to_contain_text("（待分配；通讯录：督办员）")
    page.get_by_role("link", name=SUPERVISOR, exact=True).click()
    expect(page.get_by_text("通讯录中填写的角色为“督办员”，已预先选中")).to_be_visible()
    expect(page.get_by_label("角色")).to_have_value("supervisor")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text("已保存：刘督查")
    expect(page.locator("tr").filter(has_text=SUPERVISOR)).to_contain_text("督办员")
    logout(page)

    # The supervisor's first log-in: the one-time password from the system administrator's page.
    login(page, SUPERVISOR, supervisor_password)
    change_own_password(page, supervisor_password, "Ducha#2031x")
    # A first day: nothing is due yet, and 今日待办 says so.
    expect(page.get_by_role("heading", name="今日待办")).to_be_visible()
    expect(page.get_by_text("今天没有需要您处理的事项。")).to_be_visible()
    page.goto("/supervision/")
    expect(page.get_by_role("heading", name="督办看板")).to_be_visible()

    # A deadline ledger in the six-column layout, its columns understood as the preview says.
    ledger = deadline_ledger(year)
    ledger_file = tmp_path / ledger.filename
    ledger_file.write_bytes(ledger.content())
    page.get_by_role("link", name="导入台账").click()
    page.get_by_label("一览表文件").set_input_files(ledger_file)
    page.get_by_label("计划").fill(f"{year}年观摩台账")
    page.get_by_role("button", name="上传并预览").click()
    columns = page.locator("#columns")
    expect(columns).to_contain_text("各列的理解")
    for header in ("工作任务", "完成时限", "责任单位", "责任人", "进展情况"):
        expect(columns.locator(f"tr[data-header='{header}'] .column-reading")).not_to_have_text("保留为附加列")
    expect(columns.locator("tr[data-header='责任人'] .column-reading")).to_have_text("责任人")
    expect(columns.locator("tr[data-header='完成时限'] .column-reading")).to_have_text("完成时限")
    expect(page.locator("main")).to_contain_text("任务1项")
    screenshot(page, "first-day-deadline-ledger-preview")
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_role("alert")).to_contain_text("已导入")

    task = Task.objects.get(plan__name=f"{year}年观摩台账")
    page.goto(f"/supervision/tasks/{task.pk}/")
    expect(page.locator("main")).to_contain_text(DEADLINE_TASK)
    expect(page.locator("#task-responsible")).to_have_text("李明（住建局）")  # the person of the 通讯录
    expect(page.locator("#task-deadline")).to_contain_text(f"{year}年11月25日")
    expect(page.locator("#task-deadline")).to_contain_text("台账原文：11月25日前")
    screenshot(page, "first-day-deadline-task")

    # The 一览表 sample, then both plans' tasks in the task list.
    page.get_by_role("link", name="导入台账").click()
    page.get_by_label("一览表文件").set_input_files(SAMPLE_DOCX)
    page.get_by_label("计划").fill("2023年县《政府工作报告》目标任务")
    page.get_by_role("button", name="上传并预览").click()
    expect(page.locator("main")).to_contain_text("任务8项")
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_role("alert")).to_contain_text("已导入“ledger-2023-gov-report-tasks.docx”")

    page.get_by_role("link", name="目标任务", exact=True).click()
    table = page.locator("table")
    expect(table).to_contain_text("坚持工业强县战略不动摇")
    expect(table).to_contain_text(DEADLINE_TASK)
    expect(table.locator("tbody tr")).to_have_count(9)
    screenshot(page, "first-day-task-list")
