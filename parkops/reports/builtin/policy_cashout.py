"""惠企政策兑现情况表, in the official format (GB/T 9704), landscape: the park's cash-outs as of a day by policy —
applications, approved, paid, 兑现率, amounts and average working days — the late ones named, and what each
enterprise received by year. What it says is the policies module's (policies.selectors.cashout_statistics);
here it is only laid out."""

from __future__ import annotations

from django.utils import timezone

from parkops.core import officedoc
from parkops.core.formatting import format_money, format_pct
from parkops.core.periods import chinese_date
from parkops.policies.selectors import cashout_statistics
from parkops.reports.registry import FieldDoc, ReportRequest, ReportType, park_fields
from parkops.reports.templating import CENTRE, LEFT, heading, loop_rows, tag_paragraph, widths


def _days(value) -> str:
    return "—" if value is None else f"{value:.1f}"


def build_context(request: ReportRequest) -> dict:
    today = request.day or timezone.localdate()
    found = cashout_statistics(park=request.park, today=today)
    total = found.total
    summary = (f"截至{chinese_date(today)}，共受理惠企政策兑现{total.total}笔，审核通过{total.approved}笔"
               f"（核定{format_money(total.approved_amount)}），已兑现{total.paid}笔{format_money(total.paid_amount)}，"
               f"兑现率{format_pct(total.paid_rate)}，平均用时{_days(total.average_days)}个工作日；"
               f"不予兑现{total.rejected}笔，逾期未办{total.overdue}笔。"
               if total.total else f"截至{chinese_date(today)}，尚未受理惠企政策兑现。")
    year = found.years[0] if found.years else today.year
    return {
        **park_fields(request.park),
        "title": f"{request.park.name}惠企政策兑现情况表",
        "date_line": f"截至{chinese_date(today)}",
        "summary": summary,
        "policies": [{"number": str(n), "name": policy.name, "mode": policy.get_mode_display(), "total": str(t.total),
                      "approved": str(t.approved), "paid": str(t.paid), "paid_amount": format_money(t.paid_amount),
                      "paid_rate": format_pct(t.paid_rate), "average": _days(t.average_days), "overdue": str(t.overdue)}
                     for n, (policy, t) in enumerate(found.by_policy, start=1)],
        "overdue": [{"enterprise": row.application.enterprise.name, "clause": row.application.clause.title,
                     "reason": row.light.reason} for row in found.overdue],
        "no_overdue": "" if found.overdue else "无。",
        "received_year": f"{year}年",
        "received": [{"number": str(n), "enterprise": r.enterprise, "amount": format_money(r.by_year[year])}
                     for n, r in enumerate((r for r in found.received if year in r.by_year), start=1)],
    }


HEADER = ["序号", "政策", "兑现方式", "受理", "审核通过", "已兑现", "兑现金额", "兑现率", "平均用时（工作日）", "逾期"]
CELLS = ["{{ r.number }}", "{{ r.name }}", "{{ r.mode }}", "{{ r.total }}", "{{ r.approved }}", "{{ r.paid }}",
         "{{ r.paid_amount }}", "{{ r.paid_rate }}", "{{ r.average }}", "{{ r.overdue }}"]


def default_template() -> bytes:
    document = officedoc.new_document(landscape=True)
    officedoc.add_title(document, "{{ title }}")
    officedoc.add_paragraph(document, "{{ date_line }}", align=CENTRE, font=officedoc.KAITI)
    officedoc.add_paragraph(document, "{{ summary }}")
    heading(document, "一、按政策")
    table = officedoc.add_table(document, HEADER, widths(officedoc.usable_width_mm(document),
                                                         (8, 56, 16, 10, 18, 12, 20, 16, 22, 10)), size=officedoc.SIZE_5)
    loop_rows(table, "r in policies", CELLS, aligns=[CENTRE, LEFT] + [CENTRE] * 8, size=officedoc.SIZE_5)
    heading(document, "二、逾期未办的兑现")
    officedoc.add_paragraph(document, "{{ no_overdue }}")
    tag_paragraph(document, "for o in overdue")
    officedoc.add_paragraph(document, "{{ loop.index }}. {{ o.enterprise }}：{{ o.clause }}（{{ o.reason }}）。")
    tag_paragraph(document, "endfor")
    heading(document, "三、{{ received_year }}各企业兑现金额")
    table = officedoc.add_table(document, ["序号", "企业", "兑现金额"],
                                widths(officedoc.usable_width_mm(document), (10, 120, 40)), size=officedoc.SIZE_5)
    loop_rows(table, "e in received", ["{{ e.number }}", "{{ e.enterprise }}", "{{ e.amount }}"],
              aligns=[CENTRE, LEFT, CENTRE], size=officedoc.SIZE_5)
    return officedoc.to_bytes(document)


POLICY_CASHOUT = ReportType(
    code="policy_cashout",
    name="惠企政策兑现情况表",
    description="园区惠企政策的兑现：按政策统计受理、审核通过、已兑现笔数和金额、兑现率、平均用时（工作日），列出逾期未办的兑现，"
                "以及当年各企业的兑现金额。",
    build_context=build_context,
    default_template=default_template,
    uses_day=True,
    title=lambda request: f"{request.park}惠企政策兑现情况表",
    fields=(
        FieldDoc("title", "标题", "德安高新技术产业园区惠企政策兑现情况表"),
        FieldDoc("date_line", "日期行", "截至2026年12月3日"),
        FieldDoc("summary", "合计", "截至2026年12月3日，共受理惠企政策兑现9笔，审核通过6笔……"),
        FieldDoc("policies", "按政策（每项一行）", children=(
            FieldDoc("number", "序号"), FieldDoc("name", "政策"), FieldDoc("mode", "兑现方式", "免申即享"),
            FieldDoc("total", "受理"), FieldDoc("approved", "审核通过"), FieldDoc("paid", "已兑现"),
            FieldDoc("paid_amount", "兑现金额", "30.87万元"), FieldDoc("paid_rate", "兑现率", "66.67%"),
            FieldDoc("average", "平均用时", "12.5"), FieldDoc("overdue", "逾期"))),
        FieldDoc("overdue", "逾期未办", children=(FieldDoc("enterprise", "企业"), FieldDoc("clause", "条款"),
                                                  FieldDoc("reason", "逾期情况"))),
        FieldDoc("no_overdue", "无逾期时的说明", "无。"),
        FieldDoc("received_year", "兑现年度", "2026年"),
        FieldDoc("received", "各企业兑现金额", children=(FieldDoc("number", "序号"), FieldDoc("enterprise", "企业"),
                                                         FieldDoc("amount", "兑现金额", "10万元"))),
    ),
)
