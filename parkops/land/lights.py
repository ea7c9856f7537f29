"""A disposal case's light, on supervision's scale (亮灯督办): the one home of the rule.

已完成 once closed; 逾期 past its 完成时限; 滞后 when a step is past its planned day undone; 未启动 while
nothing has been done or reported; else 序时推进."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from parkops.core.formatting import plain_number
from parkops.core.periods import chinese_date
from parkops.land.choices import CASE_LIGHT_COLOURS, CaseLight


@dataclass(frozen=True)
class CaseLightFinding:
    light: CaseLight
    reason: str
    since: date | None = None  # for 逾期 and 滞后: the day that was missed

    @property
    def label(self) -> str:
        return self.light.label

    @property
    def colour(self) -> str:
        return CASE_LIGHT_COLOURS[self.light]


def case_light(case, *, today: date, steps=None) -> CaseLightFinding:
    """`steps` the case's steps, when the caller has them already (a list page prefetches them)."""
    if case.closed_on is not None:
        mu = f"，盘活{plain_number(case.revitalised_mu)}亩" if case.revitalised_mu is not None else ""
        return CaseLightFinding(CaseLight.DONE, f"已于{chinese_date(case.closed_on)}办结{mu}")
    if case.deadline is not None and today > case.deadline:
        return CaseLightFinding(CaseLight.OVERDUE, f"完成时限{chinese_date(case.deadline)}，已逾期{(today - case.deadline).days}天",
                                since=case.deadline)
    steps = list(case.steps.all() if steps is None else steps)
    late = [s for s in steps if s.done_on is None and s.planned_on is not None and s.planned_on < today]
    if late:
        first = min(late, key=lambda s: s.planned_on)
        return CaseLightFinding(CaseLight.BEHIND, f"步骤“{first.title}”计划{chinese_date(first.planned_on)}完成，"
                                                  f"已逾期{(today - first.planned_on).days}天", since=first.planned_on)
    if not any(s.done_on for s in steps) and not (case.progress or "").strip():
        return CaseLightFinding(CaseLight.NOT_STARTED, "尚未开展处置工作")
    if case.deadline is None:
        return CaseLightFinding(CaseLight.ON_SCHEDULE, "正在处置，未定完成时限")
    return CaseLightFinding(CaseLight.ON_SCHEDULE, f"完成时限{chinese_date(case.deadline)}，剩余{(case.deadline - today).days}天")
