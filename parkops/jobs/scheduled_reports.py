"""Scheduled reports: the 督办通报 each Monday and the 经济运行简报 after each month is closed.

A scheduled report goes in the app to the supervisors and the leaders, and to every channel subscribed
to it (ReportSubscription), the Word file attached (robots, which cannot carry a file, get the link).
Each sending has a key — the park and the week, or the park and the closed month — and notices sends a
key to a user or a channel once. The report is drawn up only while someone still lacks it: a run after
a restart, or a second run the same day, draws up nothing and sends nothing; a channel subscribed later
in the week still gets that week's bulletin at the next run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from parkops.core.periods import period_for_ledger_date
from parkops.economy.models import PeriodClose
from parkops.jobs.choices import ScheduledReportType
from parkops.jobs.models import ReportSubscription
from parkops.org.choices import Role
from parkops.org.models import Park, User

# Who reads every scheduled report in the app.
IN_APP_ROLES = (Role.SUPERVISOR, Role.LEADER)
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Sending:
    """One report to send: which, for which month, under which key."""

    code: str
    park: Park
    period: date
    key: str
    day: date | None = None


@dataclass(frozen=True)
class Outcome:
    title: str
    messages: int
    deliveries: int


def in_app_recipients(park: Park):
    # Supervisors and leaders usually belong to no unit; those who do belong to their unit's park.
    return User.objects.filter(role__in=IN_APP_ROLES, is_active=True).filter(
        Q(unit__isnull=True) | Q(unit__park=park)).order_by("pk")


def subscribed_channels(code: str, park: Park) -> list:
    subscriptions = ReportSubscription.objects.filter(
        report_type=code, is_active=True, channel__park=park, channel__is_active=True).select_related("channel")
    return [subscription.channel for subscription in subscriptions]


def _still_waiting(sending: Sending, users: list, channels: list) -> bool:
    from parkops.notices.models import Delivery, Message

    have_message = set(Message.objects.filter(key=sending.key, user__in=users).values_list("user_id", flat=True))
    have_delivery = set(Delivery.objects.filter(key=sending.key, channel__in=channels)
                        .values_list("channel_id", flat=True))
    return any(user.pk not in have_message for user in users) or any(
        channel.pk not in have_delivery for channel in channels)


def deliver(sending: Sending) -> Outcome | None:
    """Draw up the report and send it to whoever lacks it; None when everyone already has it.
    ReportError (from the report centre) when it cannot be drawn up."""
    from parkops.notices import services as notices
    from parkops.reports import services as reports

    users = list(in_app_recipients(sending.park))
    channels = subscribed_channels(sending.code, sending.park)
    if not _still_waiting(sending, users, channels):
        return None
    report = reports.generate_report(sending.code, park=sending.park, period=sending.period, day=sending.day)
    link = report.get_absolute_url()
    body = f"{report.title}已生成，请查阅附件，或登录园区通查看、下载。"
    messages = notices.notify(users, title=report.title, body=f"{report.title}已生成，点击查看、下载。",
                              link=link, key=sending.key)
    attachment = notices.Attachment(reports.filename(report, "docx"), bytes(report.docx), DOCX_MIMETYPE)
    deliveries = [notices.send(channel, subject=report.title, body=body, link=link, attachment=attachment,
                               key=sending.key) for channel in channels]
    return Outcome(report.title, len(messages), len([d for d in deliveries if d is not None]))


def weekly_bulletin_sendings(*, today: date) -> list[Sending]:
    """This week's 督办通报 for each park: the month whose reports are in (the ledger's convention), as of today."""
    year, week, _ = today.isocalendar()
    return [Sending(ScheduledReportType.SUPERVISION_BULLETIN, park, period_for_ledger_date(today),
                    f"supervision_bulletin:{park.pk}:{year}-W{week:02d}", day=today)
            for park in Park.objects.order_by("pk")]


def economic_brief_sendings() -> list[Sending]:
    """The 经济运行简报 of each park's latest closed month; the key makes it once per month."""
    sendings = []
    for park in Park.objects.order_by("pk"):
        close = PeriodClose.objects.filter(park=park).order_by("-period").first()
        if close is not None:
            sendings.append(Sending(ScheduledReportType.ECONOMIC_BRIEF, park, close.period,
                                    f"economic_brief:{park.pk}:{close.period:%Y-%m}"))
    return sendings
