"""Named metrics (指标): the live figures each module exposes, with the records behind each figure.

A module declares its metrics in its `site.py` as `METRICS = (Metric(...), …)`, the way it declares its
menu entries (core.offerings). Whoever wants a figure asks for it here by its key, never by importing
the module that computes it: a supervision target bound to "projects.started_count" follows the count
of projects started this year without supervision knowing what a project is, and a new module's
figures are offered to every target by writing its `site.py`, nothing below it edited.

A metric is read for a park and a year as of a day. It says what it counts (`label`, `unit`), whether it
accumulates over the year (a running total such as 完成投资, compared with the share of the year gone by)
or is a level (a growth rate, a number of enterprises: held, not accumulated), and how to list the
records behind its figure: each with its name, a link to its page and its own part of the figure.

Keys are stable: a target stores the key, so renaming one unbinds the targets bound to it (they say so,
see UnknownMetric) rather than binding them silently to something else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from parkops.core.offerings import declared
from parkops.core.periods import cumulative_label

DECLARATION = "METRICS"


class UnknownMetric(LookupError):
    """A key no installed module declares: removed, renamed, or its module switched off."""

    def __init__(self, key: str):
        self.key = key
        super().__init__(f"指标“{key}”不存在（可能已停用或改名），无法自动取数，请编辑任务重新选择指标。")

    @property
    def message(self) -> str:
        return self.args[0]


@dataclass(frozen=True)
class Reading:
    """A metric's figure: `value` in the metric's unit, covering the year up to `through` (the last day
    it counts: the day asked for, or the end of the latest month a monthly statistic has). `label` says
    so as a report would ("1-10月", "截至11月2日"). `value` None: nothing recorded yet."""

    value: Decimal | None
    through: date
    label: str = ""


@dataclass(frozen=True)
class MetricRecord:
    """One record behind a figure: its name, a link to its page, its own figure and a short note
    (the date a project started, the stage it stands at)."""

    name: str
    url: str = ""
    figure: Decimal | None = None
    unit: str = ""
    note: str = ""


# (park, year, as_of) -> a number or a Reading; (park, year, as_of) -> the records behind it.
ValueFunction = Callable[..., "Reading | Decimal | int | None"]
RecordsFunction = Callable[..., list[MetricRecord]]


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str
    value: ValueFunction
    records: RecordsFunction
    app: str = ""
    accumulates: bool = True  # False: a level or a rate, judged against the target itself, not pro rata
    description: str = ""

    def read(self, *, park: Any, year: int, as_of: date) -> Reading:
        """The figure for `year` as of `as_of` (a day after the year reads the whole year)."""
        as_of = min(as_of, date(year, 12, 31))
        found = self.value(park=park, year=year, as_of=as_of)
        if isinstance(found, Reading):
            return found
        return Reading(None if found is None else Decimal(found), as_of, f"截至{as_of:%-m月%-d日}")

    def records_behind(self, *, park: Any, year: int, as_of: date) -> list[MetricRecord]:
        return list(self.records(park=park, year=year, as_of=min(as_of, date(year, 12, 31))))

    @property
    def choice_label(self) -> str:
        return f"{self.label}（{self.unit}）"


_registered: dict[str, Metric] | None = None


def all_metrics() -> dict[str, Metric]:
    """Every installed module's metrics by key, in INSTALLED_APPS order; gathered once."""
    global _registered
    if _registered is None:
        found: dict[str, Metric] = {}
        for config, metrics in declared(DECLARATION):
            for metric in metrics:
                if metric.key in found:
                    raise ValueError(f"指标键“{metric.key}”重复：{found[metric.key].app}与{config.label}")
                found[metric.key] = metric if metric.app else _with_app(metric, config.label)
        _registered = found
    return _registered


def _with_app(metric: Metric, app: str) -> Metric:
    return replace(metric, app=app)


def get(key: str) -> Metric:
    """The metric of that key, or UnknownMetric with the message to show."""
    metric = all_metrics().get(key)
    if metric is None:
        raise UnknownMetric(key)
    return metric


def choices() -> list[tuple[str, str]]:
    """(key, 标签（单位）) for a form's select, grouped by module in registration order."""
    return [(key, metric.choice_label) for key, metric in all_metrics().items()]


class Readings:
    """The figures one page (or one command) has read: a metric is read once per park, year and day,
    however many targets are bound to it, so a list's queries do not grow with its rows."""

    def __init__(self) -> None:
        self._seen: dict[tuple, Reading] = {}

    def read(self, key: str, *, park: Any, year: int, as_of: date) -> Reading:
        """Raises UnknownMetric for a key no module declares."""
        memo = (key, getattr(park, "pk", park), year, as_of)
        if memo not in self._seen:
            self._seen[memo] = get(key).read(park=park, year=year, as_of=as_of)
        return self._seen[memo]


def reading_of_month(value: Decimal | int | None, period: date | None, *, as_of: date) -> Reading:
    """A monthly statistic's Reading: the year's cumulative to the end of `period` ("1-10月"); with no
    month reported yet, nothing recorded as of the day asked for."""
    if period is None:
        return Reading(None, as_of, f"截至{as_of:%-m月%-d日}")
    last_day = date(period.year, 12, 31) if period.month == 12 else \
        date.fromordinal(date(period.year, period.month + 1, 1).toordinal() - 1)
    return Reading(None if value is None else Decimal(value), last_day, cumulative_label(period))
