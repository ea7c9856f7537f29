"""What notices puts on a person's 今日待办 (core.offerings.TodayItem, declared as TODAY in site.py): their
unread messages, each opening where it points; for the system administrator, deliveries that failed."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.timezone import localdate

from parkops.core.offerings import TodayItem
from parkops.notices.choices import DeliveryStatus
from parkops.notices.models import Delivery, Message
from parkops.org.choices import Role

# The newest unread messages shown on the home page; the rest are one click away in 我的消息.
SHOWN_MESSAGES = 10


def items_for(user, today: date) -> list[TodayItem]:
    items = [TodayItem(kind="未读消息", title=message.title, url=reverse("notices:message_open", args=[message.pk]),
                       on=localdate(message.created_at), detail=message.body[:80])
             for message in Message.objects.filter(user=user, read_at__isnull=True)[:SHOWN_MESSAGES]]
    if user.role == Role.SYSTEM_ADMIN:
        failed = Delivery.objects.filter(status=DeliveryStatus.FAILED).order_by("-created_at")
        count = failed.count()
        if count:
            items.append(TodayItem(kind="推送失败", title=f"{count}条推送发送失败", urgent=True,
                                   url=reverse("notices:delivery_list") + "?status=failed",
                                   on=localdate(failed.first().created_at), detail="请检查推送通道的地址和密钥后重试"))
    return items
