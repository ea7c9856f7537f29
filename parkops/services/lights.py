"""A request's light on its working-day clock (亮灯): the one home of the rule.

Resolved: 按时办结 or 超时办结 against its (possibly extended) due day. Open: 逾期 once the stage it is at
has passed its due day (not accepted by the accept day, no first reply by the reply day, not resolved by
the resolve day); 临期 on the last working day before a due day or on the day itself; else 正常办理.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from parkops.core.periods import chinese_date
from parkops.core.workdays import add_workdays
from parkops.services.choices import LIGHT_COLOURS, Light, Status


@dataclass(frozen=True)
class RequestLight:
    light: Light
    reason: str
    since: date | None = None  # for 逾期: the due day that was missed

    @property
    def label(self) -> str:
        return self.light.label

    @property
    def colour(self) -> str:
        return LIGHT_COLOURS[self.light]

    @property
    def overdue(self) -> bool:
        return self.light == Light.OVERDUE


def _missed(request) -> Iterator[tuple[str, date]]:
    """The first stage past its due day, with the day."""
    if request.status in (Status.SUBMITTED, Status.ROUTED) and request.accept_due:
        yield "受理", request.accept_due
    if request.replied_on is None and request.reply_due:
        yield "答复", request.reply_due
    if request.resolve_due:
        yield "办结", request.resolve_due


def request_light(request, *, today: date) -> RequestLight:
    if request.resolved_on is not None:
        if request.resolve_due is None or request.resolved_on <= request.resolve_due:
            return RequestLight(Light.DONE, f"已于{chinese_date(request.resolved_on)}办结")
        return RequestLight(Light.DONE_LATE, f"{chinese_date(request.resolved_on)}办结，"
                                             f"超过办结期限{chinese_date(request.resolve_due)}")
    stages = list(_missed(request))
    for stage, due in stages:
        if today > due:
            return RequestLight(Light.OVERDUE, f"应于{chinese_date(due)}前{stage}，已逾期", since=due)
    soon = add_workdays(today, 1)
    for stage, due in stages:
        if due <= soon:
            return RequestLight(Light.DUE_SOON, f"应于{chinese_date(due)}前{stage}")
    if stages:
        stage, due = stages[0]
        return RequestLight(Light.ON_TIME, f"应于{chinese_date(due)}前{stage}")
    return RequestLight(Light.ON_TIME, "正在办理")
