"""入园联审会议纪要: what a 联审 meeting reviewed and decided, in the official format (GB/T 9704) through a
template users may edit. Seed 001 reports these meetings ("召开2次工业项目入园联审会议，会议审议并原则上
通过了25个工业项目落户高新区，项目总投资XX亿元，预计达产达标后可实现年主营业务收入XX亿元，税收XX亿元");
the minutes say the same of one meeting, then each project: its figures against the entry criteria
(investment.review, the rule the meeting page shows), the member departments' opinions, and the decision.

The report centre draws the minutes of the meeting held on the chosen day, or the latest before it; the
meeting's page downloads its own (`?meeting=`).
"""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils import timezone

from parkops.core import officedoc
from parkops.core.formatting import format_money, format_quantity
from parkops.core.periods import chinese_date
from parkops.core.permissions import require
from parkops.core.text import chinese_numeral
from parkops.investment import selectors
from parkops.investment.choices import Decision, Outcome, ReviewKind
from parkops.investment.permissions import can_view_meeting, visible_meetings
from parkops.reports.registry import (
    ExportRequest,
    FieldDoc,
    ModuleDownload,
    NothingToDownload,
    ReportRequest,
    ReportType,
    park_fields,
)
from parkops.reports.services import ReportError
from parkops.reports.templating import (
    CENTRE,
    LEFT,
    heading,
    loop_rows,
    narrow_cell_margins,
    tag_paragraph,
    widths,
)


def _area(item, kind: str) -> str:
    if kind == ReviewKind.LAND:
        return f"拟用地{format_quantity(item.land_mu, '亩')}" if item.land_mu else "用地未定"
    parts = []
    if item.factory_area:
        parts.append(f"租赁厂房{format_quantity(item.factory_area, '平方米')}")
    if item.converted_mu:
        parts.append(f"折算用地{format_quantity(item.converted_mu, '亩')}")
    return "，".join(parts) or "面积未定"


def _decision_text(reviewed) -> str:
    item, assessment = reviewed.item, reviewed.assessment
    if not item.decision:
        return f"会议未作决定（按入园标准建议{assessment.suggestion_label}）。"
    text = f"会议决定：{item.get_decision_display()}"
    if item.decision == Decision.CONDITIONAL and item.conditions:
        text += f"。通过条件：{item.conditions.rstrip('。')}"
    if reviewed.differs:
        text += f"。（按入园标准建议{assessment.suggestion_label}，会议决定与之不同"
        text += f"，理由：{item.decision_note.rstrip('。')}）" if item.decision_note else "）"
    elif item.decision_note:
        text += f"。{item.decision_note.rstrip('。')}"
    return text + "。"


def _opinions_text(reviewed) -> str:
    parts = []
    for unit, opinion in reviewed.opinion_rows:
        if opinion is None:
            parts.append(f"{unit.name}未提出意见")
        else:
            said = opinion.text.strip().rstrip("。")
            parts.append(f"{unit.name}{opinion.get_opinion_display()}" + (f"（{said}）" if said else ""))
    return "；".join(parts) + "。" if parts else "无。"


def minutes_context(review: selectors.MeetingReview) -> dict:
    meeting, kind = review.meeting, review.meeting.kind
    counts = review.counts
    admitted = review.admitted
    total = sum((r.item.investment or 0 for r in review.items), 0)
    return {
        **park_fields(meeting.park),
        "title": f"{meeting.year}年第{meeting.number}次{meeting.get_kind_display()}入园联审会议纪要",
        "number": f"第{meeting.number}次",
        "issue": f"{meeting.year}年第{meeting.number}次（{meeting.get_kind_display()}）",
        "kind": meeting.get_kind_display(),
        "date": chinese_date(meeting.held_on),
        "host": meeting.host,
        "host_unit": meeting.host_unit.name,
        "place": meeting.place,
        "members": "、".join(unit.name for unit in review.members),
        "item_count": f"{len(review.items)}个",
        "total_investment": format_money(total),
        "summary": "，".join(f"{label}{counts[value]}个" for value, label in Decision.choices if counts[value])
                   + (f"，未作决定{counts['undecided']}个" if counts["undecided"] else ""),
        "admitted_count": f"{len(admitted)}个",
        "admitted_investment": format_money(review.admitted_total("investment")),
        "admitted_output": format_money(review.admitted_total("output_per_year")),
        "admitted_tax": format_money(review.admitted_total("tax_per_year")),
        "items": [
            {"number": str(n), "numeral": chinese_numeral(n), "name": r.item.project.name,
             "investor": r.item.project.investor or "—", "industry": r.item.industry or "—",
             "investment": format_money(r.item.investment), "area": _area(r.item, kind),
             "decision": r.item.get_decision_display() or "未决定",
             "suggestion": r.assessment.suggestion_label,
             "checks": "；".join(c.reason for c in r.assessment.checks
                                if c.outcome != Outcome.NOT_APPLICABLE and c.name != "成员单位意见") + "。",
             "opinions": _opinions_text(r),
             "decision_text": _decision_text(r)}
            for n, r in enumerate(review.items, start=1)
        ],
        "other_matters": meeting.other_matters.strip(),
    }


def _day(request: ReportRequest) -> date:
    return request.day or timezone.localdate()


def build_context(request: ReportRequest) -> dict:
    meeting = selectors.meeting_for_minutes(park=request.park, day=_day(request))
    if meeting is None:
        raise ReportError(f"{chinese_date(_day(request))}及以前没有召开入园联审会议。")
    return minutes_context(selectors.meeting_review(meeting))


def default_template() -> bytes:
    document = officedoc.new_document()
    # The 版头 of a 会议纪要: its name in red, who issues it and when, over the red line.
    officedoc.add_issuing_organ(document, "{{ park_short }}入园联审会议纪要", size=officedoc.SIZE_1)
    # 期号 under the name (第N次 of its kind in the year), then who issues it and when over the red line.
    officedoc.add_paragraph(document, "{{ issue }}", align=CENTRE, first_line_indent=False)
    officedoc.add_issue_line(document, "{{ issuer }}", "{{ date }}")
    officedoc.add_paragraph(
        document, "{{ date }}，{{ host }}主持召开{{ park }}{{ number }}{{ kind }}入园联审会议{% if place %}（{{ place }}）"
                  "{% endif %}，{{ host_unit }}牵头，{{ members }}参加。会议对照本年度入园标准，审议了{{ item_count }}"
                  "项目（总投资{{ total_investment }}）。现将会议议定事项纪要如下：")
    heading(document, "一、审议结果")
    officedoc.add_paragraph(
        document, "会议审议项目{{ item_count }}：{{ summary }}。通过（含附条件通过）{{ admitted_count }}，项目总投资"
                  "{{ admitted_investment }}，预计达产达标后可实现年主营业务收入{{ admitted_output }}，税收{{ admitted_tax }}。")
    width = officedoc.usable_width_mm(document)
    table = officedoc.add_table(document, ["序号", "项目名称", "投资方", "总投资", "用地（面积）", "审议结果"],
                                widths(width, (10, 40, 32, 24, 28, 22)), size=officedoc.SIZE_5)
    narrow_cell_margins(table)
    loop_rows(table, "i in items", ["{{ i.number }}", "{{ i.name }}", "{{ i.investor }}", "{{ i.investment }}",
                                    "{{ i.area }}", "{{ i.decision }}"],
              aligns=[CENTRE, LEFT, LEFT, CENTRE, CENTRE, CENTRE], size=officedoc.SIZE_5)
    heading(document, "二、逐项审议意见")
    tag_paragraph(document, "for i in items")
    heading(document, "（{{ i.numeral }}）{{ i.name }}", level=2)
    officedoc.add_paragraph(document, "项目由{{ i.investor }}投资，所属行业{{ i.industry }}，总投资{{ i.investment }}，"
                                      "{{ i.area }}。")
    officedoc.add_paragraph(document, "对照入园标准：{{ i.checks }}")
    officedoc.add_paragraph(document, "成员单位意见：{{ i.opinions }}")
    officedoc.add_paragraph(document, "{{ i.decision_text }}")
    tag_paragraph(document, "endfor")
    tag_paragraph(document, "if other_matters")
    heading(document, "三、其他事项")
    officedoc.add_paragraph(document, "{{ other_matters }}")
    tag_paragraph(document, "endif")
    officedoc.add_paragraph(document)
    officedoc.add_paragraph(document, "出席：{{ host }}，{{ host_unit }}、{{ members }}负责同志。", first_line_indent=False)
    officedoc.add_signature(document, "{{ issuer }}", "{{ date }}")
    return officedoc.to_bytes(document)


def _from_link(http_request) -> ExportRequest:
    """The meeting page's link: that meeting, if the user may see it (its day and kind name it)."""
    meeting = get_object_or_404(visible_meetings(http_request.user).select_related("park"),
                                pk=http_request.GET.get("meeting") or 0)
    require(can_view_meeting(http_request.user, meeting))
    return ExportRequest(park=meeting.park, user=http_request.user, day=meeting.held_on, kinds=(meeting.kind,))


def export(request: ExportRequest) -> ModuleDownload:
    meeting = selectors.meeting_for_minutes(park=request.park, day=request.day or timezone.localdate(),
                                            kind=request.kinds[0] if request.kinds else "")
    if meeting is None:
        raise NothingToDownload("没有这次入园联审会议。")
    return ModuleDownload(minutes_context(selectors.meeting_review(meeting)),
                          lambda extension: f"{meeting}纪要_{meeting.held_on:%Y%m%d}.{extension}", what="入园联审会议纪要")


REVIEW_MINUTES = ReportType(
    code="review_minutes",
    name="入园联审会议纪要",
    description="所选日期（或此前最近一次）入园联审会议的纪要：审议结果汇总，逐个项目对照入园标准的情况、成员单位意见和"
                "会议决定。入园联审会议页面“下载会议纪要”也使用本模板。",
    build_context=build_context,
    default_template=default_template,
    uses_day=True,
    title=lambda request: f"{request.park}入园联审会议纪要",
    export=export,
    export_request=_from_link,
    fields=(
        FieldDoc("number", "会议次序", "第2次"),
        FieldDoc("issue", "期号（版头下）", "2026年第2次（工业用地项目）"),
        FieldDoc("kind", "会议类别", "工业用地项目"),
        FieldDoc("date", "会议日期", "2026年6月18日"),
        FieldDoc("host", "主持人", "管委会主任 王晓君"),
        FieldDoc("host_unit", "牵头单位", "商务局"),
        FieldDoc("place", "会议地点（未填时为空）", "管委会三楼会议室"),
        FieldDoc("members", "成员单位", "自然资源局、生态环境局、应急管理局、税务局"),
        FieldDoc("item_count", "上会项目数", "5个"),
        FieldDoc("total_investment", "上会项目总投资", "21.50亿元"),
        FieldDoc("summary", "审议结果汇总", "通过2个，附条件通过1个，暂缓1个，不通过1个"),
        FieldDoc("admitted_count", "通过（含附条件通过）项目数", "3个"),
        FieldDoc("admitted_investment", "通过项目总投资", "14.50亿元"),
        FieldDoc("admitted_output", "通过项目预计达产后年主营业务收入", "21.75亿元"),
        FieldDoc("admitted_tax", "通过项目预计达产后年税收", "8700万元"),
        FieldDoc("items", "上会项目", children=(
            FieldDoc("number", "序号"), FieldDoc("numeral", "序号（一、二……）", "一"), FieldDoc("name", "项目名称"),
            FieldDoc("investor", "投资方"), FieldDoc("industry", "所属行业"), FieldDoc("investment", "总投资", "6.00亿元"),
            FieldDoc("area", "用地或厂房面积", "拟用地150亩"),
            FieldDoc("decision", "会议决定（未决定时为“未决定”）", "附条件通过"),
            FieldDoc("suggestion", "按入园标准的建议", "附条件通过"),
            FieldDoc("checks", "对照入园标准的情况", "投资强度400万元/亩，达到300万元/亩的标准；……"),
            FieldDoc("opinions", "成员单位意见", "自然资源局同意；生态环境局有条件同意（环评批复后方可开工）。"),
            FieldDoc("decision_text", "会议决定及条件", "会议决定：附条件通过。通过条件：容积率不低于1。"))),
        FieldDoc("other_matters", "其他议定事项（没有时为空）"),
    ),
)
