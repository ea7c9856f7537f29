"""The supervision dashboard: counts by light, lead units ranked by lateness, reports due this week and
overdue, one chart per plan; and who sees what on it.

One small park, pinned to Friday 3 November 2023: the October reports of the monthly plan fall due
on Sunday 5 November, the third-quarter reports of the quarterly plan fell due on 5 October.
"""

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parkops.org.choices import Role
from parkops.supervision import selectors, services
from parkops.supervision.choices import Cycle, Light
from parkops.supervision.models import Task
from parkops.testing.factories import PlanFactory, TargetFactory, TaskFactory, UnitFactory, UserFactory, month

TODAY = date(2023, 11, 3)


class World:
    """The park of this module: its units, two plans and six tasks, one or two of each light."""

    def __init__(self, park, supervisor):
        self.gxj = UnitFactory(park=park, name="工信局")
        self.gxq = UnitFactory(park=park, name="高新区")
        self.sthj = UnitFactory(park=park, name="生态环境局")
        self.gov = PlanFactory(park=park, name="2023年县《政府工作报告》目标任务", cycle=Cycle.MONTHLY)
        self.audit = PlanFactory(park=park, name="环保督察反馈问题整改", cycle=Cycle.QUARTERLY)
        self.supervisor = supervisor

        self.t9 = self.task(self.gov, "9", self.gxj, target=7_200_000, reported={10: 3_800_000})  # 滞后
        self.t19 = self.task(self.gov, "19", self.gxq, target=6_100_000, reported={10: 5_050_000})  # 序时推进
        self.t21 = self.task(self.gov, "21", self.gxq, target=350, unit="亩", reported={10: 357})  # 已完成
        self.t23 = self.task(self.gov, "23", self.gxq, deadline=date(2023, 10, 31), reported={9: None})  # 逾期
        self.t24 = self.task(self.gov, "24", self.gxq)  # 未启动
        self.e1 = self.task(self.audit, "1", self.sthj)  # 未启动, its third-quarter report overdue

    def task(self, plan, number, lead, *, target=None, unit="万元", reported=(), deadline=None) -> Task:
        task = TaskFactory(plan=plan, number=number, text=f"第{number}项重点工作", lead_units=[lead], deadline=deadline)
        if target:
            TargetFactory(task=task, amount=target, unit=unit)
        for period, figure in dict(reported).items():
            figures = {task.targets.get().pk: Decimal(figure)} if figure is not None else {}
            report = services.report_submit(task=task, unit=lead, user=None, period=month(2023, period),
                                            text="进展", figures=figures)
            services.report_accept(report=report, user=self.supervisor)
        return task


@pytest.fixture
def world(park, supervisor) -> World:
    return World(park, supervisor)


def lit(**filters) -> list[Task]:
    """The tasks, each with its light as of TODAY."""
    return selectors.with_lights(Task.objects.with_listing_data().filter(**filters).order_by("plan", "position"),
                                 today=TODAY)


@pytest.fixture
def pinned_today(monkeypatch):
    """The pages read the date from timezone.localdate(): pin it so the lights are the ones above."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


# --- the selectors ---------------------------------------------------------------------------------


def test_the_park_has_the_lights_the_module_describes(world):
    assert {t.number: t.light.light for t in lit(plan=world.gov)} == {
        "9": Light.BEHIND, "19": Light.ON_SCHEDULE, "21": Light.DONE, "23": Light.OVERDUE, "24": Light.NOT_STARTED,
    }


def test_light_counts_name_every_light_even_at_zero(world):
    assert selectors.light_counts(lit()) == {
        Light.OVERDUE: 1, Light.BEHIND: 1, Light.NOT_STARTED: 2, Light.ON_SCHEDULE: 1, Light.DONE: 1,
    }
    assert selectors.light_counts(lit(number="21")) == {
        Light.OVERDUE: 0, Light.BEHIND: 0, Light.NOT_STARTED: 0, Light.ON_SCHEDULE: 0, Light.DONE: 1,
    }


def test_units_by_lateness_ranks_overdue_before_behind_and_leaves_out_units_on_time(world):
    ranking = selectors.units_by_lateness(lit())

    assert [(r.unit.name, r.late, r.overdue, r.behind, r.total) for r in ranking] == [
        ("高新区", 1, 1, 0, 4),
        ("工信局", 1, 0, 1, 1),
    ]


def test_units_by_lateness_puts_the_unit_with_most_late_tasks_first(world):
    world.task(world.gov, "30", world.gxj, deadline=date(2023, 10, 1))  # a second late task for 工信局

    assert [r.unit.name for r in selectors.units_by_lateness(lit())] == ["工信局", "高新区"]


def test_units_by_lateness_counts_lead_units_not_cooperating_ones(world, park):
    cooperating = UnitFactory(park=park, name="商务局")
    TaskFactory(plan=world.gov, number="31", lead_units=[world.gxq], cooperating_units=[cooperating],
                deadline=date(2023, 10, 1))

    assert "商务局" not in [r.unit.name for r in selectors.units_by_lateness(lit())]


def test_due_reports_lists_what_each_lead_unit_still_owes_soonest_first(world):
    due = selectors.due_reports(lit(), today=TODAY)

    assert [(d.task.number, d.unit.name, d.period, d.due, d.overdue(TODAY)) for d in due] == [
        # 24 has never reported: the last month fallen due is owed, not only the one now falling due.
        ("24", "高新区", month(2023, 9), date(2023, 10, 5), True),
        # The third quarter's report fell due on 5 October and has not come.
        ("1", "生态环境局", month(2023, 9), date(2023, 10, 5), True),
        # October's fall due on Sunday; 9 and 19 are in, 21 is done.
        ("23", "高新区", month(2023, 10), date(2023, 11, 5), False),
        ("24", "高新区", month(2023, 10), date(2023, 11, 5), False),
    ]


def test_a_returned_report_is_still_owed(world, supervisor):
    report = services.report_submit(task=world.t24, unit=world.gxq, user=None, period=month(2023, 10), text="初稿")
    assert "24" not in [d.task.number for d in selectors.due_reports(lit(), today=TODAY)]

    services.report_return(report=report, user=supervisor, reason="请补充纺织品市场规划进展")

    assert "24" in [d.task.number for d in selectors.due_reports(lit(), today=TODAY)]


def test_reports_are_not_due_before_the_week_they_fall_due_in(world):
    # On 28 October the October reports are more than a week away: September's are the ones owed.
    due = selectors.due_reports(lit(), today=date(2023, 10, 28))

    assert {d.period for d in due} == {month(2023, 9)}
    assert "23" not in [d.task.number for d in due]  # its September report is in


def test_plan_light_series_gives_each_plan_its_counts_by_label(world):
    series = selectors.plan_light_series(lit())

    assert [(s["plan"].name, s["counts"]) for s in series] == [
        ("2023年县《政府工作报告》目标任务", {"逾期": 1, "滞后": 1, "未启动": 1, "序时推进": 1, "已完成": 1}),
        ("环保督察反馈问题整改", {"逾期": 0, "滞后": 0, "未启动": 1, "序时推进": 0, "已完成": 0}),
    ]


# --- the page --------------------------------------------------------------------------------------


def dashboard(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("supervision:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def stat(page: str, label: str) -> int:
    """The number under a light's label in the row of counts at the top of the page."""
    return int(re.search(rf">{label}</span></div><div class=\"display-6 text-body\">(\d+)<", page).group(1))


def card(page: str, header: str) -> str:
    start = page.index(f'<div class="card-header">{header}')
    return page[start:page.index('<div class="col-12 col-lg-6">', start)]


def chart_data(page: str) -> list[dict]:
    return json.loads(re.search(r'<script id="plan-series" type="application/json">(.*?)</script>', page).group(1))


def test_supervisor_sees_counts_ranking_due_reports_and_charts(world, pinned_today):
    page = dashboard(world.supervisor)

    assert [stat(page, label) for label in ("逾期", "滞后", "未启动", "序时推进", "已完成")] == [1, 1, 2, 1, 1]
    assert re.search(r"任务总数</div><div class=\"display-6\">6<", page)
    ranking = card(page, "牵头单位滞后排名")
    assert ranking.index("高新区") < ranking.index("工信局")
    due_soon = card(page, "本周应报送")
    gov = "2023年县《政府工作报告》目标任务"
    assert f"{gov} · 23号</a> 高新区 · 2023年10月进展" in due_soon and f"{gov} · 24号</a> 高新区 · 2023年10月进展" in due_soon
    assert "2023-11-05前" in due_soon
    overdue = card(page, "已逾期未报送")
    assert "环保督察反馈问题整改 · 1号</a> 生态环境局 · 2023年9月进展" in overdue and "2023-10-05前" in overdue
    late = card(page, "滞后与逾期任务")
    assert f"{gov} · 9号</a> 第9项重点工作" in late and f"{gov} · 23号</a> 第23项重点工作" in late
    assert "19号" not in late
    assert "2023年县《政府工作报告》目标任务" in page and "环保督察反馈问题整改" in page
    assert chart_data(page) == [
        {"逾期": 1, "滞后": 1, "未启动": 1, "序时推进": 1, "已完成": 1},
        {"逾期": 0, "滞后": 0, "未启动": 1, "序时推进": 0, "已完成": 0},
    ]


def test_a_leader_sees_the_whole_park(world, pinned_today):
    leader = UserFactory(username="lingdao", role=Role.LEADER)

    page = dashboard(leader)

    assert re.search(r"任务总数</div><div class=\"display-6\">6<", page)
    assert "待审核进展" not in page  # reviewing is the supervisor's work


def test_a_reporter_sees_only_their_units_tasks(world, pinned_today):
    reporter = UserFactory(username="gxj", role=Role.REPORTER, unit=world.gxj)

    page = dashboard(reporter)

    assert re.search(r"任务总数</div><div class=\"display-6\">1<", page)
    assert [stat(page, label) for label in ("逾期", "滞后", "未启动", "序时推进", "已完成")] == [0, 1, 0, 0, 0]
    assert "高新区" not in card(page, "牵头单位滞后排名")
    assert "环保督察反馈问题整改" not in page
