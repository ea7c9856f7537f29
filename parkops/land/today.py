"""What 土地与厂房 puts on a person's 今日待办 (core.offerings.TodayItem, declared as TODAY in site.py): the
disposal cases past their 完成时限 or with a step late, chased like a project's problems, to the unit
responsible, to the case's leader, and to the committee's supervisor."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from parkops.core.offerings import TodayItem
from parkops.land import selectors
from parkops.land.choices import CHASED_CASE_LIGHTS
from parkops.land.models import DisposalCase
from parkops.org.choices import Role


def items_for(user, today: date) -> list[TodayItem]:
    cases = DisposalCase.objects.filter(closed_on__isnull=True)
    if user.role == Role.REPORTER:
        if not user.unit_id:
            return []
        cases = cases.filter(responsible_unit_id=user.unit_id)
    elif user.role == Role.LEADER:
        if not user.person_id:
            return []
        cases = cases.filter(leader_id=user.person_id)
    elif user.role != Role.SUPERVISOR:
        return []
    return [TodayItem(kind=f"处置{row.light.label}", title=str(row.case.parcel),
                      url=reverse("land:parcel_detail", args=[row.case.parcel_id]),
                      on=row.light.since or today, detail=row.light.reason, urgent=True)
            for row in selectors.with_lights(cases, today=today) if row.light.light in CHASED_CASE_LIGHTS]
