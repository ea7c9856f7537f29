"""What the 定时推送 page shows of the worker: each schedule, when it runs next, how its last run went."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django_q.models import Schedule, Task

from parkops.jobs.schedules import WANTED, Wanted


@dataclass(frozen=True)
class ScheduleRow:
    wanted: Wanted
    next_run: datetime | None
    last: Task | None

    @property
    def last_result(self) -> str:
        """The task's own summary line; for a failure, the error without the traceback."""
        if self.last is None:
            return ""
        if isinstance(self.last.result, int):  # notices.deliver_due answers with a count
            return f"处理{self.last.result}条推送"
        text = str(self.last.result if self.last.result is not None else "")
        return text.split(" : Traceback", 1)[0].strip()


def schedule_rows() -> list[ScheduleRow]:
    """The five schedules in timetable order, with their last run (the scheduler names each task's
    group after its schedule). A schedule the worker has not yet created shows without a next run."""
    schedules = {s.name: s for s in Schedule.objects.filter(name__in=[w.name for w in WANTED])}
    rows = []
    for wanted in WANTED:
        schedule = schedules.get(wanted.name)
        last = Task.objects.filter(group=wanted.name).order_by("-stopped").first()
        rows.append(ScheduleRow(wanted, schedule.next_run if schedule else None, last))
    return rows
