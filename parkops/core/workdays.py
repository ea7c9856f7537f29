"""Chinese working days: the clock of every service time limit ("50个工作日", "3个工作日内答复").

Working days are counted as the State Council's holiday notice sets them: weekends and public holidays
off, the make-up Saturdays and Sundays (调休) on. The `chinese-calendar` package carries the notices up
to its release and raises NotImplementedError for any year after (or before 2004). A clock must never
crash on such a date, nor silently count wrong: for a year the package does not know we count Monday to
Friday and every description says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar


def is_workday(day: date) -> bool:
    """A working day by the holiday notice; Monday to Friday in a year the calendar does not know."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def year_is_known(year: int) -> bool:
    """Whether the holiday notice for the year is in the calendar."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


@dataclass(frozen=True)
class WorkdayCount:
    days: int
    # Years counted Monday to Friday because their holidays are not known.
    unknown_years: tuple[int, ...] = ()


def count_workdays(start: date, end: date) -> WorkdayCount:
    """Working days after `start` up to and including `end` (a thing done the next working day took 1),
    with the years that had to be counted without their holidays."""
    if end <= start:
        return WorkdayCount(0)
    unknown = tuple(year for year in range(start.year, end.year + 1) if not year_is_known(year))
    days = 0
    day = start + timedelta(days=1)
    while day <= end:
        days += is_workday(day)
        day += timedelta(days=1)
    # The start year matters only if a counted day falls in it, which it does unless start is 31 December.
    if start.month == 12 and start.day == 31:
        unknown = tuple(year for year in unknown if year != start.year)
    return WorkdayCount(days, unknown)


def workdays_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; 0 when `end` is not after `start`."""
    return count_workdays(start, end).days


def unknown_years_note(years: tuple[int, ...]) -> str:
    if not years:
        return ""
    listed = "、".join(f"{year}年" for year in years)
    return f"{listed}节假日安排尚未录入，按周一至周五计算"


def add_workdays(start: date, days: int) -> date:
    """The day a limit of `days` working days counted from `start` runs out: the `days`-th working day
    after `start` (a request received on Friday with 1 working day to answer is due on Monday, or on the
    调休 Saturday when there is one)."""
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        remaining -= is_workday(day)
    return day
