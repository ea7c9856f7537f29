"""The task list and the plan list: a fixed number of SQL queries however many tasks there are, and
the filters, the sort by light, the pages of 30 and the Excel export a supervisor uses on them.
"""

import re
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from parkops.org.choices import LeaderLevel, Role
from parkops.supervision import services
from parkops.supervision.choices import Light
from parkops.supervision.models import Task
from parkops.testing.factories import (
    PersonFactory,
    PlanFactory,
    TargetFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
    month,
)

TODAY = date(2023, 11, 20)  # October's reports fell due on 5 November
# Measured on SQLite. Task list: the session and the user; the tasks and their five prefetches
# (leaders, units, targets, reports, figures); the filter form's plans, units and people; the unread
# messages beside 我的消息; saving the
# session (a savepoint, the update, its release). Plan list: the session and the user, the count (twice:
# the view and the table each paginate), the plans, the unread messages, saving the session. None depends on how many
# tasks, units, leaders or reports there are.
TASK_LIST_QUERIES = 15
# The export renders no filter form, and writes its line in the audit log: a savepoint, the chain's row
# locked, the line, the chain moved on, the release (core.auditchain).
TASK_EXPORT_QUERIES = 16
PLAN_LIST_QUERIES = 9


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """The pages read the date from timezone.localdate(): pin it so the lights do not move."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def client(supervisor) -> Client:
    client = Client()
    client.force_login(supervisor)
    return client


def fill_plan(park, supervisor, count: int, *, name: str = "2023年县《政府工作报告》目标任务"):
    """`count` tasks, each with lead and cooperating units, county and park leaders, a target, an
    accepted report with a figure and a report awaiting review: everything a row shows."""
    plan = PlanFactory(park=park, name=name)
    for n in range(count):
        lead, other = UnitFactory(park=park, name=f"牵头单位{n % 7}"), UnitFactory(park=park, name=f"配合单位{n % 5}")
        county = PersonFactory(park=park, name=f"县领导{n % 3}")
        park_leader = PersonFactory(park=park, name=f"园区领导{n % 4}", level=LeaderLevel.PARK)
        task = TaskFactory(plan=plan, number=str(n + 1), text=f"第{n + 1}项：力争工业营业收入达到720亿元。")
        services.task_set_people(task=task, county_leaders=[county], park_leaders=[park_leader], lead_units=[lead],
                                 cooperating_units=[other])
        target = TargetFactory(task=task)
        report = services.report_submit(task=task, unit=lead, user=None, period=month(2023, 9), text="1-9月342亿元",
                                        figures={target.pk: Decimal(3_420_000)})
        services.report_accept(report=report, user=supervisor)
        services.report_submit(task=task, unit=other, user=None, period=month(2023, 10), text="配合单位进展")
    return plan


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# --- a bounded number of queries -------------------------------------------------------------------


def test_task_list_queries_do_not_grow_with_the_number_of_tasks(park, supervisor, client,
                                                                django_assert_max_num_queries):
    url = reverse("supervision:task_list")
    fill_plan(park, supervisor, 5)
    with django_assert_max_num_queries(TASK_LIST_QUERIES):
        few = count_queries(client, url)

    fill_plan(park, supervisor, 35, name="2023年全省重点项目观摩台账")
    assert Task.objects.count() == 40
    with django_assert_max_num_queries(TASK_LIST_QUERIES):
        many = count_queries(client, url)

    assert few == many


def test_task_list_export_queries_do_not_grow_with_the_number_of_tasks(park, supervisor, client,
                                                                       django_assert_max_num_queries):
    url = reverse("supervision:task_list") + "?export=xlsx"
    fill_plan(park, supervisor, 5)
    with django_assert_max_num_queries(TASK_EXPORT_QUERIES):
        few = count_queries(client, url)

    fill_plan(park, supervisor, 35, name="2023年全省重点项目观摩台账")
    with django_assert_max_num_queries(TASK_EXPORT_QUERIES):
        many = count_queries(client, url)

    assert few == many


def test_plan_list_queries_do_not_grow_with_the_number_of_plans(park, supervisor, client,
                                                                django_assert_max_num_queries):
    url = reverse("supervision:plan_list")
    fill_plan(park, supervisor, 5)
    with django_assert_max_num_queries(PLAN_LIST_QUERIES):
        few = count_queries(client, url)

    for n in range(12):
        fill_plan(park, supervisor, 3, name=f"第{n}批督办事项")
    with django_assert_max_num_queries(PLAN_LIST_QUERIES):
        many = count_queries(client, url)

    assert few == many


# --- what the list shows ---------------------------------------------------------------------------


def numbers(response) -> list[str]:
    """The task numbers in the table's rows, top to bottom."""
    return re.findall(r'<a href="/supervision/tasks/\d+/">([^<]+)</a>', response.content.decode())


@pytest.fixture
def ledger(park, supervisor):
    """Five tasks of seed 000, one for each light as of TODAY."""
    gxj, gxq, zrzy = (UnitFactory(park=park, name=name) for name in ("工信局", "高新区", "自然资源局"))
    zhou, liu = PersonFactory(park=park, name="周洁"), PersonFactory(park=park, name="刘元勋")
    plan = PlanFactory(park=park, name="2023年县《政府工作报告》目标任务")

    def task(number, text, lead, leader, *, target=None, figure=None, period=10, deadline=None):
        task = TaskFactory(plan=plan, number=number, text=text, lead_units=[lead], county_leaders=[leader],
                           deadline=deadline)
        if target:
            TargetFactory(task=task, amount=target[0], unit=target[1])
        if period:
            figures = {task.targets.get().pk: Decimal(figure)} if figure else {}
            report = services.report_submit(task=task, unit=lead, user=None, period=month(2023, period),
                                            text=f"{number}号任务{period}月进展", figures=figures)
            services.report_accept(report=report, user=supervisor)
        return task

    task("9", "力争工业营业收入达到720亿元。", gxj, zhou, target=(7_200_000, "万元"), figure=3_800_000)  # 滞后
    task("19", "力争高新区营业收入突破610亿元。", gxq, zhou, target=(6_100_000, "万元"), figure=5_050_000)  # 序时推进
    task("21", "常态化开展闲置企业盘活，盘活土地350亩以上。", zrzy, liu, target=(350, "亩"), figure=357)  # 已完成
    task("23", "加快标准厂房建设。", gxq, liu, period=9, deadline=date(2023, 10, 31))  # 逾期
    task("24", "适时启动丰林工业新区纺织品市场规划。", gxq, zhou, period=None)  # 未启动
    return plan


def test_keyword_finds_tasks_by_their_text_and_by_their_progress(ledger, client):
    url = reverse("supervision:task_list")

    assert numbers(client.get(url, {"q": "盘活土地"})) == ["21"]
    assert numbers(client.get(url, {"q": "19号任务10月进展"})) == ["19"]
    assert numbers(client.get(url, {"q": "24"})) == ["24"]


def test_filter_by_unit_and_by_leader(ledger, client):
    url = reverse("supervision:task_list")
    gxq = ledger.tasks.get(number="19").lead_units[0]
    liu = ledger.tasks.get(number="21").county_leaders[0]

    assert numbers(client.get(url, {"unit": gxq.pk})) == ["19", "23", "24"]
    assert numbers(client.get(url, {"leader": liu.pk})) == ["21", "23"]
    assert numbers(client.get(url, {"unit": gxq.pk, "leader": liu.pk})) == ["23"]


def test_filter_by_light(ledger, client):
    url = reverse("supervision:task_list")

    assert numbers(client.get(url, {"light": Light.BEHIND})) == ["9"]
    assert numbers(client.get(url, {"light": [Light.OVERDUE, Light.BEHIND]})) == ["9", "23"]


def test_sort_by_light_puts_the_most_urgent_first(ledger, client):
    url = reverse("supervision:task_list")

    # 逾期, 滞后, 未启动, 序时推进, 已完成: the order of choices.Light.
    assert numbers(client.get(url, {"sort": "light"})) == ["23", "9", "24", "19", "21"]
    assert numbers(client.get(url, {"sort": "-light"})) == ["21", "19", "24", "9", "23"]


def test_the_counts_above_the_table_follow_the_filter(ledger, client):
    gxq = ledger.tasks.get(number="19").lead_units[0]

    page = client.get(reverse("supervision:task_list"), {"unit": gxq.pk}).content.decode()

    assert "逾期 1" in page and "滞后 0" in page and "未启动 1" in page and "序时推进 1" in page and "已完成 0" in page


def test_the_list_shows_thirty_tasks_a_page(park, supervisor, client):
    fill_plan(park, supervisor, 40)
    url = reverse("supervision:task_list")

    first, second = client.get(url), client.get(url, {"page": 2})

    assert numbers(first) == [str(n) for n in range(1, 31)]
    assert numbers(second) == [str(n) for n in range(31, 41)]


def test_export_has_a_chinese_header_and_one_row_per_task_beyond_the_first_page(park, supervisor, client):
    fill_plan(park, supervisor, 40)

    response = client.get(reverse("supervision:task_list"), {"export": "xlsx", "page": 2})

    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == ["序号", "计划", "重点工作", "县政府责任领导", "牵头单位", "配合单位", "高新区责任领导",
                             "灯色", "亮灯原因"]
    assert [row[0] for row in rows[1:]] == [str(n) for n in range(1, 41)]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["牵头单位"] == "牵头单位0" and first["配合单位"] == "配合单位0"
    assert first["县政府责任领导"] == "县领导0" and first["高新区责任领导"] == "园区领导0"
    assert first["灯色"] == "滞后"  # 342 of 720亿元 for 1-9月, and October's report is missing
    assert "10月进展应于11月5日前报送" in first["亮灯原因"]


def test_export_holds_only_the_filtered_tasks_with_their_lights(ledger, client):
    response = client.get(reverse("supervision:task_list"), {"export": "xlsx", "sort": "light",
                                                             "light": [Light.DONE, Light.OVERDUE]})

    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[7]) for row in rows] == [("21", "已完成"), ("23", "逾期")]
    assert rows[0][8] == "1-10月完成357亩，已达目标350亩"


def test_a_reporters_filter_has_no_choice_of_unit(ledger):
    reporter = UserFactory(username="gxj", role=Role.REPORTER, unit=ledger.tasks.get(number="9").lead_units[0])
    client = Client()
    client.force_login(reporter)

    response = client.get(reverse("supervision:task_list"))

    assert numbers(response) == ["9"]
    assert 'name="unit"' not in response.content.decode()
