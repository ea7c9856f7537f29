"""The clock of a case and its light, and the coverage rate: one home each.

The clock of each type counts Chinese working days (core.workdays: weekends and holidays off, 调休
Saturdays and Sundays on), as the 12345 hotline's 办理时限 do: 应急 the same day, 咨询 and 求助 3 working
days, 建议 and 投诉 13. A 信访事项 is 《信访工作条例》's (2022, 第三十二条): 自受理之日起60日内办结, in
calendar days. The defaults are settings.STABILITY_CASE_CLOCKS; a park's CaseRules overrides them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from parkops.core.periods import chinese_date
from parkops.core.workdays import add_workdays, count_workdays, is_workday, unknown_years_note
from parkops.stability.choices import CASE_LIGHT_COLOURS, CaseKind, CaseLight, Escalation

# The type counted in calendar days; every other type counts working days.
CALENDAR_DAY_KINDS = {CaseKind.PETITION}


def clocks(park=None) -> dict[str, int]:
    """Type → days, the park's own where it set one."""
    defaults = dict(settings.STABILITY_CASE_CLOCKS)
    own = getattr(park, "case_rules", None) if park is not None and park.pk else None
    if own is not None:
        for kind in CaseKind:
            value = getattr(own, f"{kind.value}_days", None)
            if value is not None:
                defaults[kind.value] = value
    return defaults


def clock_label(kind: str, days: int) -> str:
    if days == 0:
        return "当日办结"
    return f"{days}日" if kind in CALENDAR_DAY_KINDS else f"{days}个工作日"


def due_on(*, kind: str, received_on: date, park=None) -> date:
    """The last day to close a case of this type received on that day."""
    days = clocks(park)[kind]
    if kind in CALENDAR_DAY_KINDS:
        return received_on + timedelta(days=days)
    return add_workdays(received_on, days)


def clock_note(case) -> str:
    """A due day counted Monday to Friday because its year's holidays are not yet entered says so."""
    if case.kind in CALENDAR_DAY_KINDS:
        return ""
    return unknown_years_note(count_workdays(case.received_on, case.due_on).unknown_years)


@dataclass(frozen=True)
class Light:
    light: CaseLight
    reason: str

    @property
    def label(self) -> str:
        return self.light.label

    @property
    def colour(self) -> str:
        return CASE_LIGHT_COLOURS[self.light]


def case_light(case, *, today: date) -> Light:
    """逾期 past its day and open; 临期 on its last working day; closed on or after its day, 按期 or 超期."""
    if case.closed_on is not None:
        if case.closed_on > case.due_on:
            return Light(CaseLight.CLOSED_LATE, f"{chinese_date(case.closed_on)}办结，超过时限{chinese_date(case.due_on)}")
        return Light(CaseLight.DONE, f"{chinese_date(case.closed_on)}办结")
    if today > case.due_on:
        late = count_workdays(case.due_on, today).days
        return Light(CaseLight.OVERDUE, f"时限{chinese_date(case.due_on)}，已逾期{late}个工作日")
    if count_workdays(today, case.due_on).days <= 1 or not is_workday(today) and today == case.due_on:
        return Light(CaseLight.DUE_SOON, f"时限{chinese_date(case.due_on)}，请抓紧办理")
    return Light(CaseLight.ON_TIME, f"时限{chinese_date(case.due_on)}")


def escalation_due(case, *, today: date) -> int:
    """An open case past its day goes to the supervisor; after STABILITY_ESCALATE_TO_LEADER_WORKDAYS more
    working days, to its leader (包案领导) too. Only rises."""
    if case.closed_on is not None or today <= case.due_on:
        return Escalation.NONE
    late = count_workdays(case.due_on, today).days
    if late > settings.STABILITY_ESCALATE_TO_LEADER_WORKDAYS:
        return Escalation.LEADER
    return Escalation.SUPERVISOR


def rate_pct(part: int, whole: int) -> Decimal | None:
    """A coverage rate, as the park reports it: per cent, one decimal (11.1%)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
