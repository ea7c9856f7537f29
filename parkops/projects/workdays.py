"""The approval clock from signing to construction start (签约至开工), in Chinese working days
(core.workdays)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from parkops.core.workdays import count_workdays, unknown_years_note
from parkops.projects.choices import Stage
from parkops.projects.models import Project


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
