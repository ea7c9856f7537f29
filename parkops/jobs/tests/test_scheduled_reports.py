"""督办通报 each Monday and 经济运行简报 after each close: to the subscribed channels with the Word file, and
in the app to supervisors and leaders — once each."""

from datetime import date

import pytest
from django.utils import timezone

from parkops.economy.models import PeriodClose
from parkops.jobs import tasks
from parkops.jobs.choices import ScheduledReportType
from parkops.jobs.models import ReportSubscription
from parkops.jobs.tests.conftest import DOCX
from parkops.notices.choices import ChannelKind
from parkops.notices.models import Channel, Delivery, Message
from parkops.notices.services import deliver_due
from parkops.notices.tests.receivers import smtp_receiver

MONDAY = date(2026, 11, 9)


@pytest.fixture
def mailing_list(park):
    channel = Channel.objects.create(park=park, kind=ChannelKind.EMAIL, name="县督查室",
                                     address="dcs@example.gov.cn, xzb@example.gov.cn")
    ReportSubscription.objects.create(report_type=ScheduledReportType.SUPERVISION_BULLETIN, channel=channel)
    return channel


def test_the_bulletin_reaches_the_subscribed_mailing_list_with_the_word_file(
        park, mailing_list, supervisor, leader, reporter, stand_in_reports, settings):
    settings.SITE_URL = "https://yqt.example.gov.cn"

    summary = tasks.weekly_bulletin(today=MONDAY)
    with smtp_receiver() as smtp:
        deliver_due()

    # Drawn up for the month whose reports are in by now, as of the day.
    assert stand_in_reports.calls == [{"code": "supervision_bulletin", "park": park, "period": date(2026, 10, 1),
                                       "day": MONDAY}]
    (mail,) = smtp.messages
    assert mail["Subject"] == "2026年10月督办通报"
    assert mail["To"] == "dcs@example.gov.cn, xzb@example.gov.cn"
    (attached,) = mail.iter_attachments()
    assert attached.get_filename() == "2026年10月督办通报.docx"
    assert attached.get_content() == DOCX
    report_url = Delivery.objects.get().link
    assert report_url.startswith("/reports/")
    assert f"https://yqt.example.gov.cn{report_url}" in mail.get_body(("plain",)).get_content()
    # In the app: the supervisor and the leader, not the unit's reporter.
    assert sorted(Message.objects.values_list("user__username", "title", "link")) == [
        ("leader", "2026年10月督办通报", report_url), ("supervisor", "2026年10月督办通报", report_url)]
    assert summary == "2026年11月9日：已发送2026年10月督办通报（站内消息2条，推送1条）。"


def test_the_bulletin_goes_once_a_week_however_often_the_job_runs(
        mailing_list, supervisor, stand_in_reports, park):
    tasks.weekly_bulletin(today=MONDAY)
    again = tasks.weekly_bulletin(today=MONDAY)
    tuesday = tasks.weekly_bulletin(today=date(2026, 11, 10))  # a run caught up after a restart

    assert stand_in_reports.codes == ["supervision_bulletin"]
    assert Delivery.objects.count() == 1
    assert Message.objects.count() == 1
    assert again == tuesday.replace("10日", "9日") == "2026年11月9日：督办通报无需发送（已发送过，或没有接收人）。"

    # A channel subscribed later in the week gets the week's bulletin at the next run; the others nothing new.
    late = Channel.objects.create(park=park, kind=ChannelKind.EMAIL, name="县府办", address="xfb@example.gov.cn")
    ReportSubscription.objects.create(report_type=ScheduledReportType.SUPERVISION_BULLETIN, channel=late)
    tasks.weekly_bulletin(today=date(2026, 11, 11))
    assert list(Delivery.objects.order_by("pk").values_list("channel__name", flat=True)) == ["县督查室", "县府办"]

    next_monday = tasks.weekly_bulletin(today=date(2026, 11, 16))
    assert Delivery.objects.count() == 4
    assert next_monday.startswith("2026年11月16日：已发送2026年10月督办通报（站内消息1条，推送2条）")


def test_an_inactive_subscription_or_channel_gets_nothing(mailing_list, stand_in_reports, park):
    ReportSubscription.objects.update(is_active=False)
    tasks.weekly_bulletin(today=MONDAY)
    assert not Delivery.objects.exists()
    assert stand_in_reports.calls == []  # nobody to send it to: not drawn up either

    ReportSubscription.objects.update(is_active=True)
    Channel.objects.update(is_active=False)
    tasks.weekly_bulletin(today=MONDAY)
    assert not Delivery.objects.exists()


def test_the_economic_brief_goes_once_for_each_closed_month(park, supervisor, stand_in_reports):
    channel = Channel.objects.create(park=park, kind=ChannelKind.EMAIL, name="县统计局", address="tjj@example.gov.cn")
    ReportSubscription.objects.create(report_type=ScheduledReportType.ECONOMIC_BRIEF, channel=channel)
    assert tasks.brief_after_close(today=date(2026, 11, 10)) == (
        "2026年11月10日：经济运行简报无需发送（已发送过，或没有接收人）。")  # nothing closed yet
    assert stand_in_reports.calls == []

    PeriodClose.objects.create(park=park, period=date(2026, 10, 1), closed_at=timezone.now(), closed_by=supervisor)
    first = tasks.brief_after_close(today=date(2026, 11, 12))
    tasks.brief_after_close(today=date(2026, 11, 13))
    PeriodClose.objects.create(park=park, period=date(2026, 11, 1), closed_at=timezone.now(), closed_by=supervisor)
    tasks.brief_after_close(today=date(2026, 12, 11))

    assert first == "2026年11月12日：已发送2026年10月经济运行简报（站内消息1条，推送1条）。"
    assert [call["period"] for call in stand_in_reports.calls] == [date(2026, 10, 1), date(2026, 11, 1)]
    assert list(Delivery.objects.order_by("pk").values_list("subject", flat=True)) == [
        "2026年10月经济运行简报", "2026年11月经济运行简报"]
    assert Delivery.objects.filter(attachment_name="2026年11月经济运行简报.docx").count() == 1


def test_a_report_that_cannot_be_drawn_up_fails_the_run_with_the_reason(mailing_list, monkeypatch):
    from parkops.reports import services

    def refuse(code, **kwargs):
        raise services.ReportError("本月还没有督办数据。")

    monkeypatch.setattr(services, "generate_report", refuse)
    with pytest.raises(RuntimeError, match="督办通报未能生成：.*本月还没有督办数据。"):
        tasks.weekly_bulletin(today=MONDAY)
    assert not Delivery.objects.exists()
