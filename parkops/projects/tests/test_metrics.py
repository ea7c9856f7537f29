"""The key projects' named metrics (projects/metrics.py): the figures a supervision target is bound to
agree with the statistics page, and list the projects behind them."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from parkops.core.metrics import get
from parkops.projects.statistics import project_statistics
from parkops.testing.factories import MonthlyProgressFactory, ProjectFactory, StageEventFactory, month

AS_OF = date(2025, 11, 20)


def read(key: str, park, as_of: date = AS_OF):
    return get(key).read(park=park, year=2025, as_of=as_of)


def test_new_starts_are_the_starts_recorded_in_the_year_up_to_the_day(park):
    march = ProjectFactory(park=park, name="锂电池隔膜项目")
    StageEventFactory(project=march, stage="started", on=date(2025, 3, 3))
    StageEventFactory(project=ProjectFactory(park=park, name="去年开工"), stage="started", on=date(2024, 12, 30))
    StageEventFactory(project=ProjectFactory(park=park, name="十二月开工"), stage="started", on=date(2025, 12, 1))
    gone = ProjectFactory(park=park, name="已删除项目", deleted_at=timezone.now())
    StageEventFactory(project=gone, stage="started", on=date(2025, 5, 5))

    reading = read("projects.started_count", park)
    assert (reading.value, reading.through, reading.label) == (1, AS_OF, "截至11月20日")
    assert read("projects.started_count", park, as_of=date(2026, 2, 1)).value == 2  # the whole year
    assert project_statistics(park=park, year=2025, today=AS_OF).total.new_starts == reading.value
    records = get("projects.started_count").records_behind(park=park, year=2025, as_of=AS_OF)
    assert [(r.name, r.url, r.note) for r in records] == [
        ("锂电池隔膜项目", f"/projects/{march.pk}/", "2025年3月3日开工，总投资10.00亿元")]


def test_investment_completed_is_the_statistics_figure_to_the_latest_month_reported(park):
    first, second = ProjectFactory(park=park, name="甲项目"), ProjectFactory(park=park, name="乙项目")
    MonthlyProgressFactory(project=first, period=month(2025, 9), invested=Decimal("12000"))
    MonthlyProgressFactory(project=first, period=month(2025, 10), invested=Decimal("8000"))
    MonthlyProgressFactory(project=second, period=month(2025, 8), invested=Decimal("5000"))
    MonthlyProgressFactory(project=second, period=month(2024, 12), invested=Decimal("9999"))

    reading = read("projects.invested_sum", park)
    assert reading.value == Decimal("25000")
    assert reading.value == project_statistics(park=park, year=2025, today=AS_OF).total.invested
    assert (reading.through, reading.label) == (date(2025, 10, 31), "1-10月")
    records = get("projects.invested_sum").records_behind(park=park, year=2025, as_of=AS_OF)
    assert [(r.name, r.figure, r.unit) for r in records] == [("甲项目", Decimal("20000"), "万元"),
                                                             ("乙项目", Decimal("5000"), "万元")]


def test_production_and_the_projects_followed(park):
    producing = ProjectFactory(park=park, name="投产项目", stage="in_production")
    StageEventFactory(project=producing, stage="in_production", on=date(2025, 6, 30))
    ProjectFactory(park=park, name="停止调度项目", is_active=False)

    assert read("projects.in_production_count", park).value == 1
    assert read("projects.key_count", park).value == 1
    assert not get("projects.key_count").accumulates
