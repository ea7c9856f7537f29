"""The 一览表 export page offers the plan the user came from, or else this year's plan in use: never an
old ledger imported last, nor whichever plan was entered most recently.

The clock fixture makes today 2 March 2026.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from parkops.org.choices import Role
from parkops.testing.factories import PlanFactory, TaskFactory, UnitFactory, UserFactory

EXPORT = reverse("supervision:ledger_export")


@pytest.fixture
def plans(park, unit, clock):
    """This year's county plan (entered first), this year's inspection ledger (entered later), and the
    2023 一览表 imported last as an archive."""
    gov = PlanFactory(park=park, name="2026年县《政府工作报告》目标任务", year=2026)
    inspection = PlanFactory(park=park, name="全省重点项目观摩台账", year=2026)
    old = PlanFactory(park=park, name="2023年县《政府工作报告》目标任务", year=2023, is_active=False)
    other = UnitFactory(park=park, name="自然资源局")
    for plan in (gov, inspection, old):
        TaskFactory(plan=plan, number="9", lead_units=[unit])
    TaskFactory(plan=inspection, number="1", lead_units=[other])
    return {"gov": gov, "inspection": inspection, "old": old}


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def offered(page: str) -> str:
    """The label of the plan the form has chosen."""
    select = re.search(r'<select name="plan".*?</select>', page, re.S).group(0)
    return re.search(r'<option value="\d+" selected>([^<]*)</option>', select).group(1)


def test_with_no_plan_named_this_years_plan_in_use_is_offered(plans, supervisor):
    page = logged_in(supervisor).get(EXPORT).content.decode()

    assert offered(page) == "2026年县《政府工作报告》目标任务"
    # The old ledger is still there to choose, marked for what it is.
    assert "2023年县《政府工作报告》目标任务（已归档）" in page
    assert "2026年全省重点项目观摩台账" in page  # named without its year, shown with it


def test_the_plan_of_the_page_the_user_came_from_is_offered(plans, supervisor):
    client = logged_in(supervisor)
    inspection = plans["inspection"]
    task = inspection.tasks.get(number="9")

    from_plan = client.get(EXPORT, HTTP_REFERER=f"http://testserver{reverse('supervision:plan_detail', args=[inspection.pk])}")
    from_task = client.get(EXPORT, HTTP_REFERER=f"http://testserver{reverse('supervision:task_detail', args=[task.pk])}")
    from_list = client.get(EXPORT, HTTP_REFERER=f"http://testserver{reverse('supervision:task_list')}?plan={plans['old'].pk}")
    named = client.get(EXPORT, {"plan": plans["old"].pk})

    assert offered(from_plan.content.decode()) == "2026年全省重点项目观摩台账"
    assert offered(from_task.content.decode()) == "2026年全省重点项目观摩台账"
    assert offered(from_list.content.decode()) == "2023年县《政府工作报告》目标任务（已归档）"
    assert offered(named.content.decode()) == "2023年县《政府工作报告》目标任务（已归档）"


def test_the_task_lists_export_link_carries_its_plan_filter(plans, supervisor):
    page = logged_in(supervisor).get(reverse("supervision:task_list"), {"plan": plans["inspection"].pk}).content.decode()

    assert f'href="{EXPORT}?plan={plans["inspection"].pk}">导出一览表</a>' in page


def test_a_reporter_is_offered_a_plan_they_report_on(plans, park, clock):
    land = UserFactory(username="zrzy", role=Role.REPORTER, unit=plans["inspection"].tasks.get(number="1").lead_units[0])

    page = logged_in(land).get(EXPORT).content.decode()

    assert offered(page) == "2026年全省重点项目观摩台账"
