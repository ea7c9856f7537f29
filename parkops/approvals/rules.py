"""The clocks of 审批代办: the one home of a step's and a case's working days, due day and light, of the
周二并联审批日, and of the figures by power and by department.

Every clock counts Chinese working days (core.workdays: weekends and holidays off, 调休 days on). A step's
clock starts on the day the step starts (the day the case is accepted, or, in sequence, the day the steps
before it are all done) and counts the working days after it, so a step done the next working day took 1.
A 补正 stops it: the working days after the day materials were asked for, through the day they came in,
are not counted (the day they came in is the enterprise's, the clock runs again from the next working
day). A case's clock is the enterprise's wait: from the day accepted to 办结, less the days it was
waiting on the enterprise's materials for any step (the union of its 补正, counted once).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from parkops.approvals.choices import LIGHT_COLOURS, Light, StepStatus
from parkops.core.formatting import share_pct
from parkops.core.periods import chinese_date
from parkops.core.workdays import add_workdays, count_workdays, is_workday

# The weekday of the joint-approval day (周二并联审批日): Monday is 0.
JOINT_WEEKDAY = 1


@dataclass(frozen=True)
class Clock:
    light: Light
    reason: str
    days: int  # working days on the clock so far (or in all, once done)
    limit: int | None
    due: date | None = None  # None while paused, waiting, done, or without a limit

    @property
    def label(self) -> str:
        return self.light.label

    @property
    def colour(self) -> str:
        return LIGHT_COLOURS[self.light]

    @property
    def overdue(self) -> bool:
        return self.light == Light.OVERDUE

    @property
    def on_time(self) -> bool | None:
        """None while open; whether done within its limit once done."""
        if self.light == Light.DONE:
            return True
        if self.light == Light.DONE_LATE:
            return False
        return None


def _pauses(step) -> list:
    # Read through the prefetched pauses (selectors.listing): no query per step.
    return list(step.pauses.all())


def paused_days(pauses: Iterable, *, until: date) -> int:
    """Working days the clock stood for these pauses, an open one counted up to `until`."""
    return sum(count_workdays(p.started_on, min(p.ended_on or until, until)).days for p in pauses
               if p.started_on < until)


def step_clock(step, *, today: date) -> Clock:
    limit = step.limit_days
    if step.started_on is None:
        return Clock(Light.WAITING, "待前一环节办结后启动", 0, limit)
    end = step.done_on or today
    pauses = _pauses(step)
    used = max(0, count_workdays(step.started_on, end).days - paused_days(pauses, until=end))
    if step.done_on is not None:
        if used <= limit:
            return Clock(Light.DONE, f"用时{used}个工作日（时限{limit}个）", used, limit)
        return Clock(Light.DONE_LATE, f"用时{used}个工作日，超过时限{limit}个工作日", used, limit)
    closed = [p for p in pauses if p.ended_on is not None]
    due = None if step.status == StepStatus.PAUSED else add_workdays(
        step.started_on, limit + paused_days(closed, until=today))
    if used > limit:
        return Clock(Light.OVERDUE, f"已用{used}个工作日，超过时限{limit}个工作日", used, limit, due)
    if step.status == StepStatus.PAUSED:
        open_pause = next((p for p in reversed(pauses) if p.ended_on is None), None)
        since = f"自{chinese_date(open_pause.started_on)}起" if open_pause else ""
        return Clock(Light.PAUSED, f"{since}补正，暂停计时（已用{used}个工作日）", used, limit)
    text = f"应于{chinese_date(due)}前办结（已用{used}个，时限{limit}个工作日）"
    if limit - used <= 1:
        return Clock(Light.DUE_SOON, text, used, limit, due)
    return Clock(Light.ON_TIME, text, used, limit, due)


def merged_pause_days(steps: Iterable, *, until: date, closed_only: bool = False) -> int:
    """Working days the case waited on the enterprise: the union of its steps' 补正, each day once."""
    spans = sorted((p.started_on, min(p.ended_on or until, until)) for step in steps for p in _pauses(step)
                   if p.started_on < until and not (closed_only and p.ended_on is None))
    merged: list[list[date]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return sum(count_workdays(start, end).days for start, end in merged)


@dataclass(frozen=True)
class CaseClock(Clock):
    steps: tuple = field(default=())  # (step, Clock) in order


def case_clock(case, *, today: date) -> CaseClock:
    steps = list(case.steps.all())
    step_clocks = tuple((step, step_clock(step, today=today)) for step in steps)
    end = case.closed_on or today
    used = max(0, count_workdays(case.filed_on, end).days - merged_pause_days(steps, until=end))
    limit = case.limit_days
    if case.closed_on is not None:
        if limit is None or used <= limit:
            return CaseClock(Light.DONE, f"用时{used}个工作日" + (f"（承诺{limit}个）" if limit else ""), used, limit,
                             steps=step_clocks)
        return CaseClock(Light.DONE_LATE, f"用时{used}个工作日，超过承诺时限{limit}个工作日", used, limit,
                         steps=step_clocks)
    lights = {clock.light for _, clock in step_clocks}
    due = None
    if limit is not None and Light.PAUSED not in lights:
        due = add_workdays(case.filed_on, limit + merged_pause_days(steps, until=today, closed_only=True))
    late_steps = [f"{step.unit}" for step, clock in step_clocks if clock.overdue]
    if limit is not None and used > limit:
        return CaseClock(Light.OVERDUE, f"已用{used}个工作日，超过承诺时限{limit}个工作日", used, limit, due, step_clocks)
    if late_steps:
        return CaseClock(Light.OVERDUE, f"{'、'.join(late_steps)}环节逾期", used, limit, due, step_clocks)
    promised = f"（已用{used}个，承诺{limit}个工作日）" if limit else f"（已用{used}个工作日）"
    if Light.PAUSED in lights:
        return CaseClock(Light.PAUSED, "等待企业补正材料" + promised, used, limit, due, step_clocks)
    if (limit is not None and limit - used <= 1) or Light.DUE_SOON in lights:
        return CaseClock(Light.DUE_SOON, (f"应于{chinese_date(due)}前办结" if due else "有环节临期") + promised, used,
                         limit, due, step_clocks)
    return CaseClock(Light.ON_TIME, (f"应于{chinese_date(due)}前办结" if due else "正在办理") + promised, used, limit,
                     due, step_clocks)


def next_due(clock: CaseClock) -> date | None:
    """The first day something of the case falls due: its own promise or an open step's limit."""
    days = [clock.due] + [c.due for _, c in clock.steps]
    days = [day for day in days if day is not None]
    return min(days) if days else None


def joint_day(today: date) -> date:
    """The next 周二并联审批日 (today when it is Tuesday)."""
    return today + timedelta(days=(JOINT_WEEKDAY - today.weekday()) % 7)


def joint_day_note(day: date) -> str:
    return "" if is_workday(day) else f"{chinese_date(day)}为节假日，并联审批日请另行安排。"


def _average(total: int, count: int) -> Decimal | None:
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Tally:
    """Cases (or steps) of a power or a department: how many, how many done, on time, and the average
    working days of those done."""

    total: int = 0
    done: int = 0
    on_time: int = 0
    days: int = 0
    overdue_open: int = 0

    def add(self, clock: Clock) -> None:
        self.total += 1
        if clock.on_time is not None:
            self.done += 1
            self.on_time += clock.on_time
            self.days += clock.days
        elif clock.overdue:
            self.overdue_open += 1

    @property
    def on_time_rate(self) -> Decimal | None:
        return share_pct(Decimal(self.on_time), Decimal(self.done)) if self.done else None

    @property
    def average_days(self) -> Decimal | None:
        return _average(self.days, self.done)
