"""The economy's figures as named metrics (core.metrics), declared in site.py: what a supervision target
such as "规上工业企业达到240家" or "力争工业营业收入达到720亿元" is bound to.

Every figure is the month's summary (figures.economy_summary) of the latest month of the year with data:
in November the year so far is 1-10月, as the statistics bureau reports it. Growth is the 同口径 rate,
the bureau's."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from parkops.core.metrics import Metric, MetricRecord, Reading, reading_of_month
from parkops.economy.catalogue import CATALOGUE
from parkops.economy.figures import economy_summary, latest_period_in, ranking, reporting_enterprises

# The indicators a target speaks of, with the name the 政府工作报告 gives them.
CUMULATIVE = {
    "output": "规上工业总产值",
    "revenue": "规上工业营业收入",
    "main_revenue": "规上工业主营业务收入",
    "tax": "规上企业税收",
    "profit": "规上企业利润总额",
    "rnd": "规上企业研发投入",
}
GROWTH = ("output", "revenue", "tax")
UNITS = {entry.code: entry.unit for entry in CATALOGUE}


def _url(enterprise_id: int) -> str:
    return reverse("economy:enterprise_detail", args=[enterprise_id])


def _scale_count(*, park, year: int, as_of: date) -> Reading:
    period = latest_period_in(park, year=year, as_of=as_of)
    count = economy_summary(park=park, period=period).enterprises if period else None
    return reading_of_month(count, period, as_of=as_of)


def _scale_records(*, park, year: int, as_of: date) -> list[MetricRecord]:
    period = latest_period_in(park, year=year, as_of=as_of)
    if period is None:
        return []
    return [MetricRecord(e.short_name or e.name, _url(e.pk))
            for e in reporting_enterprises(park=park, period=period).only("pk", "name", "short_name")]


def _cumulative(code: str):
    def value(*, park, year: int, as_of: date) -> Reading:
        period = latest_period_in(park, year=year, as_of=as_of)
        figures = economy_summary(park=park, period=period).indicators.get(code) if period else None
        return reading_of_month(figures.cumulative if figures else None, period, as_of=as_of)
    return value


def _growth(code: str):
    def value(*, park, year: int, as_of: date) -> Reading:
        period = latest_period_in(park, year=year, as_of=as_of)
        figures = economy_summary(park=park, period=period).indicators.get(code) if period else None
        return reading_of_month(figures.yoy_same_basis_pct if figures else None, period, as_of=as_of)
    return value


def _ranked(code: str, *, growth: bool):
    def records(*, park, year: int, as_of: date) -> list[MetricRecord]:
        period = latest_period_in(park, year=year, as_of=as_of)
        if period is None:
            return []
        return [MetricRecord(row.name, _url(row.enterprise_id),
                             figure=row.yoy_same_basis_pct if growth else row.cumulative,
                             unit="%" if growth else UNITS[code],
                             note=f"本年累计{row.cumulative}{UNITS[code]}" if growth else "")
                for row in ranking(park=park, period=period, indicator=code, limit=None)]
    return records


METRICS = (
    Metric("economy.scale_count", "规上工业企业数", "家", _scale_count, _scale_records, accumulates=False,
           description="最近一个有数据月份报送统计的规上工业企业"),
    *(Metric(f"economy.{code}", label, UNITS[code], _cumulative(code), _ranked(code, growth=False),
             description=f"{label}，本年1月至最近一个有数据月份的累计")
      for code, label in CUMULATIVE.items()),
    *(Metric(f"economy.{code}_growth", f"{CUMULATIVE[code]}同比增长（同口径）", "%", _growth(code),
             _ranked(code, growth=True), accumulates=False,
             description="本年累计比上年同期，按同口径企业计算")
      for code in GROWTH),
)
