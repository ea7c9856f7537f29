"""企业微信群机器人: a markdown message with the subject, the body and the whole link."""

from parkops.notices import services
from parkops.notices.choices import ChannelKind, DeliveryStatus
from parkops.notices.tests.receivers import http_receiver


def test_wecom_robot_receives_markdown_with_the_absolute_link(make_channel, clock):
    with http_receiver() as robot:
        channel = make_channel(ChannelKind.WECOM, robot.url)
        delivery = services.send(channel, subject="督办提醒：3月进展待报送", body="工信局：请于3月5日前报送。\n逾期将亮红灯。",
                                 link="/supervision/my-reports/")

        assert services.deliver_due() == 1

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.sent_at == clock.now
    (request,) = robot.requests
    assert request.query == {"access_token": "test"}
    assert request.headers["content-type"].startswith("application/json")
    payload = request.json
    assert payload["msgtype"] == "markdown"
    content = payload["markdown"]["content"]
    assert "**督办提醒：3月进展待报送**" in content
    assert "工信局：请于3月5日前报送。\n逾期将亮红灯。" in content
    assert "[查看详情](https://yqt.example.gov.cn/supervision/my-reports/)" in content


def test_a_file_is_named_in_the_text_because_a_robot_cannot_carry_it(make_channel):
    with http_receiver() as robot:
        channel = make_channel(ChannelKind.WECOM, robot.url)
        services.send(channel, subject="督办通报", body="第9期督办通报已生成。", link="/reports/12/",
                      attachment=services.Attachment("督办通报（第9期）.docx", b"PK\x03\x04", "application/msword"))
        services.deliver_due()

    assert "附件《督办通报（第9期）.docx》请登录园区通查看下载。" in robot.requests[0].json["markdown"]["content"]


def test_an_errcode_from_wecom_is_a_failure_with_the_platform_message(make_channel):
    refusal = (200, {"errcode": 93000, "errmsg": "invalid webhook url"})
    with http_receiver(refusal) as robot:
        channel = make_channel(ChannelKind.WECOM, robot.url)
        delivery = services.send(channel, subject="测试", body="内容")
        services.deliver_due()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_error == "企业微信返回错误 errcode=93000：invalid webhook url"


def test_a_robot_nobody_answers_at_is_an_error_naming_the_connection(make_channel):
    with http_receiver() as robot:
        address = robot.url
    channel = make_channel(ChannelKind.WECOM, address)  # the server has stopped: the port refuses
    delivery = services.send(channel, subject="测试", body="内容")
    services.deliver_due()

    delivery.refresh_from_db()
    assert delivery.last_error.startswith("无法连接企业微信：")
    assert delivery.attempt_log.get().ok is False


def test_a_robot_address_that_is_not_a_web_address_is_never_opened(make_channel, tmp_path):
    # A channel saved around the form (the admin, a script) must not make the server read its own files.
    secret = tmp_path / "secret.txt"
    secret.write_text('{"errcode": 0}')
    channel = make_channel(ChannelKind.WECOM, f"file://{secret}")
    delivery = services.send(channel, subject="测试", body="内容")
    services.deliver_due()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_error.startswith("企业微信的Webhook地址无效")
