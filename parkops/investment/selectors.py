"""Reads of 招商引资 that are more than a filter: the pipeline board, the counts of activities."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from parkops.investment.choices import PIPELINE, ActivityKind, Stage
from parkops.investment.models import InvestmentActivity, InvestmentProject, StageChange

BOARD_STAGES = [*PIPELINE, Stage.TERMINATED]


@dataclass
class StageColumn:
    stage: Stage
    projects: list[InvestmentProject] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.stage.label

    @property
    def count(self) -> int:
        return len(self.projects)

    @property
    def total_investment(self) -> Decimal:
        """计划总投资 of the column, in 万元 (the page prints it in 亿元)."""
        return sum((p.total_investment for p in self.projects), Decimal(0))


def listing(projects: QuerySet[InvestmentProject]) -> QuerySet[InvestmentProject]:
    """What a list of projects shows of each, in one query."""
    return projects.select_related("unit", "tracker").order_by("name")


def pipeline_board(projects: QuerySet[InvestmentProject]) -> list[StageColumn]:
    """The projects by stage, in the pipeline's order, 终止 last; one query whatever their number."""
    columns = {stage: StageColumn(Stage(stage)) for stage in BOARD_STAGES}
    for project in listing(projects):
        columns[project.stage].projects.append(project)
    return list(columns.values())


def in_pipeline_total(columns: list[StageColumn]) -> tuple[int, Decimal]:
    """The projects still alive (终止 left out) and their 计划总投资 in 万元."""
    alive = [c for c in columns if c.stage != Stage.TERMINATED]
    return sum(c.count for c in alive), sum((c.total_investment for c in alive), Decimal(0))


@dataclass
class ActivityCounts:
    by_kind: list[tuple[str, int]]
    by_unit: list[tuple[str, int]]
    by_month: list[tuple[str, int]]
    leads: int


def activity_counts(activities: QuerySet[InvestmentActivity]) -> ActivityCounts:
    """招商活动 counted by type, unit and month, and the leads they produced."""
    rows = list(activities.select_related("unit").prefetch_related("leads"))
    kinds = Counter(a.kind for a in rows)
    units = Counter(str(a.unit) if a.unit else "未指定" for a in rows)
    months = Counter(f"{a.held_on:%Y-%m}" for a in rows)
    return ActivityCounts(
        by_kind=[(kind.label, kinds[kind.value]) for kind in ActivityKind if kinds[kind.value]],
        by_unit=sorted(units.items(), key=lambda item: (-item[1], item[0])),
        by_month=sorted(months.items(), reverse=True),
        leads=len({lead.pk for a in rows for lead in a.leads.all()}),
    )


def reaching(*, park, stage: str, start: date, end: date) -> list[tuple[InvestmentProject, date]]:
    """The projects that first reached `stage` or a later one (a lead may sign on the spot and skip a
    stage) between `start` and `end`, with the day they did: "招引项目25个" counts each project once,
    in the year it was signed. Deleted projects are left out; 终止 after reaching it does not undo it."""
    later = [s for s in PIPELINE if Stage.rank(s) >= Stage.rank(stage)]
    first_reached = (StageChange.objects.filter(project=OuterRef("pk"), to_stage__in=later)
                     .order_by("on").values("on")[:1])
    projects = (InvestmentProject.objects.filter(park=park)
                .annotate(reached_on=Subquery(first_reached))
                .filter(reached_on__gte=start, reached_on__lte=end)
                .select_related("unit").order_by("reached_on", "name"))
    return [(project, project.reached_on) for project in projects]


# -- what the 招商引资工作进展情况 report reads (reports.builtin.investment_progress) ------------------------


@dataclass
class ProjectPath:
    """A project as known at the end of a day: the first day it reached (or passed over) each stage of
    the pipeline, and the stage it stood at then."""

    project: InvestmentProject
    reached: dict[str, date]
    stage: str

    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label


def project_paths(*, park, end: date) -> list[ProjectPath]:
    """The park's projects registered by `end`, each with its path up to that day; two queries."""
    changes = Prefetch("stage_changes", queryset=StageChange.objects.filter(on__lte=end)
                       .order_by("on", "recorded_at", "pk"))
    paths = []
    for project in (InvestmentProject.objects.filter(park=park).select_related("unit")
                    .prefetch_related(changes).order_by("name")):
        steps = list(project.stage_changes.all())
        if not steps:
            continue
        reached = {}
        for stage in PIPELINE:
            days = [c.on for c in steps if c.to_stage != Stage.TERMINATED and Stage.rank(c.to_stage) >= Stage.rank(stage)]
            if days:
                reached[stage] = min(days)
        paths.append(ProjectPath(project, reached, steps[-1].to_stage))
    return paths


def activities_between(*, park, start: date, end: date) -> ActivityCounts:
    """招商活动 held within [start, end], counted by type, unit and month."""
    return activity_counts(InvestmentActivity.objects.filter(park=park, held_on__gte=start, held_on__lte=end))


def park_projects(*, park) -> QuerySet[InvestmentProject]:
    """The park's projects (the deleted ones left out), for a document of the whole park."""
    return InvestmentProject.objects.filter(park=park)
