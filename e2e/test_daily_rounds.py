"""Each role's daily round through the demo park, at a desk and on a 390 px phone: the home page is the
person's day (今日待办), and what they act on from it answers them.

- the supervisor sees the report waiting for review, returns it — first without a reason, and stays in
  the queue, told why — and the unit's clerk then finds it returned on their own home page and in 我的消息,
  whose unread count shows in the menu and whose message leads back to the task;
- the clerk of 高新区 finds 22号's October report returned, with the reason, and opens the form on it;
- the leader, on a phone, sees the late tasks and the problem escalated to them, chases 发改委 with a word
  of their own, and 发改委's clerk finds that 催办 at the top of their day;
- the liaison, on a phone, opens last month's progress form, which says it is already reported and is
  being corrected, with the figure as written;
- the three administrators land on their day with their own pages beside it; the security administrator
  sees an account waiting for a role, the audit administrator reads changes in Chinese;
- a new colleague passes through all three: the system administrator adds the account (no role, an
  initial password), the security administrator, told on their day, gives it a role, the colleague must
  change the password at the first log-in (on a phone) and then finds their unit's day; the audit
  administrator reads each step in Chinese, without the empty fields of a new account.

On the phone, the leader and the liaison also read the task list, whose cards each name their task's plan
(two plans may each have a 9号), and 乾照光电's page, whose 开工 node is done on the day the stage
history says it started, not "7天后到期".

Screenshots: artifacts/screenshots/today-<role>-desk.png and today-<role>-phone.png; round-<role>-phone-
task-list.png and round-<role>-phone-project.png.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.helpers import login, logout, pass_second_factor
from e2e.test_phone_rounds import LAYOUT_FAULTS
from parkops.org.demo import DEMO_PASSWORD
from parkops.projects.models import StageEvent
from parkops.testing.demo import load_demo_without_economy
from parkops.testing.factories import UserFactory

GOV_PLAN = re.compile(r"\d{4}年县《政府工作报告》目标任务")
# The demo's plans: the 一览表, the 观摩台账, and those 生态环境 keeps in supervision (督察反馈问题, 超标督办).
ANY_DEMO_PLAN = re.compile(r"\d{4}年(县《政府工作报告》目标任务|全省重点项目观摩台账|.+督察反馈问题整改|生态环境监测超标督办)")
QIANZHAO = "厦门乾照光电项目"


@pytest.fixture
def demo_park(db):
    load_demo_without_economy()  # the economy's pages have their own round


def items(page: Page):
    return page.locator("#today-items .today-item")


def of_kind(page: Page, kind: str):
    """The home page's items of one kind (its badge: 待审核, 被退回, 催办 …)."""
    return items(page).filter(has=page.locator(".badge", has_text=re.compile(f"^{kind}$")))


def the_day(page: Page, phone: Page, screenshot, who: str) -> None:
    """The home page on the desk, then the same session on the phone: it fits, nothing scrolls sideways."""
    expect(page.get_by_role("heading", name="今日待办")).to_be_visible()
    screenshot(page, f"today-{who}-desk")
    phone.context.add_cookies(page.context.cookies())
    phone.goto("/")
    expect(phone.get_by_role("heading", name="今日待办")).to_be_visible()
    screenshot(phone, f"today-{who}-phone")
    assert phone.evaluate(LAYOUT_FAULTS) == [], who


def tasks_and_project_on_the_phone(phone: Page, screenshot, who: str) -> None:
    """The task list's cards each say which plan their task is of; 乾照光电's 开工 node is done on the
    day its stage history says, on a page that fits the phone."""
    phone.goto("/supervision/tasks/")
    cards = phone.locator("main table tbody tr")
    expect(cards.first).to_be_visible()
    plans = phone.locator("main table tbody tr td.task-plan")
    assert plans.count() == cards.count() > 0, who
    for index in range(plans.count()):
        expect(plans.nth(index)).to_be_visible()
        expect(plans.nth(index)).to_have_text(ANY_DEMO_PLAN)
    screenshot(phone, f"round-{who}-phone-task-list")
    assert phone.evaluate(LAYOUT_FAULTS) == [], who

    phone.goto("/projects/mine/")
    phone.locator(".my-project").get_by_role("link", name=QIANZHAO).click()
    started = StageEvent.objects.get(project__name=QIANZHAO, stage="started").on
    node = phone.locator("tr.milestone").filter(has=phone.locator("td", has_text=re.compile("^开工$")))
    expect(node.locator(".node-state")).to_have_text(f"已于{started:%Y-%m-%d}完成")
    expect(phone.locator("main")).to_contain_text(f"{started:%Y-%m-%d} 开工")  # the stage history agrees
    screenshot(phone, f"round-{who}-phone-project")
    assert phone.evaluate(LAYOUT_FAULTS) == [], who


def newest_first(page: Page) -> None:
    """What needs the person (red) first, then the rest; each part newest first."""
    for part in ("#today-items .today-item.border-danger", "#today-items .today-item:not(.border-danger)"):
        days = page.locator(f"{part} .text-nowrap").all_inner_texts()
        assert days == sorted(days, reverse=True), part
    kinds = page.locator("#today-items .today-item").evaluate_all(
        "items => items.map(item => item.classList.contains('border-danger'))")
    assert kinds == sorted(kinds, reverse=True)


def test_the_supervisors_round(demo_park, page: Page, phone_page: Page, screenshot):
    login(page, "duban", DEMO_PASSWORD)
    the_day(page, phone_page, screenshot, "supervisor")
    waiting = of_kind(page, "待审核")
    expect(waiting).to_contain_text("1条进展报告等待审核")
    newest_first(page)

    waiting.click()
    expect(page.get_by_role("heading", name="待审核进展")).to_be_visible()
    report = page.locator(".report").filter(has_text="20号")
    expect(report).to_contain_text("发改委")
    report.get_by_role("button", name="退回").click()
    # No reason: still in the queue, told why, the report still there.
    expect(page.get_by_role("heading", name="待审核进展")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("退回时须填写理由")
    report.get_by_label("退回理由").fill("请补充第三方中介的选定时间。")
    report.get_by_role("button", name="退回").click()
    expect(page.get_by_role("alert")).to_contain_text("已退回发改委")
    expect(page.locator(".report").filter(has_text="20号")).to_have_count(0)

    logout(page)
    login(page, "fgw", DEMO_PASSWORD)
    returned = of_kind(page, "被退回").filter(has_text="20号")
    expect(returned).to_contain_text("请补充第三方中介的选定时间。")
    expect(returned).to_contain_text(GOV_PLAN)  # the task is named with its plan

    # Told, not only shown: the unread count beside 我的消息 on every page, and the message leads back.
    inbox = page.locator("#mainnav").get_by_role("link", name=re.compile("^我的消息"))
    expect(inbox.locator(".badge")).to_have_text(re.compile(r"^[1-9]\d*$"))
    inbox.click()
    message = page.locator(".message-unread").filter(has_text="进展报告被退回").first
    expect(message).to_contain_text("理由：请补充第三方中介的选定时间。请修改后重新报送。")
    message.get_by_role("link").click()
    expect(page.locator("main")).to_contain_text("请补充第三方中介的选定时间")


def test_the_clerks_round(demo_park, page: Page, phone_page: Page, screenshot):
    login(page, "gxq", DEMO_PASSWORD)
    the_day(page, phone_page, screenshot, "clerk")
    returned = of_kind(page, "被退回").filter(has_text="22号")
    expect(returned).to_contain_text("请补充建设方案的审定时间")
    newest_first(page)
    # Nothing of another unit's: the problem 发改委 must solve for 乾照光电 is not 高新区's to act on.
    expect(items(page).filter(has_text="乾照光电10KV")).to_have_count(0)

    returned.click()
    expect(page.locator("#return-reason")).to_contain_text("退回理由：请补充建设方案的审定时间")
    expect(page.get_by_label("完成情况")).to_have_value(re.compile("拟定智慧园区建设方案"))

    page.locator("#mainnav").get_by_role("link", name="我的报送").click()
    row = page.locator(".list-group-item").filter(has_text="22号")
    expect(row.locator("[data-owed]").first).to_contain_text("已退回，待修改重报")


def test_the_leaders_round_on_the_phone(demo_park, page: Page, phone_page: Page, screenshot):
    login(page, "lingdao", DEMO_PASSWORD)
    the_day(page, phone_page, screenshot, "leader")
    phone = phone_page
    expect(of_kind(phone, "滞后").filter(has_text="9号")).to_have_count(1)
    expect(of_kind(phone, "问题升级")).to_contain_text("乾照光电10KV新建线路")
    newest_first(phone)

    phone.get_by_role("button", name="菜单").click()
    expect(phone.locator("#mainnav.show:not(.collapsing)")).to_be_visible()
    phone.locator("#mainnav").get_by_role("link", name="我的项目").click()
    problem = phone.locator(".problem").filter(has_text="乾照光电10KV新建线路")
    problem.locator("summary").click()  # 催办发改委… opens the message, to be edited before it is sent
    message = problem.get_by_label("催办内容（可修改后发送）")
    expect(message).to_have_value(re.compile("请抓紧协调解决"))
    message.fill("请本周五前与供电公司敲定接入方案，王晓君。")
    screenshot(phone, "today-leader-phone-chase")
    assert phone.evaluate(LAYOUT_FAULTS) == []
    problem.get_by_role("button", name="发送催办").click()
    expect(phone.get_by_role("alert")).to_contain_text("已向发改委发出催办")

    tasks_and_project_on_the_phone(phone, screenshot, "leader")

    logout(page)
    login(page, "fgw", DEMO_PASSWORD)
    chased = of_kind(page, "催办").filter(has_text="厦门乾照光电项目")
    expect(chased).to_contain_text("请本周五前与供电公司敲定接入方案，王晓君。")
    expect(of_kind(page, "交办问题").filter(has_text="厦门乾照光电项目")).to_have_count(1)


def test_the_liaisons_round_on_the_phone(demo_park, page: Page, phone_page: Page, screenshot):
    login(page, "lianluo", DEMO_PASSWORD)
    the_day(page, phone_page, screenshot, "liaison")
    phone = phone_page
    expect(of_kind(phone, "被退回").filter(has_text="22号")).to_have_count(1)

    phone.get_by_role("button", name="菜单").click()
    expect(phone.locator("#mainnav.show:not(.collapsing)")).to_be_visible()
    phone.locator("#mainnav").get_by_role("link", name="我的项目").click()
    phone.locator(".my-project").get_by_role("link", name="厦门乾照光电项目").click()
    phone.get_by_role("link", name="报送月度进展").click()
    # Last month is reported: the form opens on that report and says so, its figure as written.
    expect(phone.locator("#editing-note")).to_contain_text("报送，正在修改")
    expect(phone.get_by_label("本月完成投资（万元）")).to_have_value("12000")
    screenshot(phone, "today-liaison-phone-progress")
    assert phone.evaluate(LAYOUT_FAULTS) == []
    tasks_and_project_on_the_phone(phone, screenshot, "liaison")


def test_the_system_administrators_day(demo_park, page: Page, phone_page: Page, screenshot):
    login(page, "sysadmin", DEMO_PASSWORD)
    pass_second_factor(page)
    the_day(page, phone_page, screenshot, "sysadmin")
    shortcuts = phone_page.locator("#shortcuts")  # on the phone, where the menu is folded
    expect(shortcuts.get_by_role("link", name="单位")).to_be_visible()
    expect(shortcuts.get_by_role("link", name="督办看板")).to_have_count(0)


def test_the_security_administrators_day(demo_park, page: Page, phone_page: Page, screenshot):
    UserFactory(username="xinren", display_name="新同事", role="")
    login(page, "secadmin", DEMO_PASSWORD)
    pass_second_factor(page)
    the_day(page, phone_page, screenshot, "secadmin")
    waiting = of_kind(page, "待分配角色")
    expect(waiting).to_contain_text("1个新账号尚未分配角色")
    expect(waiting).to_contain_text("新同事")
    expect(phone_page.locator("#shortcuts").get_by_role("link", name="用户与角色")).to_be_visible()


def test_the_audit_administrators_day(demo_park, page: Page, phone_page: Page, screenshot):
    login(page, "auditor", DEMO_PASSWORD)
    pass_second_factor(page)
    the_day(page, phone_page, screenshot, "auditor")
    page.locator("#mainnav").get_by_role("link", name="审计日志").click()
    table = page.locator("main table")
    expect(table.locator("tbody tr").first).to_be_visible()
    # Changes read in Chinese: field names, not the stored dictionaries.
    expect(table).not_to_contain_text("{'")
    screenshot(page, "today-auditor-audit-log")


def test_a_new_colleague_passes_through_the_three_administrators_hands(demo_park, page: Page, phone_page: Page,
                                                                        screenshot):
    """三员分立 in one round: the system administrator adds the account from the visible 新增 button,
    with no role and an initial password; the security administrator is told of it on their day and
    gives the role; the colleague must change the password before anything else, then finds their day;
    the audit administrator reads all of it in Chinese."""
    login(page, "sysadmin", DEMO_PASSWORD)
    pass_second_factor(page)
    page.goto("/org/users/")
    page.get_by_role("link", name="新增账号").click()
    expect(page.get_by_label("初始密码")).to_be_visible()
    page.get_by_label("用户名").fill("xinren")
    page.get_by_label("姓名").fill("新同事")
    page.get_by_label("单位").select_option(label="高新区")
    page.get_by_label("初始密码").fill("Chu#shi2026")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text("新账号尚无角色，请安全管理员分配")
    expect(page.locator("main table tbody tr").filter(has_text="xinren")).to_contain_text("（待分配）")
    logout(page)

    login(page, "secadmin", DEMO_PASSWORD)
    pass_second_factor(page)
    waiting = of_kind(page, "待分配角色")
    expect(waiting).to_contain_text("新同事")
    waiting.click()
    page.locator("main table").get_by_role("link", name="xinren").click()
    page.get_by_label("角色").select_option(label="填报员")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text("已保存")
    logout(page)

    # The first log-in, on a phone: the initial password must go before anything else is shown.
    login(phone_page, "xinren", "Chu#shi2026")
    expect(phone_page.get_by_role("heading", name="修改密码")).to_be_visible()
    expect(phone_page.get_by_role("status")).to_contain_text("初始密码")
    phone_page.goto("/supervision/tasks/")
    expect(phone_page.get_by_role("heading", name="修改密码")).to_be_visible()
    phone_page.get_by_label("当前密码").fill("Chu#shi2026")
    phone_page.get_by_label(re.compile(r"^新密码")).fill("Wo#ziji2027")
    phone_page.get_by_label("再次输入新密码").fill("Wo#ziji2027")
    phone_page.get_by_role("button", name="确认修改").click()
    expect(phone_page.get_by_role("heading", name="今日待办")).to_be_visible()
    # A clerk of 高新区 from the first day: the unit's returned report is theirs to redo.
    expect(of_kind(phone_page, "被退回").filter(has_text="22号")).to_have_count(1)
    screenshot(phone_page, "today-new-clerk-phone")
    assert phone_page.evaluate(LAYOUT_FAULTS) == []

    login(page, "auditor", DEMO_PASSWORD)
    pass_second_factor(page)
    page.goto("/audit/?object_repr=新同事")
    log = page.locator("main table")
    expect(log).to_contain_text("新同事")
    expect(log).to_contain_text("填报员")
    expect(log).not_to_contain_text("{'")
    expect(log).not_to_contain_text("reporter")
    screenshot(page, "today-auditor-new-colleague")
