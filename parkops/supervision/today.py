"""What supervision puts on a person's 今日待办 (core.offerings.TodayItem, declared as TODAY in site.py):
for a unit's 填报员 the reports it owes (the one overdue rule: selectors.due_reports), the reports
returned to it and the leaders' new 批示 on its tasks; for the supervisor the reports waiting for review
and the reports overdue park-wide; for a leader the late tasks they answer for."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils.timezone import localdate

from parkops.core.offerings import TodayItem
from parkops.core.periods import period_label
from parkops.org.choices import Role
from parkops.supervision import selectors
from parkops.supervision.choices import ReportStatus
from parkops.supervision.models import Comment, ProgressReport, Task
from parkops.supervision.permissions import visible_tasks

# A 批示 is news for this many days; after that it is in the task's history.
COMMENT_NEWS_DAYS = 14


def _task_url(task_id: int) -> str:
    return reverse("supervision:task_detail", args=[task_id])


def _day(moment, today: date) -> date:
    return localdate(moment) if moment else today


def _report_url(task_id: int, period: date) -> str:
    return reverse("supervision:report_submit", args=[task_id]) + f"?period={period:%Y-%m}"


def _reporter_items(user, today: date) -> list[TodayItem]:
    if not user.unit_id:
        return []
    tasks = visible_tasks(user, Task.objects.with_listing_data()).filter(plan__is_active=True).for_unit(user.unit)
    lit = selectors.with_lights(tasks, today=today)
    returned = list(ProgressReport.objects.filter(unit_id=user.unit_id, status=ReportStatus.RETURNED,
                                                  task__plan__is_active=True)
                    .select_related("task__plan").order_by("-reviewed_at"))
    items = [TodayItem(kind="被退回", title=f"{report.task.reference} {report.period_label}进展",
                       url=_report_url(report.task_id, report.period),
                       on=_day(report.reviewed_at or report.submitted_at, today),
                       detail=f"退回理由：{report.return_reason}", urgent=True) for report in returned]
    returned_keys = {(report.task_id, report.period) for report in returned}  # listed once, as returned
    for due in selectors.due_reports(lit, today=today):
        if due.unit.pk != user.unit_id or (due.task.pk, due.period) in returned_keys:
            continue
        late = due.overdue(today)
        items.append(TodayItem(kind="逾期未报送" if late else "待报送",
                               title=f"{due.task.reference} {period_label(due.period)}进展",
                               url=_report_url(due.task.pk, due.period), on=due.due,
                               detail=f"应于{due.due:%Y-%m-%d}前报送", urgent=late))
    since = today - timedelta(days=COMMENT_NEWS_DAYS)
    comments = (Comment.objects.filter(task__in=visible_tasks(user).for_unit(user.unit), created_at__date__gte=since)
                .select_related("task__plan", "author"))
    for comment in comments:
        items.append(TodayItem(kind="领导批示", title=comment.task.reference, url=_task_url(comment.task_id),
                               on=_day(comment.created_at, today), detail=f"{comment.author}：{comment.text}"))
    return items


def _supervisor_items(user, today: date) -> list[TodayItem]:
    items = []
    waiting = ProgressReport.objects.filter(status=ReportStatus.SUBMITTED).order_by("submitted_at")
    count = waiting.count()
    if count:
        oldest = waiting.first()
        items.append(TodayItem(kind="待审核", title=f"{count}条进展报告等待审核", url=reverse("supervision:review_queue"),
                               on=_day(oldest.submitted_at, today),
                               detail=f"最早一条报送于{_day(oldest.submitted_at, today):%Y-%m-%d}"))
    tasks = selectors.with_lights(visible_tasks(user, Task.objects.with_listing_data())
                                  .filter(plan__is_active=True), today=today)
    overdue = [d for d in selectors.due_reports(tasks, today=today) if d.overdue(today)]
    if overdue:
        units = {d.unit.name for d in overdue}
        items.append(TodayItem(kind="逾期未报送", title=f"{len(overdue)}期进展已逾期未报送（{len(units)}个单位）",
                               url=reverse("supervision:dashboard"), on=max(d.due for d in overdue),
                               detail="、".join(sorted(units)), urgent=True))
    return items


def _leader_items(user, today: date) -> list[TodayItem]:
    if not user.person_id:
        return []
    tasks = visible_tasks(user, Task.objects.with_listing_data()).filter(
        plan__is_active=True, leader_links__person_id=user.person_id).distinct()
    return [TodayItem(kind=task.light.label, title=task.reference, url=_task_url(task.pk), on=today,
                      detail=task.light.reason, urgent=True)
            for task in selectors.with_lights(tasks, today=today) if task.light.light in selectors.LATE_LIGHTS]


def items_for(user, today: date) -> list[TodayItem]:
    if user.role == Role.REPORTER:
        return _reporter_items(user, today)
    if user.role == Role.SUPERVISOR:
        return _supervisor_items(user, today)
    if user.role == Role.LEADER:
        return _leader_items(user, today)
    return []
