"""A hazard's light (亮灯): one rule, read by the list, the page, the dashboard, 今日待办 and the reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from parkops.core.periods import chinese_date
from parkops.safety.choices import LIGHT_COLOURS, Light, Status
from parkops.safety.rules import days_overdue, setting


@dataclass(frozen=True)
class HazardLight:
    light: Light
    reason: str
    days_overdue: int = 0

    @property
    def label(self) -> str:
        return self.light.label

    @property
    def colour(self) -> str:
        return LIGHT_COLOURS[self.light]


def hazard_light(hazard, *, today: date) -> HazardLight:
    if hazard.status == Status.CLOSED:
        return HazardLight(Light.CLOSED, f"{chinese_date(hazard.closed_on)}复查通过" if hazard.closed_on else "已关闭")
    if hazard.status == Status.REGISTERED:
        return HazardLight(Light.NOT_ISSUED, "尚未下达整改通知")
    if hazard.status == Status.AWAITING_RECHECK:
        return HazardLight(Light.AWAITING, "企业已报整改完成，待复查")
    if hazard.deadline is None:
        return HazardLight(Light.ON_TIME, "未定整改时限")
    late = days_overdue(deadline=hazard.deadline, status=hazard.status, today=today)
    if late:
        return HazardLight(Light.OVERDUE, f"超过整改时限{chinese_date(hazard.deadline)} {late}天", late)
    left = (hazard.deadline - today).days
    if left <= setting("due_soon_days"):
        return HazardLight(Light.DUE_SOON, f"距整改时限还有{left}天" if left else "今天到期")
    return HazardLight(Light.ON_TIME, f"整改时限{chinese_date(hazard.deadline)}")
