"""钉钉群机器人 with 加签: the receiver recomputes the signature and refuses a wrong one, as DingTalk does."""

import time

from parkops.notices import services
from parkops.notices.choices import ChannelKind, DeliveryStatus
from parkops.notices.tests.receivers import dingtalk_check, dingtalk_expected_sign, http_receiver

SECRET = "SEC4f1e0c5b9a7d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7"


def test_dingtalk_robot_receives_a_signed_markdown_message(make_channel):
    with http_receiver(check=dingtalk_check(SECRET)) as robot:
        channel = make_channel(ChannelKind.DINGTALK, robot.url, secret=SECRET)
        delivery = services.send(channel, subject="项目调度周报", body="本周新开工项目2个。\n竣工1个。",
                                 link="/reports/7/")
        before_ms = int(time.time() * 1000)
        services.deliver_due()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT, delivery.last_error
    (request,) = robot.requests
    timestamp = request.query["timestamp"]
    assert request.query["access_token"] == "test"  # the robot's own query is kept
    assert before_ms <= int(timestamp) <= int(time.time() * 1000)  # milliseconds, now
    assert request.query["sign"] == dingtalk_expected_sign(timestamp, SECRET)
    assert request.json["msgtype"] == "markdown"
    assert request.json["markdown"]["title"] == "项目调度周报"
    text = request.json["markdown"]["text"]
    assert "本周新开工项目2个。\n\n竣工1个。" in text
    assert "[查看详情](https://yqt.example.gov.cn/reports/7/)" in text


def test_a_wrong_secret_is_refused_and_the_errcode_kept(make_channel):
    with http_receiver(check=dingtalk_check(SECRET)) as robot:
        channel = make_channel(ChannelKind.DINGTALK, robot.url, secret="SECwrong")
        delivery = services.send(channel, subject="测试", body="内容")
        services.deliver_due()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_error == "钉钉返回错误 errcode=310000：sign not match"


def test_without_a_secret_nothing_is_signed(make_channel):
    with http_receiver() as robot:
        channel = make_channel(ChannelKind.DINGTALK, robot.url)
        services.send(channel, subject="测试", body="内容")
        services.deliver_due()

    assert robot.requests[0].query == {"access_token": "test"}
