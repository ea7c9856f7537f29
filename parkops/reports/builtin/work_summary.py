"""半年 / 年度工作总结 (seeds 001, 002, 003): the draft of the summary and the next period's plan.

The seeds share one skeleton: 一、…工作情况 with an area per （一）（二）…, 二、存在的问题, 三、…工作计划.
This report fills each area with what the system holds for the period (the figures, and the notable
items: projects started and completed, problems solved, tasks done) and leaves the prose to a person.
Where the system holds nothing (招商引资, 土地, 企业诉求 …) the heading stays with a 待补充 line, never a
zero: a zero would read as a fact.

The period: a month up to June gives the 上半年 (1-6月) summary; a later month the 1-N月 one, called 年度
in December. Everything is measured at the end of that range, or today while it runs (`as_of`).
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from parkops.core import officedoc
from parkops.core.formatting import format_pct, format_yi
from parkops.core.periods import cumulative_label, period_key
from parkops.economy import figures as economy_figures
from parkops.economy.models import Honour
from parkops.projects import lights as project_lights
from parkops.projects import statistics
from parkops.projects.choices import OPEN_PROBLEM_STATUSES, ProblemStatus, ProjectLight, Stage
from parkops.projects.milestones import upcoming_milestones
from parkops.projects.models import DispatchMeeting, Problem, Project, ProjectYearPlan, StageEvent
from parkops.projects.selectors import with_listing_data
from parkops.reports.registry import FieldDoc, ReportRequest, ReportType
from parkops.reports.templating import sources_appendix, tag_paragraph
from parkops.reports.tracing import Figure, records_url
from parkops.supervision import selectors as task_selectors
from parkops.supervision.choices import Light
from parkops.supervision.models import Plan, Task

# What the template prints where the system holds nothing for an area: the person fills it in.
PENDING = "（待补充：本系统暂无此项数据）"
# The stages whose dates the summary lists, in the order it lists them, with the verb of each.
LISTED_STAGES = ((Stage.STARTED, "新开工项目", "开工"), (Stage.COMPLETED, "竣工项目", "竣工"),
                 (Stage.IN_PRODUCTION, "投产项目", "投产"))


# -- The range a summary covers ------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryRange:
    year: int
    last_month: int  # 6 for the half-year, N for 1-N月, 12 for the year

    @classmethod
    def of(cls, period: date) -> SummaryRange:
        # A summary drafted before the half-year is out is still the half-year's, written from what is in.
        return cls(period.year, 6 if period.month <= 6 else period.month)

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, self.last_month, monthrange(self.year, self.last_month)[1])

    @property
    def last_period(self) -> date:
        return date(self.year, self.last_month, 1)

    @property
    def is_half_year(self) -> bool:
        return self.last_month == 6

    @property
    def is_year(self) -> bool:
        return self.last_month == 12

    @property
    def name(self) -> str:
        """What the title and 一、 call the range: "2026年上半年", "2026年", "2026年1-10月"."""
        if self.is_half_year:
            return f"{self.year}年上半年"
        if self.is_year:
            return f"{self.year}年"
        return f"{self.year}年{cumulative_label(self.last_period)}"

    @property
    def short(self) -> str:
        """How a sentence opens on it: "上半年", "全年", "1-10月"."""
        return "上半年" if self.is_half_year else "全年" if self.is_year else cumulative_label(self.last_period)

    @property
    def next_name(self) -> str:
        """What 三、 plans for: "2026年下半年", "2027年", or 下一步 for a summary within the second half."""
        if self.is_half_year:
            return f"{self.year}年下半年"
        return f"{self.year + 1}年" if self.is_year else "下一步"

    @property
    def next_end(self) -> date:
        return date(self.year + 1, 12, 31) if self.is_year else date(self.year, 12, 31)


def title(request: ReportRequest) -> str:
    """As the seeds title them: "德安高新区2026年上半年工作总结及下半年工作计划"."""
    summary_range = SummaryRange.of(request.period)
    park = str(request.park)
    if summary_range.is_half_year:
        return f"{park}{summary_range.year}年上半年工作总结及下半年工作计划"
    if summary_range.is_year:
        return f"{park}{summary_range.year}年度工作总结及{summary_range.year + 1}年工作计划"
    return f"{park}{summary_range.name}工作总结及下一步工作计划"


def _short_date(day: date) -> str:
    return f"{day.month}月{day.day}日"


def _plan_filter(plans: list[Plan]):
    """The task list filters on one plan; with several, on none (the lights still narrow it)."""
    return plans[0].pk if len(plans) == 1 else None




# -- （一）经济运行 ---------------------------------------------------------------------------------------


def _economy(park, summary_range: SummaryRange) -> dict:
    """The opening sentence of the economy section, from figures.economy_summary of the latest month
    reported within the range: the statistics come out a month late, so a half-year summary drafted in
    June reads 1-5月, as seed 001 does."""
    period = next((p for p in economy_figures.reported_periods(park)
                   if p.year == summary_range.year and p <= summary_range.last_period), None)
    if period is None:
        return {"has_data": False}
    summary = economy_figures.economy_summary(park=park, period=period)
    label = summary.label
    url = records_url("economy:dashboard", period=period_key(period))
    source = f"经济运行 › 企业月度数据，{period.year}年{label}"

    indicators = []
    for code in economy_figures.OPENING_CODES:
        figures = summary.indicators.get(code)
        if figures is None or figures.cumulative is None:
            continue
        name = economy_figures.REPORT_NAMES.get(code, figures.name)
        indicator_url = records_url("economy:dashboard", period=period_key(period), indicator=code)
        growth = figures.yoy_same_basis_pct
        indicators.append({
            "name": name,
            "amount": Figure(economy_figures.amount_phrase(figures), f"规上工业企业{name}（{label}）",
                             f"本期报送的规上工业企业{label}累计{figures.name}之和", indicator_url, source),
            # The bureau's 同口径 rate, the one same_basis_growth_phrase() prints; the word apart from the
            # figure, so that the appendix lists "16.39%".
            "growth_word": "" if growth is None else "同比增长" if growth > 0 else "同比下降" if growth < 0 else "与上年持平",
            "growth": Figure(format_pct(abs(growth)), f"规上工业企业{name}同比增速（{label}，同口径）",
                             f"同口径：本期报送且上年同期有数的企业，今年{label}累计{figures.name}之和 ÷ "
                             f"其上年{label}累计之和 − 1", indicator_url, source) if growth else "",
            "end": "；",
        })
    if indicators:
        indicators[-1]["end"] = "。"

    targets = [
        {"name": economy_figures.REPORT_NAMES.get(code, f.name),
         "target": Figure(economy_figures.amount_phrase(f, f.target), f"{f.name}年度目标",
                          f"园区{summary_range.year}年{f.name}目标值", records_url("economy:targets"), "经济运行 › 年度目标"),
         "completion": Figure(format_pct(f.completion_pct), f"{f.name}年度目标完成率（{label}）",
                              f"{label}累计{f.name} ÷ 年度目标 × 100%", url, source)}
        for code, f in summary.indicators.items()
        if code in economy_figures.OPENING_CODES and f.completion_pct is not None
    ]

    share = None
    if summary.leading_share_pct is not None and summary.leading_chains:
        share_name = summary.indicators[summary.leading_share_indicator].name
        share = {
            "chains": Figure(economy_figures.chinese_count(summary.leading_chains), "主导产业数",
                             "本期有规上企业报送的主导产业链条数", url, source),
            "indicator": share_name,
            "pct": Figure(format_pct(summary.leading_share_pct), f"主导产业{share_name}占比（{label}）",
                          f"主导产业链规上企业{share_name}之和 ÷ 园区规上企业{share_name}之和 × 100%", url, source),
        }
    new = summary.new_enterprises
    return {
        "has_data": True,
        "label": label,
        "enterprises": Figure(f"{summary.enterprises}家", f"规上工业企业数（{label}）",
                              "本期有数据报送的规上工业企业家数（年主营业务收入2000万元及以上）", url, source),
        # None rather than "0家": the sentence then leaves the bracket out.
        "new_enterprises": Figure(f"{new}家", f"今年新入规企业数（{label}）",
                                  f"本期报送企业中，{summary_range.year}年内入规的家数", url, source) if new else None,
        "indicators": indicators,
        "targets": targets,
        "leading_share": share,
        "honours": _honours(park, summary_range),
    }


def _honours(park, summary_range: SummaryRange) -> list[dict]:
    """The titles enterprises were awarded within the range, by title: seed 001's 创新型中小企业, 智能工厂."""
    as_of = min(summary_range.end, timezone.localdate())
    awarded: dict[str, list[str]] = {}
    for honour in (Honour.objects.filter(enterprise__park=park, awarded_on__gte=summary_range.start,
                                         awarded_on__lte=as_of)
                   .select_related("enterprise").order_by("name", "awarded_on", "enterprise__name")):
        names = awarded.setdefault(honour.name, [])
        if str(honour.enterprise) not in names:
            names.append(str(honour.enterprise))
    return [
        {"name": name,
         "count": Figure(f"{len(enterprises)}家", f"新获认定{name}企业数（{summary_range.short}）",
                         f"认定日期在{summary_range.start:%Y年%-m月%-d日}至{as_of:%Y年%-m月%-d日}之间的{name}企业家数",
                         records_url("economy:enterprise_list", honour=name), "企业库 › 企业荣誉"),
         "enterprises": "、".join(enterprises)}
        for name, enterprises in awarded.items()
    ]


# -- （二）重点项目建设 -------------------------------------------------------------------------------------


def _reached(park, stage: str, start: date, end: date) -> list[tuple[Project, date]]:
    """The projects whose stage event `stage` is dated within [start, end], each once with its first such
    date: statistics.project_statistics' definition of a new start (or a completion) bounded to the range,
    so that a half-year summary drawn up in November does not count July's starts."""
    first: dict[int, tuple[Project, date]] = {}
    for event in (StageEvent.objects.filter(project__park=park, stage=stage, on__gte=start, on__lte=end)
                  .select_related("project").order_by("on", "project__name")):
        first.setdefault(event.project_id, (event.project, event.on))
    return list(first.values())


def _projects(park, summary_range: SummaryRange, as_of: date) -> dict:
    # A park whose projects came into the system after the range has nothing to say of it: 待补充, not 0个.
    recorded = (StageEvent.objects.filter(project__park=park, on__lte=as_of).exists()
                or ProjectYearPlan.objects.filter(project__park=park, year=summary_range.year).exists())
    if not recorded:
        return {"has_data": False}
    stats = statistics.project_statistics(park=park, year=summary_range.year, today=as_of)
    dispatch_url, list_url = records_url("projects:dispatch"), records_url("projects:project_list")
    source = f"重点项目 › 阶段变更，{summary_range.start:%Y年%-m月%-d日}至{as_of:%-m月%-d日}"
    period_words = f"{summary_range.start:%Y年%-m月%-d日}至{as_of:%Y年%-m月%-d日}"

    groups, counts = [], {}
    for stage, heading, verb in LISTED_STAGES:
        reached = _reached(park, stage, summary_range.start, as_of)
        counts[stage] = Figure(f"{len(reached)}个", f"{heading}数（{summary_range.short}）",
                               f"阶段变更记录中，{verb}日期在{period_words}之间的项目个数",
                               records_url("projects:project_list", stage=stage) if stage == Stage.IN_PRODUCTION
                               else dispatch_url, source)
        if reached:
            groups.append({"title": heading, "count": counts[stage], "verb": verb, "projects": [
                {"name": project.name, "enterprise": project.enterprise_name, "date": _short_date(on)}
                for project, on in reached]})

    total = stats.total
    investment = None
    if total.planned_investment:
        investment_source = f"重点项目 › 月度进展与年度投资计划，{summary_range.year}年"
        investment = {
            "invested": Figure(format_yi(total.invested), f"重点项目完成投资（{summary_range.short}）",
                               f"各项目{summary_range.year}年截至{_short_date(as_of)}各月报送的完成投资之和",
                               list_url, investment_source),
            "planned": Figure(format_yi(total.planned_investment), f"重点项目{summary_range.year}年度计划投资",
                              "各项目年度计划投资之和", list_url, investment_source),
            "rate": Figure(format_pct(total.completion_rate), "年度投资完成率",
                           "完成投资 ÷ 年度计划投资 × 100%", list_url, investment_source),
        }
    solved = list(Problem.objects.filter(project__park=park, status=ProblemStatus.SOLVED,
                                         resolved_on__year=summary_range.year, resolved_on__lte=as_of)
                  .select_related("project").order_by("resolved_on", "pk"))
    meetings = DispatchMeeting.objects.filter(park=park, held_on__gte=summary_range.start, held_on__lte=as_of).count()
    # A park that keeps its meetings or its problems elsewhere has no count here, rather than a false 0.
    keeps_meetings = DispatchMeeting.objects.filter(park=park).exists()
    keeps_problems = Problem.objects.filter(project__park=park).exists()
    problem_source = f"重点项目 › 困难问题，{summary_range.year}年截至{_short_date(as_of)}"
    return {
        "has_data": True,
        "total": Figure(f"{total.projects}个", "系统登记的重点项目数", "系统中登记的本园区重点项目个数",
                        list_url, "重点项目 › 项目库"),
        "new_starts": counts[Stage.STARTED],
        "completed": counts[Stage.COMPLETED],
        "in_production": counts[Stage.IN_PRODUCTION],
        "under_construction": Figure(f"{total.under_construction}个", f"在建项目数（截至{_short_date(as_of)}）",
                                     f"截至{_short_date(as_of)}处于开工或在建阶段的项目个数", dispatch_url,
                                     "重点项目 › 阶段变更"),
        "investment": investment,
        "problems_raised": None if not keeps_problems else Figure(f"{stats.problems_raised}个", f"收集困难问题数（{summary_range.short}）",
                                  f"提出日期在{period_words}之间的项目困难问题个数", dispatch_url, problem_source),
        "problems_solved": None if not keeps_problems else Figure(f"{stats.problems_solved}个", f"解决困难问题数（{summary_range.short}）",
                                  f"办结日期在{period_words}之间、状态为已解决的困难问题个数", dispatch_url,
                                  problem_source),
        "meetings": None if not keeps_meetings else Figure(f"{meetings}次", f"召开调度会次数（{summary_range.short}）",
                           f"会议日期在{period_words}之间的重点项目调度会次数", records_url("projects:meeting_list"),
                           "重点项目 › 调度会"),
        "groups": groups,
        "solved": [{"project": p.project.name, "description": p.description, "resolution": p.resolution,
                    "date": _short_date(p.resolved_on)} for p in solved],
    }


# -- （三）目标任务督办 -------------------------------------------------------------------------------------


def _lit_tasks(park, summary_range: SummaryRange, as_of: date) -> list[tuple[Plan, list[Task]]]:
    """The year's active plans with their tasks lit as they stood at as_of, from the reports up to the
    range's last month (as the 一览表 of a past month shows them)."""
    plans = Plan.objects.filter(park=park, year=summary_range.year, is_active=True).order_by("pk")
    result = []
    for plan in plans:
        tasks = (Task.objects.filter(plan=plan).with_listing_data(reports_until=summary_range.last_period)
                 .order_by("position", "number"))
        result.append((plan, task_selectors.with_lights(tasks, today=as_of)))
    return result


def _task_item(task: Task) -> dict:
    return {"plan": task.plan.name, "number": task.number, "text": task.text, "light": task.light.label,
            "reason": task.light.reason}


def _supervision(lit: list[tuple[Plan, list[Task]]], as_of: date) -> dict:
    plans = []
    for plan, tasks in lit:
        counts = task_selectors.light_counts(tasks)
        source = f"督查督办 › {plan.name}，截至{_short_date(as_of)}的亮灯"

        def count(light: Light, number: int, plan=plan, source=source) -> Figure:
            return Figure(f"{number}项", f"{plan.name}{light.label}任务数",
                          f"截至{_short_date(as_of)}亮灯为“{light.label}”的任务项数",
                          records_url("supervision:task_list", plan=plan.pk, light=light.value), source)

        plans.append({
            "name": plan.name,
            "total": Figure(f"{len(tasks)}项", f"{plan.name}任务数", "计划所列任务的项数",
                            records_url("supervision:task_list", plan=plan.pk), source),
            **{light.value: count(light, counts[light.value]) for light in Light},
            "done_tasks": [_task_item(t) for t in tasks if t.light.light == Light.DONE],
        })
    return {"has_data": bool(plans), "plans": plans}


# -- 二、存在的问题 and 三、下一步工作计划 ------------------------------------------------------------------------


def _issues(park, lit: list[tuple[Plan, list[Task]]], active: list[Project], as_of: date) -> dict:
    late = [t for _, tasks in lit for t in tasks if t.light.light in task_selectors.LATE_LIGHTS]
    overdue = list(Problem.objects.filter(project__park=park, status__in=OPEN_PROBLEM_STATUSES,
                                          deadline__lt=as_of, raised_on__lte=as_of)
                   .select_related("project", "responsible_unit").order_by("deadline", "pk"))
    red = [p for p in active if p.light.light == ProjectLight.RED]
    when = f"截至{_short_date(as_of)}"
    return {
        "late_count": Figure(f"{len(late)}项", "滞后、逾期的目标任务数", f"{when}亮灯为“滞后”或“逾期”的任务项数",
                             records_url("supervision:task_list", plan=_plan_filter([p for p, _ in lit]),
                                  light=list(task_selectors.LATE_LIGHTS)), "督查督办 › 目标任务 › 亮灯"),
        "late_tasks": [_task_item(t) for t in late],
        "overdue_count": Figure(f"{len(overdue)}个", "逾期未办结的项目困难问题数",
                                f"{when}已过办结期限、仍为待办或办理中的困难问题个数", records_url("projects:dispatch"),
                                "重点项目 › 困难问题"),
        "overdue_problems": [{"project": p.project.name, "description": p.description,
                              "unit": p.responsible_unit.name if p.responsible_unit_id else "",
                              "deadline": _short_date(p.deadline)} for p in overdue],
        "red_count": Figure(f"{len(red)}个", "亮红灯的重点项目数", f"{when}项目亮灯为红灯的个数",
                            records_url("projects:project_list"), "重点项目 › 项目亮灯"),
        "red_projects": [{"name": p.name, "reason": p.light.reason} for p in red],
    }


def _next_steps(lit: list[tuple[Plan, list[Task]]], active: list[Project], summary_range: SummaryRange,
                as_of: date) -> dict:
    open_tasks = [t for _, tasks in lit for t in tasks if t.light.light != Light.DONE]
    horizon = (summary_range.next_end - as_of).days
    milestones = []
    for project in active:
        upcoming = upcoming_milestones(project, today=as_of, within_days=horizon)
        if upcoming:
            milestones.append((upcoming[0], project))
    milestones.sort(key=lambda pair: (pair[0].planned_on, pair[1].name))
    return {
        "open_count": Figure(f"{len(open_tasks)}项", "尚未完成的目标任务数", f"截至{_short_date(as_of)}亮灯不是“已完成”的任务项数",
                             records_url("supervision:task_list", plan=_plan_filter([p for p, _ in lit]),
                                  light=[light for light in Light.values if light != Light.DONE]),
                             "督查督办 › 目标任务 › 亮灯"),
        "open_tasks": [_task_item(t) for t in open_tasks],
        "milestones": [{"project": project.name, "name": milestone.name,
                        "date": f"{milestone.planned_on:%Y年%-m月%-d日}"} for milestone, project in milestones],
    }


# -- The context --------------------------------------------------------------------------------------


def build_context(request: ReportRequest) -> dict:
    park = request.park
    summary_range = SummaryRange.of(request.period)
    as_of = min(summary_range.end, timezone.localdate())
    lit = _lit_tasks(park, summary_range, as_of)
    active = project_lights.with_lights(
        with_listing_data(Project.objects.filter(park=park, is_active=True).order_by("name")), today=as_of)
    return {
        # Two lines, broken where the meaning breaks (GB/T 9704: 回行时词意完整): the file keeps one line.
        "title": title(request).replace("工作总结及", "工作总结\n及"),
        "park_short": str(park),
        "year": summary_range.year,
        "range_name": summary_range.name,
        "range_short": summary_range.short,
        "next_name": summary_range.next_name,
        "as_of": f"{as_of.year}年{as_of.month}月{as_of.day}日",
        "economy": _economy(park, summary_range),
        "projects": _projects(park, summary_range, as_of),
        "supervision": _supervision(lit, as_of),
        "issues": _issues(park, lit, active, as_of),
        "next_steps": _next_steps(lit, active, summary_range, as_of),
    }


# -- The template -------------------------------------------------------------------------------------


def _pending(document) -> None:
    officedoc.add_paragraph(document, PENDING)


def _items(document, loop: str, text: str, *, numbered: bool = True) -> None:
    """One paragraph for each item of a list, numbered 1. 2. … as the seeds number within an area."""
    tag_paragraph(document, f"for {loop}")
    officedoc.add_paragraph(document, ("{{ loop.index }}." if numbered else "") + text)
    tag_paragraph(document, "endfor")


def default_template() -> bytes:
    document = officedoc.new_document()
    officedoc.add_title(document, "{{ title }}")
    officedoc.add_paragraph(document, "")
    officedoc.add_paragraph(
        document, "{{ year }}年以来，{{ park_short }}在县委、县政府的坚强领导下，……（待补充：总体情况综述）。"
                  "现将{{ range_name }}工作情况及{{ next_name }}工作计划汇报如下：")

    officedoc.add_heading(document, "一、{{ range_name }}工作情况", level=1)

    officedoc.add_heading(document, "（一）经济运行", level=2)
    tag_paragraph(document, "if economy.has_data")
    officedoc.add_paragraph(
        document,
        "{{ economy.label }}，园区规上工业企业{{ economy.enterprises }}"
        "{% if economy.new_enterprises %}（今年新入规{{ economy.new_enterprises }}）{% endif %}"
        "{% if economy.indicators %}，实现{% for i in economy.indicators %}{{ i.name }}{{ i.amount }}"
        "{% if i.growth_word %}，{{ i.growth_word }}{{ i.growth }}{% endif %}{{ i.end }}{% endfor %}{% else %}。{% endif %}"
        "{% if economy.leading_share %}{{ economy.leading_share.chains }}大主导产业"
        "{{ economy.leading_share.indicator }}占园区{{ economy.leading_share.indicator }}"
        "{{ economy.leading_share.pct }}。{% endif %}")
    # Sentences of the same section rather than a list: not numbered.
    _items(document, "t in economy.targets", "{{ t.name }}完成年度目标{{ t.target }}的{{ t.completion }}。",
           numbered=False)
    _items(document, "h in economy.honours", "新获认定{{ h.name }}{{ h.count }}：{{ h.enterprises }}。",
           numbered=False)
    officedoc.add_paragraph(document, "（待补充：产业集群、科技创新等方面的工作情况）")
    tag_paragraph(document, "else")
    _pending(document)
    tag_paragraph(document, "endif")

    officedoc.add_heading(document, "（二）重点项目建设", level=2)
    tag_paragraph(document, "if projects.has_data")
    officedoc.add_paragraph(
        document,
        "{{ range_short }}，园区新开工项目{{ projects.new_starts }}，竣工项目{{ projects.completed }}，"
        "投产项目{{ projects.in_production }}；截至{{ as_of }}，在建项目{{ projects.under_construction }}"
        "（系统共登记重点项目{{ projects.total }}）。"
        "{% if projects.investment %}{{ range_short }}重点项目完成投资{{ projects.investment.invested }}，"
        "占年度计划投资{{ projects.investment.planned }}的{{ projects.investment.rate }}。{% endif %}")
    tag_paragraph(document, "if projects.meetings or projects.problems_raised")
    officedoc.add_paragraph(
        document, "{{ range_short }}{% if projects.meetings %}召开项目调度会{{ projects.meetings }}"
                  "{% if projects.problems_raised %}，{% endif %}{% endif %}{% if projects.problems_raised %}"
                  "收集项目建设困难问题{{ projects.problems_raised }}，协调解决{{ projects.problems_solved }}"
                  "{% endif %}。")
    tag_paragraph(document, "endif")
    tag_paragraph(document, "for g in projects.groups")
    officedoc.add_paragraph(document, "{{ g.title }}（{{ g.count }}）：")
    _items(document, "p in g.projects",
           "{{ p.name }}，{{ p.date }}{{ g.verb }}。")
    tag_paragraph(document, "endfor")
    tag_paragraph(document, "if projects.solved")
    officedoc.add_paragraph(document, "协调解决的困难问题：")
    _items(document, "p in projects.solved",
           "{{ p.project }}：{{ p.description }}{% if p.resolution %}（{{ p.resolution }}）{% endif %}，"
           "{{ p.date }}办结。")
    tag_paragraph(document, "endif")
    tag_paragraph(document, "else")
    _pending(document)
    tag_paragraph(document, "endif")

    officedoc.add_heading(document, "（三）目标任务督办", level=2)
    tag_paragraph(document, "if supervision.has_data")
    tag_paragraph(document, "for plan in supervision.plans")
    officedoc.add_paragraph(
        document, "{{ plan.name }}共{{ plan.total }}，截至{{ as_of }}，已完成{{ plan.done }}，"
                  "序时推进{{ plan.on_schedule }}，滞后{{ plan.behind }}，逾期{{ plan.overdue }}，"
                  "未启动{{ plan.not_started }}。")
    tag_paragraph(document, "if plan.done_tasks")
    officedoc.add_paragraph(document, "已完成的任务：")
    _items(document, "t in plan.done_tasks", "第{{ t.number }}项：{{ t.text }}（{{ t.reason }}）")
    tag_paragraph(document, "endif")
    tag_paragraph(document, "endfor")
    tag_paragraph(document, "else")
    _pending(document)
    tag_paragraph(document, "endif")

    # Areas the system keeps no records of yet: the heading stays for the person to fill in.
    for heading in ("（四）招商引资", "（五）土地盘活与标准厂房", "（六）企业服务与诉求办理",
                    "（七）安全环保与平安建设", "（八）党的建设"):
        officedoc.add_heading(document, heading, level=2)
        _pending(document)

    officedoc.add_heading(document, "二、存在的问题", level=1)
    tag_paragraph(document, "if issues.late_tasks")
    officedoc.add_paragraph(document, "目标任务方面，截至{{ as_of }}，滞后、逾期的任务{{ issues.late_count }}：")
    _items(document, "t in issues.late_tasks",
           "{{ t.plan }}第{{ t.number }}项：{{ t.text }}（{{ t.light }}：{{ t.reason }}）")
    tag_paragraph(document, "endif")
    tag_paragraph(document, "if issues.overdue_problems")
    officedoc.add_paragraph(document, "项目建设方面，逾期未办结的困难问题{{ issues.overdue_count }}：")
    _items(document, "p in issues.overdue_problems",
           "{{ p.project }}：{{ p.description }}（{% if p.unit %}责任单位{{ p.unit }}，{% endif %}"
           "办结期限{{ p.deadline }}）")
    tag_paragraph(document, "endif")
    tag_paragraph(document, "if issues.red_projects")
    officedoc.add_paragraph(document, "亮红灯的重点项目{{ issues.red_count }}：")
    _items(document, "p in issues.red_projects", "{{ p.name }}：{{ p.reason }}。")
    tag_paragraph(document, "endif")
    officedoc.add_paragraph(document, "（待补充：其他方面存在的问题及原因分析）")

    officedoc.add_heading(document, "三、{{ next_name }}工作计划", level=1)
    officedoc.add_paragraph(document, "（待补充：{{ next_name }}工作的总体思路和目标）")
    tag_paragraph(document, "if next_steps.open_tasks")
    officedoc.add_paragraph(document, "继续推进尚未完成的目标任务{{ next_steps.open_count }}：")
    _items(document, "t in next_steps.open_tasks", "{{ t.plan }}第{{ t.number }}项：{{ t.text }}")
    tag_paragraph(document, "endif")
    tag_paragraph(document, "if next_steps.milestones")
    officedoc.add_paragraph(document, "重点项目的下一个节点：")
    _items(document, "m in next_steps.milestones", "{{ m.project }}：{{ m.name }}，计划{{ m.date }}完成。")
    tag_paragraph(document, "endif")
    officedoc.add_paragraph(document, "（待补充：招商引资、土地盘活、企业服务、安全环保、党的建设等方面的工作安排）")

    sources_appendix(document)
    return officedoc.to_bytes(document)


# -- The fields -------------------------------------------------------------------------------------------

TASK_ITEM = (
    FieldDoc("plan", "督办计划", "2026年县《政府工作报告》目标任务"),
    FieldDoc("number", "任务序号", "21"),
    FieldDoc("text", "任务内容", "常态化开展闲置企业盘活，盘活土地350亩以上。"),
    FieldDoc("light", "亮灯", "滞后"),
    FieldDoc("reason", "亮灯理由", "1-10月完成200亩，为目标350亩的57.14%，序时进度83.33%，落后26.19个百分点"),
)

WORK_SUMMARY = ReportType(
    code="work_summary",
    name="工作总结（半年/年度）",
    description="半年、年度工作总结初稿，按园区历年总结的结构：一、工作情况，按经济运行、重点项目、"
                "目标任务督办等分项，填入本期数字和事项；二、存在的问题；三、下一步工作计划。"
                "所选月份在6月及以前为上半年总结，7月以后为1-N月总结，12月为年度总结。"
                "系统没有数据的分项保留标题并注明待补充，文字由起草人完成。",
    build_context=build_context,
    default_template=default_template,
    title=title,
    fields=(
        FieldDoc("park_short", "园区简称", "德安高新区"),
        FieldDoc("year", "年度", "2026"),
        FieldDoc("range_name", "总结期间", "2026年上半年 / 2026年 / 2026年1-10月"),
        FieldDoc("range_short", "句首的期间说法", "上半年 / 全年 / 1-10月"),
        FieldDoc("next_name", "计划期间", "2026年下半年 / 2027年 / 下一步"),
        FieldDoc("as_of", "数据截至日期", "2026年6月30日"),
        FieldDoc("economy", "经济运行（has_data 为否时本系统暂无数据）", children=(
            FieldDoc("has_data", "是否有经济运行数据"),
            FieldDoc("label", "统计期", "1-5月"),
            FieldDoc("enterprises", "规上工业企业数", "231家"),
            FieldDoc("new_enterprises", "今年新入规企业数（无则为空）", "5家"),
            FieldDoc("indicators", "各指标：name 名称、amount 累计值、growth_word 同比增长/同比下降/与上年持平"
                                   "（无上年数时为空）、growth 同口径增速、end 句末标点",
                     "营业收入 380.00亿元 同比增长 16.39%"),
            FieldDoc("targets", "有年度目标的指标：name、target 目标值、completion 完成率", "营业收入 720.00亿元 52.78%"),
            FieldDoc("leading_share", "主导产业占比：chains 主导产业数（汉字）、indicator 指标名、pct 占比（无则为空）",
                     "三 主营业务收入 87.83%"),
            FieldDoc("honours", "期间新获荣誉：name 称号、count 家数、enterprises 企业名单", "高新技术企业 3家"),
        )),
        FieldDoc("projects", "重点项目建设（has_data 为否时本系统暂无项目）", children=(
            FieldDoc("has_data", "是否有重点项目"),
            FieldDoc("total", "系统登记的重点项目数（含已停止调度的）", "53个"),
            FieldDoc("new_starts", "期间新开工项目数", "28个"),
            FieldDoc("completed", "期间竣工项目数", "13个"),
            FieldDoc("in_production", "期间投产项目数", "9个"),
            FieldDoc("under_construction", "截至日期在建项目数", "21个"),
            FieldDoc("investment", "投资：invested 完成投资、planned 年度计划投资、rate 完成率（无年度计划时为空）",
                     "6.00亿元 / 12.00亿元 / 50.00%"),
            FieldDoc("problems_raised", "期间收集困难问题数（系统未登记过困难问题时为空）", "210个"),
            FieldDoc("problems_solved", "期间解决困难问题数（同上）", "200个"),
            FieldDoc("meetings", "期间召开调度会次数（系统未登记过调度会时为空）", "24次"),
            FieldDoc("groups", "项目清单：title 新开工项目/竣工项目/投产项目、count 个数、verb 开工/竣工/投产、"
                               "projects（name 项目名称、enterprise 建设企业、date 日期）", "新开工项目 5个"),
            FieldDoc("solved", "解决的困难问题：project 项目、description 问题、resolution 办理结果、date 办结日期"),
        )),
        FieldDoc("supervision", "目标任务督办：当年在用的督办计划（has_data 为否时无计划）", children=(
            FieldDoc("has_data", "是否有当年督办计划"),
            FieldDoc("plans", "各计划：name、total 任务数、done 已完成、on_schedule 序时推进、behind 滞后、"
                              "overdue 逾期、not_started 未启动、done_tasks 已完成任务（各项同 issues.late_tasks）",
                     "2026年县《政府工作报告》目标任务 8项"),
        )),
        FieldDoc("issues", "存在的问题", children=(
            FieldDoc("late_count", "滞后、逾期任务数", "3项"),
            FieldDoc("late_tasks", "滞后、逾期任务：plan、number、text、light、reason", children=TASK_ITEM),
            FieldDoc("overdue_count", "逾期未办结困难问题数", "2个"),
            FieldDoc("overdue_problems", "逾期未办结困难问题：project、description、unit 责任单位、deadline 办结期限"),
            FieldDoc("red_count", "亮红灯项目数", "1个"),
            FieldDoc("red_projects", "亮红灯项目：name、reason 亮灯理由"),
        )),
        FieldDoc("next_steps", "下一步工作计划", children=(
            FieldDoc("open_count", "尚未完成的任务数", "6项"),
            FieldDoc("open_tasks", "尚未完成的任务：plan、number、text、light、reason", children=TASK_ITEM),
            FieldDoc("milestones", "各项目下一个节点：project 项目、name 节点、date 计划完成日期",
                     "乾照光电项目 主体封顶 2026年8月15日"),
        )),
    ),
)
