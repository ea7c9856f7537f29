"""重点项目 statistics for a park's year, as the half-year and annual 工作总结 write them
("新开工项目28个、竣工项目13个、续建项目21个"; "解决困难问题200余个").

Counts follow the stage events, the record of when each thing happened: a new start is a project
whose 开工 was recorded in the year, a completion one whose 竣工 was, and so on. "Under construction"
is the stage a project stood at by the end of the year (or today, for the year under way), so last
year's figures do not change when a project moves on this year. All of it is read in a fixed number
of queries, whatever the number of projects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from statistics import median

from django.db.models import Count, Prefetch, Q

from parkops.core.formatting import share_pct
from parkops.org.models import Park
from parkops.projects.choices import ProblemStatus, ProjectKind, Stage
from parkops.projects.models import MonthlyProgress, Problem, Project, ProjectYearPlan, StageEvent

UNDER_CONSTRUCTION_STAGES = (Stage.STARTED, Stage.UNDER_CONSTRUCTION)
NO_CHAIN = "未填写产业链"
NO_ZONE = "未分片区"


@dataclass
class StageCounts:
    """One row of the statistics: a kind, a chain, a zone, or the whole park."""

    name: str
    projects: int = 0
    new_starts: int = 0
    under_construction: int = 0
    completed: int = 0
    in_production: int = 0
    planned_investment: Decimal = Decimal(0)
    invested: Decimal = Decimal(0)

    @property
    def completion_rate(self) -> Decimal | None:
        """年度投资完成率, in percent; None without a plan."""
        return share_pct(self.invested, self.planned_investment)


@dataclass
class ProjectStatistics:
    park: Park
    year: int
    as_of: date
    total: StageCounts
    by_kind: list[StageCounts] = field(default_factory=list)
    by_chain: list[StageCounts] = field(default_factory=list)
    by_zone: list[StageCounts] = field(default_factory=list)
    problems_raised: int = 0
    problems_solved: int = 0
    problems_unsolvable: int = 0
    median_days_to_solve: float | None = None


def stage_on(project: Project, day: date) -> str | None:
    """The stage the project stood at on `day`, from its prefetched events; None before the first.
    A project with no events at all (entered without its history) is taken at its recorded stage."""
    events = list(project.stage_events.all())
    if not events:
        return project.stage
    reached = [e for e in events if e.on <= day]
    return max(reached, key=lambda e: (e.on, e.recorded_at)).stage if reached else None


def _reached_in(project: Project, stage: str, year: int, as_of: date) -> bool:
    """Reached in `year` by `as_of`: the statistics of a day in June do not count July's starts."""
    return any(e.stage == stage and e.on.year == year and e.on <= as_of for e in project.stage_events.all())


def _count(row: StageCounts, project: Project, year: int, as_of: date) -> None:
    row.projects += 1
    row.new_starts += _reached_in(project, Stage.STARTED, year, as_of)
    row.under_construction += stage_on(project, as_of) in UNDER_CONSTRUCTION_STAGES
    row.completed += _reached_in(project, Stage.COMPLETED, year, as_of)
    row.in_production += _reached_in(project, Stage.IN_PRODUCTION, year, as_of)
    row.planned_investment += sum((p.planned_investment for p in project.year_plans.all()), Decimal(0))
    row.invested += sum((p.invested for p in project.progress.all()), Decimal(0))


def project_statistics(*, park: Park, year: int, today: date) -> ProjectStatistics:
    """The park's key projects in `year`: starts, completions and production, by kind, chain and zone;
    investment planned and completed; problems raised and solved, and the median days to solve."""
    as_of = min(today, date(year, 12, 31))
    projects = (
        Project.objects.filter(park=park)
        .select_related("zone")
        .prefetch_related(
            Prefetch("stage_events", queryset=StageEvent.objects.order_by("on", "recorded_at")),
            Prefetch("year_plans", queryset=ProjectYearPlan.objects.filter(year=year)),
            Prefetch("progress", queryset=MonthlyProgress.objects.filter(period__year=year, period__lte=as_of)),
        )
    )
    total = StageCounts("合计")
    kinds = {kind: StageCounts(label) for kind, label in ProjectKind.choices}
    chains: dict[str, StageCounts] = {}
    zones: dict[str, StageCounts] = {}
    for project in projects:
        _count(total, project, year, as_of)
        _count(kinds[project.kind], project, year, as_of)
        chain = project.industry_chain.strip() or NO_CHAIN
        _count(chains.setdefault(chain, StageCounts(chain)), project, year, as_of)
        zone = project.zone.name if project.zone else NO_ZONE
        _count(zones.setdefault(zone, StageCounts(zone)), project, year, as_of)

    problems = Problem.objects.filter(project__park=park)
    tally = problems.aggregate(
        raised=Count("pk", filter=Q(raised_on__year=year, raised_on__lte=as_of)),
        solved=Count("pk", filter=Q(status=ProblemStatus.SOLVED, resolved_on__year=year, resolved_on__lte=as_of)),
        unsolvable=Count("pk", filter=Q(status=ProblemStatus.UNSOLVABLE, resolved_on__year=year,
                                        resolved_on__lte=as_of)),
    )
    solve_days = [
        (resolved - raised).days
        for raised, resolved in problems.filter(status=ProblemStatus.SOLVED, resolved_on__year=year,
                                                resolved_on__lte=as_of).values_list("raised_on", "resolved_on")
    ]
    return ProjectStatistics(
        park=park, year=year, as_of=as_of, total=total,
        by_kind=[row for row in kinds.values() if row.projects],
        by_chain=_ordered(chains, NO_CHAIN),
        by_zone=_ordered(zones, NO_ZONE),
        problems_raised=tally["raised"],
        problems_solved=tally["solved"],
        problems_unsolvable=tally["unsolvable"],
        median_days_to_solve=float(median(solve_days)) if solve_days else None,
    )


def _ordered(rows: dict[str, StageCounts], last: str) -> list[StageCounts]:
    """Most projects first, the ones without a chain or zone at the end."""
    return sorted(rows.values(), key=lambda r: (r.name == last, -r.projects, r.name))
