"""The request's working-day clock: the one home of its due days and of the figures by unit and month.

Every limit counts Chinese working days (core.workdays: weekends and holidays off, 调休 days on) from the
day the request was filed, or reopened after an unsatisfied rating: a request filed on the eve of a
holiday waits for the holiday to pass, and a 调休 Saturday counts like any working day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from parkops.core.formatting import share_pct
from parkops.core.workdays import add_workdays, count_workdays
from parkops.services.choices import Rating
from parkops.services.lights import request_light


@dataclass(frozen=True)
class Limits:
    accept_days: int
    reply_days: int
    resolve_days: int
    extended_days: int


@dataclass(frozen=True)
class DueDays:
    accept_due: date
    reply_due: date
    resolve_due: date


def due_days(start: date, limits: Limits, *, extended: bool = False) -> DueDays:
    return DueDays(accept_due=add_workdays(start, limits.accept_days),
                   reply_due=add_workdays(start, limits.reply_days),
                   resolve_due=add_workdays(start, limits.extended_days if extended else limits.resolve_days))


def workdays_taken(start: date, end: date) -> int:
    """Working days from `start` to `end`: done the next working day took 1."""
    return count_workdays(start, end).days


def resolved_on_time(request) -> bool | None:
    """None while open; else whether it was resolved by its (possibly extended) due day."""
    if request.resolved_on is None:
        return None
    return request.resolve_due is None or request.resolved_on <= request.resolve_due


@dataclass
class Tally:
    """办结率, 按时办结率 and 满意率 of a set of requests (a unit's, a month's)."""

    total: int = 0
    resolved: int = 0
    on_time: int = 0
    rated: int = 0
    satisfied: int = 0  # 满意 and 基本满意
    overdue_open: int = 0  # open and past a due day of the stage it is at (lights)

    def add(self, request, *, today: date) -> None:
        self.total += 1
        if request.resolved_on is not None:
            self.resolved += 1
            self.on_time += bool(resolved_on_time(request))
        elif request_light(request, today=today).overdue:
            self.overdue_open += 1
        if request.rating:
            self.rated += 1
            self.satisfied += request.rating in (Rating.SATISFIED, Rating.FAIRLY)

    @property
    def resolved_rate(self) -> Decimal | None:
        return share_pct(Decimal(self.resolved), Decimal(self.total)) if self.total else None

    @property
    def on_time_rate(self) -> Decimal | None:
        """Of the resolved, those by their due day."""
        return share_pct(Decimal(self.on_time), Decimal(self.resolved)) if self.resolved else None

    @property
    def satisfied_rate(self) -> Decimal | None:
        """Of the rated, 满意 and 基本满意 (the usual 满意率 counts both)."""
        return share_pct(Decimal(self.satisfied), Decimal(self.rated)) if self.rated else None


# -- 企业自报 against the bureau's figures --------------------------------------------------------------

# A self-reported figure further than this from the bureau's own (either way, in percent of the bureau's)
# is flagged for the clerk: small differences of rounding and timing are the norm, not news.
SELF_REPORT_TOLERANCE_PCT = Decimal("5")


@dataclass(frozen=True)
class Difference:
    code: str
    name: str
    unit: str
    reported: Decimal | None
    bureau: Decimal | None

    @property
    def gap_pct(self) -> Decimal | None:
        """(自报 − 统计) ÷ 统计 × 100; None where either is missing or the bureau's is nought."""
        if self.reported is None or self.bureau is None or self.bureau == 0:
            return None
        return round((self.reported - self.bureau) / abs(self.bureau) * 100, 2)

    @property
    def flagged(self) -> bool:
        if self.reported is None or self.bureau is None:
            return False
        if self.bureau == 0:
            return self.reported != 0
        return abs(self.gap_pct) > SELF_REPORT_TOLERANCE_PCT


def compare(figures: dict, bureau: dict, catalogue) -> list[Difference]:
    """Each indicator of the catalogue either side holds, self-reported against the bureau's."""
    rows = []
    for code, name, unit, _ in catalogue:
        reported = Decimal(figures[code]) if figures.get(code) not in (None, "") else None
        if reported is None and bureau.get(code) is None:
            continue
        rows.append(Difference(code, name, unit, reported, bureau.get(code)))
    return rows
