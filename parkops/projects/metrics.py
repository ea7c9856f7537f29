"""The key projects' figures as named metrics (core.metrics), declared in site.py: what a supervision
target such as "新开工项目25个" or "完成投资80亿元" is bound to. Each counts as the statistics page counts
(projects.statistics, selectors.stage_reached): a start is a 开工 stage event dated in the year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.urls import reverse

from parkops.core.formatting import format_money
from parkops.core.metrics import Metric, MetricRecord, Reading, reading_of_month
from parkops.projects.choices import Stage
from parkops.projects.selectors import active_projects, invested_in_year, stage_reached


def _url(project) -> str:
    return reverse("projects:project_detail", args=[project.pk])


def _reached(stage: str):
    def reached(*, park, year: int, as_of: date) -> list[tuple]:
        return stage_reached(park=park, stage=stage, start=date(year, 1, 1), end=as_of)
    return reached


def _count_of(stage: str):
    def value(*, park, year: int, as_of: date) -> int:
        return len(_reached(stage)(park=park, year=year, as_of=as_of))
    return value


def _records_of(stage: str):
    label = Stage(stage).label

    def records(*, park, year: int, as_of: date) -> list[MetricRecord]:
        return [MetricRecord(project.name, _url(project), note=f"{on:%Y年%-m月%-d日}{label}"
                             + (f"，总投资{format_money(project.total_investment)}" if project.total_investment else ""))
                for project, on in _reached(stage)(park=park, year=year, as_of=as_of)]
    return records


def _key_projects(*, park, year: int, as_of: date) -> int:
    return active_projects(park=park).count()


def _key_project_records(*, park, year: int, as_of: date) -> list[MetricRecord]:
    return [MetricRecord(project.name, _url(project), note=project.get_stage_display())
            for project in active_projects(park=park).only("pk", "name", "stage")]


def _invested(*, park, year: int, as_of: date) -> Reading:
    rows = invested_in_year(park=park, year=year, as_of=as_of)
    total = sum((amount for _, amount, _ in rows), Decimal(0))
    # Investment is reported by the month: the figure covers the year to the latest month reported.
    return reading_of_month(total, max((latest for _, _, latest in rows), default=None), as_of=as_of)


def _invested_records(*, park, year: int, as_of: date) -> list[MetricRecord]:
    return [MetricRecord(project.name, _url(project), figure=amount, unit="万元", note=f"报至{latest:%-m月}")
            for project, amount, latest in invested_in_year(park=park, year=year, as_of=as_of)]


METRICS = (
    Metric("projects.key_count", "在调度重点项目数", "个", _key_projects, _key_project_records, accumulates=False,
           description="当前在调度中的重点项目"),
    Metric("projects.started_count", "新开工项目数", "个", _count_of(Stage.STARTED), _records_of(Stage.STARTED),
           description="本年内登记“开工”阶段的重点项目"),
    Metric("projects.completed_count", "竣工项目数", "个", _count_of(Stage.COMPLETED), _records_of(Stage.COMPLETED),
           description="本年内登记“竣工”阶段的重点项目"),
    Metric("projects.in_production_count", "投产项目数", "个", _count_of(Stage.IN_PRODUCTION),
           _records_of(Stage.IN_PRODUCTION), description="本年内登记“投产”阶段的重点项目"),
    Metric("projects.invested_sum", "重点项目完成投资", "万元", _invested, _invested_records,
           description="重点项目本年1月至最近报送月份的完成投资合计"),
)
