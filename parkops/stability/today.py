"""What 信访与平安 puts on a person's 今日待办: cases past their 办理时限, to the handling unit's 填报员,
to the committee's supervisor, and to a case's 包案领导 once it has been escalated to him; cases replied
and waiting for the 回访, to the supervisor."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from parkops.core.offerings import TodayItem
from parkops.org.choices import Role
from parkops.stability import rules, selectors
from parkops.stability.choices import CaseStatus, Escalation
from parkops.stability.models import Case


def items_for(user, today: date) -> list[TodayItem]:
    cases = Case.objects.all()
    if user.role == Role.REPORTER:
        if not user.unit_id:
            return []
        cases = cases.filter(handling_unit_id=user.unit_id)
    elif user.role == Role.LEADER:
        if not user.person_id:
            return []
        cases = cases.filter(leader_id=user.person_id, escalation__gte=Escalation.LEADER)
    elif user.role != Role.SUPERVISOR:
        return []
    items = [TodayItem(kind="信访件逾期", title=str(case), url=reverse("stability:case_detail", args=[case.pk]),
                       on=case.due_on, detail=f"{case.handling_unit or '未交办'}：{rules.case_light(case, today=today).reason}",
                       urgent=True)
             for case in selectors.overdue(cases, today=today)]
    if user.role == Role.SUPERVISOR:
        items += [TodayItem(kind="待回访", title=str(case), url=reverse("stability:case_detail", args=[case.pk]),
                            on=case.replied_on or today, detail=f"{case.handling_unit or ''}已答复，请回访并办结")
                  for case in cases.filter(status=CaseStatus.REPLIED).select_related("handling_unit")]
    return items
