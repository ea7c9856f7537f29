"""The project list and page: who sees which projects, the figures as printed, and a bounded query count."""

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from parkops.org.choices import Role
from parkops.org.models import User
from parkops.projects.choices import Stage
from parkops.projects.models import Milestone, MonthlyProgress, Problem, Project, ProjectYearPlan, StageEvent
from parkops.testing.demo import load_demo_without_economy
from parkops.testing.factories import PersonFactory, ProjectFactory, UnitFactory, UserFactory

LIST = reverse("projects:project_list")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def qianzhao(park, unit):
    """乾照光电 as seed 003 tells it: 50亿 in all, about 6亿 done by the end of May."""
    project = ProjectFactory(park=park, name="厦门乾照光电项目", total_investment=Decimal(500000),
                             responsible_unit=unit)
    year = timezone.localdate().year
    ProjectYearPlan.objects.create(project=project, year=year, planned_investment=Decimal(150000))
    for month, invested in ((3, 20000), (4, 20000), (5, 20000)):
        MonthlyProgress.objects.create(project=project, period=date(year, month, 1), invested=Decimal(invested),
                                       image_progress="一区、二区厂房主体工程已全部完工")
    return project


def test_the_list_prints_investment_in_yi_and_the_completion_rate(qianzhao, supervisor):
    page = logged_in(supervisor).get(LIST).content.decode()

    assert "厦门乾照光电项目" in page
    assert "50.00亿元" in page and "15.00亿元" in page and "6.00亿元" in page
    assert "40.00%" in page


def test_the_project_page_shows_figures_progress_and_open_problems(qianzhao, supervisor, unit):
    Problem.objects.create(project=qianzhao, category="utilities", description="10KV新建线路需协调供电公司",
                           raised_on=date(2026, 5, 20), responsible_unit=unit)

    page = logged_in(supervisor).get(reverse("projects:project_detail", args=[qianzhao.pk])).content.decode()

    assert "开工以来累计" in page and "6.00亿元" in page
    assert "一区、二区厂房主体工程已全部完工" in page
    assert "10KV新建线路需协调供电公司" in page


def test_a_reporter_sees_only_projects_of_their_unit_or_assigned_to_them(park, unit, qianzhao):
    other = ProjectFactory(park=park, name="维科南昌基地铝壳电池项目")
    liaison = UserFactory(username="liaison", role=Role.REPORTER, unit=UnitFactory(park=park, name="高新区"))
    own = ProjectFactory(park=park, name="工控云创港", liaison=liaison)

    unit_reporter = UserFactory(username="gxj", role=Role.REPORTER, unit=unit)
    assert "厦门乾照光电项目" in logged_in(unit_reporter).get(LIST).content.decode()
    assert "维科南昌基地" not in logged_in(unit_reporter).get(LIST).content.decode()
    liaison_page = logged_in(liaison).get(LIST).content.decode()
    assert "工控云创港" in liaison_page and "厦门乾照光电项目" not in liaison_page
    assert logged_in(liaison).get(reverse("projects:project_detail", args=[other.pk])).status_code == 403
    assert logged_in(liaison).get(reverse("projects:project_detail", args=[own.pk])).status_code == 200


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN])
def test_the_three_administrators_see_no_projects(qianzhao, role):
    admin = UserFactory(username=f"admin_{role}", role=role)
    assert logged_in(admin).get(LIST).status_code == 403
    assert logged_in(admin).get(reverse("projects:project_detail", args=[qianzhao.pk])).status_code == 403


def test_the_export_holds_every_filtered_project(qianzhao, park, supervisor):
    ProjectFactory(park=park, name="鸿星尔克项目", kind="industrial")
    ProjectFactory(park=park, name="高新大道", kind="infrastructure")

    response = logged_in(supervisor).get(LIST, {"kind": "industrial", "export": "xlsx"})

    sheet = load_workbook(BytesIO(response.content)).active
    names = sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert names == ["厦门乾照光电项目", "鸿星尔克项目"]


def _projects(park, unit, count: int) -> None:
    year = timezone.localdate().year
    projects = Project.objects.bulk_create(
        Project(park=park, name=f"项目{n:04d}", total_investment=Decimal(10000), responsible_unit=unit)
        for n in range(count)
    )
    ProjectYearPlan.objects.bulk_create(
        ProjectYearPlan(project=p, year=year, planned_investment=Decimal(5000)) for p in projects)
    MonthlyProgress.objects.bulk_create(
        MonthlyProgress(project=p, period=date(year, 1, 1), invested=Decimal(300), image_progress="主体施工")
        for p in projects)
    Problem.objects.bulk_create(
        Problem(project=p, category="land", description="用地报批", raised_on=date(year, 1, 10),
                responsible_unit=unit) for p in projects)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_for_ten_projects_or_a_thousand(park, unit, supervisor):
    client = logged_in(supervisor)
    _projects(park, unit, 10)
    at_ten = _queries(client, LIST)

    Project.objects.all().delete()
    _projects(park, unit, 1000)
    at_thousand = _queries(client, LIST)

    assert at_ten == at_thousand, (at_ten, at_thousand)
    assert at_thousand <= 16, at_thousand  # 16 with the unread messages beside 我的消息


@pytest.fixture
def demo(db, monkeypatch):
    load_demo_without_economy()


def test_the_dispatch_page_counts_this_years_projects_and_offers_the_documents(demo):
    page = logged_in(UserFactory(username="duban2", role=Role.SUPERVISOR)).get(
        reverse("projects:dispatch")).content.decode()

    assert "调度与统计" in page and "按产业链" in page and "LED光电" in page
    # The Word papers are the report centre's (drawn through templates users edit there); the workbook the module's.
    for code in ("project_agenda", "project_bulletin", "project_progress"):
        assert reverse("reports:module_download", args=[code]) in page
    assert reverse("projects:progress_table") + "?format=xlsx" in page


def test_the_agenda_names_the_red_projects_and_the_open_problems(demo):
    import docx

    supervisor = logged_in(UserFactory(username="duban2", role=Role.SUPERVISOR))
    response = supervisor.get(reverse("projects:dispatch_agenda"), follow=True)

    text = "\n".join(p.text for p in docx.Document(BytesIO(response.content)).paragraphs)
    tables = " ".join(cell.text for table in docx.Document(BytesIO(response.content)).tables
                      for row in table.rows for cell in row.cells)
    assert "重点项目周调度会议程" in text
    assert "一、红灯项目" in text and "集好新材料项目" in text
    assert "10KV新建线路" in tables


def test_the_progress_table_downloads_hold_the_projects_a_user_may_see(demo):
    liaison = UserFactory(username="lianluo2", role=Role.REPORTER)
    Project.objects.filter(name="厦门乾照光电项目").update(liaison=liaison)

    response = logged_in(liaison).get(reverse("projects:progress_table"), {"format": "xlsx"})

    cells = [c for row in load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True) for c in row]
    assert "厦门乾照光电项目" in cells and "鸿星尔克项目" not in cells


def test_overdue_problems_show_their_escalation_before_the_daily_run(qianzhao, supervisor, unit, settings):
    """The leader sees a problem past its deadline as theirs, and after a week the supervisor sees it
    on the dispatch page, whether or not escalate-problems has run yet."""
    settings.PROBLEM_ESCALATE_TO_LEADER_DAYS, settings.PROBLEM_ESCALATE_TO_SUPERVISOR_DAYS = 0, 7
    today = timezone.localdate()
    qianzhao.leader = PersonFactory(park=qianzhao.park, name="王晓君")
    qianzhao.save()
    leader = UserFactory(username="wxj", role=Role.LEADER, person=qianzhao.leader)
    fresh = Problem.objects.create(project=qianzhao, category="land", description="用地红线待调整",
                                   raised_on=today, deadline=today + timedelta(days=3), responsible_unit=unit)
    late = Problem.objects.create(project=qianzhao, category="utilities", description="10KV线路未送电",
                                  raised_on=today, deadline=today - timedelta(days=2), responsible_unit=unit)
    old = Problem.objects.create(project=qianzhao, category="approval", description="施工许可待办",
                                 raised_on=today, deadline=today - timedelta(days=10), responsible_unit=unit)

    mine = logged_in(leader).get(reverse("projects:my_projects")).content.decode()
    dispatch = logged_in(supervisor).get(reverse("projects:dispatch")).content.decode()

    assert mine.count("逾期，已报挂点领导") == 1 and mine.count("逾期，已报督办员") == 1
    assert "已报督办员的困难问题" in dispatch and "施工许可待办" in dispatch and "已逾期10天" in dispatch
    assert fresh.description not in dispatch and late.description not in dispatch
    assert old.escalation == 0  # only shown; the daily run records it


def test_late_and_upcoming_nodes_stand_out_on_the_project_and_in_the_leaders_view(qianzhao, supervisor):
    today = timezone.localdate()
    qianzhao.leader = PersonFactory(park=qianzhao.park, name="王晓君")
    qianzhao.save()
    qianzhao.milestones.all().delete()  # only the four nodes below
    for position, (name, planned, actual) in enumerate([
        ("环评", today - timedelta(days=40), today - timedelta(days=45)),
        ("施工许可", today - timedelta(days=12), None),
        ("开工", today + timedelta(days=5), None),
        ("竣工验收", today + timedelta(days=200), None),
    ]):
        Milestone.objects.create(project=qianzhao, name=name, position=position, planned_on=planned, actual_on=actual)

    page = logged_in(supervisor).get(reverse("projects:project_detail", args=[qianzhao.pk])).content.decode()
    mine = logged_in(UserFactory(username="wxj", role=Role.LEADER, person=qianzhao.leader)).get(
        reverse("projects:my_projects")).content.decode()

    assert page.count("node-late") == 1 and "逾期12天" in page
    assert page.count("node-upcoming") == 1 and "5天后到期" in page
    assert page.count("node-done") == 1
    assert "节点“施工许可”" in mine and "尚未完成" in mine
    assert f"节点“开工”将于{(today + timedelta(days=5)).month}月{(today + timedelta(days=5)).day}日到期" in mine
    assert "竣工验收" not in mine


def test_a_node_whose_stage_the_project_reached_is_done_on_that_day_everywhere(qianzhao, supervisor):
    """The 开工 node of a project whose stage history says 开工 on a day (entered as a stage, imported, or
    passed on the way to 在建) is done that day: not "7天后到期" on the page, not coming up or late in the
    leader's view, not turning the light red."""
    today = timezone.localdate()
    started = today - timedelta(days=60)
    qianzhao.leader = PersonFactory(park=qianzhao.park, name="王晓君")
    qianzhao.stage = Stage.UNDER_CONSTRUCTION
    qianzhao.save()
    StageEvent.objects.create(project=qianzhao, stage=Stage.STARTED, on=started)
    StageEvent.objects.create(project=qianzhao, stage=Stage.UNDER_CONSTRUCTION, on=started + timedelta(days=30))
    qianzhao.milestones.all().delete()
    Milestone.objects.create(project=qianzhao, name="开工", position=1, planned_on=today + timedelta(days=7))
    # 竣工验收 was planned long ago but the project has not reached 竣工: still late, as before.
    Milestone.objects.create(project=qianzhao, name="竣工验收", position=2, planned_on=today - timedelta(days=3))

    page = logged_in(supervisor).get(reverse("projects:project_detail", args=[qianzhao.pk])).content.decode()
    mine = logged_in(UserFactory(username="wxj", role=Role.LEADER, person=qianzhao.leader)).get(
        reverse("projects:my_projects")).content.decode()

    assert "7天后到期" not in page
    assert f"已于{started:%Y-%m-%d}完成" in page and page.count("node-done") == 1
    assert "逾期3天" in page
    assert "节点“开工”" not in mine
    assert "节点“竣工验收”" in mine


def test_a_liaisons_projects_are_those_they_report_on_and_their_units_others_one_link_away(demo):
    liaison = User.objects.get(username="lianluo")
    client = logged_in(liaison)

    mine = client.get(reverse("projects:my_projects")).content.decode()
    others = client.get(reverse("projects:my_projects") + "?show=others").content.decode()

    assert mine.count('class="card mb-2 my-project"') == 2
    assert "厦门乾照光电项目" in mine and "维科南昌基地日产20万只铝壳电池制造基地" in mine
    assert "一维山微显整机基地" not in mine
    other_count = Project.objects.filter(is_active=True, responsible_unit=liaison.unit).exclude(liaison=liaison).count()
    assert f"其他项目（{other_count}）" in mine
    assert "一维山微显整机基地" in others and "厦门乾照光电项目" not in others
    assert "返回我的项目" in others


def test_a_leaders_projects_are_those_they_lead(demo):
    leader = User.objects.get(username="lingdao")
    mine = logged_in(leader).get(reverse("projects:my_projects")).content.decode()

    assert mine.count('class="card mb-2 my-project"') == Project.objects.filter(
        is_active=True, leader=leader.person).count()
    assert "厦门乾照光电项目" in mine and "一维山微显整机基地" not in mine


def test_reporters_have_no_dispatch_page(demo):
    reporter = UserFactory(username="gxj2", role=Role.REPORTER)
    assert logged_in(reporter).get(reverse("projects:dispatch")).status_code == 403
    assert logged_in(reporter).get(reverse("projects:dispatch_agenda")).status_code == 403


def test_the_supervisor_creates_a_project_with_its_plan_and_its_kinds_nodes(park, unit, supervisor):
    response = logged_in(supervisor).post(reverse("projects:project_create"), {
        "name": "一维山微显整机基地", "enterprise_name": "维科技术股份有限公司", "kind": "industrial",
        "level": "county", "total_investment": "150000", "invested_before": "0", "responsible_unit": unit.pk,
        "planned_start": "2026-03-01", "planned_completion": "2026-02-01", "is_active": "on",
        "planned_this_year": "10000",
    })
    assert "计划竣工日期不能早于计划开工日期" in response.content.decode()
    assert not Project.objects.exists()

    response = logged_in(supervisor).post(reverse("projects:project_create"), {
        "name": "一维山微显整机基地", "enterprise_name": "维科技术股份有限公司", "kind": "industrial",
        "level": "county", "total_investment": "150000", "invested_before": "0", "responsible_unit": unit.pk,
        "planned_start": "2026-03-01", "planned_completion": "2027-06-30", "is_active": "on",
        "planned_this_year": "10000",
    })

    project = Project.objects.get()
    assert response["Location"] == reverse("projects:project_detail", args=[project.pk])
    assert project.year_plans.get(year=timezone.localdate().year).planned_investment == 10000
    assert [m.name for m in project.milestones.all()][:3] == ["立项备案", "环评", "能评"]


def test_the_liaison_records_stages_in_order_and_node_dates_but_cannot_edit_the_project(park):
    liaison = UserFactory(username="liaison", role=Role.REPORTER)
    project = ProjectFactory(park=park, name="维科南昌基地", liaison=liaison)
    from parkops.projects.milestones import milestones_for

    milestones_for(project)
    client = logged_in(liaison)

    client.post(reverse("projects:stage_change", args=[project.pk]), {"stage": "signed", "on": "2026-03-02"})
    late = client.post(reverse("projects:stage_change", args=[project.pk]), {"stage": "started", "on": "2026-03-01"},
                       follow=True).content.decode()
    assert "阶段变更只能按时间顺序追加" in late
    node = project.milestones.get(name="环评")
    client.post(reverse("projects:milestone_update", args=[node.pk]),
                {"planned_on": "2026-04-30", "actual_on": "2026-04-20"})

    project.refresh_from_db()
    node.refresh_from_db()
    assert project.stage == "signed" and project.stage_events.count() == 1
    assert (node.planned_on, node.actual_on) == (date(2026, 4, 30), date(2026, 4, 20))
    assert client.get(reverse("projects:project_edit", args=[project.pk])).status_code == 403


def test_the_supervisor_turns_a_problem_into_a_supervision_task(qianzhao, supervisor, unit):
    from parkops.testing.factories import PlanFactory

    plan = PlanFactory(park=qianzhao.park, name="2026年重点项目问题督办", year=2026)
    problem = Problem.objects.create(project=qianzhao, category="utilities", description="10KV线路接入审批",
                                     raised_on=date(2026, 5, 20), responsible_unit=unit, deadline=date(2026, 6, 30))
    client = logged_in(supervisor)

    page = client.get(reverse("projects:project_detail", args=[qianzhao.pk])).content.decode()
    assert "转督办" in page and plan.name in page
    client.post(reverse("projects:problem_to_task", args=[problem.pk]), {"plan": plan.pk})

    task = plan.tasks.get()
    assert task.text == "【重点项目】厦门乾照光电项目：10KV线路接入审批"
    assert task.deadline == date(2026, 6, 30) and list(task.lead_units) == [unit]
    again = client.post(reverse("projects:problem_to_task", args=[problem.pk]), {"plan": plan.pk}, follow=True)
    assert "该问题已转为督办任务" in again.content.decode()
    assert plan.tasks.count() == 1


def test_a_dispatch_meeting_records_decisions_that_become_the_units_problems(qianzhao, supervisor, unit):
    client = logged_in(supervisor)
    client.post(reverse("projects:meeting_list"), {"held_on": "2026-06-01", "title": "重点项目周调度会（6月1日）"})
    meeting = qianzhao.park.dispatch_meetings.get()

    client.post(reverse("projects:meeting_detail", args=[meeting.pk]),
                {"project": qianzhao.pk, "text": "6月10日前完成10KV线路接入", "unit": unit.pk,
                 "deadline": "2026-06-10"})
    client.post(reverse("projects:meeting_detail", args=[meeting.pk]),
                {"held_on": "2026-06-01", "title": meeting.title, "minutes": "会议听取了乾照光电项目推进情况。"})

    decision = meeting.decisions.get()
    assert (decision.problem.responsible_unit, decision.problem.deadline) == (unit, date(2026, 6, 10))
    assert decision.problem.source == "meeting"
    page = client.get(reverse("projects:meeting_detail", args=[meeting.pk])).content.decode()
    assert "6月10日前完成10KV线路接入" in page and "会议听取了乾照光电项目推进情况。" in page
    agenda = client.get(reverse("projects:meeting_agenda", args=[meeting.pk]), follow=True)
    assert agenda["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_viewer_reads_meetings_but_cannot_hold_one(qianzhao):
    viewer = logged_in(UserFactory(username="chakan", role=Role.VIEWER))
    assert viewer.get(reverse("projects:meeting_list")).status_code == 200
    assert viewer.post(reverse("projects:meeting_list"), {"held_on": "2026-06-01", "title": "越权"}).status_code == 403


def test_the_api_gives_each_visible_project_its_light_and_figures(qianzhao, park, unit):
    ProjectFactory(park=park, name="维科南昌基地")
    reporter = UserFactory(username="gxj", role=Role.REPORTER, unit=unit)

    rows = logged_in(reporter).get("/api/projects/projects/").json()["results"]

    assert [r["name"] for r in rows] == ["厦门乾照光电项目"]
    assert rows[0]["planned_this_year"] == "150000.00" and rows[0]["invested_this_year"] == "60000.00"
    assert rows[0]["light"] in {"red", "yellow", "green", "grey"} and rows[0]["light_reason"]
    assert Client().get("/api/projects/projects/").status_code in (401, 403)


def test_the_schema_names_the_project_endpoints(supervisor):
    schema = logged_in(supervisor).get("/api/schema/", {"format": "json"}).json()
    assert "/api/projects/projects/" in schema["paths"] and "/api/projects/problems/" in schema["paths"]


def test_the_list_filtered_by_light_shows_only_projects_of_that_light(demo):
    from parkops.org.models import User
    from parkops.projects import lights

    supervisor = User.objects.get(username="duban")
    lit = lights.with_lights(Project.objects.filter(is_active=True), today=timezone.localdate())
    red = sorted(p.name for p in lit if p.light.light == "red")
    assert red and len(red) < len(lit)

    page = logged_in(supervisor).get(LIST, {"light": "red"}).content.decode()

    assert all(name in page for name in red)
    assert not any(p.name in page for p in lit if p.light.light != "red")
