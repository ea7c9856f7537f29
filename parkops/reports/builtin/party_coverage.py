"""两个覆盖 progress (非公企业党的组织和党的工作覆盖) in the official format (GB/T 9704): the campaign's survey
(摸排), its targets (攻坚对象), the branches formed (单建、联合) and instructors sent, the coverage rate from its
start to the chosen day and month by month, and the targets still to cover. The figures are 信访与平安's
(stability.selectors.coverage_figures, coverage_over_time); here they are only laid out."""

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
from parkops.stability.selectors import coverage_figures, coverage_over_time, current_campaign

# The targets listed by name at most: a long list belongs in the campaign's own ledger, not in a 通报.
MAX_LISTED = 30


def _pct(value) -> str:
    return "—" if value is None else f"{value}%"


def _day(request: ReportRequest) -> date:
    return request.day or timezone.localdate()


def build_context(request: ReportRequest) -> dict:
    end = _day(request)
    campaign = current_campaign(park=request.park)
    if campaign is None:
        return {**park_fields(request.park), "date": chinese_date(end), "has_campaign": False, "campaign": "",
                "started": "", "surveyed": "0家", "targets": "0家", "covered": "0家", "single": "0个", "joint": "0个",
                "instructors": "0家", "baseline": "—", "rate": "—", "by_form": "无", "months": [], "remaining": [],
                "remaining_count": "0家", "more": ""}
    entries = list(campaign.entries.all())
    figures = coverage_figures(campaign, on=end, entries=entries)
    remaining = sorted((e for e in entries if e.is_target and not e.covered_before
                        and (e.covered_on is None or e.covered_on > end)), key=lambda e: e.enterprise_name)
    return {
        **park_fields(request.park),
        "date": chinese_date(end), "has_campaign": True, "campaign": campaign.name,
        "started": chinese_date(campaign.started_on),
        "surveyed": f"{figures.surveyed}家", "targets": f"{figures.targets}家",
        "covered": f"{figures.covered_in_campaign}家", "single": f"{figures.single_branches}个",
        "joint": f"{figures.joint_branches}个", "instructors": f"{figures.instructors}家",
        "baseline": _pct(figures.baseline_pct), "rate": _pct(figures.rate_pct),
        "by_form": "、".join(f"{label}{count}家" for label, count in figures.by_form if count) or "无",
        "months": [{"day": f"{day:%Y.%-m.%-d}", "rate": _pct(rate)} for day, rate in coverage_over_time(campaign, until=end)],
        "remaining": [{"number": str(n), "name": e.enterprise_name, "employees": str(e.employees or "—"),
                       "members": str(e.party_members)} for n, e in enumerate(remaining[:MAX_LISTED], start=1)],
        "remaining_count": f"{len(remaining)}家",
        "more": f"（另有{len(remaining) - MAX_LISTED}家，见攻坚台账）" if len(remaining) > MAX_LISTED else "",
    }


def _table(document, header, shares):
    table = officedoc.add_table(document, header, widths(officedoc.usable_width_mm(document), shares),
                                size=officedoc.SIZE_5)
    narrow_cell_margins(table)
    return table


def default_template() -> bytes:
    document = officedoc.new_document()
    officedoc.add_title(document, "关于{{ park }}非公企业“两个覆盖”工作进展情况的报告")
    officedoc.add_paragraph(document, "")
    tag_paragraph(document, "if has_campaign")
    officedoc.add_paragraph(document, "{{ started }}以来，园区开展{{ campaign }}，推进非公有制企业党的组织和党的工作覆盖。"
                                      "截至{{ date }}，进展情况报告如下。")
    heading(document, "一、总体情况")
    officedoc.add_paragraph(
        document, "共摸排非公企业{{ surveyed }}，确定攻坚对象{{ targets }}。攻坚以来新覆盖{{ covered }}，新成立单建党支部"
                  "{{ single }}、联合党支部{{ joint }}，向{{ instructors }}企业派驻党建指导员；攻坚对象覆盖率由{{ baseline }}"
                  "上升到{{ rate }}。按覆盖方式，{{ by_form }}。")
    heading(document, "二、覆盖率变化")
    table = _table(document, ["截至日期", "攻坚对象覆盖率"], (60, 60))
    loop_rows(table, "m in months", ["{{ m.day }}", "{{ m.rate }}"], aligns=[CENTRE, CENTRE], size=officedoc.SIZE_5)
    heading(document, "三、尚未覆盖的攻坚对象")
    tag_paragraph(document, "if remaining")
    officedoc.add_paragraph(document, "尚有攻坚对象{{ remaining_count }}未实现覆盖{{ more }}：")
    table = _table(document, ["序号", "企业名称", "从业人员（人）", "党员（人）"], (14, 80, 30, 26))
    loop_rows(table, "r in remaining", ["{{ r.number }}", "{{ r.name }}", "{{ r.employees }}", "{{ r.members }}"],
              aligns=[CENTRE, LEFT, CENTRE, CENTRE], size=officedoc.SIZE_5)
    tag_paragraph(document, "else")
    officedoc.add_paragraph(document, "攻坚对象已全部实现覆盖。")
    tag_paragraph(document, "endif")
    heading(document, "四、下一步工作")
    officedoc.add_paragraph(document, "对尚未覆盖的攻坚对象逐一制定方案，有3名以上党员的单独建立党支部，党员不足3名的"
                                      "按行业或区域组建联合党支部，暂不具备条件的选派党建指导员，确保应建尽建、应覆盖尽覆盖。")
    tag_paragraph(document, "else")
    officedoc.add_paragraph(document, "截至{{ date }}，园区尚未登记“两个覆盖”攻坚行动。")
    tag_paragraph(document, "endif")
    officedoc.add_signature(document, "{{ issuer }}", "{{ date }}")
    return officedoc.to_bytes(document)


PARTY_COVERAGE = ReportType(
    code="party_coverage",
    name="“两个覆盖”工作进展情况",
    description="非公企业党的组织和党的工作覆盖：摸排企业、攻坚对象、新覆盖企业，新成立单建和联合党支部、选派党建指导员，"
                "攻坚对象覆盖率由攻坚前到统计日的变化（逐月），尚未覆盖的攻坚对象。",
    build_context=build_context,
    default_template=default_template,
    uses_day=True,
    title=lambda request: f"{request.park}“两个覆盖”工作进展情况",
    fields=(
        FieldDoc("date", "统计日期", "2026年12月3日"), FieldDoc("campaign", "攻坚行动", "两个覆盖集中攻坚"),
        FieldDoc("started", "启动日期", "2026年3月1日"), FieldDoc("surveyed", "摸排企业", "353家"),
        FieldDoc("targets", "攻坚对象", "288家"), FieldDoc("covered", "新覆盖企业", "94家"),
        FieldDoc("single", "新成立单建党支部", "11个"), FieldDoc("joint", "新成立联合党支部", "12个"),
        FieldDoc("instructors", "派驻党建指导员的企业", "5家"), FieldDoc("baseline", "攻坚前覆盖率", "11.1%"),
        FieldDoc("rate", "目前覆盖率", "43.0%"), FieldDoc("by_form", "按覆盖方式", "单独建立党组织40家、联合建立党组织60家"),
        FieldDoc("months", "逐月覆盖率", children=(FieldDoc("day", "截至日期", "2026.6.30"), FieldDoc("rate", "覆盖率", "30.2%"))),
        FieldDoc("remaining", "尚未覆盖的攻坚对象", children=(
            FieldDoc("number", "序号"), FieldDoc("name", "企业名称"), FieldDoc("employees", "从业人员"),
            FieldDoc("members", "党员人数"))),
        FieldDoc("remaining_count", "尚未覆盖家数", "164家"), FieldDoc("more", "超出列出部分的说明"),
        FieldDoc("has_campaign", "是否有攻坚行动"),
    ),
)
