"""项目亮灯: the one rule that gives a key project its light, and the reason it gives.

Order of the rule:
1. 红灯 when a node (节点) is more than settings.PROJECT_NODE_LATE_DAYS days past its planned date
   and not done: a permit a month late holds up everything after it, whatever the money says;
2. 未开始 (grey) when the project has not started (a stage before 开工) and has reported nothing,
   or when it has no investment plan for the year: there is no schedule to compare it with; but a
   project that has not started while the year's plan says it should have invested more than
   settings.PROJECT_RED_POINTS of it by now is 红灯, not grey;
3. 红灯 when the year's investment completion rate trails the schedule (序时进度) by more than
   settings.PROJECT_RED_POINTS percentage points;
4. 黄灯 when the progress report for the last month that has ended is missing after the 5th of the
   following month, or the investment trails the schedule by more than settings.PROJECT_YELLOW_POINTS;
5. 绿灯 otherwise.

The schedule is measured at the end of the latest reported month, the way investment statistics are
reported (1-10月 against 10/12 of the year's plan), not at today: like with like.
"""

from __future__ import annotations

from calendar import monthrange
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet

from parkops.core.formatting import format_money, round2
from parkops.core.periods import cumulative_label, month_start, period_label, previous_month
from parkops.projects.choices import ProjectLight, Stage
from parkops.projects.milestones import days_late, late_milestones, stage_reached_on
from parkops.projects.models import Project
from parkops.projects.selectors import investment_figures, with_listing_data

# A month's progress is due by this day of the following month, when the month's statistics are out.
REPORT_DUE_DAY = 5


@dataclass(frozen=True)
class ProjectLightResult:
    light: str
    reason: str

    @property
    def label(self) -> str:
        return ProjectLight(self.light).label

    @property
    def colour(self) -> str:
        return self.light  # the values are the colours' names

    @property
    def urgency(self) -> int:
        """0 for red up to 3 for grey: sorting by it puts what needs chasing first."""
        return ProjectLight.values.index(self.light)


def report_due_date(period: date) -> date:
    """A month's report falls due on the 5th of the following month."""
    following = date(period.year + 1, 1, 1) if period.month == 12 else date(period.year, period.month + 1, 1)
    return following.replace(day=min(REPORT_DUE_DAY, monthrange(following.year, following.month)[1]))


def last_due_period(today: date) -> date:
    """The last month whose report has fallen due (its due day has passed) by `today`."""
    period = previous_month(month_start(today))
    return period if report_due_date(period) < today else previous_month(period)


def started_on(project: Project) -> date | None:
    """The date of the project's first 开工 or later stage event, from the prefetched events."""
    return stage_reached_on(project, Stage.STARTED)


def has_started(project: Project) -> bool:
    return Stage.rank(project.stage) >= Stage.rank(Stage.STARTED) or started_on(project) is not None


def missing_report(project: Project, *, today: date) -> date | None:
    """The month whose report is overdue, if any: the last month due, when the project is reporting by then.

    A project reports from the month it started, or from its first report if it reported earlier
    (land and equipment paid before the ground is broken count as investment).
    """
    reports = list(project.progress.all())
    first_report = min((p.period for p in reports), default=None)
    start = started_on(project)
    candidates = [d for d in (first_report, month_start(start) if start else None) if d is not None]
    if not candidates:
        return None
    due = last_due_period(today)
    if due < min(candidates):
        return None
    if any(p.period >= due for p in reports):
        return None
    return due


def _late_node_reason(project: Project, today: date) -> str | None:
    limit = settings.PROJECT_NODE_LATE_DAYS
    late = [m for m in late_milestones(project, today=today) if days_late(m, today) > limit]
    if not late:
        return None
    worst = late[0]
    reason = (f"节点“{worst.name}”计划于{worst.planned_on:%Y年%-m月%-d日}完成，"
              f"已逾期{days_late(worst, today)}天尚未完成")
    if len(late) > 1:
        reason += f"（另有{len(late) - 1}个节点逾期超过{limit}天）"
    return reason


def _stage_date(project: Project, stage: str) -> date | None:
    return max((e.on for e in project.stage_events.all() if e.stage == stage), default=None)


def compute_project_light(project: Project, *, today: date) -> ProjectLightResult:
    """The light of a project, from its prefetched plans, reports, milestones and stage events
    (selectors.with_listing_data)."""
    if project.stage == Stage.IN_PRODUCTION:
        # Scheduling ends at 投产: from then on the enterprise is watched by the economy module, not here.
        produced = _stage_date(project, Stage.IN_PRODUCTION)
        return ProjectLightResult(ProjectLight.GREEN, f"已于{produced:%Y年%-m月%-d日}投产" if produced else "已投产")

    late_node = _late_node_reason(project, today)
    if late_node:
        return ProjectLightResult(ProjectLight.RED, late_node)

    reports = [p for p in project.progress.all() if p.period <= today]
    if not reports and not has_started(project):
        not_started = f"尚未开工（当前阶段：{project.get_stage_display()}），无进展报送"
        # A project with money planned for the year is judged against it, started or not: nothing
        # invested by December of a 1亿元 plan is as late as a project can be.
        due = last_due_period(today)
        planned = investment_figures(project, year=due.year, until=today).planned_this_year
        expected = round2(Decimal(due.month) / Decimal(12) * 100)
        if planned and expected > settings.PROJECT_RED_POINTS:
            return ProjectLightResult(ProjectLight.RED, (
                f"{not_started}；{due.year}年度计划投资{format_money(planned)}，{cumulative_label(due)}序时进度"
                f"{expected:.2f}%，完成投资0，落后{expected:.2f}个百分点"))
        return ProjectLightResult(ProjectLight.GREY, not_started)

    missing = missing_report(project, today=today)
    latest = max(reports, key=lambda p: p.period, default=None)
    # The year judged is the year of the latest month known: January's figures open a new year only once in.
    judged = max(p for p in (missing, latest.period if latest else None, last_due_period(today)) if p)
    year = judged.year
    missing_text = ""
    if missing:
        missing_text = f"{period_label(missing)}进展未报送（应于{report_due_date(missing):%-m月%-d日}前报送）"

    figures = investment_figures(project, year=year, until=today)
    if not figures.planned_this_year:
        reason = f"未录入{year}年度计划投资，无法计算序时进度"
        return ProjectLightResult(ProjectLight.GREY, f"{reason}；{missing_text}" if missing_text else reason)

    reported = figures.latest if figures.latest and figures.latest.period.year == year else None
    if reported is None:
        if missing_text:
            return ProjectLightResult(ProjectLight.YELLOW, missing_text)
        start = started_on(project)
        since = f"{start:%Y年%-m月%-d日}开工，" if start else ""
        return ProjectLightResult(ProjectLight.GREEN, f"{since}首月进展尚未到报送期")

    rate = figures.completion_rate
    expected = round2(Decimal(reported.period.month) / Decimal(12) * 100)
    gap = expected - rate
    description = (
        f"{cumulative_label(reported.period)}完成投资{format_money(figures.invested_this_year)}，"
        f"为年度计划{format_money(figures.planned_this_year)}的{rate:.2f}%，序时进度{expected:.2f}%"
    )
    behind = f"{description}，落后{gap:.2f}个百分点"
    if gap > settings.PROJECT_RED_POINTS:
        return ProjectLightResult(ProjectLight.RED, f"{behind}；{missing_text}" if missing_text else behind)
    if missing_text:
        return ProjectLightResult(ProjectLight.YELLOW, f"{missing_text}；{description}")
    if gap > settings.PROJECT_YELLOW_POINTS:
        return ProjectLightResult(ProjectLight.YELLOW, behind)
    return ProjectLightResult(ProjectLight.GREEN, description)


def with_lights(projects: QuerySet[Project] | Iterable[Project], *, today: date) -> list[Project]:
    """The projects with `light` (a ProjectLightResult) set on each, in a fixed number of queries.

    A plain queryset is given with_listing_data() here; one that already prefetches (the caller
    called with_listing_data itself) or a list of prefetched projects is used as it is.
    """
    if isinstance(projects, QuerySet) and not projects._prefetch_related_lookups:
        projects = with_listing_data(projects)
    result = []
    for project in projects:
        project.light = compute_project_light(project, today=today)
        result.append(project)
    return result


def park_projects_with_lights(*, park, today: date) -> list[Project]:
    """The park's projects under dispatch (not withdrawn), each with its light as of `today`."""
    return with_lights(Project.objects.filter(park=park, is_active=True), today=today)


def light_counts(projects: Iterable[Project]) -> dict[str, int]:
    counts = Counter(project.light.light for project in projects)
    return {light: counts.get(light, 0) for light in ProjectLight.values}
