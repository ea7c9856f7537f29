"""Reads of 审批代办 that are more than a filter: the listings with their clocks, the 并联审批日 agenda,
the figures by power and by department, and an enterprise's own cases (for its 园企之窗, which services
reads through here: the hand-over .importlinter names)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from parkops.approvals.choices import CaseStatus
from parkops.approvals.models import ApprovalCase, Pause, Power, Step
from parkops.approvals.rules import CaseClock, Tally, case_clock, joint_day, next_due


@dataclass
class CaseRow:
    case: ApprovalCase
    clock: CaseClock

    @property
    def next_due(self) -> date | None:
        return next_due(self.clock)


def listing(cases: QuerySet[ApprovalCase]) -> QuerySet[ApprovalCase]:
    """Cases with what their clocks and rows read, in a fixed number of queries whatever their number."""
    steps = Step.objects.select_related("unit").prefetch_related(Prefetch("pauses", Pause.objects.order_by(
        "started_on", "pk")))
    return cases.select_related("enterprise", "power", "agent", "park").prefetch_related(
        Prefetch("steps", steps.order_by("position", "pk")))


def with_clocks(cases, *, today: date) -> list[CaseRow]:
    return [CaseRow(case, case_clock(case, today=today)) for case in cases]


def power_listing(powers: QuerySet[Power]) -> QuerySet[Power]:
    return powers.select_related("source_unit").prefetch_related("mode_changes")


@dataclass
class Agenda:
    """The 周二并联审批日: the open cases due by that day (overdue ones first), and the cases accepted since
    the last joint day, for the departments sitting together to take up."""

    day: date
    due: list[CaseRow]
    new: list[CaseRow]


def agenda(cases: QuerySet[ApprovalCase], *, today: date, day: date | None = None) -> Agenda:
    day = day or joint_day(today)
    rows = with_clocks(listing(cases.filter(status=CaseStatus.OPEN)), today=today)
    due = sorted((row for row in rows if row.next_due is not None and row.next_due <= day or row.clock.overdue),
                 key=lambda row: (row.next_due or date.min, row.case.pk))
    shown = {row.case.pk for row in due}
    since = date.fromordinal(day.toordinal() - 7)
    new = [row for row in rows if since < row.case.filed_on <= day and row.case.pk not in shown]
    return Agenda(day=day, due=due, new=new)


def tallies_by_power(rows: list[CaseRow]) -> list[tuple[str, Tally]]:
    found: dict[str, Tally] = {}
    for row in rows:
        found.setdefault(str(row.case.power) if row.case.power_id else "其他事项（未列入清单）", Tally()).add(row.clock)
    return sorted(found.items(), key=lambda item: (-item[1].total, item[0]))


def tallies_by_unit(rows: list[CaseRow]) -> list[tuple[str, Tally]]:
    """Each department's steps: how many, done, on time, average working days."""
    found: dict[str, Tally] = {}
    for row in rows:
        for step, clock in row.clock.steps:
            found.setdefault(str(step.unit), Tally()).add(clock)
    return sorted(found.items(), key=lambda item: (-item[1].total, item[0]))


def total(rows: list[CaseRow]) -> Tally:
    tally = Tally()
    for row in rows:
        tally.add(row.clock)
    return tally


def enterprise_cases(*, enterprise_id: int, today: date) -> list[CaseRow]:
    """An enterprise's own cases with their clocks, newest first: what its 园企之窗 shows."""
    return with_clocks(listing(ApprovalCase.objects.filter(enterprise_id=enterprise_id)), today=today)


@dataclass
class Statistics:
    """What the 审批办理情况统计表 says: all the park's cases as of a day, by power and by department."""

    as_of: date
    total: Tally
    by_power: list[tuple[str, Tally]]
    by_unit: list[tuple[str, Tally]]
    overdue: list[CaseRow]


def statistics(*, park, today: date) -> Statistics:
    rows = with_clocks(listing(ApprovalCase.objects.filter(park=park, filed_on__lte=today)), today=today)
    return Statistics(as_of=today, total=total(rows), by_power=tallies_by_power(rows), by_unit=tallies_by_unit(rows),
                      overdue=[row for row in rows if row.clock.overdue])
