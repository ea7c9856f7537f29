"""飞书群机器人 with 签名校验: timestamp and sign travel in the JSON body; the receiver checks them."""

import time

from parkops.notices import services
from parkops.notices.choices import ChannelKind, DeliveryStatus
from parkops.notices.tests.receivers import FEISHU_OK, feishu_check, feishu_expected_sign, http_receiver

SECRET = "qR7xkP2mN9vB4cZ8wL1s"


def test_feishu_robot_receives_a_signed_post_with_the_link(make_channel):
    with http_receiver(FEISHU_OK, check=feishu_check(SECRET)) as robot:
        channel = make_channel(ChannelKind.FEISHU, robot.url, secret=SECRET)
        delivery = services.send(channel, subject="经济运行简报（2026年1月）", body="规上工业营业收入38.00亿元。",
                                 link="/reports/9/")
        before = int(time.time())
        services.deliver_due()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT, delivery.last_error
    payload = robot.requests[0].json
    assert before <= int(payload["timestamp"]) <= int(time.time())  # seconds, now
    assert payload["sign"] == feishu_expected_sign(payload["timestamp"], SECRET)
    assert payload["msg_type"] == "post"
    post = payload["content"]["post"]["zh_cn"]
    assert post["title"] == "经济运行简报（2026年1月）"
    assert [{"tag": "text", "text": "规上工业营业收入38.00亿元。"}] in post["content"]
    assert [{"tag": "a", "text": "查看详情", "href": "https://yqt.example.gov.cn/reports/9/"}] in post["content"]


def test_a_message_without_a_link_goes_as_plain_text(make_channel):
    with http_receiver(FEISHU_OK) as robot:
        channel = make_channel(ChannelKind.FEISHU, robot.url)
        services.send(channel, subject="园区通测试消息", body="收到即表示配置正确。")
        services.deliver_due()

    payload = robot.requests[0].json
    assert payload == {"msg_type": "text", "content": {"text": "园区通测试消息\n收到即表示配置正确。"}}


def test_a_wrong_signature_is_refused_and_the_code_kept(make_channel):
    with http_receiver(FEISHU_OK, check=feishu_check(SECRET)) as robot:
        channel = make_channel(ChannelKind.FEISHU, robot.url, secret="not-the-secret")
        delivery = services.send(channel, subject="测试", body="内容")
        services.deliver_due()

    delivery.refresh_from_db()
    assert delivery.last_error.startswith("飞书返回错误 code=19021：sign match fail")


def test_the_older_statuscode_answer_counts_as_success(make_channel):
    with http_receiver((200, {"StatusCode": 0, "StatusMessage": "success"})) as robot:
        channel = make_channel(ChannelKind.FEISHU, robot.url)
        delivery = services.send(channel, subject="测试", body="内容")
        services.deliver_due()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
