"""What 安全生产 puts on a person's 今日待办: hazards past their deadline (chased like a project's
problems), to the unit responsible and to the committee's supervisor; hazards awaiting their recheck, to
the supervisor; 挂牌督办 hazards still open, to the leaders."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from parkops.core.offerings import TodayItem
from parkops.org.choices import Role
from parkops.safety import selectors
from parkops.safety.choices import Status
from parkops.safety.models import Hazard

LIMIT = 50


def _item(hazard: Hazard, kind: str, on: date, detail: str, urgent: bool = True) -> TodayItem:
    return TodayItem(kind=kind, title=str(hazard), url=reverse("safety:hazard_detail", args=[hazard.pk]),
                     on=on, detail=detail, urgent=urgent)


def items_for(user, today: date) -> list[TodayItem]:
    hazards = Hazard.objects.all()
    if user.role == Role.REPORTER:
        if not user.unit_id:
            return []
        hazards = hazards.filter(responsible_unit_id=user.unit_id)
    elif user.role == Role.LEADER:
        return [_item(h, "挂牌督办", h.listed_on, f"重大隐患，整改时限{h.deadline or '未定'}")
                for h in hazards.filter(listed_on__isnull=False).exclude(status=Status.CLOSED)
                .order_by("listed_on", "pk")[:LIMIT]]
    elif user.role != Role.SUPERVISOR:
        return []
    items = []
    for hazard in selectors.overdue(hazards, today=today).order_by("deadline", "pk")[:LIMIT]:
        late = (today - hazard.deadline).days
        kind = "隐患逾期" + ("（挂牌）" if hazard.listed_on else "")
        items.append(_item(hazard, kind, hazard.deadline, f"超过整改时限{late}天，{hazard.get_status_display()}"))
    if user.role == Role.SUPERVISOR:
        for hazard in hazards.filter(status=Status.AWAITING_RECHECK).order_by("rectified_on", "pk")[:LIMIT]:
            items.append(_item(hazard, "待复查", hazard.rectified_on or today, "企业已报整改完成", urgent=False))
    return items
