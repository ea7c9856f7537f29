"""项目亮灯: the light of a key project and the reason it gives (lights.compute_project_light, with_lights).

Every test states its own `today`. The project plans 6亿元 for 2025 and started on 3 March; its
monthly reports are due on the 5th of the following month.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parkops.projects.choices import ProjectLight
from parkops.projects.lights import with_lights
from parkops.projects.models import Project
from parkops.testing.factories import (
    MilestoneFactory,
    MonthlyProgressFactory,
    ProjectFactory,
    StageEventFactory,
    YearPlanFactory,
    month,
)

MID_NOVEMBER = date(2025, 11, 20)


@pytest.fixture
def project(park):
    project = ProjectFactory(park=park, name="乾照光电Mini LED项目", stage="under_construction")
    StageEventFactory(project=project, stage="started", on=date(2025, 3, 3))
    YearPlanFactory(project=project, year=2025, planned_investment=60000)
    return project


def report_months(project, through: int, total: Decimal, year: int = 2025) -> None:
    """Reports for January to `through`, adding up to `total` 万元."""
    each = Decimal(total) / through
    for number in range(1, through + 1):
        MonthlyProgressFactory(project=project, period=month(year, number), invested=each)


def light_of(project, today=MID_NOVEMBER):
    """The light as the pages compute it: from a plain queryset, through with_lights."""
    (listed,) = with_lights(Project.objects.filter(pk=project.pk), today=today)
    return listed.light


def test_investment_within_ten_points_of_the_schedule_is_green(project):
    report_months(project, 10, Decimal(45000))

    light = light_of(project)

    assert light.light == ProjectLight.GREEN
    assert light.reason == "1-10月完成投资4.50亿元，为年度计划6.00亿元的75.00%，序时进度83.33%"


def test_exactly_ten_points_behind_is_still_green(project):
    report_months(project, 10, Decimal(44000))  # 73.33% against 83.33%

    assert light_of(project).light == ProjectLight.GREEN


def test_more_than_ten_points_behind_the_schedule_is_yellow(project):
    report_months(project, 10, Decimal(40000))

    light = light_of(project)

    assert light.light == ProjectLight.YELLOW
    assert light.reason == "1-10月完成投资4.00亿元，为年度计划6.00亿元的66.67%，序时进度83.33%，落后16.66个百分点"


def test_more_than_thirty_points_behind_is_red(project):
    report_months(project, 10, Decimal(20000))

    light = light_of(project)

    assert light.light == ProjectLight.RED
    assert light.reason.endswith("的33.33%，序时进度83.33%，落后50.00个百分点")


def test_the_thresholds_come_from_settings(project, settings):
    settings.PROJECT_YELLOW_POINTS = Decimal(5)
    report_months(project, 10, Decimal(45000))  # 8.33 points behind

    assert light_of(project).light == ProjectLight.YELLOW


def test_a_missing_monthly_report_turns_yellow_after_the_fifth(project):
    report_months(project, 9, Decimal(50000))  # well ahead, but October's report is not in

    assert light_of(project, today=date(2025, 11, 5)).light == ProjectLight.GREEN
    light = light_of(project, today=date(2025, 11, 6))
    assert light.light == ProjectLight.YELLOW
    assert light.reason.startswith("2025年10月进展未报送（应于11月5日前报送）；1-9月完成投资5.00亿元")


def test_a_started_project_that_never_reported_is_yellow_for_its_first_month(project):
    assert light_of(project, today=date(2025, 4, 6)).reason == "2025年3月进展未报送（应于4月5日前报送）"


def test_a_project_started_this_month_owes_no_report_yet(project):
    light = light_of(project, today=date(2025, 3, 20))

    assert light.light == ProjectLight.GREEN
    assert light.reason == "2025年3月3日开工，首月进展尚未到报送期"


def test_a_node_more_than_a_month_late_is_red_whatever_the_money_says(project):
    report_months(project, 10, Decimal(60000))
    MilestoneFactory(project=project, name="主体封顶", position=8, planned_on=date(2025, 10, 1))
    MilestoneFactory(project=project, name="施工许可", position=6, planned_on=date(2025, 3, 1),
                     actual_on=date(2025, 3, 1))

    assert light_of(project, today=date(2025, 10, 31)).light == ProjectLight.GREEN  # 30 days late
    light = light_of(project, today=date(2025, 11, 1))
    assert light.light == ProjectLight.RED
    assert light.reason == "节点“主体封顶”计划于2025年10月1日完成，已逾期31天尚未完成"


def test_a_late_start_node_is_not_red_once_the_stage_history_says_it_started(project):
    """The 开工 node planned for February has no date of its own, but the project's stage history says
    开工 on 3 March: the node is done, not 8 months late."""
    report_months(project, 10, Decimal(60000))
    MilestoneFactory(project=project, name="开工", position=7, planned_on=date(2025, 2, 1))

    assert light_of(project).light == ProjectLight.GREEN


def test_a_project_in_production_is_green_whatever_its_last_investment(project):
    report_months(project, 10, Decimal(10000))  # would be red while under construction
    StageEventFactory(project=project, stage="in_production", on=date(2025, 9, 18))
    project.stage = "in_production"
    project.save()

    light = light_of(project)

    assert (light.light, light.reason) == (ProjectLight.GREEN, "已于2025年9月18日投产")


def test_a_project_not_started_and_not_reporting_is_grey(park):
    project = ProjectFactory(park=park, stage="signed")

    light = light_of(project)

    assert light.light == ProjectLight.GREY
    assert light.reason == "尚未开工（当前阶段：签约），无进展报送"


def test_a_project_not_started_early_in_the_year_of_its_plan_is_still_grey(park):
    project = ProjectFactory(park=park, stage="signed")
    YearPlanFactory(project=project, year=2025, planned_investment=10000)

    assert light_of(project, today=date(2025, 3, 20)).light == ProjectLight.GREY  # 1-2月: 16.67% of the year


def test_a_project_with_a_plan_and_nothing_invested_by_december_is_red_not_grey(park):
    project = ProjectFactory(park=park, stage="signed")
    YearPlanFactory(project=project, year=2025, planned_investment=10000)

    light = light_of(project, today=date(2025, 12, 20))

    assert light.light == ProjectLight.RED
    assert light.reason == ("尚未开工（当前阶段：签约），无进展报送；2025年度计划投资1.00亿元，1-11月序时进度91.67%，"
                            "完成投资0，落后91.67个百分点")


def test_without_a_year_plan_there_is_no_schedule_and_the_light_is_grey(project):
    project.year_plans.all().delete()
    report_months(project, 10, Decimal(45000))

    light = light_of(project)

    assert light.light == ProjectLight.GREY
    assert light.reason == "未录入2025年度计划投资，无法计算序时进度"


def test_in_january_the_past_year_is_judged_on_its_december_figures(project):
    report_months(project, 12, Decimal(57000))

    light = light_of(project, today=date(2026, 1, 20))

    assert light.light == ProjectLight.GREEN
    assert light.reason == "1-12月完成投资5.70亿元，为年度计划6.00亿元的95.00%，序时进度100.00%"


def test_with_lights_costs_the_same_queries_for_three_projects_or_thirty(park):
    def queries_for(count: int) -> int:
        Project.objects.all().delete()
        for _ in range(count):
            project = ProjectFactory(park=park)
            StageEventFactory(project=project)
            YearPlanFactory(project=project)
            MonthlyProgressFactory(project=project)
            MilestoneFactory(project=project, planned_on=date(2025, 2, 1))
        with CaptureQueriesContext(connection) as queries:
            with_lights(Project.objects.all(), today=MID_NOVEMBER)
        return len(queries)

    assert queries_for(3) == queries_for(30)
