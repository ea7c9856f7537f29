"""督办通报: the weekly paper the supervisors send each Monday (jobs.tasks.weekly_bulletin) on the park's
active plans of the year — the tasks by light, the lagging ones with who answers for them, the units
ranked by lateness, and what changed in the seven days up to the bulletin's day.

What changed is the lights as they stand against the lights a week earlier. Those earlier lights are
worked out again, not read from the previous bulletin:

* compute_light(task, today=previous_day) alone does not give them. It moves the clock back (due
  dates, deadlines) but reads every report accepted up to now, so a report accepted on Wednesday
  would already light last week's task and the change would never show.
* The previous GeneratedReport keeps only the Word, the workbook and the PDF, not the lights; reading
  them back out of a document drawn up from a template the users edit is guesswork, and there may be
  no previous bulletin (the first week, a worker that was down) or several (one drawn up again by
  hand mid-week), which would shift the week compared.
* So the lights of a week ago are computed by the same rule (supervision/lights.py) from what was
  known at the end of that day: the tasks created by then, each with the reports accepted by then
  (the review trail: the first 采纳 or 导入 event, or reviewed_at for a report stored without one;
  acceptance is final, so a report accepted then is accepted now) and the 认定灯色 it had then
  (the task's history). Figures corrected after acceptance by a new import are read as corrected;
  that is the one thing not taken back.

A bulletin of a past day is drawn up the same way, from what was known at the end of that day, so it
reads the same whenever it is printed; the bulletin of today uses the lights as they stand. The week
is the seven days ending on the bulletin's day (Tuesday to Monday for a Monday bulletin), so each
acceptance and each change falls in exactly one bulletin. The number of the issue is the ISO week
of the day, as "2026年第48期".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone

from parkops.core import officedoc
from parkops.core.periods import period_label
from parkops.reports.registry import FieldDoc, ReportRequest, ReportType
from parkops.reports.templating import (
    CENTRE,
    LEFT,
    heading,
    narrow_cell_margins,
    sources_appendix,
    tag_paragraph,
    tag_row,
    widths,
)
from parkops.reports.tracing import Figure, records_url
from parkops.supervision import selectors
from parkops.supervision.choices import Light
from parkops.supervision.exporters import padded_name
from parkops.supervision.selectors import accepted_between, end_of_day, lights_as_known

if TYPE_CHECKING:
    from parkops.supervision.lights import LightResult
    from parkops.supervision.models import Plan, Task

LAGGING = (Light.OVERDUE, Light.BEHIND, Light.NOT_STARTED)
SOURCE = "督办 › 目标任务 › 亮灯"
EXCERPT_CHARS = 80
SHORT_CHARS = 24


def bulletin_day(request: ReportRequest) -> date:
    return request.day or timezone.localdate()


def issue_title(request: ReportRequest) -> str:
    year, week, _ = bulletin_day(request).isocalendar()
    return f"督办通报（{year}年第{week}期）"


def _month_day(day: date) -> str:
    return f"{day.month}月{day.day}日"


# -- the context ---------------------------------------------------------------------------------------


@dataclass
class Scope:
    plans: list[Plan]
    tasks: list[Task]  # with `light` set


def _plans(request: ReportRequest) -> list[Plan]:
    if request.plan is not None:
        return [request.plan]
    return list(selectors.active_plans(park=request.park, year=request.year).order_by("name"))


def _task_list_url(**filters) -> str:
    return records_url("supervision:task_list", **filters)


def _plan_filter(plans: list[Plan]) -> dict:
    # The task list filters on one plan; over several, the link shows every plan's tasks of that light.
    return {"plan": plans[0].pk} if len(plans) == 1 else {}


def _scope_name(plans: list[Plan]) -> str:
    return "、".join(plan.name for plan in plans) if plans else "督办计划"


def _counts(tasks: list[Task], plans: list[Plan], as_of: str, scope: str) -> dict:
    counts = selectors.light_counts(tasks)
    figures = {"total": Figure(f"{len(tasks)}项", f"{scope}任务数", f"{scope}的全部任务项数",
                               _task_list_url(**_plan_filter(plans)), "督办 › 目标任务")}
    for light in Light:
        figures[light.value] = Figure(
            f"{counts[light.value]}项", f"{scope}{light.label}任务数",
            f"{scope}中，截至{as_of}亮灯为“{light.label}”的任务项数（亮灯规则见督办 › 亮灯说明）",
            _task_list_url(**_plan_filter(plans), light=light.value), SOURCE)
    return figures


def _people(task: Task) -> dict:
    return {
        "lead_units": "\n".join(unit.name for unit in task.lead_units),
        "lead_units_inline": "、".join(unit.name for unit in task.lead_units),
        "county_leaders": "\n".join(padded_name(person.name) for person in task.county_leaders),
        "park_leaders": "\n".join(padded_name(person.name) for person in task.park_leaders),
    }


def _task_text(task: Task) -> str:
    return f"{task.number}.{task.text}"


def _task_short(task: Task) -> str:
    """The task as a list names it where the full text would repeat row after row."""
    return f"{task.number}.{_excerpt(task.text, SHORT_CHARS)}"


def _task_row(task: Task, light: LightResult) -> dict:
    return {"heading": "", "plan": task.plan.name, "task": _task_text(task), "task_short": _task_short(task),
            "light": light.label,
            "reason": light.reason, **_people(task)}


def _lagging_rows(scope: Scope) -> list[dict]:
    """The lagging tasks, most urgent first within each plan; a heading row per plan when there are several."""
    rows = []
    for plan in scope.plans:
        late = sorted((t for t in scope.tasks if t.plan_id == plan.pk and t.light.light in LAGGING),
                      key=lambda t: (t.light.urgency, t.position))
        if late and len(scope.plans) > 1:
            rows.append({"heading": f"{plan.name}（{len(late)}项）"})
        rows.extend(_task_row(task, task.light) for task in late)
    return rows


def _unit_rows(scope: Scope) -> list[dict]:
    rows = []
    plan_filter = _plan_filter(scope.plans)
    for number, item in enumerate(selectors.units_by_lateness(scope.tasks), start=1):
        unit = item.unit.name
        url = _task_list_url(**plan_filter, unit=item.unit.pk, light=[Light.OVERDUE.value, Light.BEHIND.value])
        rows.append({
            "number": str(number), "unit": unit,
            "total": Figure(f"{item.total}项", f"{unit}牵头任务数", f"{unit}作为牵头单位的任务项数",
                            _task_list_url(**plan_filter, unit=item.unit.pk), "督办 › 目标任务"),
            "overdue": Figure(f"{item.overdue}项", f"{unit}逾期任务数", f"{unit}牵头的任务中亮灯为“逾期”的项数",
                              _task_list_url(**plan_filter, unit=item.unit.pk, light=Light.OVERDUE.value), SOURCE),
            "behind": Figure(f"{item.behind}项", f"{unit}滞后任务数", f"{unit}牵头的任务中亮灯为“滞后”的项数",
                             _task_list_url(**plan_filter, unit=item.unit.pk, light=Light.BEHIND.value), SOURCE),
            "late": Figure(f"{item.late}项", f"{unit}逾期和滞后任务数",
                           f"{unit}牵头的任务中亮灯为“逾期”或“滞后”的项数，排名依据", url, SOURCE),
        })
    return rows


def build_context(request: ReportRequest) -> dict:
    day = bulletin_day(request)
    previous_day = day - timedelta(days=7)
    plans = _plans(request)
    tasks = list(selectors.tasks_of(plans).order_by("plan__name", "position"))
    if day < timezone.localdate():
        known = lights_as_known(tasks, day=day)
        tasks = [task for task in tasks if task.pk in known]
        for task in tasks:
            task.light = known[task.pk]
    else:
        selectors.with_lights(tasks, today=day)
    scope = Scope(plans, tasks)
    before = lights_as_known(tasks, day=previous_day)
    as_of = f"{day.year}年{_month_day(day)}"
    week = f"{_month_day(previous_day + timedelta(days=1))}至{_month_day(day)}"
    scope_name = plans[0].name if len(plans) == 1 else "各督办计划"

    changed = [task for task in tasks if task.pk in before and before[task.pk].light != task.light.light]
    completed = [task for task in changed if task.light.light == Light.DONE]
    added = [task for task in tasks if task.pk not in before]
    accepted = accepted_between(tasks, end_of_day(previous_day), end_of_day(day))
    lagging = [task for task in tasks if task.light.light in LAGGING]
    plan_filter = _plan_filter(plans)
    lagging_url = _task_list_url(**plan_filter, light=[light.value for light in LAGGING])

    return {
        "date": as_of,
        "week": week,
        "issue": str(day.isocalendar()[1]),
        "plans": _scope_name(plans),
        "several_plans": len(plans) > 1,
        "counts": _counts(tasks, plans, as_of, scope_name),
        "by_plan": [
            {"plan": plan.name, "counts": _counts([t for t in tasks if t.plan_id == plan.pk], [plan], as_of, plan.name)}
            for plan in plans
        ],
        "lagging_count": Figure(f"{len(lagging)}项", "逾期、滞后、未启动任务数",
                                f"{scope_name}中，截至{as_of}亮灯为“逾期”“滞后”或“未启动”的任务项数", lagging_url, SOURCE),
        "lagging": _lagging_rows(scope),
        "units": _unit_rows(scope),
        "changed_count": Figure(f"{len(changed)}项", "本周灯色变化任务数",
                                f"{scope_name}中，{as_of}的灯色与一周前（{_month_day(previous_day)}）按当时已采纳的"
                                f"进展和认定重新计算的灯色不同的任务项数", _task_list_url(**plan_filter), SOURCE),
        "changed": [
            {**_task_row(task, task.light), "before": before[task.pk].label, "now": task.light.label}
            for task in sorted(changed, key=lambda t: (t.light.urgency, t.plan.name, t.position))
        ],
        "completed_count": Figure(f"{len(completed)}项", "本周新完成任务数",
                                  f"{scope_name}中，一周前未完成、{as_of}亮灯为“已完成”的任务项数",
                                  _task_list_url(**plan_filter, light=Light.DONE.value), SOURCE),
        "completed": [_task_row(task, task.light) for task in completed],
        "added": [_task_row(task, task.light) for task in added],
        "accepted_count": Figure(f"{len(accepted)}份", "本周采纳的进展报告数",
                                 f"{week}审核采纳（含由台账导入）的进展报告份数",
                                 reverse("supervision:review_queue"), "督办 › 进展报告 › 审核记录"),
        "accepted": [
            {"task": _task_short(report.task), "unit": report.unit.name, "period": period_label(report.period),
             "accepted_on": _month_day(timezone.localtime(when).date()), "text": _excerpt(report.text)}
            for report, when in accepted
        ],
    }


def _excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "……"


# -- the template --------------------------------------------------------------------------------------


def _table(document, header: list[str], shares: tuple[float, ...]):
    table = officedoc.add_table(document, header, widths(officedoc.usable_width_mm(document), shares),
                                size=officedoc.SIZE_5)
    # Seven columns on a portrait page: Word's 1.9mm cell margins would break "责任领导" and "2026年9月".
    narrow_cell_margins(table)
    return table


def _row(table, cells: list[str], aligns: list) -> None:
    officedoc.add_row(table, cells, aligns=aligns, size=officedoc.SIZE_5)


def _loop(table, loop: str, cells: list[str], aligns: list) -> None:
    tag_row(table, f"for {loop}")
    _row(table, cells, aligns)
    tag_row(table, "endfor")


def default_template() -> bytes:
    document = officedoc.new_document()
    # The 版头 as the supervision office prints its bulletin: the name in red, the issue, who edits it and
    # when, over the red line; all text of the template, which users may change to their office's names.
    officedoc.add_issuing_organ(document, "{{ park_short }}督查督办通报")
    officedoc.add_paragraph(document, "第{{ issue }}期", align=CENTRE)
    officedoc.add_issue_line(document, "{{ park_short }}督查室编", "{{ date }}")
    officedoc.add_title(document, "关于{% if several_plans %}督办任务{% else %}{{ plans }}{% endif %}推进情况的通报")
    officedoc.add_paragraph(document, "")
    officedoc.add_paragraph(document, "本期通报{{ plans }}各项任务的推进情况，以及{{ week }}的变化。")

    heading(document, "一、总体情况")
    officedoc.add_paragraph(
        document, "截至{{ date }}，共有督办任务{{ counts.total }}，其中逾期{{ counts.overdue }}、滞后{{ counts.behind }}、"
                  "未启动{{ counts.not_started }}、序时推进{{ counts.on_schedule }}、已完成{{ counts.done }}。")
    tag_paragraph(document, "if several_plans")
    table = _table(document, ["督办计划", "任务", "逾期", "滞后", "未启动", "序时推进", "已完成"],
                   (52, 16, 16, 16, 16, 20, 20))
    _loop(table, "p in by_plan", ["{{ p.plan }}", "{{ p.counts.total }}", "{{ p.counts.overdue }}",
                                  "{{ p.counts.behind }}", "{{ p.counts.not_started }}", "{{ p.counts.on_schedule }}",
                                  "{{ p.counts.done }}"], [LEFT] + [CENTRE] * 6)
    tag_paragraph(document, "endif")

    heading(document, "二、逾期、滞后和未启动的任务")
    tag_paragraph(document, "if lagging")
    officedoc.add_paragraph(document, "共{{ lagging_count }}，按逾期、滞后、未启动排列，请责任领导督促牵头单位加快推进。") \
        .paragraph_format.keep_with_next = True
    table = _table(document, ["重点工作", "亮灯", "牵头单位", "县政府\n责任领导", "高新区\n责任领导", "亮灯原因"],
                   (46, 14, 21, 17, 17, 42))
    tag_row(table, "for t in lagging")
    tag_row(table, "if t.heading")
    officedoc.add_spanning_row(table, "{{ t.heading }}", size=officedoc.SIZE_5)
    tag_row(table, "else")
    _row(table, ["{{ t.task }}", "{{ t.light }}", "{{ t.lead_units }}", "{{ t.county_leaders }}",
                 "{{ t.park_leaders }}", "{{ t.reason }}"], [LEFT, CENTRE, CENTRE, CENTRE, CENTRE, LEFT])
    tag_row(table, "endif")
    tag_row(table, "endfor")
    tag_paragraph(document, "else")
    officedoc.add_paragraph(document, "无。")
    tag_paragraph(document, "endif")

    heading(document, "三、牵头单位滞后情况排名")
    tag_paragraph(document, "if units")
    officedoc.add_paragraph(document, "按牵头任务中逾期和滞后的项数排列（逾期多者在前），无逾期、滞后任务的单位不列。") \
        .paragraph_format.keep_with_next = True
    table = _table(document, ["名次", "牵头单位", "牵头任务", "逾期", "滞后", "合计"], (12, 48, 24, 20, 20, 20))
    _loop(table, "u in units", ["{{ u.number }}", "{{ u.unit }}", "{{ u.total }}", "{{ u.overdue }}",
                                "{{ u.behind }}", "{{ u.late }}"], [CENTRE, LEFT, CENTRE, CENTRE, CENTRE, CENTRE])
    tag_paragraph(document, "else")
    officedoc.add_paragraph(document, "各牵头单位均无逾期、滞后任务。")
    tag_paragraph(document, "endif")

    heading(document, "四、本周变化（{{ week }}）")
    heading(document, "（一）灯色变化", level=2)
    tag_paragraph(document, "if changed")
    officedoc.add_paragraph(document, "与一周前相比，{{ changed_count }}任务灯色发生变化。").paragraph_format.keep_with_next = True
    table = _table(document, ["重点工作", "牵头单位", "一周前", "本周", "亮灯原因"], (44, 22, 18, 18, 54))
    _loop(table, "c in changed", ["{{ c.task_short }}", "{{ c.lead_units }}", "{{ c.before }}", "{{ c.now }}",
                                  "{{ c.reason }}"], [LEFT, CENTRE, CENTRE, CENTRE, LEFT])
    tag_paragraph(document, "else")
    officedoc.add_paragraph(document, "本周各任务灯色无变化。")
    tag_paragraph(document, "endif")
    heading(document, "（二）新完成任务", level=2)
    tag_paragraph(document, "if completed")
    officedoc.add_paragraph(document, "本周新完成任务{{ completed_count }}：")
    tag_paragraph(document, "for c in completed")
    officedoc.add_paragraph(document, "{{ c.task }}（牵头单位：{{ c.lead_units_inline }}）。{{ c.reason }}。")
    tag_paragraph(document, "endfor")
    tag_paragraph(document, "else")
    officedoc.add_paragraph(document, "本周无新完成的任务。")
    tag_paragraph(document, "endif")
    heading(document, "（三）本周采纳的进展报告", level=2)
    tag_paragraph(document, "if accepted")
    officedoc.add_paragraph(document, "本周审核采纳进展报告{{ accepted_count }}。").paragraph_format.keep_with_next = True
    table = _table(document, ["重点工作", "报送单位", "期间", "采纳日期", "完成情况（摘要）"], (40, 20, 22, 18, 56))
    _loop(table, "a in accepted", ["{{ a.task }}", "{{ a.unit }}", "{{ a.period }}", "{{ a.accepted_on }}",
                                   "{{ a.text }}"], [LEFT, CENTRE, CENTRE, CENTRE, LEFT])
    tag_paragraph(document, "else")
    officedoc.add_paragraph(document, "本周无新采纳的进展报告。")
    tag_paragraph(document, "endif")
    tag_paragraph(document, "if added")
    heading(document, "（四）新列入督办的任务", level=2)
    tag_paragraph(document, "for a in added")
    officedoc.add_paragraph(document, "{{ a.task }}（牵头单位：{{ a.lead_units_inline }}；当前亮灯：{{ a.light }}）。")
    tag_paragraph(document, "endfor")
    tag_paragraph(document, "endif")
    officedoc.add_signature(document, "{{ issuer }}", "{{ date }}")
    sources_appendix(document)
    return officedoc.to_bytes(document)


# -- the type ------------------------------------------------------------------------------------------

TASK_FIELDS = (
    FieldDoc("heading", "计划标题行（多个计划时；任务行为空）"),
    FieldDoc("plan", "督办计划"),
    FieldDoc("task", "重点工作（序号.内容）", "9.力争工业营业收入达到720亿元。"),
    FieldDoc("task_short", "重点工作（序号.内容前24字）"),
    FieldDoc("light", "当前亮灯", "滞后"),
    FieldDoc("reason", "亮灯原因", "1-10月完成500亿元，为目标720亿元的69.44%，序时进度83.33%，落后13.89个百分点"),
    FieldDoc("lead_units", "牵头单位（每个一行）"),
    FieldDoc("lead_units_inline", "牵头单位（以顿号分隔，用于正文）", "高新区、工信局"),
    FieldDoc("county_leaders", "县政府责任领导（每人一行）"),
    FieldDoc("park_leaders", "高新区责任领导（每人一行）"),
)
COUNT_FIELDS = (
    FieldDoc("total", "任务数", "11项"),
    FieldDoc("overdue", "逾期任务数", "1项"),
    FieldDoc("behind", "滞后任务数", "2项"),
    FieldDoc("not_started", "未启动任务数", "1项"),
    FieldDoc("on_schedule", "序时推进任务数", "5项"),
    FieldDoc("done", "已完成任务数", "2项"),
)

SUPERVISION_BULLETIN = ReportType(
    code="supervision_bulletin",
    name="督办通报",
    description="本年度在用督办计划（或所选计划）的任务亮灯情况、逾期滞后未启动任务及其责任单位和领导、牵头单位滞后排名，"
                "以及截至所选日期一周内的灯色变化、新完成任务和采纳的进展报告。每周一由系统自动生成并发送。",
    build_context=build_context,
    default_template=default_template,
    uses_day=True,
    title=issue_title,
    fields=(
        FieldDoc("date", "通报日期", "2026年11月23日"),
        FieldDoc("week", "本周范围（通报日前七天）", "11月17日至11月23日"),
        FieldDoc("issue", "期号（ISO周数）", "48"),
        FieldDoc("plans", "通报的督办计划名称（多个以顿号分隔）"),
        FieldDoc("several_plans", "是否通报多个计划"),
        FieldDoc("counts", "各灯色任务数（全部计划合计）", children=COUNT_FIELDS),
        FieldDoc("by_plan", "各计划的灯色任务数", children=(
            FieldDoc("plan", "督办计划"), FieldDoc("counts", "各灯色任务数，字段同 counts", children=COUNT_FIELDS))),
        FieldDoc("lagging_count", "逾期、滞后、未启动任务数", "4项"),
        FieldDoc("lagging", "逾期、滞后、未启动的任务（多个计划时含计划标题行）", children=TASK_FIELDS),
        FieldDoc("units", "牵头单位滞后排名", children=(
            FieldDoc("number", "名次", "1"), FieldDoc("unit", "牵头单位", "高新区"),
            FieldDoc("total", "牵头任务数", "8项"), FieldDoc("overdue", "逾期任务数", "1项"),
            FieldDoc("behind", "滞后任务数", "1项"), FieldDoc("late", "逾期和滞后合计", "2项"))),
        FieldDoc("changed_count", "本周灯色变化任务数", "3项"),
        FieldDoc("changed", "本周灯色变化的任务", children=(
            *TASK_FIELDS, FieldDoc("before", "一周前灯色", "序时推进"), FieldDoc("now", "本周灯色", "滞后"))),
        FieldDoc("completed_count", "本周新完成任务数", "1项"),
        FieldDoc("completed", "本周新完成的任务", children=TASK_FIELDS),
        FieldDoc("added", "本周新列入督办的任务", children=TASK_FIELDS),
        FieldDoc("accepted_count", "本周采纳的进展报告数", "5份"),
        FieldDoc("accepted", "本周采纳的进展报告", children=(
            FieldDoc("task", "重点工作"), FieldDoc("unit", "报送单位", "工信局"), FieldDoc("period", "期间", "2026年10月"),
            FieldDoc("accepted_on", "采纳日期", "11月18日"), FieldDoc("text", "完成情况（前80字）"))),
    ),
)
