"""工作总结: what the system holds for each area of the summary, as the template's context."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.utils import timezone

from parkops.core.formatting import format_money, format_pct
from parkops.core.periods import period_key
from parkops.economy import figures as economy_figures
from parkops.economy import selectors as economy_selectors
from parkops.projects import lights as project_lights
from parkops.projects import selectors as project_selectors
from parkops.projects import statistics
from parkops.projects.choices import ProjectLight, Stage
from parkops.projects.milestones import upcoming_milestones
from parkops.reports.builtin.work_summary.summary_range import SummaryRange, title
from parkops.reports.registry import ReportRequest
from parkops.reports.tracing import Figure, records_url
from parkops.supervision import selectors as task_selectors
from parkops.supervision.choices import Light

if TYPE_CHECKING:
    from parkops.projects.models import Project
    from parkops.supervision.models import Plan, Task

# The stages whose dates the summary lists, in the order it lists them, with the verb of each.
LISTED_STAGES = ((Stage.STARTED, "新开工项目", "开工"), (Stage.COMPLETED, "竣工项目", "竣工"),
                 (Stage.IN_PRODUCTION, "投产项目", "投产"))


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
    awarded = economy_selectors.honours_awarded(park=park, start=summary_range.start, end=as_of)
    return [
        {"name": name,
         "count": Figure(f"{len(enterprises)}家", f"新获认定{name}企业数（{summary_range.short}）",
                         f"认定日期在{summary_range.start:%Y年%-m月%-d日}至{as_of:%Y年%-m月%-d日}之间的{name}企业家数",
                         records_url("economy:enterprise_list", honour=name), "企业库 › 企业荣誉"),
         "enterprises": "、".join(enterprises)}
        for name, enterprises in awarded.items()
    ]


# -- （二）重点项目建设 -------------------------------------------------------------------------------------


def _projects(park, summary_range: SummaryRange, as_of: date) -> dict:
    # A park whose projects came into the system after the range has nothing to say of it: 待补充, not 0个.
    if not project_selectors.has_records_for(park=park, year=summary_range.year, as_of=as_of):
        return {"has_data": False}
    stats = statistics.project_statistics(park=park, year=summary_range.year, today=as_of)
    dispatch_url, list_url = records_url("projects:dispatch"), records_url("projects:project_list")
    source = f"重点项目 › 阶段变更，{summary_range.start:%Y年%-m月%-d日}至{as_of:%-m月%-d日}"
    period_words = f"{summary_range.start:%Y年%-m月%-d日}至{as_of:%Y年%-m月%-d日}"

    groups, counts = [], {}
    for stage, heading, verb in LISTED_STAGES:
        reached = project_selectors.stage_reached(park=park, stage=stage, start=summary_range.start, end=as_of)
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
            "invested": Figure(format_money(total.invested), f"重点项目完成投资（{summary_range.short}）",
                               f"各项目{summary_range.year}年截至{_short_date(as_of)}各月报送的完成投资之和",
                               list_url, investment_source),
            "planned": Figure(format_money(total.planned_investment), f"重点项目{summary_range.year}年度计划投资",
                              "各项目年度计划投资之和", list_url, investment_source),
            "rate": Figure(format_pct(total.completion_rate), "年度投资完成率",
                           "完成投资 ÷ 年度计划投资 × 100%", list_url, investment_source),
        }
    solved = project_selectors.problems_solved(park=park, year=summary_range.year, as_of=as_of)
    meetings = project_selectors.meetings_held(park=park, start=summary_range.start, end=as_of)
    # A park that keeps its meetings or its problems elsewhere has no count here, rather than a false 0.
    keeps_meetings = project_selectors.keeps_meetings(park=park)
    keeps_problems = project_selectors.keeps_problems(park=park)
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
    plans = task_selectors.active_plans(park=park, year=summary_range.year).order_by("pk")
    result = []
    for plan in plans:
        tasks = task_selectors.tasks_of([plan], reports_until=summary_range.last_period).order_by("position", "number")
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
    overdue = project_selectors.overdue_problems(park=park, as_of=as_of)
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
    active = project_lights.with_lights(project_selectors.active_projects(park=park), today=as_of)
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
