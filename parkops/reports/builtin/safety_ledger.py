"""隐患排查整改台账 in the official format (GB/T 9704), landscape: each hazard with its enterprise, place,
description, level, measures, deadline, who is responsible, the rectification, who rechecked it and its
state and light; the totals in one sentence above. What it says is the safety module's
(safety.selectors.ledger_rows); here it is only laid out. The hazard list downloads it too."""

from __future__ import annotations

from django.utils import timezone

from parkops.core import officedoc
from parkops.core.periods import chinese_date
from parkops.core.permissions import require
from parkops.org.services import served_park
from parkops.reports.registry import (
    ExportRequest,
    FieldDoc,
    ModuleDownload,
    NothingToDownload,
    ReportRequest,
    ReportType,
    park_fields,
)
from parkops.reports.templating import CENTRE, LEFT, loop_rows, narrow_cell_margins, widths
from parkops.safety import exporters, selectors
from parkops.safety.permissions import can_export, visible_hazards


def _row(number: int, row) -> dict:
    h = row.hazard
    return {"number": str(number), "enterprise": h.enterprise_name, "place": h.place, "description": h.description,
            "level": "重大" if h.is_major else "一般", "measures": h.measures,
            "deadline": f"{h.deadline:%Y.%-m.%-d}" if h.deadline else "", "person": h.responsible_person,
            "rectification": h.rectification, "rechecked_by": h.rechecked_by,
            "state": h.get_status_display() + ("（挂牌督办）" if h.listed_on and h.is_open else ""),
            "light": row.light.label}


def ledger_context(*, park, today, rows) -> dict:
    return {
        **park_fields(park),
        "title": f"{park.name}隐患排查整改台账",
        "date_line": f"截至{chinese_date(today)}",
        "summary": selectors.level_summary(rows) if rows else "尚无隐患。",
        "rows": [_row(n, row) for n, row in enumerate(rows, start=1)],
    }


def build_context(request: ReportRequest) -> dict:
    today = request.day or timezone.localdate()
    return ledger_context(park=request.park, today=today, rows=selectors.ledger_rows(park=request.park, today=today))


HEADER = ["序号", "企业名称", "隐患部位", "隐患描述", "等级", "整改措施", "整改时限", "责任人", "整改情况", "复查人", "状态", "亮灯"]
CELLS = ["{{ r.number }}", "{{ r.enterprise }}", "{{ r.place }}", "{{ r.description }}", "{{ r.level }}",
         "{{ r.measures }}", "{{ r.deadline }}", "{{ r.person }}", "{{ r.rectification }}", "{{ r.rechecked_by }}",
         "{{ r.state }}", "{{ r.light }}"]


def default_template() -> bytes:
    document = officedoc.new_document(landscape=True)
    officedoc.add_title(document, "{{ title }}")
    officedoc.add_paragraph(document, "{{ date_line }}", align=CENTRE, font=officedoc.KAITI)
    officedoc.add_paragraph(document, "{{ summary }}")
    table = officedoc.add_table(document, HEADER, widths(officedoc.usable_width_mm(document),
                                                         (6, 18, 10, 28, 6, 24, 14, 10, 22, 14, 14, 8)),
                                size=officedoc.SIZE_5)
    narrow_cell_margins(table)
    loop_rows(table, "r in rows", CELLS, aligns=[CENTRE, LEFT, LEFT, LEFT, CENTRE, LEFT, CENTRE, CENTRE, LEFT, CENTRE,
                                                 CENTRE, CENTRE], size=officedoc.SIZE_5)
    return officedoc.to_bytes(document)


def _from_link(http_request) -> ExportRequest:
    require(can_export(http_request.user))
    return ExportRequest(park=served_park(), user=http_request.user)


def export(request: ExportRequest) -> ModuleDownload:
    today = request.day or timezone.localdate()
    hazards = visible_hazards(request.user) if request.user is not None else None
    rows = selectors.ledger_rows(park=request.park, today=today, hazards=hazards)
    if not rows:
        raise NothingToDownload("没有隐患。")
    return ModuleDownload(ledger_context(park=request.park, today=today, rows=rows),
                          lambda extension: f"隐患排查整改台账_{today:%Y%m%d}.{extension}", what="隐患排查整改台账",
                          summary=f"{len(rows)}条隐患", build_xlsx=lambda: exporters.ledger_xlsx(rows))


HAZARD_LEDGER = ReportType(
    code="hazard_ledger",
    name="隐患排查整改台账",
    description="园区排查出的全部隐患：企业、部位、描述、等级、整改措施、时限、责任人、整改情况、复查人、状态和亮灯，台账上方为"
                "涉及企业数、一般与重大隐患数、已销号和逾期数的合计。隐患清单页面“隐患整改台账（公文）”也使用本模板。",
    build_context=build_context,
    default_template=default_template,
    uses_day=True,
    title=lambda request: f"{request.park}隐患排查整改台账",
    export=export,
    export_request=_from_link,
    fields=(
        FieldDoc("title", "标题", "德安高新技术产业园区隐患排查整改台账"),
        FieldDoc("date_line", "日期行", "截至2026年12月3日"),
        FieldDoc("summary", "合计", "涉及企业（场所）27家，排查隐患30条（一般隐患27条、重大隐患3条），已整改销号14条，逾期未整改2条。"),
        FieldDoc("rows", "隐患（每条一行）", children=(
            FieldDoc("number", "序号"), FieldDoc("enterprise", "企业名称"), FieldDoc("place", "隐患部位"),
            FieldDoc("description", "隐患描述"), FieldDoc("level", "等级", "一般"), FieldDoc("measures", "整改措施"),
            FieldDoc("deadline", "整改时限", "2026.11.8"), FieldDoc("person", "责任人"),
            FieldDoc("rectification", "整改情况"), FieldDoc("rechecked_by", "复查人"),
            FieldDoc("state", "状态", "整改中（挂牌督办）"), FieldDoc("light", "亮灯", "逾期"))),
    ),
)
