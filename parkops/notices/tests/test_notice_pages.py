"""我的消息 for everyone; channels and deliveries for the system administrator only, checked on the server."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from parkops.core.models import AuditAction, AuditEntry
from parkops.notices import services
from parkops.notices.choices import ChannelKind, DeliveryStatus
from parkops.notices.models import Channel, Delivery, Message
from parkops.notices.tests.receivers import http_receiver
from parkops.org.choices import Role
from parkops.testing.factories import UserFactory

INBOX = reverse("notices:inbox")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# 我的消息

def test_the_inbox_shows_my_messages_with_the_unread_marked(reporter, supervisor):
    services.notify([reporter], title="3月进展3天后截止", body="工信局：请于3月5日前报送。", link="/supervision/my-reports/")
    services.notify([supervisor], title="别人的消息", body="")

    page = logged_in(reporter).get(INBOX).content.decode()

    assert "3月进展3天后截止" in page and "工信局：请于3月5日前报送。" in page
    assert "1条未读" in page and "message-unread" in page
    assert "别人的消息" not in page


def test_opening_a_message_reads_it_and_follows_its_link(reporter):
    (message,) = services.notify([reporter], title="催报", body="", link="/supervision/my-reports/")
    client = logged_in(reporter)

    response = client.get(reverse("notices:message_open", args=[message.pk]))

    assert response.status_code == 302 and response.url == "/supervision/my-reports/"
    message.refresh_from_db()
    assert message.read_at is not None
    assert "条未读" not in client.get(INBOX).content.decode()


def test_a_message_pointing_off_site_opens_the_inbox_instead(reporter):
    (message,) = services.notify([reporter], title="可疑", body="", link="https://evil.example.com/")

    response = logged_in(reporter).get(reverse("notices:message_open", args=[message.pk]))

    assert response.url == INBOX


def test_mark_one_and_mark_all_read(reporter):
    first, second, third = (services.notify([reporter], title=t, body="")[0] for t in ("一", "二", "三"))
    client = logged_in(reporter)

    client.post(reverse("notices:message_read", args=[first.pk]))
    assert services.unread_count(reporter) == 2
    response = client.post(reverse("notices:message_read_all"), follow=True)

    assert "已将2条消息标为已读。" in response.content.decode()
    assert not Message.objects.filter(read_at__isnull=True).exists()


def test_nobody_reads_or_marks_another_users_message(reporter, supervisor):
    (message,) = services.notify([supervisor], title="督办员的消息", body="")
    client = logged_in(reporter)

    assert client.get(reverse("notices:message_open", args=[message.pk])).status_code == 404
    assert client.post(reverse("notices:message_read", args=[message.pk])).status_code == 404
    message.refresh_from_db()
    assert message.read_at is None


def test_the_inbox_needs_a_login():
    response = Client().get(INBOX)
    assert response.status_code == 302 and "/login" in response.url


# The administrator's pages

@pytest.fixture
def failed_delivery(make_channel):
    channel = make_channel(ChannelKind.DINGTALK, "http://127.0.0.1:9/robot", name="工信局钉钉群")
    delivery = services.send(channel, subject="督办通报第9期", body="内容")
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED, attempts=8, next_attempt_at=None,
                                                   last_error="钉钉返回错误 errcode=310000：sign not match")
    return Delivery.objects.get(pk=delivery.pk)


def admin_requests(delivery):
    channel = delivery.channel
    return [
        ("get", reverse("notices:channel_list"), None),
        ("get", reverse("notices:channel_create"), None),
        ("post", reverse("notices:channel_create"),
         {"name": "新群", "kind": ChannelKind.WECOM, "address": "https://qyapi.weixin.qq.com/x", "is_active": "on"}),
        ("get", reverse("notices:channel_edit", args=[channel.pk]), None),
        ("post", reverse("notices:channel_test", args=[channel.pk]), {}),
        ("get", reverse("notices:delivery_list"), None),
        ("get", reverse("notices:delivery_detail", args=[delivery.pk]), None),
        ("post", reverse("notices:delivery_retry", args=[delivery.pk]), {}),
    ]


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SYSTEM_ADMIN])
def test_only_the_system_administrator_reaches_channels_and_deliveries(role, failed_delivery):
    client = logged_in(UserFactory(username=f"u_{role}", role=role))

    for method, url, data in admin_requests(failed_delivery):
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        assert response.status_code == 403, (role, url)

    assert Channel.objects.count() == 1  # nothing created
    assert Delivery.objects.count() == 1  # no test message queued
    failed_delivery.refresh_from_db()
    assert failed_delivery.status == DeliveryStatus.FAILED  # not retried


def test_the_system_administrator_reaches_every_page(sysadmin, failed_delivery):
    client = logged_in(sysadmin)
    for method, url, data in admin_requests(failed_delivery):
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        assert response.status_code in {200, 302}, url


def row(page: str, status: str) -> str:
    return re.search(rf'<tr[^>]*data-status="{status}".*?</tr>', page, re.DOTALL).group(0)


def test_the_delivery_list_highlights_failures_and_offers_retry(sysadmin, failed_delivery, make_channel):
    sent = services.send(make_channel(ChannelKind.WECOM, name="管委会群"), subject="已发出的提醒", body="")
    Delivery.objects.filter(pk=sent.pk).update(status=DeliveryStatus.SENT)

    page = logged_in(sysadmin).get(reverse("notices:delivery_list")).content.decode()

    failed_row = row(page, "failed")
    assert "table-danger" in failed_row and "发送失败" in failed_row
    assert "钉钉返回错误 errcode=310000：sign not match" in failed_row
    assert reverse("notices:delivery_retry", args=[failed_delivery.pk]) in failed_row and "重试" in failed_row
    sent_row = row(page, "sent")
    assert "table-danger" not in sent_row and "重试" not in sent_row


def test_the_delivery_page_lists_every_attempt_with_its_error(sysadmin, make_channel, clock):
    with http_receiver(fail_first=2) as robot:
        delivery = services.send(make_channel(ChannelKind.WECOM, robot.url), subject="督办提醒", body="内容")
        services.deliver_due()
        clock.advance(minutes=1)
        services.deliver_due()

    page = logged_in(sysadmin).get(reverse("notices:delivery_detail", args=[delivery.pk])).content.decode()

    attempts = page[page.index('id="attempts"'):]
    assert attempts.count("企业微信返回HTTP 500：Internal Server Error") == 2
    assert "第1次" in attempts and "第2次" in attempts
    assert "重试中" in page and "2026-03-02 09:06" in page  # next attempt, Beijing time


def test_retry_puts_a_failed_delivery_back_in_the_queue_and_it_is_sent(sysadmin, failed_delivery):
    client = logged_in(sysadmin)
    response = client.post(reverse("notices:delivery_retry", args=[failed_delivery.pk]), follow=True)
    assert "已重新排队：督办通报第9期" in response.content.decode()

    with http_receiver() as robot:
        Channel.objects.filter(pk=failed_delivery.channel_id).update(address=robot.url)
        assert services.deliver_due() == 1

    failed_delivery.refresh_from_db()
    assert failed_delivery.status == DeliveryStatus.SENT
    assert robot.requests[0].json["markdown"]["title"] == "督办通报第9期"


def test_a_sent_delivery_cannot_be_retried(sysadmin, make_channel):
    delivery = services.send(make_channel(ChannelKind.WECOM), subject="已发出", body="")
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.SENT)

    logged_in(sysadmin).post(reverse("notices:delivery_retry", args=[delivery.pk]))

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT


def test_the_administrator_adds_a_signed_robot_and_the_secret_stays_out_of_the_page_and_the_audit(sysadmin, park):
    client = logged_in(sysadmin)
    response = client.post(reverse("notices:channel_create"), {
        "name": "管委会钉钉群", "kind": ChannelKind.DINGTALK, "secret": "SECtopsecret123",
        "address": "https://oapi.dingtalk.com/robot/send?access_token=abc", "is_active": "on",
    })
    assert response.status_code == 302
    channel = Channel.objects.get()
    assert (channel.park, channel.unit, channel.secret) == (park, None, "SECtopsecret123")

    edit = client.get(reverse("notices:channel_edit", args=[channel.pk])).content.decode()
    assert "SECtopsecret123" not in edit and f"指纹 {channel.secret_fingerprint}" in edit

    # Saving without typing the secret again keeps it.
    client.post(reverse("notices:channel_edit", args=[channel.pk]), {
        "name": "管委会钉钉群（新）", "kind": ChannelKind.DINGTALK,
        "address": "https://oapi.dingtalk.com/robot/send?access_token=abc", "is_active": "on",
    })
    channel.refresh_from_db()
    assert channel.name == "管委会钉钉群（新）" and channel.secret == "SECtopsecret123"

    entries = AuditEntry.objects.filter(object_type="推送通道")
    assert list(entries.values_list("action", flat=True).order_by("pk")) == [AuditAction.CREATE, AuditAction.UPDATE]
    assert all("SECtopsecret123" not in str(e.after) for e in entries)
    assert entries.first().username == "sysadmin"


def test_the_form_refuses_a_bad_address(sysadmin):
    client = logged_in(sysadmin)
    page = client.post(reverse("notices:channel_create"), {
        "name": "工信局邮箱", "kind": ChannelKind.EMAIL, "address": "gxj@example.gov.cn，不是邮箱",
    }).content.decode()
    assert "“不是邮箱”不是有效的电子邮件地址。" in page

    page = client.post(reverse("notices:channel_create"), {
        "name": "企业微信群", "kind": ChannelKind.WECOM, "address": "qyapi.weixin.qq.com/cgi-bin/webhook",
    }).content.decode()
    assert "请填写群机器人的完整Webhook地址" in page
    assert not Channel.objects.exists()


def test_the_test_button_queues_a_delivery_that_the_worker_sends(sysadmin, make_channel):
    with http_receiver() as robot:
        channel = make_channel(ChannelKind.WECOM, robot.url, name="管委会工作群")
        response = logged_in(sysadmin).post(reverse("notices:channel_test", args=[channel.pk]), follow=True)
        assert "测试消息已排队" in response.content.decode()
        assert Delivery.objects.get().status == DeliveryStatus.PENDING
        services.deliver_due()

    assert "园区通测试消息" in robot.requests[0].json["markdown"]["content"]
    assert "“管委会工作群”配置正确" in robot.requests[0].json["markdown"]["content"]
