"""今日待办: each person's home page lists what they must act on today, gathered from every app's TODAY:
what needs acting on first, then the rest, each part newest first, each with its link and date; what is
another unit's or another leader's stays off it.

One small park on 10 December 2026: 工信局 owes October and November on task 9 and had task 19's October
returned; a leader wrote a 批示 on task 9 and chased 工信局 about a project; 高新区 owes nothing of theirs."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parkops.notices.models import Message
from parkops.org.choices import Role
from parkops.projects import services as projects
from parkops.projects.choices import Stage
from parkops.supervision import services as supervision
from parkops.testing.factories import (
    MonthlyProgressFactory,
    PersonFactory,
    PlanFactory,
    ProblemFactory,
    ProjectFactory,
    StageEventFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
    YearPlanFactory,
    month,
)

TODAY = date(2026, 12, 10)


@pytest.fixture
def park_day(park, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    gxj, gxq = UnitFactory(park=park, name="工信局"), UnitFactory(park=park, name="高新区")
    zhou, wang = PersonFactory(park=park, name="周洁"), PersonFactory(park=park, name="王晓君")
    people = {
        "clerk": UserFactory(username="gxj", role=Role.REPORTER, unit=gxj),
        "other_clerk": UserFactory(username="gxq", role=Role.REPORTER, unit=gxq),
        "supervisor": UserFactory(username="duban", role=Role.SUPERVISOR),
        "leader": UserFactory(username="zhoujie", role=Role.LEADER, person=zhou),
        "other_leader": UserFactory(username="wang", role=Role.LEADER, person=wang),
        "security": UserFactory(username="secadmin", role=Role.SECURITY_ADMIN),
    }
    plan = PlanFactory(park=park, name="2026年县《政府工作报告》目标任务", year=2026)
    t9 = TaskFactory(plan=plan, number="9", lead_units=[gxj], county_leaders=[zhou])
    t19 = TaskFactory(plan=plan, number="19", lead_units=[gxj])
    t20 = TaskFactory(plan=plan, number="20", lead_units=[gxq])
    sup = people["supervisor"]
    for task, unit in ((t9, gxj), (t20, gxq)):
        supervision.report_accept(report=supervision.report_submit(
            task=task, unit=unit, user=None, period=month(2026, 9), text="进展"), user=sup)
    supervision.report_accept(report=supervision.report_submit(
        task=t20, unit=gxq, user=None, period=month(2026, 11), text="进展"), user=sup)
    supervision.report_accept(report=supervision.report_submit(
        task=t19, unit=gxj, user=None, period=month(2026, 9), text="进展"), user=sup)
    returned = supervision.report_submit(task=t19, unit=gxj, user=None, period=month(2026, 10), text="初稿")
    supervision.report_return(report=returned, user=sup, reason="请补充数据来源")
    supervision.report_submit(task=t19, unit=gxj, user=None, period=month(2026, 11), text="待审")
    supervision.comment_add(task=t9, user=people["leader"], text="请工信局加快进度，月底前报结果。")

    # 周洁's project is red: a 1亿元 plan and 0.5亿元 by October; 王晓君's is green.
    red = ProjectFactory(park=park, name="乾照光电", leader=zhou, responsible_unit=gxj, stage=Stage.UNDER_CONSTRUCTION)
    YearPlanFactory(project=red, year=2026, planned_investment=10000)
    StageEventFactory(project=red, stage=Stage.STARTED, on=date(2026, 3, 1))
    for m in range(3, 12):
        MonthlyProgressFactory(project=red, period=month(2026, m), invested=Decimal(50))
    green = ProjectFactory(park=park, name="维科电池", leader=wang, responsible_unit=gxq,
                           stage=Stage.UNDER_CONSTRUCTION)
    YearPlanFactory(project=green, year=2026, planned_investment=1000)
    for m in range(1, 12):
        MonthlyProgressFactory(project=green, period=month(2026, m), invested=Decimal(100))
    projects.chase_send(project=red, unit=gxj, message="请本周内解决用地问题", user=people["leader"])
    ProblemFactory(project=red, responsible_unit=gxj, leader=zhou, description="用地指标尚未落实",
                   raised_on=date(2026, 10, 8), deadline=date(2026, 10, 20))
    UserFactory(username="newcomer", role="", display_name="新同事")
    Message.objects.create(user=people["clerk"], title="系统维护通知", link="/")
    return people


def home(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("site:home"))
    assert response.status_code == 200
    return response.content.decode()


def items(page: str) -> list[str]:
    """The items' text, in the order shown."""
    return [" ".join(re.sub(r"<[^>]+>", " ", block).split())
            for block in re.findall(r'<a class="list-group-item[^"]*today-item.*?</a>', page, flags=re.S)]


def test_the_clerk_sees_what_their_unit_owes_was_returned_chased_and_told(park_day):
    shown = items(home(park_day["clerk"]))
    text = "\n".join(shown)

    assert "逾期未报送 2026年县《政府工作报告》目标任务 · 9号 2026年10月进展" in text
    assert "逾期未报送 2026年县《政府工作报告》目标任务 · 9号 2026年11月进展" in text
    assert "被退回 2026年县《政府工作报告》目标任务 · 19号 2026年10月进展" in text and "请补充数据来源" in text
    assert "领导批示 2026年县《政府工作报告》目标任务 · 9号" in text
    assert "催办 乾照光电" in text and "请本周内解决用地问题" in text
    assert "交办问题 乾照光电" in text
    assert "未读消息 1条未读消息" in text and "系统维护通知" in text
    # The returned October is listed once, as returned; 19's November is sent; 20 is 高新区's.
    assert sum("19号 2026年10月" in line for line in shown) == 1
    assert "19号 2026年11月" not in text and "20号" not in text


def test_what_needs_acting_on_comes_first_then_the_rest_each_newest_first_with_a_date(park_day):
    page = home(park_day["clerk"])
    shown = re.findall(r'<a class="list-group-item[^"]*today-item( border-start border-3 border-danger)?".*?'
                       r'<span class="small text-muted text-nowrap">(\d{4}-\d\d-\d\d)</span>', page, flags=re.S)
    urgent = [day for red, day in shown if red]
    rest = [day for red, day in shown if not red]
    assert urgent and rest
    assert [bool(red) for red, _ in shown] == [True] * len(urgent) + [False] * len(rest)
    assert urgent == sorted(urgent, reverse=True) and rest == sorted(rest, reverse=True)


def test_another_unit_sees_none_of_it(park_day):
    text = "\n".join(items(home(park_day["other_clerk"])))

    assert "9号" not in text and "19号" not in text and "乾照光电" not in text and "系统维护通知" not in text


def test_the_supervisor_sees_the_review_queue_and_the_overdue_reports(park_day):
    text = "\n".join(items(home(park_day["supervisor"])))

    assert "待审核 1条进展报告等待审核" in text
    # 9号's October and November; 19号's returned October is answered for by its November, sent.
    assert "逾期未报送 2期进展已逾期未报送（1个单位）" in text and "工信局" in text


def test_the_leader_sees_their_red_project_and_the_problem_escalated_to_them(park_day):
    text = "\n".join(items(home(park_day["leader"])))

    assert "红灯项目 乾照光电" in text
    assert "问题升级 乾照光电" in text and "用地指标尚未落实" in text
    assert "滞后 2026年县《政府工作报告》目标任务 · 9号" in text  # the task they lead, late
    assert "维科电池" not in text


def test_another_leader_does_not_see_them(park_day):
    text = "\n".join(items(home(park_day["other_leader"])))

    assert "乾照光电" not in text and "9号" not in text


def test_the_security_administrator_sees_the_accounts_waiting_for_a_role(park_day):
    text = "\n".join(items(home(park_day["security"])))

    assert "待分配角色 1个新账号尚未分配角色" in text and "新同事" in text


def test_the_login_lands_on_the_day(park_day):
    from parkops.testing.factories import PASSWORD
    client = Client()
    response = client.post(reverse("org:login"), {"username": "zhoujie", "password": PASSWORD}, follow=True)

    assert "<h1 class=\"h4 mb-0\">今日待办</h1>" in response.content.decode()



def test_the_liaison_sees_the_month_their_project_owes(park_day, park):
    clerk = park_day["clerk"]
    project = ProjectFactory(park=park, name="维科南昌基地", liaison=clerk, stage=Stage.UNDER_CONSTRUCTION)
    StageEventFactory(project=project, stage=Stage.STARTED, on=date(2026, 4, 1))
    for m in range(4, 11):
        MonthlyProgressFactory(project=project, period=month(2026, m), invested=Decimal(10))

    text = "\n".join(items(home(clerk)))

    assert "进展逾期未报 维科南昌基地 2026年11月进展" in text
    assert "维科南昌基地 2026年10月" not in text
