"""The rules of 生态环境, each in one place.

- A reading is over its limit when its value is above the limit (or below the lower limit of a range,
  as pH 6～9 has): at the limit is within it, as the discharge standards (GB 8978, GB 16297) read it.
- A feedback item or a 小散乱污 disposal is 临期 within DUE_SOON_DAYS calendar days of its deadline and
  逾期 past it while not done.
- The hazard and the supervision task an exceedance opens are due EXCEEDANCE_WORKDAYS working days
  (core.workdays, 调休 included) after the day of the reading.
- A 回头看 is planned REVIEW_AFTER_DAYS after 销号 unless the supervisor picks another day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from parkops.core.workdays import add_workdays
from parkops.environment.choices import LIGHT_COLOURS, DisposalStatus, FeedbackStatus, Light

DUE_SOON_DAYS = 7
EXCEEDANCE_WORKDAYS = 10
REVIEW_AFTER_DAYS = 90
# The unit an exceedance's supervision task is led by, when the park has one of these names.
ECOLOGY_UNITS = ("生态环境局", "生态环境分局", "环保局", "环境保护局")


def over_limit(*, value: Decimal, limit: Decimal | None, lower: Decimal | None = None) -> bool:
    if limit is not None and value > limit:
        return True
    return lower is not None and value < lower


def exceedance_deadline(measured_on: date) -> date:
    return add_workdays(measured_on, EXCEEDANCE_WORKDAYS)


def review_day(closed_on: date) -> date:
    return closed_on + timedelta(days=REVIEW_AFTER_DAYS)


@dataclass(frozen=True)
class LightResult:
    light: str
    reason: str

    @property
    def label(self) -> str:
        return Light(self.light).label

    @property
    def colour(self) -> str:
        return LIGHT_COLOURS[self.light]


def _by_deadline(deadline: date | None, today: date) -> LightResult:
    if deadline is None:
        return LightResult(Light.ON_TIME, "未定整改时限")
    if today > deadline:
        return LightResult(Light.OVERDUE, f"时限{deadline:%Y-%m-%d}已过，尚未完成")
    if (deadline - today).days <= DUE_SOON_DAYS:
        return LightResult(Light.DUE_SOON, f"时限{deadline:%Y-%m-%d}将到")
    return LightResult(Light.ON_TIME, f"时限{deadline:%Y-%m-%d}")


def feedback_light(*, status: str, deadline: date | None, today: date) -> LightResult:
    if status == FeedbackStatus.CLOSED:
        return LightResult(Light.DONE, "已销号")
    return _by_deadline(deadline, today)


def disposal_light(*, status: str, deadline: date | None, today: date) -> LightResult:
    if status == DisposalStatus.DONE:
        return LightResult(Light.DONE, "已完成处置")
    return _by_deadline(deadline, today)
