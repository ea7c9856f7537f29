"""招商引资工作进展情况: the year's investment attraction up to the end of the month asked for, as the
commerce bureau reports it to the committee — projects signed, registered, started and producing, by
industry chain, by stage, by 招商 unit and by month; the 招商活动; the year's targets where a supervision
target is bound to one of 招商引资's metrics (else that part is left out); and the contracts in red
(履约监管).

Everything is read through investment.selectors (and the contracts' lights through investment.contracts,
the targets through supervision.selectors): the report-builders contract in .importlinter. A project
counts in the month it first reached a stage (a lead signed on the spot counts as signed, registered ...
on that day), as known at the end of the report's last day.
"""

from __future__ import annotations

from calendar import monthrange
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.utils import timezone

from parkops.core import officedoc
from parkops.core.formatting import format_money, format_quantity, share_pct
from parkops.core.metrics import Readings, UnknownMetric
from parkops.core.metrics import get as get_metric
from parkops.core.periods import chinese_date, cumulative_label
from parkops.investment.choices import PIPELINE, Stage
from parkops.investment.contracts import contract_rows
from parkops.investment.selectors import ProjectPath, activities_between, park_projects, project_paths
from parkops.reports.registry import FieldDoc, ReportRequest, ReportType
from parkops.reports.templating import (
    CENTRE,
    LEFT,
    heading,
    narrow_cell_margins,
    sources_appendix,
    tag_paragraph,
    tag_row,
    widths,
)
from parkops.reports.tracing import Figure, records_url
from parkops.supervision.selectors import targets_bound_to

COUNTED = (Stage.SIGNED, Stage.REGISTERED, Stage.STARTED, Stage.IN_PRODUCTION)
SOURCE = "招商引资 › 项目阶段记录"


def last_day(request: ReportRequest) -> date:
    """The end of the month asked for, or today within the current month."""
    end = request.period.replace(day=monthrange(request.period.year, request.period.month)[1])
    return min(end, max(timezone.localdate(), request.period))


def title(request: ReportRequest) -> str:
    return f"{request.year}年{cumulative_label(last_day(request))}招商引资工作进展情况"


def _yi(amount: Decimal) -> str:
    return format_money(amount)


def _within(path: ProjectPath, stage: str, start: date, end: date) -> bool:
    on = path.reached.get(stage)
    return on is not None and start <= on <= end


def _tally(paths: list[ProjectPath], start: date, end: date) -> dict:
    """Counts of the projects reaching each stage within [start, end], and the signed ones' investment."""
    signed = [p for p in paths if _within(p, Stage.SIGNED, start, end)]
    row = {stage.value: f"{sum(1 for p in paths if _within(p, stage, start, end))}个" for stage in COUNTED}
    row["leads"] = f"{sum(1 for p in paths if _within(p, Stage.LEAD, start, end))}个"
    row["signed_investment"] = _yi(sum((p.project.total_investment for p in signed), Decimal(0)))
    row["any"] = any(_within(p, stage, start, end) for p in paths for stage in (Stage.LEAD, *COUNTED))
    return row


def _grouped(paths: list[ProjectPath], key, start: date, end: date, label: str) -> list[dict]:
    groups: dict[str, list[ProjectPath]] = defaultdict(list)
    for path in paths:
        groups[key(path)].append(path)
    rows = []
    for name, members in groups.items():
        row = _tally(members, start, end)
        if row["any"]:
            rows.append({label: name, **row, "_signed": sum(1 for p in members if _within(p, Stage.SIGNED, start, end))})
    rows.sort(key=lambda r: (-r["_signed"], r[label]))
    return rows


def _by_stage(paths: list[ProjectPath]) -> list[dict]:
    rows = []
    for stage in [*PIPELINE, Stage.TERMINATED]:
        members = [p for p in paths if p.stage == stage]
        rows.append({"stage": Stage(stage).label, "count": f"{len(members)}个",
                     "investment": _yi(sum((p.project.total_investment for p in members), Decimal(0)))})
    return rows


def _by_month(paths: list[ProjectPath], year: int, end: date) -> list[dict]:
    rows = []
    for month in range(1, end.month + 1):
        first = date(year, month, 1)
        last = min(end, first.replace(day=monthrange(year, month)[1]))
        rows.append({"month": f"{month}月", **_tally(paths, first, last)})
    return rows


def _targets(request: ReportRequest, end: date) -> list[dict]:
    """The year's supervision targets bound to 招商引资's metrics, each with its live figure."""
    readings = Readings()
    rows = []
    for target in targets_bound_to(park=request.park, year=request.year, prefix="investment."):
        try:
            metric = get_metric(target.metric_key)
        except UnknownMetric:
            continue
        reading = readings.read(target.metric_key, park=request.park, year=request.year, as_of=end)
        value = reading.value if reading.value is not None else Decimal(0)
        share = share_pct(value, target.amount)
        rows.append({"task": target.task.text, "target": target.phrase or format_quantity(target.amount, target.unit),
                     "metric": metric.label, "done": format_quantity(value, metric.unit),
                     "share": f"{share}%" if share is not None else "—"})
    return rows


def build_context(request: ReportRequest) -> dict:
    end = last_day(request)
    start = date(request.year, 1, 1)
    paths = project_paths(park=request.park, end=end)
    months = cumulative_label(end)
    year_tally = _tally(paths, start, end)
    alive = [p for p in paths if p.stage != Stage.TERMINATED]
    activities = activities_between(park=request.park, start=start, end=end)
    red = [row for row in contract_rows(park_projects(park=request.park), today=end) if row.light.light == "red"]
    signed_figure = Figure(year_tally[Stage.SIGNED], f"{months}签约项目数",
                           f"{request.year}年1月1日至{chinese_date(end)}首次进入签约（或直接进入更后阶段）的招商项目个数",
                           records_url("investment:board"), SOURCE)
    return {
        "date": chinese_date(end),
        "year": str(request.year),
        "months": months,
        "signed": signed_figure,
        "signed_investment": Figure(year_tally["signed_investment"], f"{months}签约项目计划总投资",
                                    "上述签约项目的计划总投资合计", records_url("investment:board"), SOURCE),
        "registered": year_tally[Stage.REGISTERED],
        "started": year_tally[Stage.STARTED],
        "producing": year_tally[Stage.IN_PRODUCTION],
        "leads": year_tally["leads"],
        "pipeline_count": f"{len(alive)}个",
        "pipeline_investment": _yi(sum((p.project.total_investment for p in alive), Decimal(0))),
        "activities": f"{sum(count for _, count in activities.by_kind)}次",
        "activity_kinds": "、".join(f"{kind}{count}次" for kind, count in activities.by_kind),
        "activity_leads": f"{activities.leads}个",
        "by_chain": _grouped(paths, lambda p: p.project.industry_chain or "未分类", start, end, "chain"),
        "by_unit": _grouped(paths, lambda p: p.project.unit.name if p.project.unit else "未指定单位", start, end, "unit"),
        "by_stage": _by_stage(paths),
        "by_month": _by_month(paths, request.year, end),
        "targets": _targets(request, end),
        "red_count": Figure(f"{len(red)}个", "履约红灯项目数",
                            f"截至{chinese_date(end)}已签约项目中开工、投产、投资或达产后产值税收落后于协议承诺的项目个数",
                            records_url("investment:contract_list", light="red"), "招商引资 › 履约监管"),
        "red": [{"name": row.project.name, "unit": row.project.unit.name if row.project.unit else "",
                 "reason": row.light.reason} for row in red],
    }


# -- the template --------------------------------------------------------------------------------------


def _table(document, header: list[str], shares: tuple[float, ...]):
    table = officedoc.add_table(document, header, widths(officedoc.usable_width_mm(document), shares),
                                size=officedoc.SIZE_5)
    narrow_cell_margins(table)
    return table


def _loop(table, loop: str, cells: list[str], aligns: list) -> None:
    tag_row(table, f"for {loop}")
    officedoc.add_row(table, cells, aligns=aligns, size=officedoc.SIZE_5)
    tag_row(table, "endfor")


TALLY = ["{{ r.leads }}", "{{ r.signed }}", "{{ r.signed_investment }}", "{{ r.registered }}", "{{ r.started }}",
         "{{ r.in_production }}"]
TALLY_HEADER = ["新增线索", "签约", "签约总投资", "注册", "开工", "投产"]
TALLY_SHARES = (16, 14, 24, 14, 14, 14)


def default_template() -> bytes:
    document = officedoc.new_document()
    # The 版头 as the commerce bureau prints its progress report: the name in red, who edits it and when, over
    # the red line; all text of the template, which users may change to their office's names.
    officedoc.add_issuing_organ(document, "{{ park_short }}招商引资工作简报", size=officedoc.SIZE_1)
    officedoc.add_issue_line(document, "{{ issuer }}编", "{{ date }}")
    officedoc.add_title(document, "{{ year }}年{{ months }}招商引资工作进展情况")
    officedoc.add_paragraph(document)

    heading(document, "一、总体情况")
    officedoc.add_paragraph(
        document, "{{ months }}，全园新增招商线索{{ leads }}，签约项目{{ signed }}、计划总投资{{ signed_investment }}；"
                  "注册{{ registered }}、开工{{ started }}、投产{{ producing }}。目前在库项目{{ pipeline_count }}，"
                  "计划总投资{{ pipeline_investment }}。{% if activity_kinds %}开展各类招商活动{{ activities }}"
                  "（{{ activity_kinds }}），对接招商项目{{ activity_leads }}。{% endif %}")
    tag_paragraph(document, "if targets")
    heading(document, "二、年度目标完成情况")
    table = _table(document, ["目标任务", "目标", "完成", "完成率"], (70, 26, 26, 18))
    _loop(table, "t in targets", ["{{ t.task }}", "{{ t.target }}", "{{ t.done }}", "{{ t.share }}"],
          [LEFT, CENTRE, CENTRE, CENTRE])
    tag_paragraph(document, "endif")

    heading(document, "{% if targets %}三{% else %}二{% endif %}、分产业链情况")
    tag_paragraph(document, "if by_chain")
    table = _table(document, ["产业链", *TALLY_HEADER], (30, *TALLY_SHARES))
    _loop(table, "r in by_chain", ["{{ r.chain }}", *TALLY], [LEFT] + [CENTRE] * 6)
    tag_paragraph(document, "else")
    officedoc.add_paragraph(document, "本年暂无项目进展。")
    tag_paragraph(document, "endif")

    heading(document, "{% if targets %}四{% else %}三{% endif %}、分阶段情况")
    officedoc.add_paragraph(document, "截至{{ date }}，各阶段项目如下（按当时所处阶段）：") \
        .paragraph_format.keep_with_next = True
    table = _table(document, ["阶段", "项目数", "计划总投资"], (40, 30, 40))
    _loop(table, "r in by_stage", ["{{ r.stage }}", "{{ r.count }}", "{{ r.investment }}"], [CENTRE] * 3)

    heading(document, "{% if targets %}五{% else %}四{% endif %}、分单位情况")
    tag_paragraph(document, "if by_unit")
    table = _table(document, ["招商单位", *TALLY_HEADER], (30, *TALLY_SHARES))
    _loop(table, "r in by_unit", ["{{ r.unit }}", *TALLY], [LEFT] + [CENTRE] * 6)
    tag_paragraph(document, "else")
    officedoc.add_paragraph(document, "本年暂无项目进展。")
    tag_paragraph(document, "endif")

    heading(document, "{% if targets %}六{% else %}五{% endif %}、分月情况")
    table = _table(document, ["月份", *TALLY_HEADER], (20, *TALLY_SHARES))
    _loop(table, "r in by_month", ["{{ r.month }}", *TALLY], [CENTRE] * 7)

    heading(document, "{% if targets %}七{% else %}六{% endif %}、履约监管")
    tag_paragraph(document, "if red")
    officedoc.add_paragraph(document, "已签约项目中履约亮红灯{{ red_count }}，请招商单位督促企业按协议推进：") \
        .paragraph_format.keep_with_next = True
    table = _table(document, ["项目", "招商单位", "亮灯原因"], (40, 22, 78))
    _loop(table, "r in red", ["{{ r.name }}", "{{ r.unit }}", "{{ r.reason }}"], [LEFT, CENTRE, LEFT])
    tag_paragraph(document, "else")
    officedoc.add_paragraph(document, "已签约项目均按协议推进，无履约红灯项目。")
    tag_paragraph(document, "endif")
    officedoc.add_signature(document, "{{ issuer }}", "{{ date }}")
    sources_appendix(document)
    return officedoc.to_bytes(document)


# -- the type ------------------------------------------------------------------------------------------

TALLY_FIELDS = (
    FieldDoc("leads", "新增线索个数", "3个"), FieldDoc("signed", "签约个数", "2个"),
    FieldDoc("signed_investment", "签约项目计划总投资", "14.63亿元"), FieldDoc("registered", "注册个数", "1个"),
    FieldDoc("started", "开工个数", "1个"), FieldDoc("in_production", "投产个数", "0个"),
)

INVESTMENT_PROGRESS = ReportType(
    code="investment_progress",
    name="招商引资工作进展情况",
    description="本年1月至所选月份的招商引资工作：新增线索、签约、注册、开工、投产的项目，按产业链、阶段、招商单位和月份分列；"
                "招商活动；绑定招商引资指标的年度督办目标完成情况（没有则不列）；履约红灯项目。",
    build_context=build_context,
    default_template=default_template,
    title=title,
    fields=(
        FieldDoc("date", "截止日期", "2026年11月30日"),
        FieldDoc("year", "年度", "2026"),
        FieldDoc("months", "期间", "1-11月"),
        FieldDoc("leads", "新增线索个数", "12个"),
        FieldDoc("signed", "签约项目个数", "5个"),
        FieldDoc("signed_investment", "签约项目计划总投资", "24.65亿元"),
        FieldDoc("registered", "注册项目个数", "3个"),
        FieldDoc("started", "开工项目个数", "2个"),
        FieldDoc("producing", "投产项目个数", "1个"),
        FieldDoc("pipeline_count", "在库项目个数（不含终止）", "14个"),
        FieldDoc("pipeline_investment", "在库项目计划总投资", "98.50亿元"),
        FieldDoc("activities", "招商活动次数", "50次"),
        FieldDoc("activity_kinds", "招商活动分类型次数", "招商推介会3次、以商招商2次"),
        FieldDoc("activity_leads", "招商活动对接的招商项目个数", "8个"),
        FieldDoc("by_chain", "分产业链（有进展的）", children=(FieldDoc("chain", "产业链", "装备制造"), *TALLY_FIELDS)),
        FieldDoc("by_unit", "分招商单位（有进展的）", children=(FieldDoc("unit", "招商单位", "商务局"), *TALLY_FIELDS)),
        FieldDoc("by_stage", "分阶段（截止日所处阶段）", children=(
            FieldDoc("stage", "阶段", "签约"), FieldDoc("count", "项目数", "3个"),
            FieldDoc("investment", "计划总投资", "12.50亿元"))),
        FieldDoc("by_month", "分月份", children=(FieldDoc("month", "月份", "3月"), *TALLY_FIELDS)),
        FieldDoc("targets", "绑定招商引资指标的年度目标（没有时为空）", children=(
            FieldDoc("task", "目标任务"), FieldDoc("target", "目标", "25个"), FieldDoc("metric", "指标"),
            FieldDoc("done", "完成", "18个"), FieldDoc("share", "完成率", "72.00%"))),
        FieldDoc("red_count", "履约红灯项目个数", "2个"),
        FieldDoc("red", "履约红灯项目", children=(
            FieldDoc("name", "项目"), FieldDoc("unit", "招商单位"), FieldDoc("reason", "亮灯原因"))),
    ),
)
