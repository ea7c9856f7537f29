"""Keys make a job safe to run twice; channels_for picks a unit's (or the committee's) active channels."""

from parkops.notices import services
from parkops.notices.choices import ChannelKind, DeliveryStatus
from parkops.notices.context_processors import unread
from parkops.notices.models import Channel, Delivery, Message
from parkops.org.choices import Role
from parkops.org.models import Park
from parkops.testing.factories import UnitFactory, UserFactory


def test_a_user_never_gets_two_messages_with_the_same_key(reporter, supervisor):
    first = services.notify([reporter, supervisor], title="3月进展7天后截止", body="请按时报送。",
                            link="/supervision/my-reports/", key="reminder:plan1:2026-03:7d")
    again = services.notify([reporter, supervisor, reporter], title="3月进展7天后截止", body="请按时报送。",
                            key="reminder:plan1:2026-03:7d")

    assert len(first) == 2 and again == []
    assert Message.objects.filter(user=reporter).count() == 1
    assert Message.objects.get(user=reporter).link == "/supervision/my-reports/"


def test_the_next_tier_with_its_own_key_is_delivered(reporter):
    services.notify([reporter], title="7天后截止", body="", key="tier:7d")
    services.notify([reporter], title="3天后截止", body="", key="tier:3d")
    services.notify([reporter], title="无键消息", body="")
    services.notify([reporter], title="无键消息", body="")

    assert list(Message.objects.filter(user=reporter).order_by("pk").values_list("title", flat=True)) == [
        "7天后截止", "3天后截止", "无键消息", "无键消息"]


def test_a_channel_never_gets_two_deliveries_with_the_same_key(make_channel):
    channel, other = make_channel(ChannelKind.WECOM), make_channel(ChannelKind.FEISHU)
    first = services.send(channel, subject="督办通报", body="第9期", key="bulletin:2026-W10")
    again = services.send(channel, subject="督办通报", body="第9期", key="bulletin:2026-W10")
    elsewhere = services.send(other, subject="督办通报", body="第9期", key="bulletin:2026-W10")

    assert first is not None and again is None and elsewhere is not None
    assert first.status == DeliveryStatus.PENDING and first.attempts == 0
    assert Delivery.objects.filter(channel=channel).count() == 1


def test_a_queued_delivery_survives_a_restart_because_it_is_a_row(make_channel, clock):
    channel = make_channel(ChannelKind.EMAIL, "gxj@example.gov.cn")
    delivery = services.send(channel, subject="提醒", body="内容",
                             attachment=services.Attachment("台账.xlsx", b"\x00\x01xlsx", "application/vnd.ms-excel"))

    stored = Delivery.objects.get(pk=delivery.pk)
    assert stored.next_attempt_at == clock.now
    assert bytes(stored.attachment) == b"\x00\x01xlsx"
    assert (stored.attachment_name, stored.attachment_type) == ("台账.xlsx", "application/vnd.ms-excel")


def test_channels_for_a_unit_or_the_committee(park, make_channel):
    industry = UnitFactory(park=park, name="工信局")
    town = UnitFactory(park=park, name="丰林镇")
    committee = make_channel(ChannelKind.WECOM, name="管委会工作群")
    make_channel(ChannelKind.DINGTALK, name="管委会旧群", is_active=False)
    industry_group = make_channel(ChannelKind.DINGTALK, unit=industry, name="工信局群")
    industry_mail = make_channel(ChannelKind.EMAIL, "gxj@example.gov.cn", unit=industry, name="工信局邮箱")
    make_channel(ChannelKind.FEISHU, unit=town, name="丰林镇群")
    elsewhere = Park.objects.create(name="另一园区")
    Channel.objects.create(park=elsewhere, kind=ChannelKind.WECOM, name="外园区", address="http://127.0.0.1:9/")

    assert set(services.channels_for(industry, park)) == {industry_group, industry_mail}
    assert list(services.channels_for(None, park)) == [committee]


def test_unread_count_in_every_page_context(rf, reporter):
    services.notify([reporter], title="一", body="")
    services.notify([reporter], title="二", body="")
    services.mark_read(reporter, [Message.objects.get(title="一").pk])
    request = rf.get("/")
    request.user = reporter

    assert unread(request) == {"unread_messages": 1}
    other = rf.get("/")
    other.user = UserFactory(username="other", role=Role.VIEWER)
    assert unread(other) == {"unread_messages": 0}
