"""E-mail through a real SMTP server on 127.0.0.1, with the report attached."""

from parkops.notices import services
from parkops.notices.choices import ChannelKind, DeliveryStatus
from parkops.notices.tests.receivers import smtp_receiver

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_an_email_reaches_every_address_with_the_attachment_and_the_link(make_channel, settings):
    settings.DEFAULT_FROM_EMAIL = "yqt@example.gov.cn"
    content = b"PK\x03\x04" + bytes(range(256)) * 10
    with smtp_receiver() as smtp:
        channel = make_channel(ChannelKind.EMAIL, "gxj@example.gov.cn，fgw@example.gov.cn; zrzy@example.gov.cn")
        delivery = services.send(channel, subject="督办通报（第9期）", body="各单位：\n第9期督办通报见附件。",
                                 link="/reports/12/", attachment=services.Attachment("督办通报（第9期）.docx", content, DOCX))
        services.deliver_due()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT, delivery.last_error
    (mail,) = smtp.messages
    assert smtp.envelopes[0] == ("yqt@example.gov.cn",
                                 ["gxj@example.gov.cn", "fgw@example.gov.cn", "zrzy@example.gov.cn"])
    assert mail["Subject"] == "督办通报（第9期）"
    text = mail.get_body(("plain",)).get_content()
    assert "第9期督办通报见附件。" in text
    assert "详情：https://yqt.example.gov.cn/reports/12/" in text
    (attached,) = mail.iter_attachments()
    assert attached.get_filename() == "督办通报（第9期）.docx"
    assert attached.get_content_type() == DOCX
    assert attached.get_content() == content


def test_a_temporary_smtp_refusal_keeps_the_server_reply_and_is_retried(make_channel, clock):
    with smtp_receiver(refuse_first=1) as smtp:
        channel = make_channel(ChannelKind.EMAIL, "gxj@example.gov.cn")
        delivery = services.send(channel, subject="提醒", body="请报送。")
        services.deliver_due()
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.PENDING
        assert "451" in delivery.last_error and "Mailbox temporarily unavailable" in delivery.last_error

        clock.advance(minutes=1)
        services.deliver_due()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert len(smtp.messages) == 1
