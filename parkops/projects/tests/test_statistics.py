"""The year's key-project statistics as the 工作总结 print them (statistics.project_statistics)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parkops.projects.choices import ProblemStatus, ProjectKind
from parkops.projects.models import Project
from parkops.projects.statistics import project_statistics
from parkops.testing.factories import (
    MonthlyProgressFactory,
    ProblemFactory,
    ProjectFactory,
    StageEventFactory,
    YearPlanFactory,
    ZoneFactory,
    month,
)

TODAY = date(2026, 3, 2)


def project_with(park, name, events, **fields):
    project = ProjectFactory(park=park, name=name, stage=events[-1][0] if events else "negotiating", **fields)
    for stage, on in events:
        StageEventFactory(project=project, stage=stage, on=on)
    return project


@pytest.fixture
def year_2025(park):
    north, south = ZoneFactory(park=park, name="北区"), ZoneFactory(park=park, name="南区")
    led = project_with(park, "乾照光电", [("started", date(2025, 3, 3))], industry_chain="光电", zone=north)
    project_with(park, "污水处理厂二期", [("started", date(2024, 5, 6)), ("completed", date(2025, 6, 30))],
                 kind=ProjectKind.INFRASTRUCTURE, zone=south)
    project_with(park, "维科南昌基地", [("started", date(2025, 2, 10)), ("completed", date(2025, 9, 1)),
                                  ("in_production", date(2025, 12, 1))], industry_chain="新能源", zone=north)
    project_with(park, "长城汽配", [("signed", date(2025, 8, 8))], industry_chain="光电")
    project_with(park, "标准厂房三期", [("started", date(2024, 4, 1)), ("under_construction", date(2024, 6, 1))],
                 kind=ProjectKind.STANDARD_FACTORY, zone=south)
    project_with(park, "智能装备产业园", [("signed", date(2025, 10, 1)), ("started", date(2026, 1, 12))],
                 industry_chain="新能源", zone=south)

    YearPlanFactory(project=led, year=2025, planned_investment=60000)
    YearPlanFactory(project=led, year=2026, planned_investment=90000)
    MonthlyProgressFactory(project=led, period=month(2025, 5), invested=30000)
    MonthlyProgressFactory(project=led, period=month(2026, 1), invested=9000)
    factory_hall = Project.objects.get(name="标准厂房三期")
    YearPlanFactory(project=factory_hall, year=2025, planned_investment=20000)
    MonthlyProgressFactory(project=factory_hall, period=month(2025, 3), invested=20000)
    MonthlyProgressFactory(project=factory_hall, period=month(2024, 12), invested=5000)

    def problem(raised, resolved=None, status=ProblemStatus.OPEN):
        ProblemFactory(project=led, raised_on=raised, resolved_on=resolved, status=status)

    problem(date(2025, 1, 10), date(2025, 1, 20), ProblemStatus.SOLVED)  # 10 days
    problem(date(2025, 3, 1), date(2025, 3, 31), ProblemStatus.SOLVED)  # 30 days
    problem(date(2024, 11, 1), date(2024, 12, 31), ProblemStatus.SOLVED)  # last year's
    problem(date(2025, 5, 1))
    problem(date(2025, 6, 1), date(2025, 7, 1), ProblemStatus.UNSOLVABLE)
    return park


def test_new_starts_completions_production_and_work_under_way_in_the_year(year_2025):
    stats = project_statistics(park=year_2025, year=2025, today=TODAY)

    total = stats.total
    assert (total.projects, total.new_starts, total.completed, total.in_production) == (6, 2, 2, 1)
    # At the end of 2025: 乾照光电 started and 标准厂房三期 building; 智能装备 started only in 2026.
    assert total.under_construction == 2


def test_the_figures_split_by_kind_chain_and_zone(year_2025):
    stats = project_statistics(park=year_2025, year=2025, today=TODAY)

    by_kind = {row.name: (row.projects, row.new_starts, row.completed, row.under_construction)
               for row in stats.by_kind}
    assert by_kind == {"产业项目": (4, 2, 1, 1), "基础设施": (1, 0, 1, 0), "标准厂房": (1, 0, 0, 1)}
    assert [(row.name, row.projects) for row in stats.by_chain] == [
        ("光电", 2), ("新能源", 2), ("未填写产业链", 2)]
    assert [(row.name, row.new_starts) for row in stats.by_zone] == [("南区", 0), ("北区", 2), ("未分片区", 0)]


def test_investment_planned_against_completed_counts_only_the_year(year_2025):
    stats = project_statistics(park=year_2025, year=2025, today=TODAY)

    assert (stats.total.planned_investment, stats.total.invested) == (Decimal(80000), Decimal(50000))
    assert stats.total.completion_rate == Decimal("62.50")
    factories = next(row for row in stats.by_kind if row.name == "标准厂房")
    assert factories.completion_rate == Decimal("100.00")


def test_problems_raised_and_solved_in_the_year_with_the_median_days_to_solve(year_2025):
    stats = project_statistics(park=year_2025, year=2025, today=TODAY)

    assert (stats.problems_raised, stats.problems_solved, stats.problems_unsolvable) == (4, 2, 1)
    assert stats.median_days_to_solve == 20


def test_a_day_in_the_year_counts_only_what_was_reached_by_that_day(year_2025):
    half_year = project_statistics(park=year_2025, year=2025, today=date(2025, 6, 30)).total

    # 维科 is completed on 1 September and in production in December: not by the end of June.
    assert (half_year.new_starts, half_year.completed, half_year.in_production) == (2, 1, 0)


def test_the_year_under_way_is_counted_to_today(year_2025):
    stats = project_statistics(park=year_2025, year=2026, today=TODAY)

    assert (stats.total.new_starts, stats.total.under_construction) == (1, 3)
    assert (stats.total.planned_investment, stats.total.invested) == (Decimal(90000), Decimal(9000))
    assert stats.median_days_to_solve is None


def test_the_statistics_cost_the_same_queries_for_six_projects_or_sixty(year_2025):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            project_statistics(park=year_2025, year=2025, today=TODAY)
        return len(captured)

    few = queries()
    for number in range(54):
        project_with(year_2025, f"项目{number}", [("started", date(2025, 4, 1))])

    assert queries() == few
