"""审批办理情况统计表, in the official format (GB/T 9704), landscape: the park's approval cases as of a day,
with their 按时办结率 and average working days, by devolved power and by department, and the cases overdue.
What it says is the approvals module's (approvals.selectors.statistics); here it is only laid out."""

from __future__ import annotations

from django.utils import timezone

from parkops.approvals.selectors import statistics
from parkops.core import officedoc
from parkops.core.formatting import format_pct
from parkops.core.periods import chinese_date
from parkops.reports.registry import FieldDoc, ReportRequest, ReportType, park_fields
from parkops.reports.templating import CENTRE, LEFT, heading, loop_rows, tag_paragraph, widths


def _days(value) -> str:
    return "—" if value is None else f"{value}"


def _lines(tallies) -> list[dict]:
    return [{"number": str(n), "name": name, "total": str(t.total), "done": str(t.done),
             "on_time_rate": format_pct(t.on_time_rate), "average": _days(t.average_days), "overdue": str(t.overdue_open)}
            for n, (name, t) in enumerate(tallies, start=1)]


def build_context(request: ReportRequest) -> dict:
    today = request.day or timezone.localdate()
    found = statistics(park=request.park, today=today)
    total = found.total
    summary = (f"截至{chinese_date(today)}，共受理审批（代办）事项{total.total}件，办结{total.done}件，"
               f"按时办结率{format_pct(total.on_time_rate)}，平均用时{_days(total.average_days)}个工作日；"
               f"逾期未办结{total.overdue_open}件。" if total.total else f"截至{chinese_date(today)}，尚未受理审批事项。")
    return {
        **park_fields(request.park),
        "title": f"{request.park.name}审批办理情况统计表",
        "date_line": f"截至{chinese_date(today)}",
        "summary": summary,
        "powers": _lines(found.by_power),
        "units": _lines(found.by_unit),
        "overdue": [{"enterprise": row.case.enterprise_label, "title": row.case.title, "reason": row.clock.reason}
                    for row in found.overdue],
    }


HEADER = ["序号", "{}", "件数", "办结", "按时办结率", "平均用时（工作日）", "逾期未办结"]
CELLS = ["{{ r.number }}", "{{ r.name }}", "{{ r.total }}", "{{ r.done }}", "{{ r.on_time_rate }}", "{{ r.average }}",
         "{{ r.overdue }}"]


def default_template() -> bytes:
    document = officedoc.new_document(landscape=True)
    officedoc.add_title(document, "{{ title }}")
    officedoc.add_paragraph(document, "{{ date_line }}", align=CENTRE, font=officedoc.KAITI)
    officedoc.add_paragraph(document, "{{ summary }}")
    for title, first, loop in (("一、按赋权事项", "事项", "r in powers"), ("二、按办理部门", "部门", "r in units")):
        heading(document, title)
        header = [cell.format(first) for cell in HEADER]
        table = officedoc.add_table(document, header, widths(officedoc.usable_width_mm(document),
                                                             (8, 60, 12, 12, 20, 24, 18)), size=officedoc.SIZE_5)
        loop_rows(table, loop, CELLS, aligns=[CENTRE, LEFT] + [CENTRE] * 5, size=officedoc.SIZE_5)
    heading(document, "三、逾期未办结的案件")
    tag_paragraph(document, "for o in overdue")
    officedoc.add_paragraph(document, "{{ loop.index }}. {{ o.enterprise }}：{{ o.title }}（{{ o.reason }}）。")
    tag_paragraph(document, "endfor")
    return officedoc.to_bytes(document)


_ROW_FIELDS = (FieldDoc("number", "序号"), FieldDoc("name", "名称"), FieldDoc("total", "件数"), FieldDoc("done", "办结"),
               FieldDoc("on_time_rate", "按时办结率", "87.50%"), FieldDoc("average", "平均用时", "6.3"),
               FieldDoc("overdue", "逾期未办结"))

APPROVAL_STATISTICS = ReportType(
    code="approval_statistics",
    name="审批办理情况统计表",
    description="园区受理的审批（代办）事项：件数、办结、按时办结率、平均用时（工作日，补正时间不计），分赋权事项和办理部门统计，"
                "并列出逾期未办结的案件。",
    build_context=build_context,
    default_template=default_template,
    uses_day=True,
    title=lambda request: f"{request.park}审批办理情况统计表",
    fields=(
        FieldDoc("title", "标题", "德安高新技术产业园区审批办理情况统计表"),
        FieldDoc("date_line", "日期行", "截至2026年12月3日"),
        FieldDoc("summary", "合计", "截至2026年12月3日，共受理审批（代办）事项5件，办结1件，按时办结率100.00%……"),
        FieldDoc("powers", "按赋权事项（每项一行）", children=_ROW_FIELDS),
        FieldDoc("units", "按办理部门（每部门一行）", children=_ROW_FIELDS),
        FieldDoc("overdue", "逾期案件", children=(FieldDoc("enterprise", "企业"), FieldDoc("title", "申请事项"),
                                                  FieldDoc("reason", "逾期情况"))),
    ),
)
