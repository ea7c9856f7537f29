"""A robot or mail server that answers one byte at a time cannot hold the worker: each push has a total
deadline (NOTICE_DELIVERY_DEADLINE), after which the attempt fails, is logged and is retried later."""

from __future__ import annotations

import pytest
from django.test import override_settings

from parkops.notices import services
from parkops.notices.choices import ChannelKind, DeliveryStatus
from parkops.notices.tests.receivers import trickle_server


@pytest.fixture(autouse=True)
def short_deadline(settings):
    settings.NOTICE_DELIVERY_DEADLINE = 2


def _assert_cut_off_and_queued_for_retry(delivery, slow, clock) -> None:
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert "在2秒内没有完成" in delivery.last_error and "稍后自动重试" in delivery.last_error
    assert delivery.next_attempt_at == clock.now + services.BACKOFF[0]
    attempt = delivery.attempt_log.get()
    assert attempt.ok is False and attempt.error == delivery.last_error
    # The client hung up long before the server would have stopped dripping on its own.
    assert slow.connections == 1
    assert slow.bytes_sent_before_hangup() < slow.cap


@pytest.mark.parametrize("kind", [ChannelKind.WECOM, ChannelKind.DINGTALK, ChannelKind.FEISHU])
def test_a_robot_that_drips_its_answer_is_cut_off_at_the_deadline(make_channel, clock, kind):
    with trickle_server(interval=0.5, cap=120) as slow:
        channel = make_channel(kind, slow.url)
        delivery = services.send(channel, subject="督办提醒", body="请报送。")
        assert services.deliver_due() == 1
        _assert_cut_off_and_queued_for_retry(delivery, slow, clock)


def test_a_mail_server_that_drips_its_greeting_is_cut_off_at_the_deadline(make_channel, clock):
    with trickle_server(interval=0.5, cap=120) as slow, override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=slow.port, EMAIL_USE_TLS=False, EMAIL_USE_SSL=False, EMAIL_TIMEOUT=30):
        channel = make_channel(ChannelKind.EMAIL, "gxj@example.gov.cn")
        delivery = services.send(channel, subject="督办提醒", body="请报送。")
        assert services.deliver_due() == 1
        _assert_cut_off_and_queued_for_retry(delivery, slow, clock)
