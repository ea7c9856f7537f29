"""项目调度周报 (project_weekly, seed 001: "每周一调度"): the paper of the weekly dispatch for the seven days
up to the report's day — the red and yellow projects with the reasons, the open problems with their days
overdue, the week's changes (the 每日通报 of each of the seven days, projects/documents.build_bulletin),
and the previous meeting's minutes and how its decisions were carried out (documents.build_agenda).
Lights are those of the report's day, computed as the agenda computes them (projects/lights.py).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from parkops.core import officedoc
from parkops.core.periods import chinese_date
from parkops.core.text import chinese_numeral
from parkops.projects import lights
from parkops.projects.choices import ProjectLight
from parkops.projects.documents import COUNT_UNITS, build_agenda, build_bulletin, short_date
from parkops.reports.registry import FieldDoc, ReportRequest, ReportType
from parkops.reports.templating import (
    CENTRE,
    decisions_table,
    heading,
    open_problems_table,
    sources_appendix,
    tag_paragraph,
    widths,
)
from parkops.reports.tracing import Figure, records_url

LIGHT_SOURCE = "重点项目 › 项目亮灯"
PROBLEM_SOURCE = "重点项目 › 困难问题"
# A project's changes listed in the weekly paper; more are summed up in one line.
MAX_ENTRIES = 6


def _day(request: ReportRequest) -> date:
    return request.day or timezone.localdate()


def _project_list_url(**filters) -> str:
    return records_url("projects:project_list", **filters)


def weekly_title(request: ReportRequest) -> str:
    year, week, _ = _day(request).isocalendar()
    return f"重点项目调度周报（{year}年第{week}期）"


def _month_day(day: date) -> str:
    return f"{day.month}月{day.day}日"


def _lit_item(item) -> dict:
    project = item.project
    return {"name": project.name, "leader": project.leader.name if project.leader_id else "",
            "unit": project.responsible_unit.name if project.responsible_unit_id else "未指定",
            "reason": item.reason.rstrip("。")}


def _week_changes(park, day: date) -> tuple[dict, list[dict]]:
    """The seven daily bulletins up to `day`, merged: counts by kind, and each project's changes in date order."""
    counts = dict.fromkeys(COUNT_UNITS, 0)
    by_project: dict[int, dict] = {}
    for offset in range(6, -1, -1):
        bulletin = build_bulletin(park=park, day=day - timedelta(days=offset))
        for what, number in bulletin.counts.items():
            counts[what] += number
        for group in bulletin.groups:
            entry = by_project.setdefault(group.project.pk, {"name": group.project.name, "entries": []})
            entry["entries"].extend(f"（{_month_day(bulletin.day)}）{e.text}" for e in group.entries)
    projects = sorted(by_project.values(), key=lambda p: p["name"])
    for position, project in enumerate(projects, start=1):
        project["number"] = chinese_numeral(position)
        entries = project["entries"]
        if len(entries) > MAX_ENTRIES:
            # A week of imports can record a project's whole history at once; the daily bulletins keep it all.
            entries = [*entries[:MAX_ENTRIES - 1], f"另有{len(entries) - MAX_ENTRIES + 1}项变化，详见当日的每日通报。"]
        project["entries"] = [{"number": str(n), "text": text} for n, text in enumerate(entries, start=1)]
    return counts, projects


def weekly_build_context(request: ReportRequest) -> dict:
    day = _day(request)
    start = day - timedelta(days=6)
    week = f"{_month_day(start)}至{_month_day(day)}"
    as_of = chinese_date(day)
    projects = lights.park_projects_with_lights(park=request.park, today=day)
    agenda = build_agenda(park=request.park, held_on=day,
                          lights=[(p, p.light.light, p.light.reason) for p in projects])
    light_counts = lights.light_counts(projects)
    counts = {"projects": Figure(f"{len(projects)}个", "在调度重点项目数", "园区在调度（未退出调度）的重点项目个数",
                                 _project_list_url(), "重点项目")}
    for light in ProjectLight:
        counts[light.value] = Figure(
            f"{light_counts[light.value]}个", f"{light.label}项目数",
            f"在调度重点项目中，按{as_of}的进展、节点和年度计划亮灯为“{light.label}”的个数（亮灯规则见重点项目 › 亮灯说明）",
            _project_list_url(light=light.value), LIGHT_SOURCE)
    problems_url = reverse("projects:dispatch")
    overdue = [p for p in agenda.problems if p.days_overdue]
    counts["open_problems"] = Figure(f"{len(agenda.problems)}个", "未解决的困难问题数",
                                     f"在调度项目中状态为“待办”或“办理中”的困难问题个数（截至{as_of}）",
                                     problems_url, PROBLEM_SOURCE)
    counts["overdue_problems"] = Figure(f"{len(overdue)}个", "已逾期的困难问题数",
                                        f"未解决的困难问题中，{as_of}已超过办结期限的个数", problems_url, PROBLEM_SOURCE)
    week_counts, changes = _week_changes(request.park, day)
    bulletin_url = reverse("projects:dispatch")
    previous = agenda.previous
    return {
        "date": as_of,
        "week": week,
        "counts": counts,
        "red": [_lit_item(item) for item in agenda.red],
        "yellow": [_lit_item(item) for item in agenda.yellow],
        "problems": [
            {
                "number": str(position), "project": item.problem.project.name, "problem": item.problem.description,
                "category": item.problem.get_category_display(),
                "unit": item.problem.responsible_unit.name if item.problem.responsible_unit_id else "—",
                "deadline": short_date(item.problem.deadline, year=day.year),
                "days_overdue": Figure(
                    f"{item.days_overdue}天", f"{item.problem.project.name}困难问题逾期天数",
                    f"{as_of}距办结期限（{short_date(item.problem.deadline, year=day.year)}）的天数",
                    reverse("projects:project_detail", args=[item.problem.project_id]), PROBLEM_SOURCE,
                ) if item.days_overdue else "未逾期",
            }
            for position, item in enumerate(agenda.problems, start=1)
        ],
        "week_counts": [
            {"what": what, "count": Figure(f"{number}{COUNT_UNITS[what]}", f"本周{what}",
                                           f"{week}每日通报所列“{what}”的合计", bulletin_url, "重点项目 › 每日通报")}
            for what, number in week_counts.items() if number
        ],
        "changes": changes,
        "meeting": {
            "title": previous.title, "date": chinese_date(previous.held_on),
            # Each line of the minutes a paragraph of the paper.
            "minutes": "\a".join(line.strip() for line in previous.minutes.splitlines() if line.strip()),
            "decision_count": Figure(f"{len(agenda.decisions)}项", "上次调度会议定事项数",
                                     f"{previous.title}记录的议定事项项数",
                                     reverse("projects:meeting_detail", args=[previous.pk]), "重点项目 › 调度会"),
        } if previous is not None else None,
        "decisions": [
            {"number": str(position), "text": item.decision.text, "project": item.decision.project.name,
             "unit": item.decision.unit.name, "deadline": short_date(item.decision.deadline, year=day.year),
             "status": item.status}
            for position, item in enumerate(agenda.decisions, start=1)
        ],
    }


def _lit_section(document, number: str, light: str, items: str) -> None:
    heading(document, f"{number}、{light}项目（{{{{ counts.{items} }}}}）")
    tag_paragraph(document, f"if {items}")
    tag_paragraph(document, f"for p in {items}")
    officedoc.add_paragraph(document, "{{ loop.index }}. {{ p.name }}（{%if p.leader %}挂点领导：{{ p.leader }}；{% endif %}"
                                      "责任单位：{{ p.unit }}）。亮灯原因：{{ p.reason }}。")
    tag_paragraph(document, "endfor")
    tag_paragraph(document, "else")
    officedoc.add_paragraph(document, "无。")
    tag_paragraph(document, "endif")


def weekly_template() -> bytes:
    document = officedoc.new_document()
    officedoc.add_title(document, "{{ title }}")
    officedoc.add_paragraph(document, "（{{ week }}）", align=CENTRE, font=officedoc.KAITI)
    officedoc.add_paragraph(document, "")

    heading(document, "一、总体情况")
    officedoc.add_paragraph(
        document, "截至{{ date }}，在调度重点项目{{ counts.projects }}，其中红灯{{ counts.red }}、黄灯{{ counts.yellow }}、"
                  "绿灯{{ counts.green }}、未开始{{ counts.grey }}。未解决的困难问题{{ counts.open_problems }}，"
                  "其中已逾期{{ counts.overdue_problems }}。")
    tag_paragraph(document, "if week_counts")
    officedoc.add_paragraph(document, "本周（{{ week }}）项目进展变化：{% for w in week_counts %}{{ w.what }}{{ w.count }}"
                                      "{% if not loop.last %}、{% endif %}{% endfor %}。")
    tag_paragraph(document, "endif")

    # Red and yellow both list their projects the same way, numbered.
    _lit_section(document, "二", "红灯", "red")
    _lit_section(document, "三", "黄灯", "yellow")

    heading(document, "四、未解决的困难问题（{{ counts.open_problems }}）")
    tag_paragraph(document, "if problems")
    officedoc.add_paragraph(document, "其中已逾期{{ counts.overdue_problems }}，按逾期天数排列。") \
        .paragraph_format.keep_with_next = True
    open_problems_table(document, widths(officedoc.usable_width_mm(document), (12, 30, 40, 15, 20, 20, 19)))
    tag_paragraph(document, "else")
    officedoc.add_paragraph(document, "无。")
    tag_paragraph(document, "endif")

    heading(document, "五、本周项目进展")
    tag_paragraph(document, "if changes")
    tag_paragraph(document, "for c in changes")
    heading(document, "（{{ c.number }}）{{ c.name }}", level=2)
    tag_paragraph(document, "for e in c.entries")
    officedoc.add_paragraph(document, "{{ e.number }}. {{ e.text }}")
    tag_paragraph(document, "endfor")
    tag_paragraph(document, "endfor")
    tag_paragraph(document, "else")
    officedoc.add_paragraph(document, "本周各项目无阶段变更、进展填报、困难问题提出或办结、节点完成。")
    tag_paragraph(document, "endif")

    heading(document, "六、上次调度会议定事项落实情况")
    tag_paragraph(document, "if meeting")
    officedoc.add_paragraph(document, "{{ meeting.title }}（{{ meeting.date }}）议定事项{{ meeting.decision_count }}。")
    tag_paragraph(document, "if meeting.minutes")
    officedoc.add_paragraph(document, "会议纪要：", font=officedoc.KAITI)
    officedoc.add_paragraph(document, "{{ meeting.minutes }}")
    tag_paragraph(document, "endif")
    decisions_table(document, widths(officedoc.usable_width_mm(document), (12, 46, 28, 22, 20, 28)))
    sources_appendix(document)
    return officedoc.to_bytes(document)


LIT_FIELDS = (
    FieldDoc("name", "项目名称"), FieldDoc("leader", "挂点领导"), FieldDoc("unit", "责任单位"),
    FieldDoc("reason", "亮灯原因", "节点“环评批复”计划于2026年9月30日完成，已逾期54天尚未完成"),
)

PROJECT_WEEKLY = ReportType(
    code="project_weekly",
    name="项目调度周报",
    description="截至所选日期的重点项目调度周报：红灯、黄灯项目及原因，未解决的困难问题及逾期天数，"
                "一周内的阶段变更、进展填报、问题提出和办结、节点完成，上次调度会纪要和议定事项落实情况。",
    build_context=weekly_build_context,
    default_template=weekly_template,
    uses_day=True,
    title=weekly_title,
    fields=(
        FieldDoc("date", "截至日期", "2026年11月23日"),
        FieldDoc("week", "本周范围（所选日期及之前六天）", "11月17日至11月23日"),
        FieldDoc("counts", "项目和问题个数", children=(
            FieldDoc("projects", "在调度项目数", "17个"), FieldDoc("red", "红灯项目数", "3个"),
            FieldDoc("yellow", "黄灯项目数", "4个"), FieldDoc("green", "绿灯项目数", "8个"),
            FieldDoc("grey", "未开始项目数", "2个"), FieldDoc("open_problems", "未解决的困难问题数", "5个"),
            FieldDoc("overdue_problems", "已逾期的困难问题数", "2个"))),
        FieldDoc("red", "红灯项目", children=LIT_FIELDS),
        FieldDoc("yellow", "黄灯项目", children=LIT_FIELDS),
        FieldDoc("problems", "未解决的困难问题（逾期最久的在前）", children=(
            FieldDoc("number", "序号"), FieldDoc("project", "项目"), FieldDoc("problem", "困难问题"),
            FieldDoc("category", "类别", "土地"), FieldDoc("unit", "责任单位"), FieldDoc("deadline", "办结期限", "11月20日"),
            FieldDoc("days_overdue", "逾期天数（未逾期时为“未逾期”）", "12天"))),
        FieldDoc("week_counts", "本周有变化的各类事项及项数（无变化的类别不列）", children=(
            FieldDoc("what", "类别：阶段变更、填报月度进展、更新月度进展、新提出困难问题、办结困难问题、完成节点"),
            FieldDoc("count", "项数", "2项"))),
        FieldDoc("changes", "本周有变化的项目", children=(
            FieldDoc("number", "序号"), FieldDoc("name", "项目名称"),
            FieldDoc("entries", "变化事项（按日期）", children=(
                FieldDoc("number", "序号"), FieldDoc("text", "（日期）事项", "（11月20日）进入“开工”阶段。"))))),
        FieldDoc("meeting", "上次调度会（无则为空）", children=(
            FieldDoc("title", "会议名称"), FieldDoc("date", "会议日期"), FieldDoc("minutes", "会议纪要"),
            FieldDoc("decision_count", "议定事项数", "4项"))),
        FieldDoc("decisions", "上次调度会议定事项及落实情况", children=(
            FieldDoc("number", "序号"), FieldDoc("text", "议定事项"), FieldDoc("project", "项目"),
            FieldDoc("unit", "责任单位"), FieldDoc("deadline", "完成期限"), FieldDoc("status", "落实情况", "办理中，已逾期3天"))),
    ),
)
