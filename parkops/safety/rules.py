"""The rules of 隐患排查治理, each in one place.

- A hazard's deadline, when the one who issues the notice does not set one, is counted in working days
  (core.workdays, 调休 included) from the day it is issued: a 一般 hazard 10, a 重大 one 30 (a 重大 hazard
  needs a 治理方案 and often a stop in production).
- It is 临期 within DUE_SOON_DAYS calendar days of its deadline, 逾期 past it while still owed.
- An overdue hazard escalates to the committee's supervisor once ESCALATE_DAYS past its deadline; a
  重大 hazard overdue is 挂牌督办 at once (it is listed the day it is found if the park says so by hand).
Parks may change the numbers in settings (SAFETY_RULES); the loop itself is not a park's to change.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings

from parkops.core.workdays import add_workdays
from parkops.safety.choices import Level, Status

DEFAULTS = {"general_workdays": 10, "major_workdays": 30, "due_soon_days": 3, "escalate_days": 3}


def setting(name: str) -> int:
    return int(getattr(settings, "SAFETY_RULES", {}).get(name, DEFAULTS[name]))


def default_deadline(*, level: str, issued_on: date) -> date:
    days = setting("major_workdays") if level == Level.MAJOR else setting("general_workdays")
    return add_workdays(issued_on, days)


# Which step may follow which status: the loop, and nothing else.
NEXT = {
    "issue": (Status.REGISTERED,),
    "start": (Status.ISSUED,),
    "report": (Status.ISSUED, Status.RECTIFYING),
    "recheck": (Status.AWAITING_RECHECK,),
}


def days_overdue(*, deadline: date | None, status: str, today: date) -> int:
    """Days past the deadline while the enterprise still owes the rectification; 0 otherwise."""
    if deadline is None or status not in (Status.ISSUED, Status.RECTIFYING):
        return 0
    return max((today - deadline).days, 0)


def escalation_due(*, deadline: date | None, status: str, today: date) -> bool:
    return days_overdue(deadline=deadline, status=status, today=today) > setting("escalate_days")


def passed(*, score, pass_mark) -> bool | None:
    """A trainee passed the test at the session's pass mark; None while no score is recorded."""
    return None if score is None else score >= pass_mark
