"""A plan with a task of 工信局's, its reporter, the unit's robot channel, and a clock that can be set."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from django import db
from django.utils import timezone

from parkops.notices.choices import ChannelKind
from parkops.notices.models import Channel
from parkops.org.choices import Role
from parkops.reports.models import GeneratedReport, ReportStatus
from parkops.supervision.choices import ReportStatus as ProgressStatus
from parkops.supervision.models import Plan, ProgressReport, Task
from parkops.testing.factories import PlanFactory, TaskFactory, UnitFactory, UserFactory

DOCX = b"PK\x03\x04 stand-in docx " + bytes(range(64))


class TickingClock:
    """timezone.now at a chosen moment, a millisecond later at each call: django-q's database queue locks
    a task until "now" and takes only what is locked until before "now", so time must move a little."""

    def __init__(self, start: datetime):
        self.moment = start

    def __call__(self) -> datetime:
        self.moment += timedelta(milliseconds=1)
        return self.moment

    def set(self, moment: datetime) -> None:
        self.moment = moment

    def set_local(self, day: date, hour: int = 9, minute: int = 0) -> None:
        self.moment = timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


@pytest.fixture
def ticking_clock(monkeypatch) -> TickingClock:
    clock = TickingClock(datetime(2026, 11, 2, 1, 0, tzinfo=UTC))  # Monday 09:00 in Beijing
    monkeypatch.setattr(timezone, "now", clock)
    return clock


@pytest.fixture(autouse=True)
def worker_keeps_the_test_connection(monkeypatch):
    # django-q's scheduler and worker first close stale database connections, as a long-running process
    # should; a test runs inside one transaction on one connection, which that would end (PostgreSQL).
    monkeypatch.setattr(db, "close_old_connections", lambda **kwargs: None)


@dataclass
class World:
    plan: Plan
    task: Task
    unit: object
    reporter: object
    channel: Channel
    cooperating_reporter: object


@pytest.fixture
def world(park, unit, reporter) -> World:
    """2026年县《政府工作报告》目标任务, monthly, due on the 5th: task 9 led by 工信局 (whose September report
    is in), with 发改委 cooperating. October's report falls due on 5 November 2026."""
    plan = PlanFactory(park=park, name="2026年县《政府工作报告》目标任务", year=2026, due_day=5)
    cooperating = UnitFactory(park=park, name="发改委")
    task = TaskFactory(plan=plan, number="9", text="坚持工业强县战略不动摇，力争工业营业收入达到720亿元。",
                       lead_units=[unit], cooperating_units=[cooperating])
    ProgressReport.objects.create(task=task, unit=unit, period=date(2026, 9, 1), text="1-9月营业收入350亿元。",
                                  status=ProgressStatus.ACCEPTED)
    channel = Channel.objects.create(park=park, unit=unit, kind=ChannelKind.WECOM, name="工信局工作群",
                                     address="http://127.0.0.1:9/robot")
    cooperating_reporter = UserFactory(username="fgw", role=Role.REPORTER, unit=cooperating)
    return World(plan, task, unit, reporter, channel, cooperating_reporter)


@dataclass
class StandInReports:
    calls: list

    @property
    def codes(self) -> list[str]:
        return [call["code"] for call in self.calls]


@pytest.fixture
def stand_in_reports(monkeypatch) -> StandInReports:
    """reports.services.generate_report without drawing anything up: a stored, finished report with a small
    Word file, titled as the report centre titles it. (The report types are being written elsewhere; this
    keeps these tests about sending.)"""
    from parkops.reports import services

    stand_in = StandInReports(calls=[])
    titles = {"supervision_bulletin": "督办通报", "economic_brief": "经济运行简报"}

    def generate_report(code, *, park, period=None, plan=None, day=None, user=None):
        stand_in.calls.append({"code": code, "park": park, "period": period, "day": day})
        return GeneratedReport.objects.create(
            report_type=code, park=park, title=f"{period:%Y年%-m月}{titles[code]}", period=period, day=day,
            status=ReportStatus.DONE, docx=DOCX)

    monkeypatch.setattr(services, "generate_report", generate_report)
    return stand_in
