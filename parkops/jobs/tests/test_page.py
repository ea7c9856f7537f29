"""定时推送: the system administrator and the supervisor see the timetable and keep the subscriptions."""

from datetime import date

import pytest
from django.urls import reverse

from parkops.jobs.models import ReportSubscription
from parkops.jobs.schedules import ensure_schedules
from parkops.notices.choices import ChannelKind
from parkops.notices.models import Channel
from parkops.testing.factories import PASSWORD

URL = "/jobs/"
# parkops/urls.py gains the jobs include with this app; until then the tests add it themselves.


@pytest.fixture
def email_channel(park):
    return Channel.objects.create(park=park, kind=ChannelKind.EMAIL, name="县督查室", address="dcs@example.gov.cn")


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_the_page_lists_the_schedules_with_their_next_run_and_last_result(client, sysadmin, world, ticking_clock):
    from parkops.jobs.runner import run_once

    ticking_clock.set_local(date(2026, 11, 2), hour=7, minute=30)
    ensure_schedules()
    ticking_clock.set_local(date(2026, 11, 2), hour=8, minute=1)
    run_once()

    page = login(client, sysadmin).get(reverse("jobs:overview")).content.decode()

    assert "定时推送" in page
    assert "队列：数据库" in page
    for label, timing in [("发送待推送消息（失败的按间隔重试）", "每分钟"), ("进展报送提醒", "每天 08:00"),
                          ("逾期困难问题升级", "每天 07:00"), ("督办通报", "每周一 08:30"),
                          ("经济运行简报（关账后）", "每天 09:00")]:
        assert label in page and timing in page
    assert "2026-11-03 08:00" in page  # the reminders' next run, in Beijing time
    assert "2026年11月2日：向1个单位发送报送提醒1条（站内消息1条，推送1条）。" in page
    assert "处理0条推送" in page  # the minute's deliveries ran first, before the reminder was queued


def test_a_schedule_that_failed_shows_the_reason_without_the_traceback(client, supervisor, park, ticking_clock,
                                                                       monkeypatch):
    from parkops.jobs import tasks
    from parkops.jobs.runner import run_once

    def broken(today=None):
        raise RuntimeError("2026年11月2日：督办通报未能生成：高新区：本月还没有督办数据。")

    monkeypatch.setattr(tasks, "weekly_bulletin", broken)
    ticking_clock.set_local(date(2026, 11, 2), hour=8, minute=0)
    ensure_schedules()
    ticking_clock.set_local(date(2026, 11, 2), hour=8, minute=31)
    run_once()

    page = login(client, supervisor).get(URL).content.decode()
    assert "督办通报未能生成：高新区：本月还没有督办数据。" in page
    assert "Traceback" not in page
    assert "失败" in page


def test_a_subscription_is_added_and_deleted(client, sysadmin, email_channel):
    login(client, sysadmin)
    response = client.post(URL, {"report_type": "supervision_bulletin", "channel": email_channel.pk}, follow=True)

    (subscription,) = ReportSubscription.objects.all()
    assert subscription.channel == email_channel and subscription.is_active
    page = response.content.decode()
    assert "已添加订阅：督办通报（每周一 8:30） → 县督查室（电子邮件）。" in page
    assert "dcs@example.gov.cn" in page

    again = client.post(URL, {"report_type": "supervision_bulletin", "channel": email_channel.pk})
    assert "该渠道已订阅这份报告。" in again.content.decode()
    assert ReportSubscription.objects.count() == 1

    client.post(reverse("jobs:subscription_delete", args=[subscription.pk]))
    assert not ReportSubscription.objects.exists()
    assert subscription.history.count() == 2  # added and deleted, both in the audit trail


@pytest.mark.parametrize("role_fixture", ["reporter", "leader", "security", "auditor"])
def test_other_roles_are_refused(client, request, role_fixture, email_channel):
    user = request.getfixturevalue(role_fixture)
    subscription = ReportSubscription.objects.create(report_type="economic_brief", channel=email_channel)
    login(client, user)

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"report_type": "supervision_bulletin", "channel": email_channel.pk}).status_code == 403
    assert client.post(reverse("jobs:subscription_delete", args=[subscription.pk])).status_code == 403
    assert list(ReportSubscription.objects.values_list("report_type", flat=True)) == ["economic_brief"]

