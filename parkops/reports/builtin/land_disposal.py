"""低效闲置工业用地处置台账 in the official format (GB/T 9704), through a template users may edit: each parcel
with its holder, area, the use the rule finds (land.rules), the method, progress, who is responsible, the
deadline and the case's light; the totals in one sentence above. What it says is the land module's
(land.selectors.disposal_ledger); here it is only laid out."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from parkops.core import officedoc
from parkops.core.formatting import plain_number
from parkops.core.periods import chinese_date
from parkops.land.selectors import disposal_ledger
from parkops.reports.registry import FieldDoc, ReportRequest, ReportType, park_fields
from parkops.reports.templating import CENTRE, LEFT, loop_rows, widths


def _mu(value) -> str:
    return f"{plain_number(Decimal(value))}亩"


def ledger_context(*, park, today) -> dict:
    rows = disposal_ledger(park=park, today=today)
    total = sum((Decimal(r.row.parcel.area_mu) for r in rows), Decimal(0))
    closed = [r for r in rows if r.row.case and r.row.case.closed_on]
    revitalised = sum((Decimal(r.row.case.revitalised_mu or 0) for r in closed), Decimal(0))
    by_status: dict[str, list] = {}
    for r in rows:
        by_status.setdefault(r.row.finding.label, []).append(r)
    parts = "、".join(f"{label}{len(items)}宗{_mu(sum(Decimal(i.row.parcel.area_mu) for i in items))}"
                      for label, items in by_status.items())
    return {
        **park_fields(park),
        "title": f"{park.name}低效闲置工业用地处置台账",
        "date_line": f"截至{chinese_date(today)}",
        "summary": f"共{len(rows)}宗、面积{_mu(total)}（{parts}）；已办结{len(closed)}宗，盘活{_mu(revitalised)}。"
                   if rows else "尚无宗地。",
        "rows": [
            {"number": str(n), "holder": r.row.parcel.holder_label or "—", "location": r.row.parcel.location,
             "area": plain_number(Decimal(r.row.parcel.area_mu)), "status": r.row.finding.label,
             "cause": r.row.parcel.cause, "method": str(r.row.case.method or "") if r.row.case else "",
             "progress": r.row.case.progress if r.row.case else "",
             "unit": str(r.row.case.responsible_unit or "") if r.row.case else "",
             "leader": str(r.row.case.leader or "") if r.row.case else "",
             "deadline": f"{r.row.case.deadline:%Y.%-m.%-d}" if r.row.case and r.row.case.deadline else "",
             "light": r.light.label if r.light else "未建台账"}
            for n, r in enumerate(rows, start=1)
        ],
    }


def build_context(request: ReportRequest) -> dict:
    return ledger_context(park=request.park, today=request.day or timezone.localdate())


HEADER = ["序号", "原用地单位", "宗地位置", "面积（亩）", "利用状态", "形成原因", "处置方式", "处置进展", "责任单位",
          "责任领导", "完成时限", "亮灯"]
CELLS = ["{{ r.number }}", "{{ r.holder }}", "{{ r.location }}", "{{ r.area }}", "{{ r.status }}", "{{ r.cause }}",
         "{{ r.method }}", "{{ r.progress }}", "{{ r.unit }}", "{{ r.leader }}", "{{ r.deadline }}", "{{ r.light }}"]


def default_template() -> bytes:
    document = officedoc.new_document(landscape=True)
    officedoc.add_title(document, "{{ title }}")
    officedoc.add_paragraph(document, "{{ date_line }}", align=CENTRE, font=officedoc.KAITI)
    officedoc.add_paragraph(document, "{{ summary }}")
    table = officedoc.add_table(document, HEADER, widths(officedoc.usable_width_mm(document),
                                                         (8, 24, 22, 10, 10, 20, 12, 30, 14, 10, 12, 10)),
                                size=officedoc.SIZE_5)
    loop_rows(table, "r in rows", CELLS, aligns=[CENTRE, LEFT, LEFT, CENTRE, CENTRE, LEFT, CENTRE, LEFT, CENTRE,
                                                 CENTRE, CENTRE, CENTRE], size=officedoc.SIZE_5)
    return officedoc.to_bytes(document)


LAND_DISPOSAL = ReportType(
    code="land_disposal",
    name="低效闲置工业用地处置台账",
    description="园区各宗地的用地单位、面积、按《闲置土地处置办法》认定的利用状态、处置方式与进展、责任单位和领导、"
                "完成时限及亮灯，台账上方为宗数、面积和已盘活面积的合计。",
    build_context=build_context,
    default_template=default_template,
    uses_day=True,
    title=lambda request: f"{request.park}低效闲置工业用地处置台账",
    fields=(
        FieldDoc("title", "标题", "德安高新技术产业园区低效闲置工业用地处置台账"),
        FieldDoc("date_line", "日期行", "截至2026年12月3日"),
        FieldDoc("summary", "合计", "共13宗、面积536亩（闲置4宗155.9亩、低效4宗106.8亩、正常5宗273.3亩）；已办结5宗，盘活273.3亩。"),
        FieldDoc("rows", "宗地（每宗一行）", children=(
            FieldDoc("number", "序号"), FieldDoc("holder", "原用地单位"), FieldDoc("location", "宗地位置"),
            FieldDoc("area", "面积（亩）", "45.6"), FieldDoc("status", "利用状态（系统认定）", "闲置"),
            FieldDoc("cause", "形成原因"), FieldDoc("method", "处置方式", "合作共建"), FieldDoc("progress", "处置进展"),
            FieldDoc("unit", "责任单位"), FieldDoc("leader", "责任领导"), FieldDoc("deadline", "完成时限", "2025.12.31"),
            FieldDoc("light", "亮灯", "序时推进"))),
    ),
)
