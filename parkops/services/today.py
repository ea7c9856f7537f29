"""What 企业服务 puts on a person's 今日待办 (core.offerings.TodayItem): the requests past a due day, to the
unit handling them and to the committee's supervisor; new requests waiting to be routed, to the
supervisor; to an enterprise, its resolved requests waiting for its rating."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from parkops.core.offerings import TodayItem
from parkops.org.choices import Role
from parkops.services import selectors
from parkops.services.choices import Status
from parkops.services.models import ServiceRequest
from parkops.services.permissions import enterprise_of
from parkops.services.services import overdue_requests


def _item(row, kind: str, *, urgent: bool, on: date) -> TodayItem:
    return TodayItem(kind=kind, title=str(row.request), url=reverse("services:request_detail", args=[row.request.pk]),
                     on=row.light.since or on, detail=row.light.reason, urgent=urgent)


def items_for(user, today: date) -> list[TodayItem]:
    if user.role == Role.ENTERPRISE:
        enterprise = enterprise_of(user)
        if enterprise is None:
            return []
        waiting = ServiceRequest.objects.filter(enterprise=enterprise, status=Status.RESOLVED, rating="")
        return [TodayItem(kind="待评价", title=str(r), url=reverse("services:request_detail", args=[r.pk]),
                          on=r.resolved_on or today, detail="诉求已办结，请评价办理结果") for r in waiting]
    overdue = overdue_requests(today=today)
    if user.role == Role.REPORTER:
        if not user.unit_id:
            return []
        overdue = overdue.filter(unit_id=user.unit_id)
        new = ServiceRequest.objects.filter(unit_id=user.unit_id, status=Status.ROUTED).exclude(pk__in=overdue)
        new_kind = "诉求待受理"
    elif user.role == Role.SUPERVISOR:
        new = ServiceRequest.objects.filter(status=Status.SUBMITTED).exclude(pk__in=overdue)
        new_kind = "诉求待分派"
    else:
        return []
    items = [_item(row, "诉求逾期", urgent=True, on=today)
             for row in selectors.with_lights(selectors.listing(overdue), today=today)]
    items += [_item(row, new_kind, urgent=False, on=row.request.filed_on)
              for row in selectors.with_lights(selectors.listing(new), today=today)]
    return items
