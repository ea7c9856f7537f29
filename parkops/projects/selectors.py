"""Reads of projects: what lists, pages, lights and documents show, in a bounded number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet

from parkops.core.formatting import share_pct
from parkops.projects.choices import OPEN_PROBLEM_STATUSES, Escalation, ProblemStatus, Stage
from parkops.projects.milestones import stage_reached_on
from parkops.projects.models import (
    DispatchMeeting,
    Milestone,
    MonthlyProgress,
    Problem,
    Project,
    ProjectYearPlan,
    StageEvent,
)


def with_listing_data(projects: QuerySet[Project] | None = None) -> QuerySet[Project]:
    """Projects with everything investment_figures(), the lights and the approval clock read, prefetched
    once for the lot."""
    projects = Project.objects.all() if projects is None else projects
    return projects.select_related("leader", "liaison", "responsible_unit", "zone").prefetch_related(
        "year_plans",
        Prefetch("progress", queryset=MonthlyProgress.objects.order_by("-period").prefetch_related("photos")),
        Prefetch("milestones", queryset=Milestone.objects.order_by("position")),
        Prefetch("problems", queryset=Problem.objects.select_related("responsible_unit").order_by("-raised_on")),
        Prefetch("stage_events", queryset=StageEvent.objects.order_by("on", "recorded_at")),
    )


@dataclass(frozen=True)
class InvestmentFigures:
    """A project's investment as the 进展情况表 prints it, all in 万元."""

    year: int
    planned_this_year: Decimal | None
    invested_this_year: Decimal
    invested_since_start: Decimal
    latest: MonthlyProgress | None

    @property
    def completion_rate(self) -> Decimal | None:
        """年度投资完成率: invested this year over the year's plan, in percent."""
        return share_pct(self.invested_this_year, self.planned_this_year) if self.planned_this_year else None


def investment_figures(project: Project, *, year: int, until: date | None = None) -> InvestmentFigures:
    """From prefetched year_plans and progress (with_listing_data); `until` leaves out later months."""
    reports = [p for p in project.progress.all() if until is None or p.period <= until]
    plan = next((p.planned_investment for p in project.year_plans.all() if p.year == year), None)
    this_year = sum((p.invested for p in reports if p.period.year == year), Decimal(0))
    to_date = project.invested_before + sum((p.invested for p in reports if p.period.year <= year), Decimal(0))
    latest = max(reports, key=lambda p: p.period, default=None)
    return InvestmentFigures(year, plan, this_year, to_date, latest)


def open_problems(project: Project, *, today: date | None = None) -> list[Problem]:
    """The project's open problems (prefetched); given today, each knows how far it has escalated."""
    problems = [p for p in project.problems.all() if p.status in OPEN_PROBLEM_STATUSES]
    if today is not None:
        for problem in problems:
            problem.escalated_to = escalation_now(problem, today)
    return problems


def escalation_due(problem: Problem, today: date) -> int:
    """The escalation an open problem should have reached by today."""
    if problem.deadline is None or problem.status not in OPEN_PROBLEM_STATUSES:
        return Escalation.NONE
    overdue = (today - problem.deadline).days
    if overdue > settings.PROBLEM_ESCALATE_TO_SUPERVISOR_DAYS:
        return Escalation.SUPERVISOR
    if overdue > settings.PROBLEM_ESCALATE_TO_LEADER_DAYS:
        return Escalation.LEADER
    return Escalation.NONE


def escalation_now(problem: Problem, today: date) -> Escalation:
    """What a page shows: the daily run (escalate-problems) records the step in the problem's history,
    but a page never shows less than is due today, whether or not the run has happened yet."""
    return Escalation(max(problem.escalation, escalation_due(problem, today)))


def escalated_to_supervisor(problems: QuerySet[Problem], today: date) -> list[Problem]:
    """Open problems overdue long enough to be the supervisor's, oldest deadline first, each with
    its days_overdue."""
    cutoff = today - timedelta(days=settings.PROBLEM_ESCALATE_TO_SUPERVISOR_DAYS)
    escalated = list(problems.filter(status__in=OPEN_PROBLEM_STATUSES)
                     .filter(Q(escalation=Escalation.SUPERVISOR) | Q(deadline__lt=cutoff))
                     .select_related("project", "responsible_unit", "leader").order_by("deadline", "pk"))
    for problem in escalated:
        problem.days_overdue = (today - problem.deadline).days
    return escalated


# -- what a summary of a period reads (reports.builtin.work_summary) ------------------------------------


def active_projects(*, park) -> QuerySet[Project]:
    """The park's projects being followed, by name, with their listing data."""
    return with_listing_data(Project.objects.filter(park=park, is_active=True).order_by("name"))


def stage_reached(*, park, stage: str, start: date, end: date) -> list[tuple[Project, date]]:
    """The projects whose stage event `stage` is dated within [start, end], each once with its first such
    date: statistics.project_statistics' definition of a new start (or a completion) bounded to the range,
    so that a half-year summary drawn up in November does not count July's starts."""
    first: dict[int, tuple[Project, date]] = {}
    # A deleted project leaves every count (core.models.SoftDeleteModel).
    for event in (StageEvent.objects.filter(project__park=park, project__deleted_at__isnull=True, stage=stage,
                                            on__gte=start, on__lte=end)
                  .select_related("project").order_by("on", "project__name")):
        first.setdefault(event.project_id, (event.project, event.on))
    return list(first.values())


def has_records_for(*, park, year: int, as_of: date) -> bool:
    """Whether the park's projects were followed in the system by `as_of` (a stage recorded) or planned
    for `year`: a park whose projects came in later has nothing to say of the time before."""
    return (StageEvent.objects.filter(project__park=park, on__lte=as_of).exists()
            or ProjectYearPlan.objects.filter(project__park=park, year=year).exists())


def problems_solved(*, park, year: int, as_of: date) -> list[Problem]:
    """The problems solved in `year` up to `as_of`, in the order they were solved."""
    return list(Problem.objects.filter(project__park=park, status=ProblemStatus.SOLVED,
                                       resolved_on__year=year, resolved_on__lte=as_of)
                .select_related("project").order_by("resolved_on", "pk"))


def overdue_problems(*, park, as_of: date) -> list[Problem]:
    """Problems raised by `as_of`, still open then and past their deadline, the longest overdue first."""
    return list(Problem.objects.filter(project__park=park, status__in=OPEN_PROBLEM_STATUSES,
                                       deadline__lt=as_of, raised_on__lte=as_of)
                .select_related("project", "responsible_unit").order_by("deadline", "pk"))


def keeps_problems(*, park) -> bool:
    """Whether the park records its projects' problems here at all."""
    return Problem.objects.filter(project__park=park).exists()


def keeps_meetings(*, park) -> bool:
    """Whether the park records its dispatch meetings here at all."""
    return DispatchMeeting.objects.filter(park=park).exists()


def meetings_held(*, park, start: date, end: date) -> int:
    return DispatchMeeting.objects.filter(park=park, held_on__gte=start, held_on__lte=end).count()


def invested_in_year(*, park, year: int, as_of: date) -> list[tuple[Project, Decimal, date]]:
    """Each project of the park with investment reported for `year` up to `as_of`: its 完成投资 this year
    (万元) and the latest month reported. Their sum is statistics' 完成投资 (StageCounts.invested); two
    queries."""
    projects = Project.objects.filter(park=park).prefetch_related(
        Prefetch("progress", queryset=MonthlyProgress.objects.filter(period__year=year, period__lte=as_of)))
    found = []
    for project in projects:
        reports = list(project.progress.all())
        if reports:
            found.append((project, sum((r.invested for r in reports), Decimal(0)), max(r.period for r in reports)))
    return sorted(found, key=lambda row: (-row[1], row[0].name))


# -- what 招商引资's 履约监管 reads (investment.contracts, a hand-over named in .importlinter) --------------


@dataclass(frozen=True)
class ContractProgress:
    """What a key project has done, as an investment agreement is checked against it."""

    name: str
    stage_label: str
    started_on: date | None
    producing_on: date | None
    invested: Decimal  # to date, 万元: 录入前已完成 plus every month reported
    latest_period: date | None


def contract_progress(project_ids) -> dict[int, ContractProgress]:
    """Each key project's first 开工 and 投产 days from its stage history and its investment to date,
    keyed by id: three queries, whatever the number of projects."""
    found = {}
    for project in Project.objects.filter(pk__in=list(project_ids)).prefetch_related(
            Prefetch("progress", queryset=MonthlyProgress.objects.only("project_id", "period", "invested")),
            Prefetch("stage_events", queryset=StageEvent.objects.order_by("on", "recorded_at"))):
        reports = list(project.progress.all())
        found[project.pk] = ContractProgress(
            name=project.name, stage_label=project.get_stage_display(),
            started_on=stage_reached_on(project, Stage.STARTED),
            producing_on=stage_reached_on(project, Stage.IN_PRODUCTION),
            invested=project.invested_before + sum((r.invested for r in reports), Decimal(0)),
            latest_period=max((r.period for r in reports), default=None))
    return found


# -- what 惠企政策兑现 reads (policies.rules, a hand-over named in .importlinter) ----------------------------


def invested_by_builder(*, park) -> dict[str, Decimal]:
    """Each 建设企业's key projects' investment completed to date (万元: 录入前已完成 plus every month
    reported), keyed by the enterprise's name written without spaces; two queries."""
    from parkops.core.text import normalise_name

    found: dict[str, Decimal] = {}
    for project in Project.objects.filter(park=park).exclude(enterprise_name="").prefetch_related(
            Prefetch("progress", queryset=MonthlyProgress.objects.only("project_id", "invested"))):
        key = normalise_name(project.enterprise_name)
        invested = project.invested_before + sum((r.invested for r in project.progress.all()), Decimal(0))
        found[key] = found.get(key, Decimal(0)) + invested
    return found
