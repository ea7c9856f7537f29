"""A cash-out's light on its working-day clocks (亮灯): the one home of the rule.

待审核 runs on the review clock (the policy's 审核时限 from the day applied), 待兑现 on the payment clock
(its 兑现时限 from the day approved, or confirmed for 免申即享). 逾期 past the due day; 临期 on the last
working day before it or on the day itself; paid: 按时兑现 or 超时兑现 against the payment due day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from parkops.core.periods import chinese_date
from parkops.core.workdays import add_workdays
from parkops.policies.choices import LIGHT_COLOURS, Light, Status


@dataclass(frozen=True)
class ApplicationLight:
    light: Light
    reason: str

    @property
    def label(self) -> str:
        return self.light.label

    @property
    def colour(self) -> str:
        return LIGHT_COLOURS[self.light]

    @property
    def overdue(self) -> bool:
        return self.light == Light.OVERDUE


def application_light(application, *, today: date) -> ApplicationLight:
    if application.status == Status.REJECTED:
        return ApplicationLight(Light.CLOSED, application.review_note or "审核未通过")
    if application.status == Status.PAID:
        if application.payment_due is None or application.paid_on <= application.payment_due:
            return ApplicationLight(Light.DONE, f"已于{chinese_date(application.paid_on)}兑现")
        return ApplicationLight(Light.DONE_LATE, f"{chinese_date(application.paid_on)}兑现，"
                                                 f"超过兑现期限{chinese_date(application.payment_due)}")
    stage, due = ("审核", application.review_due) if application.status == Status.SUBMITTED else \
        ("兑现", application.payment_due)
    if due is None:
        return ApplicationLight(Light.ON_TIME, f"待{stage}")
    if today > due:
        return ApplicationLight(Light.OVERDUE, f"应于{chinese_date(due)}前{stage}，已逾期")
    if due <= add_workdays(today, 1):
        return ApplicationLight(Light.DUE_SOON, f"应于{chinese_date(due)}前{stage}")
    return ApplicationLight(Light.ON_TIME, f"应于{chinese_date(due)}前{stage}")
