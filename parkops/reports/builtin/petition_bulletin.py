"""信访件办理情况通报 in the official format (GB/T 9704): the year's cases to the chosen day by source and
type, closed and on time, the 回访 satisfaction, each handling unit's cases, the cases overdue and who
holds them, and the disputes mediated. What it says is 信访与平安's (stability.selectors.case_figures);
here it is only laid out. No petitioner is named: a 通报 is circulated beyond those who handle the cases."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from parkops.core import officedoc
from parkops.core.periods import chinese_date
from parkops.reports.registry import FieldDoc, ReportRequest, ReportType, park_fields
from parkops.reports.templating import (
    CENTRE,
    LEFT,
    heading,
    loop_rows,
    narrow_cell_margins,
    tag_paragraph,
    widths,
)
from parkops.stability.choices import CaseLight
from parkops.stability.selectors import case_figures, disputes_between


def _pct(value) -> str:
    return "—" if value is None else f"{value}%"


def _day(request: ReportRequest) -> date:
    return request.day or timezone.localdate()


def build_context(request: ReportRequest) -> dict:
    end = _day(request)
    start = date(end.year, 1, 1)
    figures, rows = case_figures(park=request.park, start=start, end=end)
    disputes, resolved = disputes_between(park=request.park, start=start, end=end)
    overdue = [row for row in rows if row.light.light == CaseLight.OVERDUE]
    return {
        **park_fields(request.park),
        "date": chinese_date(end),
        "span": f"{start.month}月1日至{end.month}月{end.day}日" if end.year == start.year else "",
        "received": f"{figures.received}件",
        "by_source": "、".join(f"{label}{count}件" for label, count in figures.by_source) or "无",
        "by_kind": "、".join(f"{label}{count}件" for label, count in figures.by_kind) or "无",
        "closed": f"{figures.closed}件", "closed_pct": _pct(figures.closed_pct),
        "on_time": f"{figures.closed_on_time}件", "open": f"{figures.open}件", "overdue_count": f"{figures.overdue}件",
        "visited": f"{figures.visited}件", "satisfied_pct": _pct(figures.satisfied_pct),
        "units": [{"number": str(n), "unit": unit, "received": str(received), "closed": str(closed),
                   "overdue": str(late)} for n, (unit, received, closed, late) in enumerate(figures.by_unit, start=1)],
        "overdue": [{"number": str(n), "case": row.case.number or "—", "source": row.case.get_source_display(),
                     "content": " ".join(row.case.content.split())[:60], "unit": str(row.case.handling_unit or "未交办"),
                     "due": f"{row.case.due_on:%Y.%-m.%-d}", "reason": row.light.reason}
                    for n, row in enumerate(overdue, start=1)],
        "disputes": f"{disputes}起", "resolved": f"{resolved}起",
    }


def _table(document, header, shares):
    table = officedoc.add_table(document, header, widths(officedoc.usable_width_mm(document), shares),
                                size=officedoc.SIZE_5)
    narrow_cell_margins(table)
    return table


def default_template() -> bytes:
    document = officedoc.new_document()
    officedoc.add_title(document, "关于{{ park }}信访件办理情况的通报")
    officedoc.add_paragraph(document, "")
    officedoc.add_paragraph(document, "园区各部门、各承办单位：", first_line_indent=False)
    officedoc.add_paragraph(document, "现将今年以来（{{ span }}）信访部门转办、12345热线等平台移送园区信访件的办理情况通报如下。")
    heading(document, "一、总体情况")
    officedoc.add_paragraph(
        document, "今年以来，共受理信访件{{ received }}，其中{{ by_source }}；按类别分，{{ by_kind }}。已办结{{ closed }}，"
                  "办结率{{ closed_pct }}，其中按期办结{{ on_time }}；在办{{ open }}，其中逾期未办结{{ overdue_count }}。"
                  "已回访{{ visited }}，满意率{{ satisfied_pct }}。")
    heading(document, "二、各承办单位办理情况")
    table = _table(document, ["序号", "承办单位", "交办件数", "已办结", "逾期未办结"], (12, 60, 24, 24, 28))
    loop_rows(table, "u in units", ["{{ u.number }}", "{{ u.unit }}", "{{ u.received }}", "{{ u.closed }}",
                                    "{{ u.overdue }}"], aligns=[CENTRE, LEFT, CENTRE, CENTRE, CENTRE],
              size=officedoc.SIZE_5)
    heading(document, "三、逾期未办结的信访件")
    tag_paragraph(document, "if overdue")
    officedoc.add_paragraph(document, "以下信访件已超过办理时限，请承办单位抓紧办结并答复，包案领导督促落实。")
    table = _table(document, ["序号", "编号", "来源", "反映问题", "承办单位", "办理时限", "逾期情况"],
                   (8, 22, 22, 36, 18, 29, 35))
    loop_rows(table, "o in overdue", ["{{ o.number }}", "{{ o.case }}", "{{ o.source }}", "{{ o.content }}",
                                      "{{ o.unit }}", "{{ o.due }}", "{{ o.reason }}"],
              aligns=[CENTRE, CENTRE, CENTRE, LEFT, CENTRE, CENTRE, LEFT], size=officedoc.SIZE_5)
    tag_paragraph(document, "else")
    officedoc.add_paragraph(document, "无逾期未办结的信访件。")
    tag_paragraph(document, "endif")
    heading(document, "四、矛盾纠纷排查化解")
    officedoc.add_paragraph(document, "今年以来，深入企业排查矛盾纠纷{{ disputes }}，成功化解{{ resolved }}，做到及时受理、"
                                      "快速处理，不让矛盾激化，不将矛盾上交。")
    heading(document, "五、工作要求")
    officedoc.add_paragraph(document, "各承办单位要严格落实信访件办理时限，按期答复、及时回访，对群众反映的问题做到件件有着落、"
                                      "事事有回音；对重复信访件要深入分析原因，从源头上化解矛盾。")
    officedoc.add_signature(document, "{{ issuer }}", "{{ date }}")
    return officedoc.to_bytes(document)


PETITION_BULLETIN = ReportType(
    code="petition_bulletin",
    name="信访件办理情况通报",
    description="今年以来信访部门转办、12345热线、市长信箱等平台移送信访件的受理、办结、按期办结和回访满意情况，"
                "各承办单位办理情况，逾期未办结信访件及矛盾纠纷化解情况。不含反映人个人信息。",
    build_context=build_context,
    default_template=default_template,
    uses_day=True,
    title=lambda request: f"{request.park}信访件办理情况通报",
    fields=(
        FieldDoc("date", "通报日期", "2026年12月3日"),
        FieldDoc("span", "统计范围", "1月1日至12月3日"),
        FieldDoc("received", "受理件数", "76件"),
        FieldDoc("by_source", "按来源", "信访部门转办4件、12345热线36件"),
        FieldDoc("by_kind", "按类别", "投诉24件、信访20件"),
        FieldDoc("closed", "已办结件数", "70件"), FieldDoc("closed_pct", "办结率", "92.1%"),
        FieldDoc("on_time", "按期办结件数", "69件"), FieldDoc("open", "在办件数", "6件"),
        FieldDoc("overdue_count", "逾期未办结件数", "1件"), FieldDoc("visited", "已回访件数", "70件"),
        FieldDoc("satisfied_pct", "满意率（满意和基本满意）", "98.6%"),
        FieldDoc("units", "各承办单位", children=(
            FieldDoc("number", "序号"), FieldDoc("unit", "承办单位", "城管局"), FieldDoc("received", "交办件数", "12"),
            FieldDoc("closed", "已办结", "12"), FieldDoc("overdue", "逾期未办结", "0"))),
        FieldDoc("overdue", "逾期未办结的信访件", children=(
            FieldDoc("number", "序号"), FieldDoc("case", "编号", "2026-072"), FieldDoc("source", "来源", "12345热线"),
            FieldDoc("content", "反映问题（前60字）"), FieldDoc("unit", "承办单位"), FieldDoc("due", "办理时限", "2026.11.20"),
            FieldDoc("reason", "逾期情况", "时限2026年11月20日，已逾期9个工作日"))),
        FieldDoc("disputes", "排查矛盾纠纷", "32起"), FieldDoc("resolved", "成功化解", "30起"),
    ),
)
