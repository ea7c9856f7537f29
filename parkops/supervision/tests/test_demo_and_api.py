"""The demo park built by `load_demo`, and the read-only API other systems use.

The demo tells the story of seed 000 up to October's reports. It is pinned here to 20 November 2026,
after October's reports fell due on 5 November: the day the brief's 2026 plan is looked at.
"""

from datetime import date

import pyotp
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parkops.org.choices import ADMIN_ROLES, Role
from parkops.org.demo import DEMO_PASSWORD, USERS
from parkops.org.models import Person, Unit
from parkops.supervision import selectors, services
from parkops.supervision.choices import Light, ReportStatus
from parkops.supervision.models import Plan, ProgressReport, ReportEvent, Task
from parkops.testing.demo import load_demo_without_economy
from parkops.testing.factories import PlanFactory, TargetFactory, TaskFactory, UserFactory, month

TODAY = date(2026, 11, 20)
GOV_PLAN = "2026年县《政府工作报告》目标任务"
INSPECTION_PLAN = "2026年全省重点项目观摩台账"


def pin_today(monkeypatch, today: date) -> None:
    """The demo and the pages read the date from timezone.localdate()."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)


@pytest.fixture
def demo(db, monkeypatch):
    pin_today(monkeypatch, TODAY)
    return load_demo_without_economy()


def lights(plan_name: str) -> dict[str, str]:
    tasks = Task.objects.with_listing_data().filter(plan__name=plan_name).order_by("position")
    return {task.number: task.light.light for task in selectors.with_lights(tasks, today=TODAY)}


# --- load_demo -------------------------------------------------------------------------------------


def test_every_demo_account_logs_in_with_the_demo_password(demo):
    assert f"密码均为 {DEMO_PASSWORD}" in demo
    roles = set()
    for username, _name, role, _unit, _person in USERS:
        client = Client()
        response = client.post(reverse("org:login"), {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, f"{username} could not log in"
        if role in ADMIN_ROLES:  # they bind an authenticator at the first log-in (org.second_factor)
            assert response["Location"] == reverse("org:second_factor")
            secret = client.get(response["Location"]).context["secret"].replace(" ", "")
            client.post(response["Location"], {"code": pyotp.TOTP(secret).now()})
        home = client.get(reverse("site:home"))
        assert home.status_code == 200 and "今日待办" in home.content.decode(), f"{username} did not reach 今日待办"
        roles.add(role)
    # 企业用户 accounts (qiye1…) are 企业服务's, opened on the registry's enterprises, which this demo leaves
    # out; services/tests log them in.
    assert roles == set(Role) - {Role.ENTERPRISE}


def test_demo_plan_holds_the_seed_tasks_under_their_headings(demo):
    plan = Plan.objects.get(name=GOV_PLAN)

    assert plan.year == 2026
    tasks = plan.tasks.select_related("section", "section__parent").order_by("position")
    assert [(t.number, t.section.parent.heading if t.section.parent else None, t.section.heading) for t in tasks] == [
        ("9", None, "二、坚持以“提质”促“提升”，迈出工业强县新步伐"),
        *[(n, "二、坚持以“提质”促“提升”，迈出工业强县新步伐", "（三）提升园区承载水平。")
          for n in ("19", "20", "21", "22", "23", "24")],
        ("47", "四、坚持以“长治”求“长效”，汇聚绿色发展新动能", "（二）加快节能降碳改造。"),
    ]


def test_demo_task_9_has_the_seeds_people_and_target(demo):
    task = Task.objects.with_listing_data().get(plan__name=GOV_PLAN, number="9")

    assert [p.name for p in task.county_leaders] == ["周洁"]
    assert [u.name for u in task.lead_units] == ["工信局", "高新区"]
    assert [u.name for u in task.cooperating_units] == ["科技局", "发改委"]
    assert [p.name for p in task.park_leaders] == ["王晓君", "涂志峰"]
    assert [(t.phrase, t.amount, t.unit) for t in task.targets.all()] == [("达到720亿元", 7_200_000, "万元")]


def test_demo_tasks_show_every_light(demo):
    assert lights(GOV_PLAN) == {
        "9": Light.BEHIND,  # 1-10月 380 of 720亿元: 52.78% against 83.33% of the year
        "19": Light.ON_SCHEDULE,  # 505 of 610亿元: 82.79%, within the tolerance
        "20": Light.BEHIND,  # October's report awaits review
        "21": Light.DONE,  # 357 of 350亩以上
        "22": Light.BEHIND,  # October's report was returned
        "23": Light.OVERDUE,  # its deadline was 31 October
        "24": Light.NOT_STARTED,  # nothing reported
        "47": Light.ON_SCHEDULE,  # October reported and accepted
    }
    assert lights(INSPECTION_PLAN) == {
        "1": Light.ON_SCHEDULE,  # due in two days, progress reported
        "2": Light.OVERDUE,  # due thirteen days ago
        "3": Light.BEHIND,  # 120 of 380亩 with ten months gone
    }


def test_demo_reports_go_through_the_whole_review_cycle(demo):
    pending = ProgressReport.objects.get(task__plan__name=GOV_PLAN, task__number="20", period=month(2026, 10))
    returned = ProgressReport.objects.get(task__plan__name=GOV_PLAN, task__number="22", period=month(2026, 10))

    assert pending.status == ReportStatus.SUBMITTED
    assert returned.status == ReportStatus.RETURNED
    assert returned.return_reason.startswith("请补充建设方案的审定时间")
    assert returned.events.last().user.username == "duban"


def test_running_load_demo_twice_adds_nothing(demo, monkeypatch):
    models = (Plan, Task, ProgressReport, ReportEvent, Unit, Person, get_user_model())
    before = {model.__name__: model.objects.count() for model in models}

    load_demo_without_economy()

    assert {model.__name__: model.objects.count() for model in models} == before


@pytest.mark.parametrize("today", [date(2027, 1, 4), date(2027, 3, 15), date(2027, 9, 30)],
                         ids=["january", "march", "september"])
def test_load_demo_works_before_october_is_over(db, monkeypatch, today):
    # The story runs to October's reports; before they can be sent it is last year's story.
    pin_today(monkeypatch, today)

    load_demo_without_economy()

    assert Plan.objects.get(name="2026年县《政府工作报告》目标任务").tasks.count() == 8
    assert Plan.objects.get(name="2027年全省重点项目观摩台账").tasks.count() == 3


# --- the API ---------------------------------------------------------------------------------------


def api_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_schema_is_an_openapi_document_naming_the_supervision_endpoints(supervisor):
    response = api_client(supervisor).get("/api/schema/", {"format": "json"})

    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "ParkOps 园区通 API"
    for path in ("/api/supervision/plans/", "/api/supervision/tasks/", "/api/supervision/tasks/{id}/",
                 "/api/supervision/reports/"):
        assert path in schema["paths"], path
    task_fields = schema["components"]["schemas"]["Task"]["properties"]
    assert {"light", "light_reason", "lead_units", "targets"} <= set(task_fields)


def test_tasks_endpoint_gives_each_task_its_light_and_reason(park, unit, supervisor, monkeypatch):
    pin_today(monkeypatch, date(2023, 11, 20))
    plan = PlanFactory(park=park, year=2023)
    behind = TaskFactory(plan=plan, number="9", lead_units=[unit])
    target = TargetFactory(task=behind)
    report = services.report_submit(task=behind, unit=unit, user=None, period=month(2023, 10), text="380亿元",
                                     figures={target.pk: 3_800_000})
    services.report_accept(report=report, user=supervisor)
    TaskFactory(plan=plan, number="24", text="适时启动纺织品市场规划。", lead_units=[unit])

    rows = api_client(supervisor).get("/api/supervision/tasks/").json()["results"]

    assert [(r["number"], r["light"]) for r in rows] == [("9", Light.BEHIND), ("24", Light.NOT_STARTED)]
    assert rows[0]["light_reason"] == "1-10月完成380.00亿元，为目标720.00亿元的52.78%，序时进度83.33%，落后30.55个百分点"
    assert rows[0]["lead_units"] == ["工信局"]
    assert rows[0]["targets"][0]["display"] == "720.00亿元"


def test_task_detail_endpoint_gives_the_light_too(park, unit, supervisor):
    task = TaskFactory(plan=PlanFactory(park=park, year=2023), number="23", text="完成人居环境改造。",
                       deadline=date(2023, 10, 31), lead_units=[unit])

    row = api_client(supervisor).get(f"/api/supervision/tasks/{task.pk}/").json()

    assert (row["number"], row["light"]) == ("23", Light.OVERDUE)
    assert row["light_reason"] == "完成期限2023年10月31日已过，任务尚未完成"


@pytest.mark.parametrize("path", ["/api/supervision/plans/", "/api/supervision/tasks/", "/api/supervision/reports/"])
def test_the_api_refuses_anonymous_users(park, unit, path):
    TaskFactory(plan=PlanFactory(park=park), lead_units=[unit])

    response = Client().get(path)

    assert response.status_code in (401, 403)
    assert response.json() == {"detail": "身份认证信息未提供。"}


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/"])
def test_the_map_of_the_api_is_for_logged_in_users_only(db, path):
    assert Client().get(path).status_code in (401, 403)


def test_the_api_gives_an_administrator_no_supervision_data(park, unit):
    TaskFactory(plan=PlanFactory(park=park), lead_units=[unit])
    admin = UserFactory(username="sysadmin", role=Role.SYSTEM_ADMIN)

    client = api_client(admin)

    assert client.get("/api/supervision/plans/").json()["results"] == []
    assert client.get("/api/supervision/tasks/").json()["results"] == []
