"""The writes of the key-project module (services): stages, progress with photos, problems and their
escalation, 转督办, 催办 with read receipts, and dispatch-meeting decisions — each audited.

The clock fixture makes today Monday 2 March 2026 in Beijing.
"""

from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from PIL import Image

from parkops.core.models import AuditAction, AuditEntry
from parkops.org.choices import LeaderLevel, Role
from parkops.projects import services
from parkops.projects.choices import Escalation, ProblemSource, ProblemStatus, ProjectKind, Stage
from parkops.projects.milestones import (
    DEFAULT_MILESTONES,
    ensure_milestone_templates,
    late_milestones,
    milestones_for,
    upcoming_milestones,
)
from parkops.projects.models import (
    Decision,
    DispatchMeeting,
    Milestone,
    MilestoneTemplate,
    MonthlyProgress,
    Problem,
    Project,
    SitePhoto,
    StageEvent,
)
from parkops.projects.tests.images import phone_jpeg, upload
from parkops.supervision.choices import UnitRole
from parkops.testing.factories import (
    PersonFactory,
    PlanFactory,
    ProblemFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
    month,
)


@pytest.fixture
def liaison(unit):
    return UserFactory(username="liaison", display_name="王联络", role=Role.REPORTER)


@pytest.fixture
def leader_person(park):
    return PersonFactory(park=park, name="周洁", level=LeaderLevel.COUNTY)


@pytest.fixture
def project(park, unit, liaison, leader_person, clock):
    project = Project(park=park, name="维科南昌基地", total_investment=Decimal(500000), kind=ProjectKind.INDUSTRIAL,
                      planned_start=date(2026, 4, 1), responsible_unit=unit, leader=leader_person, liaison=liaison)
    return services.project_save(project=project, user=liaison)


def audit_lines(obj) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_type=obj._meta.verbose_name, object_id=str(obj.pk)).order_by("id"))


# --- projects and nodes ---------------------------------------------------------------------------


def test_a_new_project_gets_its_kinds_nodes_with_the_planned_start_filled_in(project, liaison):
    nodes = list(project.milestones.order_by("position"))

    assert [n.name for n in nodes] == list(DEFAULT_MILESTONES[ProjectKind.INDUSTRIAL])
    assert next(n for n in nodes if n.name == "开工").planned_on == date(2026, 4, 1)
    (created,) = audit_lines(project)
    assert (created.action, created.username, created.detail) == (AuditAction.CREATE, "liaison", "新增重点项目")


def test_creating_the_nodes_again_keeps_the_dates_entered(project, liaison):
    permit = project.milestones.get(name="施工许可")
    services.milestone_record(milestone=permit, user=liaison, planned_on=date(2026, 3, 20), actual_on=None)

    milestones_for(project)
    services.project_save(project=project, user=liaison)

    assert project.milestones.count() == len(DEFAULT_MILESTONES[ProjectKind.INDUSTRIAL])
    assert project.milestones.get(name="施工许可").planned_on == date(2026, 3, 20)


def test_the_default_templates_are_loaded_once_and_put_back_when_missing(db):
    assert ensure_milestone_templates() == 0  # the data migration loaded them
    MilestoneTemplate.objects.filter(kind=ProjectKind.INDUSTRIAL, name="能评").delete()

    assert ensure_milestone_templates() == 1
    assert ensure_milestone_templates() == 0


def test_a_node_cannot_be_done_tomorrow(project, liaison):
    with pytest.raises(ValidationError, match="晚于今天"):
        services.milestone_record(milestone=project.milestones.get(name="环评"), user=liaison,
                                  planned_on=None, actual_on=date(2026, 3, 3))


# --- stages ---------------------------------------------------------------------------------------


def test_stage_changes_are_appended_and_the_project_shows_the_latest(project, liaison):
    services.stage_change(project=project, stage=Stage.SIGNED, on=date(2026, 1, 5), user=liaison, note="签订入园协议")
    services.stage_change(project=project, stage=Stage.STARTED, on=date(2026, 2, 27), user=liaison)

    project.refresh_from_db()
    assert project.stage == Stage.STARTED
    assert [(e.stage, e.on) for e in project.stage_events.all()] == [
        (Stage.SIGNED, date(2026, 1, 5)), (Stage.STARTED, date(2026, 2, 27))]
    assert project.milestones.get(name="开工").actual_on == date(2026, 2, 27)
    change = AuditEntry.objects.filter(object_type="重点项目", action=AuditAction.UPDATE).first()
    assert change.detail == "阶段变更：签约→开工（2026年2月27日）"
    event_line = AuditEntry.objects.filter(object_type="阶段变更").first()
    assert (event_line.username, event_line.after["on"]) == ("liaison", "2026-02-27")


def test_a_stage_dated_before_the_last_one_is_refused_and_nothing_is_rewritten(project, liaison):
    services.stage_change(project=project, stage=Stage.STARTED, on=date(2026, 2, 27), user=liaison)

    with pytest.raises(ValidationError) as error:
        services.stage_change(project=project, stage=Stage.SIGNED, on=date(2026, 1, 5), user=liaison)

    assert error.value.messages == [
        "日期2026年1月5日早于上一次阶段变更（2026年2月27日开工），阶段变更只能按时间顺序追加。"]
    assert StageEvent.objects.filter(project=project).count() == 1
    project.refresh_from_db()
    assert project.stage == Stage.STARTED


def test_a_stage_cannot_be_recorded_for_tomorrow(project, liaison):
    with pytest.raises(ValidationError, match="2026年3月3日晚于今天"):
        services.stage_change(project=project, stage=Stage.STARTED, on=date(2026, 3, 3), user=liaison)
    assert not StageEvent.objects.exists()


# --- monthly progress -----------------------------------------------------------------------------


def test_a_months_progress_with_a_photo_is_stored_without_the_photos_location(project, liaison, settings):
    report = services.progress_report(
        project=project, period=month(2026, 2), invested=Decimal(8000), image_progress="主体结构施工至三层",
        image_progress_pct=35, photos=[upload("现场.jpg", phone_jpeg(4000, 3000))], user=liaison)

    (photo,) = report.photos.all()
    assert (photo.original_name, photo.width, photo.height) == ("现场.jpg", 1920, 1440)
    with Image.open(photo.image.path) as stored:
        assert len(stored.getexif()) == 0
    assert AuditEntry.objects.filter(object_type="现场照片", detail__contains="已去除位置信息").count() == 1


def test_reporting_the_same_month_again_corrects_it(project, liaison, clock):
    services.progress_report(project=project, period=month(2026, 2), invested=Decimal(8000),
                             image_progress="基础施工", user=liaison)
    clock.advance(hours=2)
    services.progress_report(project=project, period=date(2026, 2, 15), invested=Decimal(9500),
                             image_progress="基础施工完成", user=liaison)

    (report,) = MonthlyProgress.objects.filter(project=project)
    assert (report.invested, report.image_progress) == (Decimal(9500), "基础施工完成")
    correction = audit_lines(report)[-1]
    assert correction.detail == "2026年2月进展（更正）"
    assert correction.before["invested"] == "8000.00" and correction.after["invested"] == "9500.00"


def test_a_bad_photo_refuses_the_whole_report(project, liaison, settings):
    photos = [upload("好.jpg", phone_jpeg(800, 600)), upload("坏.jpg", b"not a photo at all" * 20)]

    with pytest.raises(ValidationError, match="坏.jpg"):
        services.progress_report(project=project, period=month(2026, 2), invested=Decimal(8000),
                                 image_progress="主体施工", photos=photos, user=liaison)

    assert not MonthlyProgress.objects.exists()
    assert not SitePhoto.objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.jpg"))


def test_next_months_progress_and_negative_investment_are_refused(project, liaison):
    with pytest.raises(ValidationError, match="不能报送尚未到来的月份（2026年4月）"):
        services.progress_report(project=project, period=month(2026, 4), invested=Decimal(1),
                                 image_progress="x", user=liaison)
    with pytest.raises(ValidationError, match="不能为负数"):
        services.progress_report(project=project, period=month(2026, 2), invested=Decimal(-1),
                                 image_progress="x", user=liaison)
    assert not MonthlyProgress.objects.exists()


# --- problems -------------------------------------------------------------------------------------


def test_a_problem_goes_to_the_projects_unit_and_leader_and_is_closed_with_a_resolution(
        project, liaison, unit, leader_person):
    problem = services.problem_raise(project=project, category="utilities", description="施工用电尚未接入",
                                     user=liaison, deadline=date(2026, 3, 20))
    assert (problem.responsible_unit, problem.leader, problem.raised_on) == (unit, leader_person, date(2026, 3, 2))

    handler = UserFactory(username="gxj", role=Role.REPORTER, unit=unit)
    services.problem_update_status(problem=problem, status=ProblemStatus.IN_PROGRESS, user=handler)
    with pytest.raises(ValidationError, match="标记为“已解决”须填写办理结果"):
        services.problem_update_status(problem=problem, status=ProblemStatus.SOLVED, user=handler)
    services.problem_update_status(problem=problem, status=ProblemStatus.SOLVED, user=handler,
                                   resolution="供电公司已架设临时线路，3月2日通电")

    problem.refresh_from_db()
    assert (problem.status, problem.resolved_on, problem.confirmed_by) == (
        ProblemStatus.SOLVED, date(2026, 3, 2), handler)
    assert [line.detail for line in audit_lines(problem)] == [
        "提出困难问题（驻企联络员）", "问题状态：办理中", "问题状态：已解决"]
    with pytest.raises(ValidationError, match="已办结"):
        services.problem_update_status(problem=problem, status=ProblemStatus.OPEN, user=handler)


def test_overdue_problems_go_to_the_leader_then_to_the_supervisor(project):
    on_time = ProblemFactory(project=project, deadline=date(2026, 3, 2))
    a_day_late = ProblemFactory(project=project, deadline=date(2026, 3, 1))
    ten_days_late = ProblemFactory(project=project, deadline=date(2026, 2, 20))
    solved = ProblemFactory(project=project, deadline=date(2026, 2, 1), status=ProblemStatus.SOLVED)

    changes = services.escalate_overdue_problems(today=date(2026, 3, 2))

    assert [(c.problem, c.after) for c in changes] == [
        (ten_days_late, Escalation.SUPERVISOR), (a_day_late, Escalation.LEADER)]
    assert services.escalate_overdue_problems(today=date(2026, 3, 2)) == []
    for problem in (on_time, solved):
        problem.refresh_from_db()
        assert problem.escalation == Escalation.NONE

    week_later = services.escalate_overdue_problems(today=date(2026, 3, 9))
    assert [(c.problem, c.before, c.after) for c in week_later] == [
        (a_day_late, Escalation.LEADER, Escalation.SUPERVISOR), (on_time, Escalation.NONE, Escalation.LEADER)]
    assert audit_lines(a_day_late)[-1].detail == "逾期8天，已报督办员"


def test_the_escalation_command_says_what_it_escalated(project, unit):
    ProblemFactory(project=project, deadline=date(2026, 2, 20), responsible_unit=unit,
                   description="项目用地指标尚未落实")
    out = StringIO()

    call_command("escalate_problems", "--today", "2026-03-02", stdout=out)
    call_command("escalate_problems", "--today", "2026-03-02", stdout=out)

    assert out.getvalue().splitlines() == [
        "维科南昌基地：项目用地指标尚未落实（工信局，期限2026年2月20日，逾期10天）→ 已报督办员",
        "2026年3月2日：已升级1个逾期问题。",
        "2026年3月2日：没有需要升级的逾期问题。",
    ]
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("escalate_problems", "--today", "3月2日", stdout=out)


def test_a_problem_becomes_a_supervision_task_led_by_its_unit(project, unit, liaison, park, leader_person):
    plan = PlanFactory(park=park, year=2026)
    TaskFactory(plan=plan, number="1")
    problem = ProblemFactory(project=project, responsible_unit=unit, leader=leader_person,
                             deadline=date(2026, 3, 31), description="厂区道路未接通")

    task = services.problem_to_task(problem=problem, plan=plan, user=liaison)

    assert task.number == "2"
    assert task.text == "【重点项目】维科南昌基地：厂区道路未接通"
    assert task.deadline == date(2026, 3, 31)
    assert [link.unit for link in task.unit_links.filter(role=UnitRole.LEAD)] == [unit]
    assert task.county_leaders == [leader_person]
    problem.refresh_from_db()
    assert problem.supervision_task == task
    with pytest.raises(ValidationError, match="已转为督办任务"):
        services.problem_to_task(problem=problem, plan=plan, user=liaison)


def test_a_problem_without_a_unit_cannot_become_a_task(project, park, liaison):
    problem = ProblemFactory(project=project, responsible_unit=None)

    with pytest.raises(ValidationError, match="未指定责任单位"):
        services.problem_to_task(problem=problem, plan=PlanFactory(park=park), user=liaison)


# --- chases and meetings --------------------------------------------------------------------------


def test_a_chase_is_read_by_the_first_person_of_the_chased_unit_only(project, unit, leader, park):
    chase = services.chase_send(project=project, unit=unit, message="请本周内完成施工用电接入", user=leader)
    outsider = UserFactory(username="zrzyj", unit=UnitFactory(park=park, name="自然资源局"))
    first, second = UserFactory(username="gxj1", unit=unit), UserFactory(username="gxj2", unit=unit)

    with pytest.raises(ValidationError, match="只有工信局的人员可以签收"):
        services.chase_read(chase=chase, user=outsider)
    with pytest.raises(ValidationError):
        services.chase_read(chase=chase, user=leader)
    services.chase_read(chase=chase, user=first)
    services.chase_read(chase=chase, user=second)

    chase.refresh_from_db()
    assert chase.read_by == first and chase.read_at is not None
    assert [line.detail for line in audit_lines(chase)] == ["催办工信局：维科南昌基地", "工信局已读催办"]


def test_a_meeting_decision_becomes_a_problem_with_its_owner_and_deadline(project, park, unit, supervisor):
    meeting = DispatchMeeting.objects.create(park=park, held_on=date(2026, 3, 2), title="第9周项目调度会")

    decision = services.meeting_decide(meeting=meeting, project=project, text="3月15日前完成供水管网接入",
                                       unit=unit, deadline=date(2026, 3, 15), user=supervisor)

    problem = Problem.objects.get()
    assert decision.problem == problem
    assert (problem.source, problem.responsible_unit, problem.deadline, problem.raised_on) == (
        ProblemSource.MEETING, unit, date(2026, 3, 15), date(2026, 3, 2))
    assert Decision.objects.filter(meeting=meeting).count() == 1
    with pytest.raises(ValidationError, match="早于会议日期"):
        services.meeting_decide(meeting=meeting, project=project, text="补办", unit=unit,
                                deadline=date(2026, 3, 1), user=supervisor)


def test_milestones_are_not_touched_by_a_template_rename(project):
    MilestoneTemplate.objects.filter(kind=ProjectKind.INDUSTRIAL, name="环评").update(name="环境影响评价")

    milestones_for(project)

    names = set(Milestone.objects.filter(project=project).values_list("name", flat=True))
    assert {"环评", "环境影响评价"} <= names


def test_the_leaders_view_lists_late_nodes_first_and_those_due_within_two_weeks(project, liaison):
    for name, planned in (("环评", date(2026, 2, 1)), ("能评", date(2026, 2, 20)), ("施工许可", date(2026, 3, 10)),
                          ("主体封顶", date(2026, 8, 1))):
        services.milestone_record(milestone=project.milestones.get(name=name), user=liaison,
                                  planned_on=planned, actual_on=None)
    services.milestone_record(milestone=project.milestones.get(name="立项备案"), user=liaison,
                              planned_on=date(2026, 1, 5), actual_on=date(2026, 1, 5))

    today = date(2026, 3, 2)
    assert [m.name for m in late_milestones(project, today=today)] == ["环评", "能评"]
    # 开工 is planned for 1 April, the project's planned start: not yet within two weeks.
    assert [m.name for m in upcoming_milestones(project, today=today)] == ["施工许可"]


def test_the_year_plan_is_set_once_per_year_and_audited(project, liaison):
    services.year_plan_set(project=project, year=2026, planned_investment=Decimal("120000"), user=liaison)
    services.year_plan_set(project=project, year=2026, planned_investment=Decimal("150000"), user=liaison)

    (plan,) = project.year_plans.all()
    assert plan.planned_investment == Decimal(150000)
    assert [(line.action, line.after["planned_investment"]) for line in audit_lines(plan)][-1] == (
        AuditAction.UPDATE, "150000.00")
