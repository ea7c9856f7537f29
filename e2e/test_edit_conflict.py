"""Two supervisors open the same task's edit form; the first saves; the second, saving, is told who
saved what in between, and still has everything they typed."""

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import DESKTOP, _page
from e2e.helpers import login
from parkops.org.choices import Role
from parkops.supervision.models import Task
from parkops.testing.factories import (
    PASSWORD,
    ParkFactory,
    PlanFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
)

FIRST_TEXT = "新建标准厂房10万平方米。"
ZHANG_TEXT = "新建标准厂房12万平方米，年底前竣工。"


@pytest.fixture
def second_page(request, browser, live_server) -> Page:
    """Another person's browser: its own context, its own session."""
    return _page(request, browser, live_server, viewport=DESKTOP)


def test_the_second_save_shows_who_changed_what_and_keeps_the_input(page: Page, second_page: Page, screenshot):
    park = ParkFactory()
    task = TaskFactory(plan=PlanFactory(park=park), number="3", text=FIRST_TEXT,
                       lead_units=[UnitFactory(park=park, name="工信局")])
    UserFactory(username="zhang", display_name="张督办", role=Role.SUPERVISOR)
    UserFactory(username="li", display_name="李督办", role=Role.SUPERVISOR)
    edit = f"/supervision/tasks/{task.pk}/edit/"
    login(page, "zhang", PASSWORD)
    login(second_page, "li", PASSWORD)
    page.goto(edit)
    second_page.goto(edit)

    page.get_by_label("重点工作").fill(ZHANG_TEXT)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text(re.compile(r"已保存2023年县《政府工作报告》目标任务\d*第3项。"))).to_be_visible()

    second_page.get_by_label("完成期限").fill("2026-11-30")
    second_page.get_by_label("配合单位").fill("县发改委")
    second_page.get_by_role("button", name="保存").click()

    conflict = second_page.locator(".alert-danger")
    expect(conflict).to_contain_text("未保存：您打开此页面后，张督办于")
    expect(conflict).to_contain_text(f"重点工作：{FIRST_TEXT} → {ZHANG_TEXT}")
    expect(second_page.get_by_label("完成期限")).to_have_value("2026-11-30")
    expect(second_page.get_by_label("配合单位")).to_have_value("县发改委")
    screenshot(second_page, "task-edit-conflict")
    task.refresh_from_db()
    assert (task.text, task.deadline, task.cooperating_units) == (ZHANG_TEXT, None, [])

    # Having read what 张督办 changed, 李督办 saves again on purpose: now it goes through.
    second_page.get_by_role("button", name="保存").click()
    expect(second_page.get_by_text(re.compile(r"已保存2023年县《政府工作报告》目标任务\d*第3项。"))).to_be_visible()
    task = Task.objects.get(pk=task.pk)
    assert str(task.deadline) == "2026-11-30" and [str(u) for u in task.cooperating_units] == ["县发改委"]
