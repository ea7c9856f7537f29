"""What the two papers of 重点项目调度 say (seed 001: "每日一通报、每周一调度"). The report centre lays
them out in the official format through templates users may edit (reports/builtin/project_dispatch.py),
like the 一览表.

The weekly dispatch meeting's agenda (周调度会议程) puts first what the meeting is for: the red and
the yellow projects with the reason each is lit, the problems still open (the overdue first, with
how many days), and whether the previous meeting's decisions were carried out. The lights are given
by the caller, so the agenda does not depend on how they are computed.

The daily bulletin (每日一通报) says what changed on one day: stages reached, monthly progress
reported or corrected, problems raised and solved, milestones done. A day is a calendar day in the
park's time zone, for dates and timestamps alike, so that the bulletin of a day is the same whenever
it is printed.

Only the day's news is listed. A record entered that day about the past — a ledger imported with a
project's whole history, stages and months filled in after the fact — is not news: a stage change
whose date, or a month's progress whose month, is earlier than the month before the bulletin's is
counted in one sentence ("另补录以往记录N条……") and not listed, so that the day a park starts does not
print its history as the day's events (the demo park's first bulletin ran to 32 pages). The month
before stays news: its progress is reported in the first days of the next month. Each document is built here once as data (build_agenda, build_bulletin); the templates
and any page only lay it out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from parkops.core.formatting import clause, format_money, format_pct
from parkops.core.periods import chinese_date, period_label
from parkops.org.models import Park
from parkops.projects import lights as project_lights
from parkops.projects.choices import OPEN_PROBLEM_STATUSES, ProblemStatus, ProjectLight
from parkops.projects.models import (
    Decision,
    DispatchMeeting,
    Milestone,
    MonthlyProgress,
    Problem,
    Project,
    StageEvent,
)
from parkops.projects.selectors import investment_figures, with_listing_data

NOTHING_CHANGED = "今日无变化。"


def short_date(day: date | None, *, year: int) -> str:
    """"11月20日" within the document's year, "2026年1月5日" outside it."""
    if day is None:
        return "—"
    return f"{day.month}月{day.day}日" if day.year == year else chinese_date(day)


def days_overdue(deadline: date | None, today: date) -> int:
    return max(0, (today - deadline).days) if deadline else 0


# -- the agenda -----------------------------------------------------------------------------------------


@dataclass
class LitProject:
    project: Project
    light: str
    reason: str


@dataclass
class OpenProblem:
    problem: Problem
    days_overdue: int


@dataclass
class PreviousDecision:
    decision: Decision
    status: str  # what became of it, as the agenda prints it


@dataclass
class Agenda:
    park: Park
    held_on: date
    red: list[LitProject]
    yellow: list[LitProject]
    problems: list[OpenProblem]
    previous: DispatchMeeting | None
    decisions: list[PreviousDecision]

    @property
    def title(self) -> str:
        return f"{self.park}重点项目周调度会议程"


def build_agenda(*, park: Park, held_on: date, lights: Iterable[tuple[Project, str, str]]) -> Agenda:
    """The agenda of the meeting held on `held_on`. `lights` are (project, light, reason) with a
    ProjectLight value; the red and yellow ones are listed, in the order given. Days overdue and the
    state of decisions are as of the meeting's date."""
    lit = [LitProject(project, light, reason) for project, light, reason in lights]
    problems = [
        OpenProblem(problem, days_overdue(problem.deadline, held_on))
        for problem in Problem.objects.filter(project__park=park, project__is_active=True,
                                              status__in=OPEN_PROBLEM_STATUSES)
        .select_related("project", "responsible_unit", "leader")
    ]
    problems.sort(key=lambda p: (-p.days_overdue, p.problem.deadline or date.max, p.problem.raised_on,
                                 p.problem.pk))
    previous = DispatchMeeting.objects.filter(park=park, held_on__lt=held_on).order_by("-held_on", "-pk").first()
    decisions = []
    if previous is not None:
        for decision in previous.decisions.select_related("project", "unit", "problem").order_by("pk"):
            decisions.append(PreviousDecision(decision, _decision_status(decision, held_on)))
    return Agenda(
        park=park, held_on=held_on,
        red=[item for item in lit if item.light == ProjectLight.RED],
        yellow=[item for item in lit if item.light == ProjectLight.YELLOW],
        problems=problems, previous=previous, decisions=decisions,
    )


def _decision_status(decision: Decision, today: date) -> str:
    problem = decision.problem
    if problem is None:
        late = days_overdue(decision.deadline, today)
        return f"未转办，已逾期{late}天" if late else "未转办"
    status = problem.get_status_display()
    if problem.status == ProblemStatus.SOLVED and problem.resolved_on:
        return f"{status}（{short_date(problem.resolved_on, year=today.year)}）"
    if problem.status in OPEN_PROBLEM_STATUSES:
        late = days_overdue(problem.deadline or decision.deadline, today)
        if late:
            return f"{status}，已逾期{late}天"
    return status


def meeting_agenda(*, park: Park, held_on: date) -> Agenda:
    """The agenda of a meeting held on `held_on`, its lights as they stood that day."""
    lit = [(p, p.light.light, p.light.reason) for p in project_lights.park_projects_with_lights(park=park, today=held_on)]
    return build_agenda(park=park, held_on=held_on, lights=lit)


# -- the daily bulletin ---------------------------------------------------------------------------------

# What the bulletin counts, in the order it lists a project's changes. A problem is 办结 when solved or
# found unsolvable; both are news to the leader.
STAGES, REPORTED, CORRECTED, RAISED, CLOSED, MILESTONES = (
    "阶段变更", "填报月度进展", "更新月度进展", "新提出困难问题", "办结困难问题", "完成节点")
COUNT_UNITS = {STAGES: "项", REPORTED: "项", CORRECTED: "项", RAISED: "个", CLOSED: "个", MILESTONES: "个"}


@dataclass
class BulletinEntry:
    what: str  # one of the counted kinds above
    text: str


@dataclass
class BulletinGroup:
    project: Project
    entries: list[BulletinEntry] = field(default_factory=list)


@dataclass
class Bulletin:
    park: Park
    day: date
    groups: list[BulletinGroup]
    # Records entered on the day about the past, by kind: counted, not listed.
    backfilled: dict[str, int] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"{self.park}重点项目每日通报"

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(COUNT_UNITS, 0)
        for group in self.groups:
            for entry in group.entries:
                counts[entry.what] += 1
        return counts

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def summary(self) -> str:
        counted = [f"{what}{count}{COUNT_UNITS[what]}" for what, count in self.counts.items() if count]
        if not counted:
            return NOTHING_CHANGED + self.backfilled_note
        return (f"{chinese_date(self.day)}，{len(self.groups)}个重点项目有变化：" + "、".join(counted) + "。"
                + self.backfilled_note)

    @property
    def backfilled_note(self) -> str:
        """"另补录以往记录165条（填报月度进展120项、阶段变更45项），不在本通报逐项列出。", or ""."""
        total = sum(self.backfilled.values())
        if not total:
            return ""
        kinds = "、".join(f"{what}{count}{COUNT_UNITS[what]}" for what, count in self.backfilled.items() if count)
        return f"另补录以往记录{total}条（{kinds}），不在本通报逐项列出。"


def is_news(*, on: date, day: date) -> bool:
    """Whether a record entered on `day` about `on` (a stage's date, a month's first day) is the day's
    news: from the first day of the month before `day` on; earlier is history filled in."""
    first = day.replace(day=1)
    return on >= (first - timedelta(days=1)).replace(day=1)


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def build_bulletin(*, park: Park, day: date | None = None) -> Bulletin:
    """What changed on `day` (today by default) on the park's projects, grouped by project. The
    number of queries does not grow with the number of changes."""
    day = day or timezone.localdate()
    start, end = _day_bounds(day)
    in_park = {"project__park": park}
    events = list(StageEvent.objects.filter(**in_park, recorded_at__gte=start, recorded_at__lt=end))
    reports = list(MonthlyProgress.objects.filter(**in_park, reported_at__gte=start, reported_at__lt=end))
    created = set(MonthlyProgress.history.filter(id__in=[r.pk for r in reports], history_type="+",
                                                 history_date__gte=start, history_date__lt=end)
                  .values_list("id", flat=True))
    raised = list(Problem.objects.filter(**in_park, raised_on=day).select_related("responsible_unit"))
    closed = list(Problem.objects.filter(**in_park, resolved_on=day,
                                         status__in=(ProblemStatus.SOLVED, ProblemStatus.UNSOLVABLE)))
    milestones = list(Milestone.objects.filter(**in_park, actual_on=day))
    # A correction of a month already reported is news whichever month it is; a first report of an old
    # month, like a stage dated long before, is history entered late.
    backfilled = dict.fromkeys(COUNT_UNITS, 0)
    backfilled[STAGES] = sum(1 for event in events if not is_news(on=event.on, day=day))
    events = [event for event in events if is_news(on=event.on, day=day)]
    old_months = {r.pk for r in reports if r.pk in created and not is_news(on=r.period, day=day)}
    backfilled[REPORTED] = len(old_months)
    reports = [r for r in reports if r.pk not in old_months]
    changed = {item.project_id for found in (events, reports, raised, closed, milestones) for item in found}
    projects = {p.pk: p for p in with_listing_data(Project.objects.filter(pk__in=changed))}

    entries: dict[int, list[BulletinEntry]] = {}

    def add(project_id: int, what: str, text: str) -> None:
        entries.setdefault(project_id, []).append(BulletinEntry(what, text))

    for event in events:
        note = f"；{clause(event.note)}" if event.note else ""
        add(event.project_id, STAGES,
            f"进入“{event.get_stage_display()}”阶段（{short_date(event.on, year=day.year)}）{note}。")
    for report in reports:
        figures = investment_figures(projects[report.project_id], year=report.period.year, until=report.period)
        rate = f"，年度投资完成率{format_pct(figures.completion_rate)}" if figures.completion_rate is not None else ""
        what, verb = (REPORTED, "填报") if report.pk in created else (CORRECTED, "更新")
        text = (f"{verb}{period_label(report.period)}进展：当月完成投资{format_money(report.invested)}，"
                f"本年累计完成{format_money(figures.invested_this_year)}{rate}")
        if report.image_progress:
            text += f"；形象进度：{report.image_progress.rstrip('。')}"
        add(report.project_id, what, text + "。")
    for problem in raised:
        unit = f"，责任单位：{problem.responsible_unit.name}" if problem.responsible_unit_id else ""
        deadline = f"，办结期限：{short_date(problem.deadline, year=day.year)}" if problem.deadline else ""
        add(problem.project_id, RAISED,
            f"新提出困难问题（{problem.get_category_display()}）：{problem.description.rstrip('。')}{unit}{deadline}。")
    for problem in closed:
        resolution = f"；办理结果：{problem.resolution.rstrip('。')}" if problem.resolution else ""
        verb = "解决困难问题" if problem.status == ProblemStatus.SOLVED else "办结困难问题（无法解决）"
        add(problem.project_id, CLOSED, f"{verb}：{problem.description.rstrip('。')}{resolution}。")
    for milestone in milestones:
        planned = f"，计划{short_date(milestone.planned_on, year=day.year)}" if milestone.planned_on else ""
        add(milestone.project_id, MILESTONES, f"完成节点“{milestone.name}”（{short_date(day, year=day.year)}{planned}）。")

    groups = [BulletinGroup(projects[project_id], found) for project_id, found in entries.items()]
    groups.sort(key=lambda group: group.project.name)
    return Bulletin(park=park, day=day, groups=groups, backfilled={k: v for k, v in backfilled.items() if v})
