"""Reminders and deliveries: the in-app inbox, and the queue of pushes to e-mail and group robots.

Every push is a Delivery row before anything goes on the network, so nothing is lost when the app or the
worker restarts: the worker calls deliver_due() every minute and it picks up whatever is due.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from parkops.notices.choices import DeliveryStatus
from parkops.notices.models import Channel, Delivery, DeliveryAttempt, Message
from parkops.notices.transports import DeliveryError, transport_for

logger = logging.getLogger(__name__)

# The waits after the 1st, 2nd … failed attempt. A robot or mail server that is down for an afternoon, or
# overnight, still gets the notice; after the last wait's attempt fails, the delivery is marked failed and
# waits for the administrator (8 attempts over about 45 hours).
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
    timedelta(hours=12),
    timedelta(hours=24),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
# A worker that claims a delivery moves its next attempt this far ahead while it sends; no other worker
# takes it meanwhile. Far longer than one attempt can last (NOTICE_DELIVERY_DEADLINE, 60 s); if the worker
# dies mid-send, the delivery is simply due again when the lease runs out.
LEASE = timedelta(minutes=5)
BATCH = 100  # per call: the worker calls again a minute later, and a run must end well within its timeout


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str = "application/octet-stream"


def notify(users: Iterable, *, title: str, body: str, link: str = "", key: str = "") -> list[Message]:
    """In-app messages. A user never gets two with the same non-empty key, so a daily job may run twice."""
    targets = {user.pk: user for user in users}
    if key:
        already = set(Message.objects.filter(user_id__in=targets, key=key).values_list("user_id", flat=True))
        targets = {pk: user for pk, user in targets.items() if pk not in already}
    created = []
    for user in targets.values():
        try:
            with transaction.atomic():
                created.append(Message.objects.create(user=user, title=title, body=body, link=link, key=key))
        except IntegrityError:
            continue  # another run created it between our check and our insert: the key did its job
    return created


def deliver_notice(notice) -> None:
    """A module's core.events.Notice: in each person's 我的消息, and to the named units' channels."""
    skip = {getattr(user, "pk", user) for user in notice.exclude}
    users = [user for user in notice.users if user.pk not in skip and user.is_active]
    notify(users, title=notice.title, body=notice.body, link=notice.link, key=notice.key)
    if notice.park is None:
        return
    for unit in notice.units:
        for channel in channels_for(unit, notice.park):
            send(channel, subject=notice.title, body=notice.body, link=notice.link, key=notice.key)


def send(channel: Channel, *, subject: str, body: str, link: str = "", attachment: Attachment | None = None,
         key: str = "") -> Delivery | None:
    """Queue a push to a channel, due now. None when the channel already has a delivery with this key."""
    if key and Delivery.objects.filter(channel=channel, key=key).exists():
        return None
    try:
        with transaction.atomic():
            return Delivery.objects.create(
                channel=channel, subject=subject[:200], body=body, link=link, key=key,
                attachment_name=attachment.filename if attachment else "",
                attachment_type=attachment.mimetype if attachment else "",
                attachment=attachment.content if attachment else None,
                next_attempt_at=timezone.now(),
            )
    except IntegrityError:
        return None


def send_test(channel: Channel, *, user) -> Delivery:
    """The administrator's 发送测试消息: a real delivery through the queue, so it tests what reminders use."""
    moment = timezone.localtime()
    return send(channel, subject="园区通测试消息",
                body=f"这是{user}于{moment:%Y-%m-%d %H:%M}从园区通发送的测试消息。收到即表示“{channel.name}”配置正确。")


def channels_for(unit, park) -> QuerySet[Channel]:
    """The active channels of a unit, or of the committee itself when unit is None."""
    channels = Channel.objects.filter(park=park, is_active=True)
    return channels.filter(unit=unit) if unit is not None else channels.filter(unit__isnull=True)


def deliver_due(now: datetime | None = None) -> int:
    """Attempt every pending delivery that is due; returns how many were attempted.

    Must be called outside a transaction (the worker does): each claim and each outcome commit on their
    own, and no transaction stays open while a transport waits on the network (on SQLite that would lock
    every writer out for up to the timeout).
    """
    clock: Callable[[], datetime] = (lambda: now) if now is not None else timezone.now
    due = list(Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=clock())
               .order_by("next_attempt_at", "pk").values_list("pk", "next_attempt_at")[:BATCH])
    attempted = 0
    for pk, next_attempt_at in due:
        moment = clock()
        if not _claim(pk, next_attempt_at, moment):
            continue  # another worker took it first
        _attempt(Delivery.objects.select_related("channel").get(pk=pk), moment)
        attempted += 1
    return attempted


def _claim(pk: int, seen_next_attempt_at: datetime, moment: datetime) -> bool:
    """Take a delivery for this worker: one UPDATE that succeeds only if nobody moved it since we looked.

    The attempt is counted here, not after the send, so a delivery that kills the worker every time still
    runs out of attempts instead of being retried forever.
    """
    return Delivery.objects.filter(
        pk=pk, status=DeliveryStatus.PENDING, next_attempt_at=seen_next_attempt_at,
    ).update(next_attempt_at=moment + LEASE, attempts=F("attempts") + 1) == 1


def _attempt(delivery: Delivery, moment: datetime) -> None:
    try:
        transport_for(delivery.channel).deliver(delivery)
        error = ""
    except DeliveryError as failure:
        error = str(failure)
    except Exception as failure:  # a bug must cost one delivery an attempt, never stop the whole queue
        logger.exception("delivery %s crashed", delivery.pk)
        error = f"系统内部错误：{failure!r}"
    _record_outcome(delivery, moment, error)


def _record_outcome(delivery: Delivery, moment: datetime, error: str) -> None:
    with transaction.atomic():
        DeliveryAttempt.objects.create(delivery=delivery, number=delivery.attempt_log.count() + 1, at=moment,
                                       ok=not error, error=error)
        if not error:
            delivery.status, delivery.sent_at, delivery.next_attempt_at = DeliveryStatus.SENT, moment, None
            delivery.last_error = ""
        elif delivery.attempts >= MAX_ATTEMPTS:
            delivery.status, delivery.next_attempt_at, delivery.last_error = DeliveryStatus.FAILED, None, error
        else:
            delivery.next_attempt_at = moment + BACKOFF[delivery.attempts - 1]
            delivery.last_error = error
        delivery.save(update_fields=["status", "sent_at", "next_attempt_at", "last_error"])


def retry(delivery: Delivery) -> Delivery:
    """The administrator sends a failed delivery round again: a full new series of attempts, due now.
    The earlier attempts stay in its log."""
    if delivery.status != DeliveryStatus.FAILED:
        raise ValueError("只有发送失败的记录可以重试。")
    delivery.status, delivery.attempts, delivery.next_attempt_at = DeliveryStatus.PENDING, 0, timezone.now()
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    return delivery


def mark_read(user, message_ids: Iterable[int] | None = None) -> int:
    """Mark some (or, with None, all) of a user's unread messages read; returns how many changed."""
    messages = Message.objects.filter(user=user, read_at__isnull=True)
    if message_ids is not None:
        messages = messages.filter(pk__in=list(message_ids))
    return messages.update(read_at=timezone.now())


def unread_count(user) -> int:
    return Message.objects.filter(user=user, read_at__isnull=True).count()

