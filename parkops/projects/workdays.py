"""Chinese working days, and the approval clock from signing to construction start (签约至开工).

Service time limits ("50个工作日") count working days as the State Council's holiday notice sets them:
weekends and public holidays off, the make-up Saturdays and Sundays (调休) on. The `chinese-calendar`
package carries the notices up to its release and raises NotImplementedError for any year after (or
before 2004). A clock must never crash on such a date, nor silently count wrong: for a year the
package does not know we count Monday to Friday and every description says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar
from django.conf import settings

from parkops.projects.choices import Stage
from parkops.projects.models import Project


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


def _first_event_on(project: Project, stage: str, after: date | None = None) -> date | None:
    dates = [e.on for e in project.stage_events.all() if e.stage == stage and (after is None or e.on >= after)]
    return min(dates, default=None)


@dataclass(frozen=True)
class ApprovalClock:
    """签约至开工: the working days from signing the entry agreement to construction start."""

    signed_on: date | None
    started_on: date | None
    workdays: int | None
    target: int
    unknown_years: tuple[int, ...] = ()

    @property
    def is_running(self) -> bool:
        return self.signed_on is not None and self.started_on is None

    @property
    def is_over(self) -> bool:
        return self.workdays is not None and self.workdays > self.target

    @property
    def description(self) -> str:
        if self.signed_on is None:
            text = "已开工，未记录签约日期，无法计算审批用时" if self.started_on else "尚未签约"
            return text
        over = self.workdays - self.target if self.workdays is not None else 0
        if self.started_on is not None:
            text = f"签约至开工用时{self.workdays}个工作日（目标{self.target}个"
            text += f"，超出{over}个）" if over > 0 else "）"
        else:
            text = f"已签约{self.workdays}个工作日，尚未开工（目标{self.target}个"
            text += f"，已超出{over}个）" if over > 0 else "）"
        note = unknown_years_note(self.unknown_years)
        return f"{text}；{note}" if note else text


def approval_clock(project: Project, *, today: date) -> ApprovalClock:
    """The project's approval clock from its stage events (prefetched by selectors.with_listing_data):
    the first 签约 event, and the first 开工 event on or after it; while not started it runs to today."""
    target = settings.APPROVAL_CLOCK_TARGET_WORKDAYS
    signed_on = _first_event_on(project, Stage.SIGNED)
    started_on = _first_event_on(project, Stage.STARTED, after=signed_on)
    if signed_on is None:
        return ApprovalClock(None, started_on, None, target)
    count = count_workdays(signed_on, started_on or today)
    return ApprovalClock(signed_on, started_on, count.days, target, count.unknown_years)
