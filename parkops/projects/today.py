"""What projects puts on a person's 今日待办 (core.offerings.TodayItem, declared as TODAY in site.py):
for a unit the 催办 it has not signed for and the problems it must work; for a 驻企联络员 the monthly
progress their projects owe; for a leader their red projects and the problems escalated to them; for the
supervisor the problems escalated to the supervisor."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils.timezone import localdate

from parkops.core.offerings import TodayItem
from parkops.core.periods import month_start, period_label, previous_month
from parkops.org.choices import Role
from parkops.projects import lights, permissions, selectors
from parkops.projects.choices import OPEN_PROBLEM_STATUSES, Escalation, ProjectLight
from parkops.projects.models import Chase, Problem, Project

# A month's progress is put on the liaison's list this many days before it falls due.
PROGRESS_NOTICE_DAYS = 7


def _said(text: str, limit: int = 60) -> str:
    """A problem's description cut to a line, without its full stop, for a clause to follow it."""
    text = text.strip().rstrip("。；;.")
    return text if len(text) <= limit else text[:limit] + "…"


def _project_url(project_id: int) -> str:
    return reverse("projects:project_detail", args=[project_id])


def _unit_items(user, today: date) -> list[TodayItem]:
    if not user.unit_id:
        return []
    items = [TodayItem(kind="催办", title=str(chase.project), url=reverse("projects:inbox"), on=localdate(chase.sent_at),
                       detail=f"{chase.sent_by}：{chase.message}", urgent=True)
             for chase in Chase.objects.filter(unit_id=user.unit_id, read_at__isnull=True)
             .select_related("project", "sent_by")]
    problems = (Problem.objects.filter(responsible_unit_id=user.unit_id, status__in=OPEN_PROBLEM_STATUSES)
                .select_related("project"))
    for problem in problems:
        late = problem.deadline is not None and problem.deadline < today
        deadline = f"，办结期限{problem.deadline:%Y-%m-%d}" if problem.deadline else ""
        items.append(TodayItem(kind="交办问题", title=str(problem.project), url=reverse("projects:inbox"),
                               on=problem.raised_on, detail=f"{_said(problem.description)}{deadline}", urgent=late))
    return items


def _liaison_items(user, today: date) -> list[TodayItem]:
    """The month each of the liaison's projects owes (lights.missing_report, the light's own rule), or the
    one about to fall due."""
    items = []
    own = permissions.own_projects(user, Project.objects.filter(is_active=True))
    last_month = previous_month(month_start(today))
    for project in selectors.with_listing_data(own):
        reports = list(project.progress.all())
        missing = lights.missing_report(project, today=today)
        upcoming = None
        due_soon = lights.report_due_date(last_month) <= today + timedelta(days=PROGRESS_NOTICE_DAYS)
        reporting = lights.has_started(project) or bool(reports)
        if missing is None and due_soon and reporting and not any(p.period == last_month for p in reports):
            upcoming = last_month
        for period, late in ((missing, True), (upcoming, False)):
            if period is None:
                continue
            due = lights.report_due_date(period)
            items.append(TodayItem(kind="进展逾期未报" if late else "待报进展",
                                   title=f"{project} {period_label(period)}进展",
                                   url=reverse("projects:progress_report", args=[project.pk]) + f"?period={period:%Y-%m}",
                                   on=due, detail=f"应于{due:%Y-%m-%d}前报送", urgent=late))
    return items


def _leader_items(user, today: date) -> list[TodayItem]:
    if not user.person_id:
        return []
    own = permissions.own_projects(user, Project.objects.filter(is_active=True))
    items = [TodayItem(kind="红灯项目", title=str(project), url=_project_url(project.pk), on=today,
                       detail=project.light.reason, urgent=True)
             for project in lights.with_lights(own, today=today) if project.light.light == ProjectLight.RED]
    problems = (Problem.objects.filter(status__in=OPEN_PROBLEM_STATUSES, deadline__isnull=False)
                .filter(project__in=permissions.visible_projects(user))
                .select_related("project").order_by("deadline"))
    for problem in problems:
        if problem.leader_id != user.person_id and problem.project.leader_id != user.person_id:
            continue
        if selectors.escalation_now(problem, today) < Escalation.LEADER:
            continue
        items.append(TodayItem(kind="问题升级", title=str(problem.project), url=_project_url(problem.project_id),
                               on=problem.deadline, urgent=True,
                               detail=f"{_said(problem.description)}，已逾期{(today - problem.deadline).days}天"))
    return items


def _supervisor_items(user, today: date) -> list[TodayItem]:
    escalated = selectors.escalated_to_supervisor(
        Problem.objects.filter(project__in=permissions.visible_projects(user)), today)
    return [TodayItem(kind="问题升级", title=str(problem.project), url=_project_url(problem.project_id),
                      on=problem.deadline, urgent=True,
                      detail=f"{_said(problem.description)}，已逾期{problem.days_overdue}天")
            for problem in escalated]


def items_for(user, today: date) -> list[TodayItem]:
    if user.role == Role.REPORTER:
        return _unit_items(user, today) + _liaison_items(user, today)
    if user.role == Role.LEADER:
        return _leader_items(user, today)
    if user.role == Role.SUPERVISOR:
        return _supervisor_items(user, today)
    return []
