"""Targets that update themselves: a target bound to a named metric (core.metrics) takes its figure live
from the module that keeps it, so its light follows the data and nobody reports it.

"全年新开工项目25个" is bound to projects.started_count; the projects are written as history already
recorded (stage events), as a supervision test may only reach projects through the test helpers.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parkops.core.metrics import Readings, UnknownMetric
from parkops.supervision import selectors, services
from parkops.supervision.choices import Light
from parkops.supervision.lights import compute_light
from parkops.supervision.models import Target, Task
from parkops.supervision.tests.test_list_queries import TASK_LIST_QUERIES, count_queries
from parkops.testing.factories import (
    PlanFactory,
    ProjectFactory,
    StageEventFactory,
    TargetFactory,
    TaskFactory,
    month,
)

TODAY = date(2025, 11, 20)  # 324 of the year's 365 days gone: 序时进度 88.77%
STARTS_25 = "全年新开工项目25个以上。"


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def plan(park):
    return PlanFactory(park=park, year=2025)


@pytest.fixture
def bound_task(plan, unit) -> Task:
    task = TaskFactory(plan=plan, text=STARTS_25, lead_units=[unit])
    TargetFactory(task=task, phrase="新开工项目25个", amount=25, unit="个", metric_key="projects.started_count")
    return task


@pytest.fixture
def client(supervisor) -> Client:
    client = Client()
    client.force_login(supervisor)
    return client


def start_projects(park, count: int, *, on: date = date(2025, 4, 8), prefix: str = "项目") -> list:
    projects = []
    for n in range(count):
        project = ProjectFactory(park=park, name=f"{prefix}{n + 1}号", stage="started")
        StageEventFactory(project=project, stage="started", on=on)
        projects.append(project)
    return projects


def light_of(task: Task):
    return compute_light(Task.objects.with_listing_data().get(pk=task.pk), today=TODAY)


def test_the_light_follows_the_projects_that_reach_started(park, bound_task):
    start_projects(park, 18)
    # Last year's start and a project still negotiating are not this year's starts.
    StageEventFactory(project=ProjectFactory(park=park, name="去年开工项目"), stage="started", on=date(2024, 9, 1))
    StageEventFactory(project=ProjectFactory(park=park, name="洽谈中项目"), stage="negotiating", on=date(2025, 5, 1))

    light = light_of(bound_task)
    assert light.light == Light.BEHIND
    assert light.reason == "截至11月20日新开工项目数18个，为目标25个的72.00%，序时进度88.77%，落后16.77个百分点"

    start_projects(park, 4, prefix="新开工")
    light = light_of(bound_task)
    assert light.light == Light.ON_SCHEDULE
    assert light.reason.startswith("截至11月20日新开工项目数22个，为目标25个的88.00%")

    start_projects(park, 3, prefix="再开工")
    light = light_of(bound_task)
    assert (light.light, light.reason) == (Light.DONE, "截至11月20日新开工项目数25个，已达目标25个")


def test_a_deleted_project_leaves_the_figure(park, bound_task):
    projects = start_projects(park, 23)
    assert light_of(bound_task).light == Light.ON_SCHEDULE

    projects[0].deleted_at = timezone.now()
    projects[0].save()
    assert "新开工项目数22个" in light_of(bound_task).reason


def test_the_task_page_shows_the_live_figure_and_the_projects_behind_it(park, bound_task, client):
    started = start_projects(park, 2)

    page = client.get(reverse("supervision:task_detail", args=[bound_task.pk])).content.decode()

    assert "绑定指标：新开工项目数" in page
    assert '<strong class="live-value">2个</strong>' in page
    assert "构成该数的记录（2条）" in page
    for project in started:
        assert f'<a href="/projects/{project.pk}/">{project.name}</a>' in page
    assert "2025年4月8日开工" in page
    # Nothing to report for a figure read live: the report form asks for none.
    assert "完成数：新开工项目25个" not in page


def test_a_task_bound_throughout_owes_no_report(park, bound_task, unit, reporter):
    start_projects(park, 23)
    tasks = selectors.with_lights(Task.objects.with_listing_data(), today=TODAY)

    assert tasks[0].light.light == Light.ON_SCHEDULE  # not 未启动 for want of a report, nor 滞后 for a missed one
    assert selectors.due_reports(tasks, today=TODAY) == []

    client = Client()
    client.force_login(reporter)
    page = client.get(reverse("supervision:my_reports")).content.decode()
    assert "逾期" not in page


def test_a_task_with_a_reported_target_beside_the_bound_one_still_owes_its_reports(park, bound_task, unit):
    TargetFactory(task=bound_task, phrase="完成投资80亿元", amount=800000, unit="万元")
    start_projects(park, 23)
    tasks = selectors.with_lights(Task.objects.with_listing_data(), today=TODAY)

    assert tasks[0].light.light == Light.NOT_STARTED
    owed = selectors.due_reports(tasks, today=TODAY)
    assert [(d.unit, d.period) for d in owed if d.overdue(TODAY)] == [(unit, month(2025, 10))]


def test_a_figure_for_a_bound_target_is_not_taken_from_a_report(bound_task, unit):
    target = bound_task.targets.get()
    with pytest.raises(ValidationError, match="已绑定指标，完成数自动取得，无需填报"):
        services.report_submit(task=bound_task, unit=unit, user=None, period=month(2025, 10), text="开工20个",
                               figures={target.pk: Decimal(20)})


def test_an_unknown_metric_key_says_so_and_nothing_breaks(park, bound_task, client, supervisor):
    Target.objects.filter(task=bound_task).update(metric_key="land.revived_mu")

    light = light_of(bound_task)
    assert light.light == Light.NOT_STARTED
    assert light.reason == "指标“land.revived_mu”不存在（可能已停用或改名），无法自动取数，请编辑任务重新选择指标。"

    page = client.get(reverse("supervision:task_detail", args=[bound_task.pk])).content.decode()
    assert "指标“land.revived_mu”不存在" in page
    assert "land.revived_mu" in client.get(reverse("supervision:task_list")).content.decode()
    assert client.get(reverse("supervision:dashboard")).status_code == 200
    assert client.get(reverse("supervision:task_edit", args=[bound_task.pk])).status_code == 200
    api = client.get(f"/api/supervision/tasks/{bound_task.pk}/").json()
    assert api["light"] == Light.NOT_STARTED
    assert api["targets"][0]["metric_key"] == "land.revived_mu" and api["targets"][0]["metric_label"] is None

    with pytest.raises(ValidationError, match="指标“land.revived_mu”不存在"):
        services.target_save(target=bound_task.targets.get(), user=supervisor)
    with pytest.raises(UnknownMetric):
        Readings().read("land.revived_mu", park=park, year=2025, as_of=TODAY)


def edit_post(task: Task, **target) -> dict:
    data = {
        "number": task.number, "text": task.text, "lead_units": "工信局", "loaded_version": task.version,
        "targets-TOTAL_FORMS": "1", "targets-INITIAL_FORMS": "0", "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "1000",
        "targets-0-phrase": "新开工项目25个", "targets-0-comparator": "at_least", "targets-0-amount": "25",
        "targets-0-display_unit": "个", "targets-0-metric_key": "projects.started_count",
    }
    data.update({f"targets-0-{name}": value for name, value in target.items()})
    return data


def test_the_supervisor_binds_a_target_on_the_task_edit_page(plan, unit, client, park):
    task = TaskFactory(plan=plan, text=STARTS_25, lead_units=[unit])
    page = client.get(reverse("supervision:task_edit", args=[task.pk])).content.decode()
    assert '<option value="projects.started_count">新开工项目数（个）</option>' in page

    response = client.post(reverse("supervision:task_edit", args=[task.pk]), edit_post(task))
    assert response.status_code == 302, response.content.decode()[:3000]
    target = task.targets.get()
    assert (target.metric_key, target.amount, target.unit) == ("projects.started_count", 25, "个")
    assert target.history.first().history_change_reason == "绑定指标：新开工项目数"

    start_projects(park, 25)
    assert light_of(task).light == Light.DONE


def test_a_binding_in_another_unit_than_the_metric_is_refused_in_words(plan, unit, client):
    task = TaskFactory(plan=plan, text=STARTS_25, lead_units=[unit])
    response = client.post(reverse("supervision:task_edit", args=[task.pk]), edit_post(task, display_unit="亿元"))

    assert response.status_code == 200
    assert "指标“新开工项目数”以个计，目标“新开工项目25个”的单位应与之一致（现为万元）。" in response.content.decode()
    assert not task.targets.exists()


def test_bindings_do_not_raise_the_task_lists_queries(park, plan, unit, client, django_assert_max_num_queries):
    url = reverse("supervision:task_list")
    start_projects(park, 20)
    for _ in range(3):
        task = TaskFactory(plan=plan, text=STARTS_25, lead_units=[unit])
        TargetFactory(task=task, phrase="新开工项目25个", amount=25, unit="个", metric_key="projects.started_count")
    # The metric is read once for the page (one query for its stage events), however many tasks it binds.
    with django_assert_max_num_queries(TASK_LIST_QUERIES + 1):
        few = count_queries(client, url)

    for _ in range(30):
        task = TaskFactory(plan=plan, text=STARTS_25, lead_units=[unit])
        TargetFactory(task=task, phrase="新开工项目25个", amount=25, unit="个", metric_key="projects.started_count")
    with django_assert_max_num_queries(TASK_LIST_QUERIES + 1):
        many = count_queries(client, url)
    assert few == many


def test_the_api_names_the_bound_metric(park, bound_task, client, django_assert_max_num_queries):
    start_projects(park, 23)
    for _ in range(5):
        task = TaskFactory(plan=bound_task.plan, text=STARTS_25)
        TargetFactory(task=task, phrase="新开工项目25个", amount=25, unit="个", metric_key="projects.started_count")

    tasks = client.get("/api/supervision/tasks/").json()
    rows = tasks["results"] if isinstance(tasks, dict) else tasks
    first = next(row for row in rows if row["id"] == bound_task.pk)
    assert first["targets"][0]["metric_key"] == "projects.started_count"
    assert first["targets"][0]["metric_label"] == "新开工项目数"
    assert first["light"] == Light.ON_SCHEDULE
    assert first["light_reason"].startswith("截至11月20日新开工项目数23个")
