"""What 审批代办 puts on a person's 今日待办: a department's steps past their limit or due within a working
day, to its reporters; the overdue cases, to the supervisor and to the 代办员 who carries them."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from parkops.approvals import selectors
from parkops.approvals.choices import CaseStatus, Light
from parkops.approvals.models import ApprovalCase
from parkops.core.offerings import TodayItem
from parkops.org.choices import Role


def items_for(user, today: date) -> list[TodayItem]:
    if user.role not in (Role.SUPERVISOR, Role.REPORTER):
        return []
    cases = ApprovalCase.objects.filter(status=CaseStatus.OPEN)
    if user.role == Role.REPORTER:
        if not user.unit_id:
            cases = cases.filter(agent=user)
        else:
            cases = cases.filter(pk__in=ApprovalCase.objects.filter(steps__unit_id=user.unit_id).values("pk")) | \
                cases.filter(agent=user)
    items = []
    for row in selectors.with_clocks(selectors.listing(cases.distinct()), today=today):
        url = reverse("approvals:case_detail", args=[row.case.pk])
        mine = [(step, clock) for step, clock in row.clock.steps
                if user.role == Role.SUPERVISOR or row.case.agent_id == user.pk or step.unit_id == user.unit_id]
        for step, clock in mine:
            if clock.light in (Light.OVERDUE, Light.DUE_SOON):
                items.append(TodayItem(kind="审批逾期" if clock.overdue else "审批临期", title=f"{row.case}·{step.unit}",
                                       url=url, on=clock.due or today, detail=clock.reason, urgent=clock.overdue))
    return items
