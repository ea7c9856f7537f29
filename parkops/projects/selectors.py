"""Reads of projects: what lists, pages, lights and documents show, in a bounded number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from parkops.core.formatting import share_pct
from parkops.projects.choices import OPEN_PROBLEM_STATUSES
from parkops.projects.models import Milestone, MonthlyProgress, Problem, Project, StageEvent


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


def open_problems(project: Project) -> list[Problem]:
    return [p for p in project.problems.all() if p.status in OPEN_PROBLEM_STATUSES]
