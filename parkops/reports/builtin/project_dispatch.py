"""The two papers of 重点项目调度 (seed 001: "每日一通报、每周一调度"), in the official format (GB/T 9704)
through templates users may edit, like the 一览表.

周调度会议程 (project_agenda): what the meeting is for — the red and the yellow projects with the reason each
is lit, the problems still open (the overdue first, with how many days), and whether the previous
meeting's decisions were carried out. 每日通报 (project_bulletin): what changed on one day, project by
project. What they say is the projects module's (projects/documents.py: build_agenda, build_bulletin);
here it is only laid out. The module's pages (调度与统计, a meeting's page) link to the downloads here.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.dateparse import parse_date

from parkops.core import officedoc
from parkops.core.periods import chinese_date
from parkops.core.permissions import require
from parkops.core.text import chinese_numeral
from parkops.org.services import served_park
from parkops.projects.documents import (
    NOTHING_CHANGED,
    Agenda,
    Bulletin,
    build_bulletin,
    meeting_agenda,
    short_date,
)
from parkops.projects.permissions import can_see_dispatch
from parkops.reports.registry import (
    ExportRequest,
    FieldDoc,
    ModuleDownload,
    ReportRequest,
    ReportType,
    park_fields,
)
from parkops.reports.services import render_active
from parkops.reports.templating import (
    CENTRE,
    decisions_table,
    heading,
    open_problems_table,
    tag_paragraph,
)


def _people(project) -> str:
    parts = []
    if project.leader_id:
        parts.append(f"挂点领导：{project.leader.name}")
    if project.responsible_unit_id:
        parts.append(f"责任单位：{project.responsible_unit.name}")
    return "；".join(parts)


def _day(request: ReportRequest | ExportRequest) -> date:
    return request.day or timezone.localdate()


def _dated_paper(document, title: str) -> None:
    officedoc.add_title(document, title)
    officedoc.add_paragraph(document, "（{{ date }}）", align=CENTRE, font=officedoc.KAITI)
    officedoc.add_paragraph(document)


def _day_from_link(http_request) -> ExportRequest:
    """The links of 调度与统计 and of a meeting's page: the day, today unless given."""
    require(can_see_dispatch(http_request.user))
    return ExportRequest(park=served_park(), user=http_request.user,
                         day=parse_date(http_request.GET.get("day", "")) or timezone.localdate())


# -- 周调度会议程 -----------------------------------------------------------------------------------------


def agenda_context(agenda: Agenda) -> dict:
    year = agenda.held_on.year

    def lit(items) -> list[dict]:
        return [{"number": str(n), "name": i.project.name, "people": _people(i.project), "reason": i.reason.rstrip("。")}
                for n, i in enumerate(items, start=1)]

    previous = agenda.previous
    return {
        "title": agenda.title,
        "date": chinese_date(agenda.held_on),
        "red": lit(agenda.red),
        "red_count": f"{len(agenda.red)}个",
        "yellow": lit(agenda.yellow),
        "yellow_count": f"{len(agenda.yellow)}个",
        "problems": [
            {"number": str(n), "project": p.problem.project.name, "problem": p.problem.description,
             "category": p.problem.get_category_display(),
             "unit": p.problem.responsible_unit.name if p.problem.responsible_unit_id else "—",
             "deadline": short_date(p.problem.deadline, year=year),
             "days_overdue": f"{p.days_overdue}天" if p.days_overdue else "未逾期"}
            for n, p in enumerate(agenda.problems, start=1)
        ],
        "problem_count": f"{len(agenda.problems)}个",
        "overdue_count": f"{sum(1 for p in agenda.problems if p.days_overdue)}个"
                         if any(p.days_overdue for p in agenda.problems) else "",
        "meeting": {"title": previous.title, "date": chinese_date(previous.held_on),
                    "decision_count": f"{len(agenda.decisions)}项"} if previous is not None else None,
        "decisions": [
            {"number": str(n), "text": d.decision.text, "project": d.decision.project.name,
             "unit": d.decision.unit.name, "deadline": short_date(d.decision.deadline, year=year), "status": d.status}
            for n, d in enumerate(agenda.decisions, start=1)
        ],
    }


def agenda_docx(agenda: Agenda) -> bytes:
    """The agenda through the template in use."""
    return render_active("project_agenda", agenda_context(agenda))


def agenda_build_context(request: ReportRequest) -> dict:
    return agenda_context(meeting_agenda(park=request.park, held_on=_day(request)))


def _lit_section(document, number: str, light: str, items: str) -> None:
    heading(document, f"{number}、{light}项目（{{{{ {items}_count }}}}）")
    tag_paragraph(document, f"for p in {items}")
    officedoc.add_paragraph(document, "{{ p.number }}. {{ p.name }}{% if p.people %}（{{ p.people }}）{% endif %}"
                                      "。亮灯原因：{{ p.reason }}。")
    tag_paragraph(document, "else")  # Jinja's for … else: an empty list
    officedoc.add_paragraph(document, "无。")
    tag_paragraph(document, "endfor")


def agenda_template() -> bytes:
    document = officedoc.new_document()
    _dated_paper(document, "{{ title }}")
    _lit_section(document, "一", "红灯", "red")
    _lit_section(document, "二", "黄灯", "yellow")

    heading(document, "三、未解决的困难问题（{{ problem_count }}）")
    tag_paragraph(document, "if problems")
    tag_paragraph(document, "if overdue_count")
    officedoc.add_paragraph(document, "其中已逾期{{ overdue_count }}，按逾期天数排列。").paragraph_format.keep_with_next = True
    tag_paragraph(document, "endif")
    open_problems_table(document, [12, 27, 43, 15, 20, 21, 18])
    tag_paragraph(document, "else")
    officedoc.add_paragraph(document, "无。")
    tag_paragraph(document, "endif")

    heading(document, "四、上次调度会议定事项落实情况")
    tag_paragraph(document, "if meeting")
    officedoc.add_paragraph(document, "{{ meeting.title }}（{{ meeting.date }}）议定事项{{ meeting.decision_count }}。") \
        .paragraph_format.keep_with_next = True
    decisions_table(document, [12, 48, 27, 20, 21, 28])
    return officedoc.to_bytes(document)


def agenda_export(request: ExportRequest) -> ModuleDownload:
    day = _day(request)
    return ModuleDownload(agenda_context(meeting_agenda(park=request.park, held_on=day)),
                          lambda extension: f"重点项目周调度会议程_{day:%Y%m%d}.{extension}", what="周调度会议程")


LIT_FIELDS = (
    FieldDoc("number", "序号"), FieldDoc("name", "项目名称"),
    FieldDoc("people", "挂点领导和责任单位（都没有时为空）", "挂点领导：王晓君；责任单位：工信局"),
    FieldDoc("reason", "亮灯原因", "节点“环评批复”计划于2026年9月30日完成，已逾期54天尚未完成"),
)

PROJECT_AGENDA = ReportType(
    code="project_agenda",
    name="周调度会议程",
    description="所选日期召开的重点项目周调度会的议程：红灯、黄灯项目及亮灯原因，未解决的困难问题（逾期的在前），"
                "上次调度会议定事项的落实情况。重点项目模块“下载周调度会议程”“下载会议议程”也使用本模板。",
    build_context=agenda_build_context,
    default_template=agenda_template,
    uses_day=True,
    title=lambda request: f"{request.park}重点项目周调度会议程",
    export=agenda_export,
    export_request=_day_from_link,
    fields=(
        FieldDoc("date", "会议日期", "2026年11月23日"),
        FieldDoc("red", "红灯项目", children=LIT_FIELDS),
        FieldDoc("red_count", "红灯项目数", "3个"),
        FieldDoc("yellow", "黄灯项目", children=LIT_FIELDS),
        FieldDoc("yellow_count", "黄灯项目数", "1个"),
        FieldDoc("problems", "未解决的困难问题（逾期最久的在前）", children=(
            FieldDoc("number", "序号"), FieldDoc("project", "项目"), FieldDoc("problem", "困难问题"),
            FieldDoc("category", "类别", "土地"), FieldDoc("unit", "责任单位"), FieldDoc("deadline", "办结期限", "11月20日"),
            FieldDoc("days_overdue", "逾期天数（未逾期时为“未逾期”）", "12天"))),
        FieldDoc("problem_count", "未解决的困难问题数", "5个"),
        FieldDoc("overdue_count", "已逾期的困难问题数（没有时为空）", "2个"),
        FieldDoc("meeting", "上次调度会（无则为空）", children=(
            FieldDoc("title", "会议名称"), FieldDoc("date", "会议日期"), FieldDoc("decision_count", "议定事项数", "4项"))),
        FieldDoc("decisions", "上次调度会议定事项及落实情况", children=(
            FieldDoc("number", "序号"), FieldDoc("text", "议定事项"), FieldDoc("project", "项目"),
            FieldDoc("unit", "责任单位"), FieldDoc("deadline", "完成期限"), FieldDoc("status", "落实情况", "办理中，已逾期3天"))),
    ),
)


# -- 每日通报 ---------------------------------------------------------------------------------------------


def bulletin_context(bulletin: Bulletin) -> dict:
    return {
        **park_fields(bulletin.park),
        "title": bulletin.title,
        "date": chinese_date(bulletin.day),
        "summary": bulletin.summary,
        "backfilled": bulletin.backfilled_note,
        "groups": [
            {"number": chinese_numeral(position), "name": group.project.name, "people": _people(group.project),
             "entries": [{"number": str(n), "text": e.text, "what": e.what} for n, e in enumerate(group.entries, start=1)]}
            for position, group in enumerate(bulletin.groups, start=1)
        ],
    }


def bulletin_docx(bulletin: Bulletin) -> bytes:
    """The bulletin through the template in use."""
    return render_active("project_bulletin", bulletin_context(bulletin))


def bulletin_build_context(request: ReportRequest) -> dict:
    return bulletin_context(build_bulletin(park=request.park, day=_day(request)))


def bulletin_template() -> bytes:
    document = officedoc.new_document()
    # The 版头 of the 每日一通报 (seed 001): the name in red, who edits it and the day, over the red line.
    officedoc.add_issuing_organ(document, "{{ park_short }}重点项目调度通报", size=officedoc.SIZE_1)
    officedoc.add_issue_line(document, "{{ issuer }}编", "{{ date }}")
    officedoc.add_title(document, "重点项目每日通报")
    officedoc.add_paragraph(document)
    tag_paragraph(document, "if groups")
    heading(document, "一、总体情况")
    officedoc.add_paragraph(document, "{{ summary }}")
    heading(document, "二、分项目情况")
    tag_paragraph(document, "for g in groups")
    heading(document, "（{{ g.number }}）{{ g.name }}{% if g.people %}（{{ g.people }}）{% endif %}", level=2)
    tag_paragraph(document, "for e in g.entries")
    officedoc.add_paragraph(document, "{{ e.number }}. {{ e.text }}")
    tag_paragraph(document, "endfor")
    tag_paragraph(document, "endfor")
    tag_paragraph(document, "else")
    officedoc.add_paragraph(document, NOTHING_CHANGED + "{{ backfilled }}")
    tag_paragraph(document, "endif")
    officedoc.add_signature(document, "{{ issuer }}", "{{ date }}")
    return officedoc.to_bytes(document)


def bulletin_export(request: ExportRequest) -> ModuleDownload:
    day = _day(request)
    return ModuleDownload(bulletin_context(build_bulletin(park=request.park, day=day)),
                          lambda extension: f"重点项目每日通报_{day:%Y%m%d}.{extension}", what="每日通报")


PROJECT_BULLETIN = ReportType(
    code="project_bulletin",
    name="重点项目每日通报",
    description="所选日期重点项目的变化：阶段变更、月度进展填报和更新、困难问题提出和办结、节点完成，按项目分列。"
                "重点项目模块“下载每日通报”也使用本模板。",
    build_context=bulletin_build_context,
    default_template=bulletin_template,
    uses_day=True,
    title=lambda request: f"{request.park}重点项目每日通报",
    export=bulletin_export,
    export_request=_day_from_link,
    fields=(
        FieldDoc("date", "通报日期", "2026年11月23日"),
        FieldDoc("summary", "总体情况（当天无变化时为“今日无变化。”）",
                 "2026年11月23日，3个重点项目有变化：阶段变更1项、完成节点1个。"),
        FieldDoc("backfilled", "当天补录的以往记录（只计数，不逐项列出；没有时为空）",
                 "另补录以往记录245条（阶段变更95项、填报月度进展150项），不在本通报逐项列出。"),
        FieldDoc("groups", "有变化的项目（无变化时为空）", children=(
            FieldDoc("number", "序号（一、二……）", "一"), FieldDoc("name", "项目名称"),
            FieldDoc("people", "挂点领导和责任单位（都没有时为空）"),
            FieldDoc("entries", "当天的变化", children=(
                FieldDoc("number", "序号"), FieldDoc("text", "事项", "进入“开工”阶段（11月20日）。"),
                FieldDoc("what", "类别：阶段变更、填报月度进展、更新月度进展、新提出困难问题、办结困难问题、完成节点"))))),
    ),
)
