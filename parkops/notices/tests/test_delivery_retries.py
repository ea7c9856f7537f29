"""A failed delivery is tried again with back-off, every error is kept, and nothing is sent twice or lost."""

from datetime import timedelta

import pytest
from django.db import connection

from parkops.notices import services, transports
from parkops.notices.choices import ChannelKind, DeliveryStatus
from parkops.notices.models import Delivery
from parkops.notices.tests.receivers import http_receiver


def test_a_robot_that_fails_twice_gets_the_message_on_the_third_attempt(make_channel, clock):
    start = clock.now
    with http_receiver(fail_first=2) as robot:
        channel = make_channel(ChannelKind.WECOM, robot.url)
        delivery = services.send(channel, subject="督办提醒", body="请于3月5日前报送进展。")

        assert services.deliver_due() == 1
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 1)
        assert delivery.next_attempt_at == start + timedelta(minutes=1)
        assert delivery.last_error == "企业微信返回HTTP 500：Internal Server Error"

        clock.advance(seconds=59)
        assert services.deliver_due() == 0  # not due yet: the receiver hears nothing
        assert len(robot.requests) == 1

        clock.advance(seconds=1)
        assert services.deliver_due() == 1
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 2)
        assert delivery.next_attempt_at == start + timedelta(minutes=1 + 5)

        clock.advance(minutes=5)
        assert services.deliver_due() == 1

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 3)
    assert delivery.sent_at == start + timedelta(minutes=6)
    assert delivery.next_attempt_at is None and delivery.last_error == ""
    assert len(robot.requests) == 3
    log = list(delivery.attempt_log.values_list("number", "at", "ok", "error"))
    assert log == [
        (1, start, False, "企业微信返回HTTP 500：Internal Server Error"),
        (2, start + timedelta(minutes=1), False, "企业微信返回HTTP 500：Internal Server Error"),
        (3, start + timedelta(minutes=6), True, ""),
    ]


def test_after_the_last_attempt_the_delivery_fails_and_waits_for_the_administrator(make_channel, clock):
    with http_receiver(fail_first=100) as robot:
        channel = make_channel(ChannelKind.WECOM, robot.url)
        delivery = services.send(channel, subject="督办提醒", body="内容")
        for wait in services.BACKOFF:
            services.deliver_due()
            clock.advance(seconds=wait.total_seconds())
        services.deliver_due()

        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.FAILED
        assert delivery.attempts == services.MAX_ATTEMPTS == 8
        assert delivery.next_attempt_at is None
        assert delivery.attempt_log.filter(ok=False).count() == 8
        clock.advance(days=7)
        assert services.deliver_due() == 0  # a failed delivery is not tried again on its own
        assert len(robot.requests) == 8

        robot.fail_first = 0
        services.retry(delivery)
        assert services.deliver_due() == 1

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempt_log.count() == 9  # the earlier failures stay in the log


def test_a_delivery_claimed_by_one_worker_is_not_sent_by_another(make_channel, clock):
    with http_receiver() as robot:
        channel = make_channel(ChannelKind.WECOM, robot.url)
        delivery = services.send(channel, subject="督办提醒", body="内容")
        seen = Delivery.objects.get(pk=delivery.pk).next_attempt_at

        assert services._claim(delivery.pk, seen, clock.now)  # worker A takes it …
        assert not services._claim(delivery.pk, seen, clock.now)  # … so the same look cannot take it again
        assert services.deliver_due() == 0  # worker B finds nothing due while A holds it
        assert robot.requests == []

        # Worker A died before sending: when its lease runs out the delivery is simply due again.
        clock.advance(seconds=services.LEASE.total_seconds())
        assert services.deliver_due() == 1

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert len(robot.requests) == 1


@pytest.mark.django_db(transaction=True)
def test_no_transaction_is_open_while_a_transport_waits_on_the_network(park, monkeypatch, make_channel):
    seen = []
    real = transports.WeCom.deliver

    def watching(self, delivery):
        seen.append(connection.in_atomic_block)
        return real(self, delivery)

    monkeypatch.setattr(transports.WeCom, "deliver", watching)
    with http_receiver() as robot:
        services.send(make_channel(ChannelKind.WECOM, robot.url), subject="督办提醒", body="内容")
        services.deliver_due()

    assert seen == [False]
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_a_bug_in_one_transport_costs_an_attempt_not_the_queue(make_channel, monkeypatch):
    def broken(self, delivery):
        raise KeyError("markdown")

    monkeypatch.setattr(transports.DingTalk, "deliver", broken)
    with http_receiver() as robot:
        first = services.send(make_channel(ChannelKind.DINGTALK, robot.url), subject="一", body="内容")
        second = services.send(make_channel(ChannelKind.WECOM, robot.url), subject="二", body="内容")
        assert services.deliver_due() == 2

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == DeliveryStatus.PENDING and first.last_error == "系统内部错误：KeyError('markdown')"
    assert second.status == DeliveryStatus.SENT
