"""Everyone who must act on or know of an event finds it in 我的消息, with a link, and the units' robots hear
it too: a returned or accepted report, a report waiting for review, a leader's 批示, a 催办, a new or an
escalated problem, a report drawn up. The one who caused it is not told; a change rolled back tells no one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.urls import reverse

from parkops.notices.models import Channel, Delivery, Message
from parkops.org.choices import Role
from parkops.projects import services as projects
from parkops.projects.choices import Escalation
from parkops.reports import engine
from parkops.reports import services as reports
from parkops.reports.models import GeneratedReport
from parkops.supervision import services as supervision
from parkops.testing.factories import (
    ParkFactory,
    PersonFactory,
    PlanFactory,
    ProblemFactory,
    ProjectFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
)


@pytest.fixture
def told(django_capture_on_commit_callbacks):
    """Run what the service says once its transaction commits, as in production."""
    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()
    return run


@pytest.fixture
def scene(db):
    park = ParkFactory()
    unit = UnitFactory(park=park, name="工信局")
    leader = PersonFactory(park=park, name="周洁")
    task = TaskFactory(plan=PlanFactory(park=park, name="2026年县《政府工作报告》目标任务"), number="19",
                       lead_units=[unit])
    return {
        "park": park, "unit": unit, "task": task, "leader_person": leader,
        "clerk": UserFactory(username="gxj", role=Role.REPORTER, unit=unit),
        "colleague": UserFactory(username="gxj2", role=Role.REPORTER, unit=unit),
        "supervisor": UserFactory(username="duban", role=Role.SUPERVISOR),
        "leader": UserFactory(username="zhoujie", role=Role.LEADER, person=leader),
        "robot": Channel.objects.create(park=park, unit=unit, kind="wecom", name="工信局工作群",
                                        address="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x"),
    }


def inbox(user) -> list[Message]:
    return list(Message.objects.filter(user=user))


def submitted(scene, told):
    return told(lambda: supervision.report_submit(task=scene["task"], unit=scene["unit"], user=scene["clerk"],
                                                  period=date(2026, 10, 1), text="1-10月完成营业收入602亿元。"))


def test_a_submitted_report_waits_in_the_supervisors_messages(scene, told):
    submitted(scene, told)

    [message] = inbox(scene["supervisor"])
    assert message.title == "待审核：工信局报送了2026年县《政府工作报告》目标任务第19项（2026年10月）"
    assert message.link == reverse("supervision:task_detail", args=[scene["task"].pk])
    assert inbox(scene["clerk"]) == []


def test_a_returned_report_reaches_the_units_reporters_with_the_reason_and_its_robot(scene, told):
    report = submitted(scene, told)

    told(lambda: supervision.report_return(report=report, user=scene["supervisor"], reason="请补充10月当月数据。"))

    for person in (scene["clerk"], scene["colleague"]):
        [message] = inbox(person)
        assert message.title.startswith("进展报告被退回：2026年县《政府工作报告》目标任务第19项")
        assert "理由：请补充10月当月数据。请修改后重新报送。" in message.body  # the reason's own 。 not doubled
    assert Delivery.objects.filter(channel=scene["robot"], subject__startswith="进展报告被退回").count() == 1
    assert [m.title[:3] for m in inbox(scene["supervisor"])] == ["待审核"]  # the returner is not told


def test_an_accepted_report_is_said_to_whoever_submitted_it(scene, told):
    report = submitted(scene, told)

    told(lambda: supervision.report_accept(report=report, user=scene["supervisor"]))

    assert [m.title for m in inbox(scene["clerk"])] == [
        "进展报告已采纳：2026年县《政府工作报告》目标任务第19项（2026年10月）"]


def test_a_leaders_instruction_reaches_the_lead_unit_and_the_supervisors(scene, told):
    told(lambda: supervision.comment_add(task=scene["task"], user=scene["leader"], text="加快进度，确保完成全年目标"))

    for person in (scene["clerk"], scene["supervisor"]):
        [message] = inbox(person)
        assert message.title == "领导批示：2026年县《政府工作报告》目标任务第19项"
        assert "加快进度，确保完成全年目标" in message.body
    assert inbox(scene["leader"]) == []
    assert Delivery.objects.filter(channel=scene["robot"]).count() == 1


def test_a_chase_reaches_the_chased_units_reporters_and_robot(scene, told):
    project = ProjectFactory(park=scene["park"], name="年产10万吨锂电材料项目")

    told(lambda: projects.chase_send(project=project, unit=scene["unit"], message="请本周内办结用电报装",
                                     user=scene["leader"]))

    [message] = inbox(scene["clerk"])
    assert message.title == "催办：年产10万吨锂电材料项目" and "请本周内办结用电报装" in message.body
    assert message.link == reverse("projects:project_detail", args=[project.pk])
    assert Delivery.objects.filter(channel=scene["robot"], subject="催办：年产10万吨锂电材料项目").exists()


def test_a_new_problem_reaches_the_responsible_unit_and_the_projects_leader(scene, told):
    project = ProjectFactory(park=scene["park"], responsible_unit=scene["unit"], leader=scene["leader_person"])

    problem = told(lambda: projects.problem_raise(project=project, category="land", user=scene["supervisor"],
                                                  description="项目用地指标尚未落实"))

    for person in (scene["clerk"], scene["leader"]):
        [message] = inbox(person)
        assert message.title == f"新的困难问题：{project}"
        assert message.link == reverse("projects:problem_work", args=[problem.pk])


def test_an_overdue_problem_goes_to_the_leader_then_to_the_supervisors_once_each(scene, told, settings):
    settings.PROBLEM_ESCALATE_TO_LEADER_DAYS, settings.PROBLEM_ESCALATE_TO_SUPERVISOR_DAYS = 0, 7
    project = ProjectFactory(park=scene["park"], leader=scene["leader_person"])
    problem = ProblemFactory(project=project, deadline=date(2026, 11, 1))

    told(lambda: projects.escalate_overdue_problems(today=date(2026, 11, 3)))
    told(lambda: projects.escalate_overdue_problems(today=date(2026, 11, 4)))
    assert [m.title for m in inbox(scene["leader"])] == [
        f"问题逾期2天未办结，{Escalation.LEADER.label}：{project}"]
    assert inbox(scene["supervisor"]) == []

    told(lambda: projects.escalate_overdue_problems(today=date(2026, 11, 1) + timedelta(days=9)))
    problem.refresh_from_db()
    assert problem.escalation == Escalation.SUPERVISOR
    assert [m.title for m in inbox(scene["supervisor"])] == [
        f"问题逾期9天未办结，{Escalation.SUPERVISOR.label}：{project}"]


def test_a_drawn_up_report_and_a_failed_one_are_said_to_who_asked(scene, told, monkeypatch):
    asked = GeneratedReport.objects.create(report_type="task_ledger", park=scene["park"], title="一览表",
                                           period=date(2026, 10, 1),
                                           plan=scene["task"].plan, requested_by=scene["supervisor"])

    def broken(*args, **kwargs):
        raise ValueError("模板第3段有误")

    monkeypatch.setattr(engine, "render", broken)
    told(lambda: reports.run_generation(asked.pk))

    [message] = inbox(scene["supervisor"])
    assert message.title == "报告生成失败：一览表"
    assert message.link == reverse("reports:report_detail", args=[asked.pk])


def test_a_change_rolled_back_tells_no_one(scene, told):
    report = submitted(scene, told)
    before = Message.objects.count()

    with pytest.raises(RuntimeError), transaction.atomic():
        supervision.report_return(report=report, user=scene["supervisor"], reason="理由")
        raise RuntimeError("the request failed after the return")

    assert Message.objects.count() == before
