"""Reads of 招商引资 that are more than a filter: the pipeline board, the counts of activities, the 联审
meetings with each project assessed (investment.review)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum

from parkops.investment.choices import ADMITTED, PIPELINE, ActivityKind, Decision, ReviewKind, Stage
from parkops.investment.models import (
    InvestmentActivity,
    InvestmentProject,
    ReviewCriteria,
    ReviewItem,
    ReviewMeeting,
    ReviewOpinion,
    StageChange,
)
from parkops.investment.review import Assessment, assess

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


# --- 入园联审 -------------------------------------------------------------------------------------------


def criteria_for(*, park, year: int) -> ReviewCriteria:
    """The year's entry criteria: as the supervisor set them, else the latest earlier year's, else the
    defaults (unsaved: saving them is the supervisor's act, on the settings page)."""
    found = ReviewCriteria.objects.filter(park=park, year__lte=year).order_by("-year").first()
    if found is None:
        return ReviewCriteria(park=park, year=year)
    if found.year != year:
        copied = ReviewCriteria.objects.get(pk=found.pk)
        copied.pk, copied.year, copied.inherited_from = None, year, found.year
        return copied
    return found


def meeting_listing(meetings: QuerySet[ReviewMeeting]) -> QuerySet[ReviewMeeting]:
    """What the meeting list shows of each, in one query whatever the number of projects: the projects
    reviewed, those let in (通过, 附条件通过) and their investment."""
    admitted = Q(items__decision__in=ADMITTED)
    return (meetings.select_related("host_unit")
            .annotate(item_count=Count("items", distinct=True),
                      admitted_count=Count("items", filter=admitted, distinct=True),
                      decided_count=Count("items", filter=~Q(items__decision=""), distinct=True),
                      admitted_investment=Sum("items__investment", filter=admitted))
            .order_by("-held_on", "-number", "-pk"))


@dataclass
class ReviewedItem:
    item: ReviewItem
    assessment: Assessment
    members: list = field(default_factory=list)

    @property
    def opinion_rows(self) -> list[tuple]:
        """Each member unit with its opinion, or None while it has given none."""
        by_unit = {o.unit_id: o for o in self.item.opinions.all()}
        return [(unit, by_unit.get(unit.pk)) for unit in self.members]

    @property
    def differs(self) -> bool:
        return bool(self.item.decision) and self.item.decision != self.assessment.suggestion


@dataclass
class MeetingReview:
    meeting: ReviewMeeting
    criteria: ReviewCriteria
    members: list
    items: list[ReviewedItem]

    def count(self, *decisions: str) -> int:
        return sum(1 for r in self.items if r.item.decision in decisions)

    @property
    def counts(self) -> dict[str, int]:
        """How many of each decision, and the undecided: the minutes' and the page's summary line."""
        found = {decision.value: self.count(decision) for decision in Decision}
        return {**found, "undecided": self.count("")}

    @property
    def admitted(self) -> list[ReviewedItem]:
        return [r for r in self.items if r.item.decision in ADMITTED]

    def admitted_total(self, name: str) -> Decimal:
        return sum((getattr(r.item, name) or Decimal(0) for r in self.admitted), Decimal(0))


def meeting_review(meeting: ReviewMeeting) -> MeetingReview:
    """A meeting with each project assessed against its year's criteria: a fixed number of queries."""
    criteria = criteria_for(park=meeting.park, year=meeting.year)
    members = list(meeting.members.order_by("name"))
    items = list(meeting.items.select_related("project", "project__unit", "decided_by")
                 .prefetch_related(Prefetch("opinions", ReviewOpinion.objects.select_related("unit", "recorded_by"))))
    return MeetingReview(meeting, criteria, members, [
        ReviewedItem(item, assess(item, kind=meeting.kind, criteria=criteria, members=members,
                                  opinions=item.opinions.all()), members)
        for item in items])


def assess_item(item: ReviewItem) -> Assessment:
    """One project's assessment (the decision service checks the decision against it)."""
    meeting = item.meeting
    return assess(item, kind=meeting.kind, criteria=criteria_for(park=meeting.park, year=meeting.year),
                  members=list(meeting.members.all()), opinions=item.opinions.select_related("unit"))


def meeting_for_minutes(*, park, day: date, kind: str = "") -> ReviewMeeting | None:
    """The meeting whose 纪要 is asked for: held on `day` or the latest before it (of `kind` if given)."""
    meetings = ReviewMeeting.objects.filter(park=park, held_on__lte=day).select_related("park", "host_unit")
    if kind:
        meetings = meetings.filter(kind=kind)
    return meetings.order_by("-held_on", "-number", "-pk").first()


def admitted_items(*, park, start: date, end: date, kind: str = "") -> QuerySet[ReviewItem]:
    """The projects let in (通过, 附条件通过) by meetings held between `start` and `end`: the seeds'
    "审议通过25个工业项目" (a project reviewed twice counts at each meeting that let it in)."""
    items = ReviewItem.objects.filter(meeting__park=park, meeting__held_on__gte=start, meeting__held_on__lte=end,
                                      decision__in=ADMITTED)
    if kind:
        items = items.filter(meeting__kind=kind)
    return items.select_related("meeting", "project").order_by("meeting__held_on", "meeting__number", "order", "pk")


def factory_entrants(*, park, until: date) -> QuerySet[ReviewItem]:
    """The projects a 租赁厂房项目 联审 let in (通过, 附条件通过) by `until`, the latest first, with their
    registered enterprise: the tenants 土地与厂房 offers a standard factory's lease (a hand-over .importlinter
    names)."""
    return (ReviewItem.objects.filter(meeting__park=park, meeting__kind=ReviewKind.FACTORY, meeting__held_on__lte=until,
                                      decision__in=ADMITTED)
            .select_related("meeting", "project", "project__enterprise")
            .order_by("-meeting__held_on", "-meeting__number", "order", "pk"))


def meetings_held(*, park, start: date, end: date, kind: str = "") -> QuerySet[ReviewMeeting]:
    meetings = ReviewMeeting.objects.filter(park=park, held_on__gte=start, held_on__lte=end)
    if kind:
        meetings = meetings.filter(kind=kind)
    return meetings.order_by("held_on", "number")
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
