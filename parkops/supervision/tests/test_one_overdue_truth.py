"""One overdue truth: the task's light (滞后), the dashboard's 已逾期未报送 and the unit's 我的报送 name the
same missed months, from one rule (lights.unreported_periods). The story: 工信局 reported September and
then nothing; on 10 December 2023 both October (due 5 November) and November (due 5 December) are late."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parkops.supervision import selectors, services
from parkops.supervision.choices import Light
from parkops.supervision.models import Task
from parkops.testing.factories import PlanFactory, TargetFactory, TaskFactory, month

TODAY = date(2023, 12, 10)


@pytest.fixture
def task(park, unit, supervisor, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    plan = PlanFactory(park=park, name="2023年县《政府工作报告》目标任务")
    task = TaskFactory(plan=plan, number="9", text="力争工业营业收入达到720亿元。", lead_units=[unit])
    TargetFactory(task=task, amount=7_200_000, unit="万元")
    report = services.report_submit(task=task, unit=unit, user=None, period=month(2023, 9), text="1-9月342亿元。",
                                    figures={task.targets.get().pk: Decimal(3_420_000)})
    services.report_accept(report=report, user=supervisor)
    return task


def page(user, name) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse(name)).content.decode()


def test_the_light_the_dashboard_and_my_reports_name_the_same_missed_months(task, supervisor, reporter):
    [lit] = selectors.with_lights(Task.objects.with_listing_data(), today=TODAY)
    assert lit.light.light == Light.BEHIND
    assert lit.light.reason.startswith("2023年10月、11月进展尚未报送或未采纳")

    overdue = [(d.period, d.unit.name) for d in selectors.due_reports([lit], today=TODAY) if d.overdue(TODAY)]
    assert overdue == [(month(2023, 10), "工信局"), (month(2023, 11), "工信局")]

    dashboard = page(supervisor, "supervision:dashboard")
    late_card = dashboard[dashboard.index("已逾期未报送"):dashboard.index("本周应报送")]
    assert "2023年10月进展" in late_card and "2023年11月进展" in late_card
    assert '<span class="badge text-bg-danger">2</span>' in late_card

    mine = page(reporter, "supervision:my_reports")
    assert 'data-owed="2023年10月"' in mine and 'data-owed="2023年11月"' in mine
    assert mine.count("已逾期未报送") == 2


def test_a_month_sent_leaves_the_unit_lists_while_the_light_waits_for_it_to_be_accepted(task, unit, reporter):
    services.report_submit(task=task, unit=unit, user=reporter, period=month(2023, 10), text="1-10月380亿元。")
    [lit] = selectors.with_lights(Task.objects.with_listing_data(), today=TODAY)

    assert [d.period for d in selectors.due_reports([lit], today=TODAY)] == [month(2023, 11)]
    # Sent but not yet accepted: the light still waits for October, and says so.
    assert lit.light.reason.startswith("2023年10月、11月进展尚未报送或未采纳")
