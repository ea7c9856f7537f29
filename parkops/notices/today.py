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

# The titles of the newest unread messages named on the home page; all of them are one tap away.
NAMED_MESSAGES = 3


def items_for(user, today: date) -> list[TodayItem]:
    # One line for the unread messages, not one each: what they tell of (a return, a 催办, a reminder)
    # is on the page already, from the app it happened in; the messages are its record.
    unread = Message.objects.filter(user=user, read_at__isnull=True)
    count = unread.count()
    items = []
    if count:
        newest = list(unread[:NAMED_MESSAGES])
        named = "；".join(message.title for message in newest) + ("…" if count > len(newest) else "")
        items.append(TodayItem(kind="未读消息", title=f"{count}条未读消息", url=reverse("notices:inbox"),
                               on=localdate(newest[0].created_at), detail=named))
    if user.role == Role.SYSTEM_ADMIN:
        failed = Delivery.objects.filter(status=DeliveryStatus.FAILED).order_by("-created_at")
        count = failed.count()
        if count:
            items.append(TodayItem(kind="推送失败", title=f"{count}条推送发送失败", urgent=True,
                                   url=reverse("notices:delivery_list") + "?status=failed",
                                   on=localdate(failed.first().created_at), detail="请检查推送通道的地址和密钥后重试"))
    return items
