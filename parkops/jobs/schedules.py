"""The worker's timetable, as django-q Schedule rows (times in Beijing time, settings.TIME_ZONE).

ensure_schedules() is called each time the worker starts: a missing row is created, a changed one is
put right, a row already in order keeps its next run. The rows live in the database, so a schedule due
while the worker was stopped runs once when it is back (Q_CLUSTER catch_up off: once, not once for each
missed run).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django_q.models import Schedule


@dataclass(frozen=True)
class Wanted:
    name: str  # the row's identity: stable, never shown
    label: str
    func: str
    kind: str  # Schedule.MINUTES, DAILY or WEEKLY
    at: time | None = None
    weekday: int | None = None  # Monday = 0, for WEEKLY
    minutes: int | None = None

    @property
    def timing(self) -> str:
        if self.kind == Schedule.MINUTES:
            return "每分钟" if self.minutes == 1 else f"每{self.minutes}分钟"
        clock = f"{self.at:%H:%M}"
        if self.kind == Schedule.WEEKLY:
            return f"每周{'一二三四五六日'[self.weekday]} {clock}"
        return f"每天 {clock}"

    def next_run(self, now: datetime) -> datetime:
        """The first wanted time after `now` (for a minute schedule, now itself)."""
        if self.kind == Schedule.MINUTES:
            return now
        local = timezone.localtime(now)
        candidate = local.replace(hour=self.at.hour, minute=self.at.minute, second=0, microsecond=0)
        if self.kind == Schedule.WEEKLY:
            candidate += timedelta(days=(self.weekday - candidate.weekday()) % 7)
            step = timedelta(days=7)
        else:
            step = timedelta(days=1)
        while candidate <= local:
            candidate += step
        return candidate

    def keeps_time(self, next_run: datetime | None) -> bool:
        """Whether a stored next run falls on this schedule's day and time."""
        if next_run is None:
            return False
        if self.kind == Schedule.MINUTES:
            return True
        local = timezone.localtime(next_run)
        on_time = (local.hour, local.minute, local.second) == (self.at.hour, self.at.minute, 0)
        return on_time and (self.kind != Schedule.WEEKLY or local.weekday() == self.weekday)


WANTED = (
    Wanted("parkops.deliver_due", "发送待推送消息（失败的按间隔重试）", "parkops.notices.services.deliver_due",
           Schedule.MINUTES, minutes=1),
    Wanted("parkops.send_report_reminders", "进展报送提醒", "parkops.jobs.tasks.send_report_reminders",
           Schedule.DAILY, at=time(8, 0)),
    Wanted("parkops.escalate_problems", "逾期困难问题升级", "parkops.jobs.tasks.escalate_problems",
           Schedule.DAILY, at=time(7, 0)),
    Wanted("parkops.escalate_cases", "逾期信访件升级", "parkops.jobs.tasks.escalate_cases",
           Schedule.DAILY, at=time(7, 5)),
    Wanted("parkops.escalate_hazards", "逾期隐患升级（重大隐患挂牌督办）", "parkops.jobs.tasks.escalate_hazards",
           Schedule.DAILY, at=time(7, 10)),
    Wanted("parkops.chase_overdue_requests", "逾期企业诉求提醒", "parkops.jobs.tasks.chase_overdue_requests",
           Schedule.DAILY, at=time(7, 30)),
    Wanted("parkops.chase_late_disposals", "逾期闲置土地处置提醒", "parkops.jobs.tasks.chase_late_disposals",
           Schedule.DAILY, at=time(7, 35)),
    Wanted("parkops.weekly_bulletin", "督办通报", "parkops.jobs.tasks.weekly_bulletin",
           Schedule.WEEKLY, at=time(8, 30), weekday=0),
    Wanted("parkops.brief_after_close", "经济运行简报（关账后）", "parkops.jobs.tasks.brief_after_close",
           Schedule.DAILY, at=time(9, 0)),
    Wanted("parkops.fail_stalled_reports", "中断的报告标记为失败", "parkops.jobs.tasks.fail_stalled_reports",
           Schedule.MINUTES, minutes=5),
    Wanted("parkops.fail_stalled_imports", "中断的统计数据导入标记为失败", "parkops.jobs.tasks.fail_stalled_imports",
           Schedule.MINUTES, minutes=5),
)
WANTED_BY_NAME = {wanted.name: wanted for wanted in WANTED}


@transaction.atomic
def ensure_schedules(now: datetime | None = None) -> list[Schedule]:
    """Create or put right the schedules, by name; running it again changes nothing."""
    now = now or timezone.now()
    rows = []
    for wanted in WANTED:
        existing = list(Schedule.objects.filter(name=wanted.name).order_by("pk"))
        for duplicate in existing[1:]:
            duplicate.delete()
        schedule = existing[0] if existing else Schedule(name=wanted.name)
        fields = {"func": wanted.func, "schedule_type": wanted.kind, "minutes": wanted.minutes, "repeats": -1,
                  "args": None, "kwargs": None, "cluster": None}
        changed = schedule.pk is None or any(getattr(schedule, k) != v for k, v in fields.items())
        for name, value in fields.items():
            setattr(schedule, name, value)
        if schedule.pk is None or not wanted.keeps_time(schedule.next_run):
            schedule.next_run = wanted.next_run(now)
            changed = True
        if changed:
            schedule.save()
        rows.append(schedule)
    return rows
