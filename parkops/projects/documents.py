"""The two papers of 重点项目调度 (seed 001: "每日一通报、每周一调度"), printed as Word documents in
the official format (GB/T 9704, through core/officedoc.py) like the 一览表.

The weekly dispatch meeting's agenda (周调度会议程) puts first what the meeting is for: the red and
the yellow projects with the reason each is lit, the problems still open (the overdue first, with
how many days), and whether the previous meeting's decisions were carried out. The lights are given
by the caller, so the agenda does not depend on how they are computed.

The daily bulletin (每日一通报) says what changed on one day: stages reached, monthly progress
reported or corrected, problems raised and solved, milestones done. A day is a calendar day in the
park's time zone, for dates and timestamps alike, so that the bulletin of a day is the same whenever
it is printed. Each document is built once as data (build_agenda, build_bulletin) and then laid out,
so a page can show the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH

from parkops.core import officedoc
from parkops.core.formatting import format_pct, format_yi
from parkops.core.periods import chinese_date, period_label
from parkops.org.models import Park
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

DIGITS = "零一二三四五六七八九"
NOTHING_CHANGED = "今日无变化。"


def chinese_numeral(number: int) -> str:
    """1 → "一", 12 → "十二", 53 → "五十三": the numbers of 一、 and （一） headings, up to 99."""
    tens, ones = divmod(number, 10)
    if not 0 < number < 100:
        return str(number)
    return ("" if tens == 0 else "十" if tens == 1 else f"{DIGITS[tens]}十") + (DIGITS[ones] if ones else "")


def short_date(day: date | None, *, year: int) -> str:
    """"11月20日" within the document's year, "2026年1月5日" outside it."""
    if day is None:
        return "—"
    return f"{day.month}月{day.day}日" if day.year == year else chinese_date(day)


def days_overdue(deadline: date | None, today: date) -> int:
    return max(0, (today - deadline).days) if deadline else 0


def _people(project: Project) -> str:
    parts = []
    if project.leader_id:
        parts.append(f"挂点领导：{project.leader.name}")
    if project.responsible_unit_id:
        parts.append(f"责任单位：{project.responsible_unit.name}")
    return "；".join(parts)


def _heading(document, text: str, level: int = 1):
    """A heading that stays on the page of what it heads."""
    paragraph = officedoc.add_heading(document, text, level)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


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


def agenda_docx(agenda: Agenda) -> bytes:
    document = officedoc.new_document()
    year = agenda.held_on.year
    officedoc.add_title(document, agenda.title)
    officedoc.add_paragraph(document, f"（{chinese_date(agenda.held_on)}）", align=WD_ALIGN_PARAGRAPH.CENTER,
                            font=officedoc.KAITI)
    officedoc.add_paragraph(document)

    for number, (light, items) in enumerate(((ProjectLight.RED, agenda.red), (ProjectLight.YELLOW, agenda.yellow))):
        _heading(document, f"{chinese_numeral(number + 1)}、{light.label}项目（{len(items)}个）")
        if not items:
            officedoc.add_paragraph(document, "无。")
        for position, item in enumerate(items, start=1):
            people = _people(item.project)
            officedoc.add_paragraph(
                document, f"{position}. {item.project.name}" + (f"（{people}）" if people else "")
                + f"。亮灯原因：{item.reason.rstrip('。')}。")

    _heading(document, f"三、未解决的困难问题（{len(agenda.problems)}个）")
    if not agenda.problems:
        officedoc.add_paragraph(document, "无。")
    else:
        overdue = sum(1 for p in agenda.problems if p.days_overdue)
        if overdue:
            officedoc.add_paragraph(document, f"其中已逾期{overdue}个，按逾期天数排列。").paragraph_format \
                .keep_with_next = True
        table = officedoc.add_table(
            document, ["序号", "项目", "困难问题", "类别", "责任单位", "办结期限", "逾期天数"],
            [12, 27, 43, 15, 20, 21, 18], size=officedoc.SIZE_5)
        centre, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
        for position, item in enumerate(agenda.problems, start=1):
            problem = item.problem
            officedoc.add_row(table, [
                str(position), problem.project.name, problem.description, problem.get_category_display(),
                problem.responsible_unit.name if problem.responsible_unit_id else "—",
                short_date(problem.deadline, year=year),
                f"{item.days_overdue}天" if item.days_overdue else "未逾期",
            ], size=officedoc.SIZE_5, aligns=[centre, left, left, centre, centre, centre, centre])

    _heading(document, "四、上次调度会议定事项落实情况")
    if agenda.previous is None:
        officedoc.add_paragraph(document, "无上次调度会记录。")
    else:
        officedoc.add_paragraph(document, f"{agenda.previous.title}（{chinese_date(agenda.previous.held_on)}）"
                                          f"议定事项{len(agenda.decisions)}项。").paragraph_format.keep_with_next = True
        if agenda.decisions:
            table = officedoc.add_table(document, ["序号", "议定事项", "项目", "责任单位", "完成期限", "落实情况"],
                                        [12, 48, 27, 20, 21, 28], size=officedoc.SIZE_5)
            centre, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
            for position, item in enumerate(agenda.decisions, start=1):
                decision = item.decision
                officedoc.add_row(table, [
                    str(position), decision.text, decision.project.name, decision.unit.name,
                    short_date(decision.deadline, year=year), item.status,
                ], size=officedoc.SIZE_5, aligns=[centre, left, left, centre, centre, left])
    return officedoc.to_bytes(document)


def dispatch_agenda_docx(*, park: Park, held_on: date, lights: Iterable[tuple[Project, str, str]]) -> bytes:
    """The 周调度会议程 as a Word document: build_agenda() laid out by agenda_docx()."""
    return agenda_docx(build_agenda(park=park, held_on=held_on, lights=lights))


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
            return NOTHING_CHANGED
        return f"{chinese_date(self.day)}，{len(self.groups)}个重点项目有变化：" + "、".join(counted) + "。"


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
    changed = {item.project_id for found in (events, reports, raised, closed, milestones) for item in found}
    projects = {p.pk: p for p in with_listing_data(Project.objects.filter(pk__in=changed))}

    entries: dict[int, list[BulletinEntry]] = {}

    def add(project_id: int, what: str, text: str) -> None:
        entries.setdefault(project_id, []).append(BulletinEntry(what, text))

    for event in events:
        note = f"；{event.note}" if event.note else ""
        add(event.project_id, STAGES,
            f"进入“{event.get_stage_display()}”阶段（{short_date(event.on, year=day.year)}）{note}。")
    for report in reports:
        figures = investment_figures(projects[report.project_id], year=report.period.year, until=report.period)
        rate = f"，年度投资完成率{format_pct(figures.completion_rate)}" if figures.completion_rate is not None else ""
        what, verb = (REPORTED, "填报") if report.pk in created else (CORRECTED, "更新")
        text = (f"{verb}{period_label(report.period)}进展：当月完成投资{format_yi(report.invested)}，"
                f"本年累计完成{format_yi(figures.invested_this_year)}{rate}")
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
    return Bulletin(park=park, day=day, groups=groups)


def bulletin_docx(bulletin: Bulletin) -> bytes:
    document = officedoc.new_document()
    officedoc.add_title(document, bulletin.title)
    officedoc.add_paragraph(document, f"（{chinese_date(bulletin.day)}）", align=WD_ALIGN_PARAGRAPH.CENTER,
                            font=officedoc.KAITI)
    officedoc.add_paragraph(document)
    if bulletin.is_empty:
        officedoc.add_paragraph(document, NOTHING_CHANGED)
        return officedoc.to_bytes(document)
    _heading(document, "一、总体情况")
    officedoc.add_paragraph(document, bulletin.summary)
    _heading(document, "二、分项目情况")
    for position, group in enumerate(bulletin.groups):
        people = _people(group.project)
        _heading(document, f"（{chinese_numeral(position + 1)}）{group.project.name}" + (f"（{people}）" if people else ""),
                              level=2)
        for index, entry in enumerate(group.entries, start=1):
            officedoc.add_paragraph(document, f"{index}. {entry.text}")
    return officedoc.to_bytes(document)


def daily_bulletin_docx(*, park: Park, day: date | None = None) -> bytes:
    """The 每日一通报 as a Word document: build_bulletin() laid out by bulletin_docx()."""
    return bulletin_docx(build_bulletin(park=park, day=day))
