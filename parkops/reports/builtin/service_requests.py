"""企业诉求办理通报, monthly, in the official format (GB/T 9704), through a template users may edit: the
month's requests and the year's so far with 办结率, 按时办结率 and 满意率, the table by unit, the requests
overdue at the month's end and those the enterprises rated 不满意. What it says is the services module's
(services.selectors.monthly_bulletin); here it is only laid out."""

from __future__ import annotations

from django.utils import timezone

from parkops.core import officedoc
from parkops.core.formatting import format_pct
from parkops.core.periods import chinese_date, period_label
from parkops.reports.registry import FieldDoc, ReportRequest, ReportType, park_fields
from parkops.reports.templating import CENTRE, LEFT, heading, loop_rows, tag_paragraph, widths
from parkops.services.selectors import monthly_bulletin


def _rates(tally) -> str:
    """办结 and its rate always; 按时办结率 once something is resolved, 满意率 once something is rated."""
    parts = [f"办结{tally.resolved}件，办结率{format_pct(tally.resolved_rate)}"]
    if tally.on_time_rate is not None:
        parts.append(f"按时办结率{format_pct(tally.on_time_rate)}")
    if tally.satisfied_rate is not None:
        parts.append(f"满意率{format_pct(tally.satisfied_rate)}")
    return "；".join(parts)


def build_context(request: ReportRequest) -> dict:
    today = timezone.localdate()
    found = monthly_bulletin(park=request.park, period=request.period, today=today)
    month = period_label(found.period)
    categories = "、".join(f"{label}{count}件" for label, count in found.by_category)
    return {
        **park_fields(request.park),
        "title": f"关于{month}企业诉求办理情况的通报",
        "month": month,
        "date": chinese_date(found.as_of),
        "month_summary": (f"{month}，全区共受理企业诉求{found.month.total}件（{categories}），{_rates(found.month)}。"
                          if found.month.total else f"{month}，未收到企业诉求。"),
        "year_summary": f"{found.period.year}年以来累计受理企业诉求{found.year.total}件，{_rates(found.year)}。",
        "units": [{"number": str(n), "unit": name, "total": str(t.total), "resolved": str(t.resolved),
                   "resolved_rate": format_pct(t.resolved_rate), "on_time_rate": format_pct(t.on_time_rate),
                   "satisfied_rate": format_pct(t.satisfied_rate), "overdue": str(t.overdue_open)}
                  for n, (name, t) in enumerate(found.by_unit, start=1)],
        "overdue_count": f"{len(found.overdue)}件",
        "overdue": [{"enterprise": row.request.enterprise_label, "content": row.request.content[:60],
                     "unit": str(row.request.unit or "未分派"), "reason": row.light.reason}
                    for row in found.overdue],
        "unsatisfied_count": f"{len(found.unsatisfied)}件",
        "unsatisfied": [{"enterprise": r.enterprise_label, "content": r.content[:60], "unit": str(r.unit or ""),
                         "note": r.rating_note or "未说明"} for r in found.unsatisfied],
    }


def default_template() -> bytes:
    document = officedoc.new_document()
    officedoc.add_issuing_organ(document, "{{ park_short }}企业服务通报")
    officedoc.add_issue_line(document, "{{ issuer }}编", "{{ date }}")
    officedoc.add_title(document, "{{ title }}")
    officedoc.add_paragraph(document, "")
    heading(document, "一、总体情况")
    officedoc.add_paragraph(document, "{{ month_summary }}")
    officedoc.add_paragraph(document, "{{ year_summary }}")
    heading(document, "二、各承办单位办理情况")
    table = officedoc.add_table(document, ["序号", "承办单位", "诉求", "办结", "办结率", "按时办结率", "满意率", "逾期"],
                                widths(officedoc.usable_width_mm(document), (8, 22, 9, 9, 16, 18, 16, 9)),
                                size=officedoc.SIZE_5)
    loop_rows(table, "u in units", ["{{ u.number }}", "{{ u.unit }}", "{{ u.total }}", "{{ u.resolved }}",
                                    "{{ u.resolved_rate }}", "{{ u.on_time_rate }}", "{{ u.satisfied_rate }}",
                                    "{{ u.overdue }}"], aligns=[CENTRE, LEFT] + [CENTRE] * 6, size=officedoc.SIZE_5)
    heading(document, "三、逾期未办结的诉求（{{ overdue_count }}）")
    tag_paragraph(document, "for o in overdue")
    officedoc.add_paragraph(document, "{{ loop.index }}. {{ o.enterprise }}：{{ o.content }}（承办单位：{{ o.unit }}；"
                                      "{{ o.reason }}）。")
    tag_paragraph(document, "endfor")
    heading(document, "四、企业评价不满意的诉求（{{ unsatisfied_count }}）")
    tag_paragraph(document, "for u in unsatisfied")
    officedoc.add_paragraph(document, "{{ loop.index }}. {{ u.enterprise }}：{{ u.content }}（承办单位：{{ u.unit }}；"
                                      "企业意见：{{ u.note }}）。")
    tag_paragraph(document, "endfor")
    officedoc.add_paragraph(document, "请各承办单位对逾期和不满意的诉求抓紧办理，按时答复企业。")
    officedoc.add_signature(document, "{{ issuer }}", "{{ date }}")
    return officedoc.to_bytes(document)


SERVICE_REQUESTS = ReportType(
    code="service_requests",
    name="企业诉求办理通报",
    description="所选月份的企业诉求件数、类别、办结率、按时办结率、满意率，本年累计，各承办单位办理情况表，"
                "月末逾期未办结和企业评价不满意的诉求。",
    build_context=build_context,
    default_template=default_template,
    title=lambda request: f"{period_label(request.period)}企业诉求办理通报",
    fields=(
        FieldDoc("title", "标题", "关于2026年11月企业诉求办理情况的通报"),
        FieldDoc("month", "月份", "2026年11月"),
        FieldDoc("date", "截至日期", "2026年11月30日"),
        FieldDoc("month_summary", "本月情况", "2026年11月，全区共受理企业诉求12件（用工4件、融资3件……），办结10件……"),
        FieldDoc("year_summary", "本年累计", "2026年以来累计受理企业诉求306件，办结286件，办结率93.46%……"),
        FieldDoc("units", "各承办单位（每单位一行）", children=(
            FieldDoc("number", "序号"), FieldDoc("unit", "承办单位"), FieldDoc("total", "诉求"),
            FieldDoc("resolved", "办结"), FieldDoc("resolved_rate", "办结率"), FieldDoc("on_time_rate", "按时办结率"),
            FieldDoc("satisfied_rate", "满意率"), FieldDoc("overdue", "逾期"))),
        FieldDoc("overdue_count", "逾期件数", "2件"),
        FieldDoc("overdue", "逾期诉求", children=(
            FieldDoc("enterprise", "企业"), FieldDoc("content", "诉求内容"), FieldDoc("unit", "承办单位"),
            FieldDoc("reason", "逾期情况"))),
        FieldDoc("unsatisfied_count", "不满意件数", "1件"),
        FieldDoc("unsatisfied", "不满意诉求", children=(
            FieldDoc("enterprise", "企业"), FieldDoc("content", "诉求内容"), FieldDoc("unit", "承办单位"),
            FieldDoc("note", "企业意见"))),
    ),
)
