"""经济运行简报 (monthly): the economy of the park for 1-N月 as the committee's 工作总结 write it (seeds 001
and 002): the opening paragraph (规上工业企业N家，实现营业收入X亿元，同比增长Y%；…), the indicators, the
industries with the leading ones' share, the zones, the leading enterprises, and charts.

Every figure comes from economy.figures, the functions behind the dashboard and `parkops economy-summary`,
so the brief prints what they print; nothing is added up here. Growth in sentences is the 同口径 figure,
the statistics bureau's, as figures.opening_paragraph writes it; the indicator table shows both rates.
The industries, zones, enterprises and charts follow the indicator the leading share is of (主营业务收入
when the park reports it, otherwise 营业收入), so a table's shares add up to the share in the opening.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.urls import reverse
from docx.enum.text import WD_LINE_SPACING

from parkops.core import officedoc, officesheet
from parkops.core.formatting import format_pct, format_yi, from_canonical, round2
from parkops.core.periods import cumulative_label, period_key, period_label
from parkops.economy import figures
from parkops.economy.figures import (
    NO_CHAIN,
    OPENING_CODES,
    REPORT_NAMES,
    BreakdownRow,
    EconomySummary,
    IndicatorFigures,
    RankedEnterprise,
)
from parkops.economy.models import IndustryChain
from parkops.reports import charts
from parkops.reports.registry import FieldDoc, ReportRequest, ReportType
from parkops.reports.templating import CENTRE, LEFT, loop_rows, sources_appendix, tag_paragraph, widths
from parkops.reports.tracing import Figure, records_url

RIGHT = officedoc.WD_ALIGN_PARAGRAPH.RIGHT
TOP_COUNT = 10


# -- Where the figures come from ---------------------------------------------------------------------


@dataclass
class BriefData:
    """The month's figures, read once for the document and the workbook alike."""

    request: ReportRequest
    summary: EconomySummary
    share_code: str  # the indicator the industries, zones, enterprises and charts follow
    chains: list[BreakdownRow]
    zones: list[BreakdownRow]
    top: list[RankedEnterprise]
    bottom: list[RankedEnterprise]

    @property
    def period(self) -> date:
        return self.request.period

    @property
    def label(self) -> str:
        return self.summary.label

    @property
    def share_figures(self) -> IndicatorFigures:
        return self.summary.indicators[self.share_code]

    @cached_property
    def trend(self) -> list[figures.TrendPoint]:
        """Month by month, for the chart only: read when drawn (it is the slowest of the figures)."""
        return figures.monthly_trend(park=self.request.park, year=self.period.year, indicator=self.share_code,
                                     until=self.period)


def read_figures(request: ReportRequest) -> BriefData:
    park, period = request.park, request.period
    summary = figures.economy_summary(park=park, period=period)
    code = summary.leading_share_indicator or "revenue"
    zones = figures.by_zone(park=park, period=period, indicator=code)
    if all(row.key is None for row in zones):
        zones = []  # a park without zones: nothing to break down
    return BriefData(
        request=request, summary=summary, share_code=code,
        chains=[row for row in figures.by_chain(park=park, period=period, indicator=code) if row.cumulative is not None],
        zones=[row for row in zones if row.cumulative is not None],
        top=figures.ranking(park=park, period=period, indicator=code, limit=TOP_COUNT),
        bottom=figures.ranking(park=park, period=period, indicator=code, limit=TOP_COUNT, bottom=True),
    )


# -- Links to the records behind each figure ------------------------------------------------------------


def _dashboard(period: date, **filters) -> str:
    return records_url("economy:dashboard", period=period_key(period), **filters)


def _registry(**filters) -> str:
    return records_url("economy:enterprise_list", scale="yes", **filters)


def _source(period: date) -> str:
    return f"经济运行 › 企业月度数据，{period.year}年{cumulative_label(period)}"


# -- The context -------------------------------------------------------------------------------------


def _rate_figures(pct: Decimal | None, *, label: str, definition: str, url: str, source: str) -> dict:
    """A growth rate as a sentence prints it, words and unsigned number ("同比下降" "6.19%", as
    formatting.growth_phrase words it), and as a table prints it, signed ("-6.19%"): one Figure where
    the two print the same."""
    if pct is None:
        return {"trend": "", "growth": "", "yoy": "—"}
    signed = Figure(format_pct(pct), label, definition, url, source)
    if pct == 0:
        return {"trend": "与上年持平", "growth": "", "yoy": signed}
    growth = signed if pct > 0 else Figure(format_pct(abs(pct)), label, definition, url, source)
    return {"trend": "同比增长" if pct > 0 else "同比下降", "growth": growth, "yoy": signed}


SAME_BASIS = "同口径（统计部门口径）：今年{label}与上年同期都有{name}数据的同一批企业，今年累计比上年同期增长的百分比"
ALL_REPORTING = "全部企业：今年{label}全部报送企业的{name}之和比上年同期全部报送企业之和增长的百分比"


def _indicator(data: BriefData, item: IndicatorFigures) -> dict:
    period, label, source = data.period, data.label, _source(data.period)
    url = _dashboard(period, indicator=item.code) if item.is_cumulative else _dashboard(period)
    name = REPORT_NAMES.get(item.code, item.name)
    if item.is_cumulative:
        amount_label, definition = (f"园区规上工业企业{item.name}（{label}）",
                                    f"园区规上工业企业{period.year}年{label}{item.name}累计数之和")
    else:
        amount_label, definition = (f"园区规上工业企业{item.name}（{period.month}月末）",
                                    f"园区规上工业企业{period.month}月末{item.name}之和")
    amount = Figure(figures.amount_phrase(item), amount_label, definition, url, source)
    month = "—"
    if item.is_cumulative and item.month is not None:
        month = Figure(figures.amount_phrase(item, item.month), f"园区规上工业企业{item.name}（{period.month}月当月）",
                       f"各企业{period.month}月当月数之和（当月数为本月累计减上月累计；缺上月数据的企业不计入，"
                       f"本月计入{item.month_enterprises}家）", url, source)
    same_basis = _rate_figures(item.yoy_same_basis_pct, label=f"{item.name}同比增长（同口径）",
                               definition=SAME_BASIS.format(label=label, name=item.name), url=url, source=source)
    all_reporting = _rate_figures(item.yoy_pct, label=f"{item.name}同比增长（全部企业）",
                                  definition=ALL_REPORTING.format(label=label, name=item.name), url=url,
                                  source=source)
    return {
        "code": item.code,
        "name": item.name if item.is_cumulative else f"{item.name}（{period.month}月末）",
        "sentence_name": name if item.is_cumulative else f"{item.name}（{period.month}月末）",
        "amount": amount, "month": month, **same_basis, "yoy_all": all_reporting["yoy"],
    }


def _target(data: BriefData, item: IndicatorFigures, indicator: dict) -> dict | None:
    if item.target is None and item.target_growth_pct is None:
        return None
    year = data.period.year
    url, source = records_url("economy:targets", year=year), f"经济运行 › 年度目标，{year}年"
    target = completion = target_growth = ""
    if item.target is not None:
        target = Figure(figures.amount_phrase(item, item.target), f"{item.name}年度目标", f"园区{year}年度{item.name}目标",
                        url, source)
        if item.completion_pct is not None:
            completion = Figure(format_pct(item.completion_pct), f"{item.name}目标完成率",
                                f"{data.label}{item.name}累计数÷年度目标×100%", url, source)
    if item.target_growth_pct is not None:
        target_growth = Figure(format_pct(item.target_growth_pct), f"{item.name}年度目标增速",
                               f"园区{year}年度{item.name}目标增长率", url, source)
    return {"name": item.name, "target": target, "completion": completion, "target_growth": target_growth,
            "trend": indicator["trend"], "growth": indicator["growth"]}


def _breakdown(data: BriefData, row: BreakdownRow, *, what: str, filters: dict) -> dict:
    """One industry chain's or zone's figures of the followed indicator."""
    period, label, source = data.period, data.label, _source(data.period)
    name = data.share_figures.name
    called = f"{row.name}产业" if what == "chain" and row.key is not None else row.name
    dashboard = _dashboard(period, indicator=data.share_code, **filters) if row.key is not None else _dashboard(period)
    registry = _registry(**filters) if row.key is not None else _registry()
    grouped = "按企业现属产业链归类" if what == "chain" else "按企业现属片区归类"
    rate = _rate_figures(row.yoy_same_basis_pct, label=f"{called}{name}同比增长（同口径）",
                         definition=SAME_BASIS.format(label=label, name=name) + f"；{grouped}", url=dashboard,
                         source=source)
    return {
        "name": row.name, "industry": called, "leading": row.is_leading,
        "enterprises": Figure(f"{row.enterprises}家", f"{called}规上工业企业数",
                              f"{label}报送数据的{called}规上工业企业户数（{grouped}）", registry, source),
        "amount": Figure(format_yi(row.cumulative), f"{called}{name}（{label}）",
                         f"{called}规上工业企业{period.year}年{label}{name}累计数之和（{grouped}）", dashboard, source),
        "share": Figure(format_pct(row.share_pct), f"{called}{name}占比",
                        f"{called}规上工业企业{label}{name}之和占园区规上工业企业{name}之和的百分比", dashboard, source)
        if row.share_pct is not None else "—",
        **rate,
    }


def _enterprise(data: BriefData, ranked: RankedEnterprise) -> dict:
    period, label, source = data.period, data.label, _source(data.period)
    name = data.share_figures.name
    url = reverse("economy:enterprise_detail", args=[ranked.enterprise_id])
    rate = _rate_figures(ranked.yoy_same_basis_pct, label=f"{ranked.name}{name}同比增长",
                         definition=f"该企业今年{label}{name}累计数比上年同期累计数增长的百分比", url=url, source=source)
    return {"rank": ranked.rank, "name": ranked.name, **rate,
            "amount": Figure(format_yi(ranked.cumulative), f"{ranked.name}{name}（{label}）",
                             f"该企业{period.year}年{label}{name}累计数", url, source)}


def _chart_amount(item: IndicatorFigures, amount: Decimal | None) -> float | None:
    """A value for a chart's axis only (亿元 for money); the text prints the exact figures."""
    if amount is None:
        return None
    return float(round2(from_canonical(amount, "亿元"))) if item.is_money else float(amount)


def _charts(data: BriefData) -> dict:
    """The pictures, numbered in the order the document shows them."""
    item, label, year = data.share_figures, data.label, data.period.year
    unit = "亿元" if item.is_money else item.unit
    drawn = {"trend": None, "chains": None, "shares": None}
    numbers = iter(range(1, 4))
    if any(point.cumulative is not None for point in data.trend):
        number = next(numbers)
        drawn["trend"] = charts.trend_chart(
            [f"{p.period.month}月" for p in data.trend], [_chart_amount(item, p.cumulative) for p in data.trend],
            [None if p.yoy_same_basis_pct is None else float(p.yoy_same_basis_pct) for p in data.trend],
            value_label=f"{item.name}累计（{unit}）", growth_label="同比增长（同口径）",
            caption=f"图{number}  {year}年{label}园区规上工业企业{item.name}累计值及同比增速")
    if data.chains:
        number = next(numbers)
        drawn["chains"] = charts.bar_chart(
            [row.name for row in data.chains], [_chart_amount(item, row.cumulative) for row in data.chains],
            [f"{format_yi(row.cumulative) if item.is_money else figures.amount_phrase(item, row.cumulative)}"
             + (f"  同比{format_pct(row.yoy_same_basis_pct)}" if row.yoy_same_basis_pct is not None else "")
             for row in data.chains],
            value_label=f"{item.name}（{unit}）", highlighted=[row.is_leading for row in data.chains],
            caption=f"图{number}  {label}各产业链{item.name}（深色为主导产业）")
        shared = [row for row in data.chains if row.share_pct]
        if shared:
            number = next(numbers)
            drawn["shares"] = charts.share_chart(
                [row.name for row in shared], [_chart_amount(item, row.cumulative) for row in shared],
                [format_pct(row.share_pct) for row in shared],
                caption=f"图{number}  {label}各产业链{item.name}占比")
    return {key: {"image": chart, "caption": chart.caption} if chart else None for key, chart in drawn.items()}


def build_context(request: ReportRequest) -> dict:
    data = read_figures(request)
    summary, period, label = data.summary, data.period, data.label
    base = {"label": label, "period": period_label(period), "year": period.year}
    if not summary.enterprises:
        latest = figures.latest_period(request.park)
        hint = f"（最近有数据的月份为{period_label(latest)}）" if latest else "（系统中还没有经济运行数据）"
        return {**base, "has_data": False, "no_data": f"{period_label(period)}尚无规上工业企业报送的经济运行数据{hint}。"}

    source = _source(period)
    indicators = {code: _indicator(data, item) for code, item in summary.indicators.items()
                  if item.cumulative is not None}
    share = data.share_figures
    leading_names = list(IndustryChain.objects.filter(park=request.park, is_leading=True)
                         .order_by("position", "name").values_list("name", flat=True))
    leading = summary.leading_share_pct is not None and summary.leading_chains > 0
    chains = [_breakdown(data, row, what="chain", filters={"chain": row.key}) for row in data.chains]
    top = [_enterprise(data, ranked) for ranked in data.top]
    targets = [_target(data, summary.indicators[code], indicators[code]) for code in indicators]
    return {
        **base,
        "has_data": True,
        "no_data": "",
        "enterprises": Figure(f"{summary.enterprises}家", f"规上工业企业数（{label}）",
                              f"{label}报送了数据的园区规上工业企业户数（规上：年主营业务收入2000万元及以上的工业企业）",
                              _registry(), source),
        "new_enterprises": Figure(f"{summary.new_enterprises}家", "今年新入规企业数",
                                  f"上述企业中，{period.year}年以来新进入规上的户数", _registry(sort="-scale_since"),
                                  source) if summary.new_enterprises else None,
        "opening": [indicators[code] for code in OPENING_CODES if code in indicators],
        "others": [value for code, value in indicators.items() if code not in OPENING_CODES],
        "indicators": list(indicators.values()),
        "share_indicator": share.name,
        "share_total": indicators.get(data.share_code),
        "leading_count": Figure(figures.chinese_count(summary.leading_chains), "主导产业数",
                                f"主导产业：{'、'.join(leading_names)}（在“产业链”中标为主导产业者）",
                                _dashboard(period), source) if leading else None,
        "leading_share": Figure(format_pct(summary.leading_share_pct), f"主导产业{share.name}占比",
                                f"{'、'.join(leading_names)}等主导产业规上工业企业{label}{share.name}之和，"
                                f"占园区规上工业企业{share.name}之和的百分比", _dashboard(period), source)
        if leading else None,
        "targets": [target for target in targets if target],
        "chains": chains,
        "leading_chains": [c for c in chains if c["leading"]],
        "other_chains": [c for c in chains if not c["leading"] and c["name"] != NO_CHAIN],
        "zones": [_breakdown(data, row, what="zone", filters={"zone": row.key}) for row in data.zones],
        "top": top,
        "declining": [e for e in top if e["trend"].startswith("同比下降")],
        "bottom": [_enterprise(data, ranked) for ranked in data.bottom],
        "charts": _charts(data),
        "close_note": figures.close_note(summary) or (
            f"{period_label(period)}尚未关账，以上为成文时的数据，企业更正报送后可能调整。"),
    }


# -- The template -------------------------------------------------------------------------------------

# Sentences as the 工作总结 write them; {{ x.trend }}{{ x.growth }} prints "同比增长16.39%".
GROWTH = "{% if o.trend %}，{{ o.trend }}{{ o.growth }}{% endif %}"
OPENING = ("{{ label }}，园区规上工业企业{{ enterprises }}{% if new_enterprises %}（今年新入规{{ new_enterprises }}）"
           "{% endif %}{% if opening %}，实现{% for o in opening %}{{ o.sentence_name }}{{ o.amount }}" + GROWTH
           + "{% if not loop.last %}；{% endif %}{% endfor %}{% endif %}。{% if leading_share %}{{ leading_count }}"
           "大主导产业{{ share_indicator }}占园区{{ share_indicator }}{{ leading_share }}。{% endif %}")
OTHERS = ("此外，{% for o in others %}{{ o.sentence_name }}{{ o.amount }}" + GROWTH
          + "{% if not loop.last %}；{% endif %}{% endfor %}。")
TARGET = ("{{ t.name }}：{% if t.target %}年度目标{{ t.target }}{% if t.completion %}，{{ label }}完成"
          "{{ t.completion }}{% endif %}{% endif %}{% if t.target and t.target_growth %}；{% endif %}"
          "{% if t.target_growth %}年度目标增长{{ t.target_growth }}，{{ label }}{% if t.trend %}"
          "{{ t.trend }}{{ t.growth }}{% else %}无上年同期数据{% endif %}{% endif %}。")
CHAIN = ("{{ o.industry }}规上工业企业{{ o.enterprises }}，实现{{ share_indicator }}{{ o.amount }}" + GROWTH
         + "，占园区{{ o.share }}{% if not loop.last %}；{% endif %}")
LEADING_CHAINS = "分产业看，{{ leading_count }}大主导产业中，{% for o in leading_chains %}" + CHAIN + "{% endfor %}。"
OTHER_CHAINS = ("{% if leading_chains %}其他产业中{% else %}分产业看{% endif %}，{% for o in other_chains %}" + CHAIN
                + "{% endfor %}。")
ZONES = ("分园区看，{% for o in zones %}{{ o.name }}规上工业企业{{ o.enterprises }}，实现{{ share_indicator }}"
         "{{ o.amount }}" + GROWTH + "，占园区{{ o.share }}{% if not loop.last %}；{% endif %}{% endfor %}。")
TOP = ("{{ label }}{{ share_indicator }}前{{ top|length }}位企业见表3。{% if declining %}其中，{% for e in declining %}"
       "{{ e.name }}{{ e.trend }}{{ e.growth }}{% if not loop.last %}，{% endif %}{% endfor %}，需重点关注。{% endif %}")


def _caption(document, text: str) -> None:
    officedoc.add_paragraph(document, text, align=CENTRE, font=officedoc.HEITI, size=officedoc.SIZE_SMALL_4)


def _picture(document, chart: str) -> None:
    """A chart and its caption, when drawn. The picture's paragraph has single spacing: the body's exact
    28.95-point lines would cut the picture to one line's height."""
    tag_paragraph(document, f"if charts.{chart}")
    paragraph = officedoc.add_paragraph(document, f"{{{{ charts.{chart}.image }}}}", align=CENTRE)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.paragraph_format.keep_with_next = True
    _caption(document, f"{{{{ charts.{chart}.caption }}}}")
    tag_paragraph(document, "endif")


def default_template() -> bytes:
    document = officedoc.new_document()
    width = officedoc.usable_width_mm(document)
    small = officedoc.SIZE_5
    officedoc.add_title(document, "{{ title }}")
    officedoc.add_paragraph(document, "")
    tag_paragraph(document, "if has_data")

    officedoc.add_heading(document, "一、总体情况")
    officedoc.add_paragraph(document, OPENING)
    tag_paragraph(document, "if others")
    officedoc.add_paragraph(document, OTHERS)
    tag_paragraph(document, "endif")
    tag_paragraph(document, "for t in targets")
    officedoc.add_paragraph(document, TARGET)
    tag_paragraph(document, "endfor")
    _caption(document, "表1  {{ label }}园区规上工业企业主要经济指标")
    table = officedoc.add_table(document, ["指标", "{{ label }}累计", "当月", "同比\n（同口径）", "同比\n（全部企业）"],
                                widths(width, (26, 40, 38, 24, 26)), size=small)
    loop_rows(table, "o in indicators",
              ["{{ o.name }}", "{{ o.amount }}", "{{ o.month }}", "{{ o.yoy }}", "{{ o.yoy_all }}"],
              aligns=[LEFT, RIGHT, RIGHT, RIGHT, RIGHT], size=small)
    note = officedoc.add_paragraph(document, "注：同口径为今年与上年同期均有数据的同一批企业相比，与统计部门口径一致；"
                                             "全部企业为今年与上年同期各自全部报送企业相比。", first_line_indent=False,
                                   size=small)
    note.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    note.paragraph_format.space_after = officedoc.SIZE_5
    _picture(document, "trend")

    officedoc.add_heading(document, "二、分产业情况")
    tag_paragraph(document, "if leading_chains")
    officedoc.add_paragraph(document, LEADING_CHAINS)
    tag_paragraph(document, "endif")
    tag_paragraph(document, "if other_chains")
    officedoc.add_paragraph(document, OTHER_CHAINS)
    tag_paragraph(document, "endif")
    _caption(document, "表2  {{ label }}各产业链{{ share_indicator }}")
    table = officedoc.add_table(document, ["产业链", "主导\n产业", "企业数", "{{ share_indicator }}", "同比\n（同口径）", "占比"],
                                widths(width, (32, 16, 22, 36, 26, 22)), size=small)
    loop_rows(table, "o in chains",
              ["{{ o.name }}", "{% if o.leading %}是{% else %}否{% endif %}", "{{ o.enterprises }}", "{{ o.amount }}",
               "{{ o.yoy }}", "{{ o.share }}"], aligns=[LEFT, CENTRE, RIGHT, RIGHT, RIGHT, RIGHT], size=small)
    officedoc.add_row(table, ["合计", "—", "{{ enterprises }}", "{{ share_total.amount }}", "{{ share_total.yoy }}",
                              "100.00%"], aligns=[CENTRE, CENTRE, RIGHT, RIGHT, RIGHT, RIGHT], size=small)
    officedoc.add_paragraph(document, "")
    _picture(document, "chains")
    _picture(document, "shares")

    officedoc.add_heading(document, "三、分园区情况")
    tag_paragraph(document, "if zones")
    officedoc.add_paragraph(document, ZONES)
    tag_paragraph(document, "else")
    officedoc.add_paragraph(document, "本园区未划分片区。")
    tag_paragraph(document, "endif")

    officedoc.add_heading(document, "四、重点企业")
    officedoc.add_paragraph(document, TOP)
    for number, (rows, heading) in enumerate((("top", "前"), ("bottom", "后")), start=3):
        _caption(document, f"表{number}  {{{{ label }}}}{{{{ share_indicator }}}}{heading}{{{{ {rows}|length }}}}位企业")
        table = officedoc.add_table(document, ["排名", "企业名称", "{{ share_indicator }}", "同比\n（同口径）"],
                                    widths(width, (14, 74, 34, 32)), size=small)
        loop_rows(table, f"e in {rows}", ["{{ e.rank }}", "{{ e.name }}", "{{ e.amount }}", "{{ e.yoy }}"],
                  aligns=[CENTRE, LEFT, RIGHT, RIGHT], size=small)
        officedoc.add_paragraph(document, "")

    officedoc.add_paragraph(document, "{{ close_note }}")
    tag_paragraph(document, "else")
    officedoc.add_paragraph(document, "{{ no_data }}")
    tag_paragraph(document, "endif")
    officedoc.add_paragraph(document, "")
    for line in ("{{ park }}", "{{ today }}"):
        paragraph = officedoc.add_paragraph(document, line, align=RIGHT)
        paragraph.paragraph_format.right_indent = officedoc.SIZE_3 * 4
    sources_appendix(document)
    return officedoc.to_bytes(document)


# -- The workbook -------------------------------------------------------------------------------------

_XLSX_SIZE, _XLSX_LINE = 11, 15


def _amount_cell(item: IndicatorFigures, amount: Decimal | None):
    if amount is None:
        return None
    return round2(from_canonical(amount, "亿元")) if item.is_money else amount


def build_xlsx(request: ReportRequest) -> bytes:
    """The indicator table, the industries and the zones: one sheet each, in the workbook conventions of
    the other exports (officesheet)."""
    data = read_figures(request)
    summary, label, item = data.summary, data.label, data.share_figures
    title = REPORT.title_for(request)
    date_line = f"数据期间：{data.period.year}年{label}　　同比为同口径（同一批企业）"
    indicator_rows = [
        [f.name, "亿元" if f.is_money else f.unit, _amount_cell(f, f.cumulative),
         _amount_cell(f, f.month) if f.is_cumulative else None, f.yoy_same_basis_pct, f.yoy_pct,
         _amount_cell(f, f.target), f.completion_pct, f.target_growth_pct]
        for f in summary.indicators.values() if f.cumulative is not None
    ]
    unit = "亿元" if item.is_money else item.unit

    def breakdown(rows: list[BreakdownRow], *, chains: bool) -> list[list]:
        return [[row.name, *(["是" if row.is_leading else ""] if chains else []), row.enterprises,
                 _amount_cell(item, row.cumulative), _amount_cell(item, row.month), row.yoy_same_basis_pct,
                 row.yoy_pct, row.share_pct] for row in rows]

    sheets = [
        ("主要指标", ["指标", "单位", f"{label}累计", "当月", "同比（同口径，%）", "同比（全部企业，%）", "年度目标",
                   "目标完成率（%）", "目标增速（%）"], [18, 10, 14, 14, 14, 14, 14, 14, 14], indicator_rows),
        ("分产业", ["产业链", "主导产业", "企业数", f"{item.name}（{unit}）", f"当月（{unit}）", "同比（同口径，%）",
                 "同比（全部企业，%）", "占比（%）"], [18, 10, 10, 16, 14, 14, 14, 12],
         breakdown(data.chains, chains=True)),
        ("分园区", ["片区", "企业数", f"{item.name}（{unit}）", f"当月（{unit}）", "同比（同口径，%）", "同比（全部企业，%）",
                 "占比（%）"], [20, 10, 16, 14, 14, 14, 12], breakdown(data.zones, chains=False)),
    ]
    book = None
    for name, header, column_widths, rows in sheets:
        sheet_title = f"{title}（{name}）"
        if book is None:
            book, sheet = officesheet.new_sheet(name, title=sheet_title, date_line=date_line, header=header,
                                                widths=column_widths, size=_XLSX_SIZE, header_height=2 * _XLSX_LINE + 6)
        else:
            sheet = _next_sheet(book, name, title=sheet_title, date_line=date_line, header=header,
                                widths=column_widths)
        for values in rows:
            sheet.append(values)
            for cell in sheet[sheet.max_row]:
                cell.font = officesheet.body_font(_XLSX_SIZE)
                cell.border = officesheet.BORDER
                if isinstance(cell.value, (int, float, Decimal)):
                    cell.number_format = "0" if isinstance(cell.value, int) else "0.00"
        content = officesheet.to_bytes(book, sheet, freeze="B4")
    return content


def _next_sheet(book, name: str, *, title: str, date_line: str, header: list[str], widths: list[float]):
    """A further sheet laid out as officesheet.new_sheet lays out the first (which makes a new workbook):
    built there in a scratch workbook and copied cell by cell, styles and merges included."""
    _, scratch = officesheet.new_sheet(name, title=title, date_line=date_line, header=header, widths=widths,
                                       size=_XLSX_SIZE, header_height=2 * _XLSX_LINE + 6)
    sheet = book.create_sheet(name)
    for row in scratch.iter_rows():
        for cell in row:
            target = sheet.cell(cell.row, cell.column, cell.value)
            if cell.has_style:
                target._style = copy(cell._style)
    for merged in scratch.merged_cells.ranges:
        sheet.merge_cells(str(merged))
    for key, dimension in scratch.column_dimensions.items():
        sheet.column_dimensions[key].width = dimension.width
    for key, dimension in scratch.row_dimensions.items():
        sheet.row_dimensions[key].height = dimension.height
    return sheet


# -- The type -----------------------------------------------------------------------------------------

GROWTH_FIELDS = (
    FieldDoc("trend", "增减用语", "同比增长 / 同比下降 / 与上年持平"),
    FieldDoc("growth", "增幅（不带符号，接在增减用语后）", "16.39%"),
    FieldDoc("yoy", "同比增速（带符号，表格用）", "-6.19%"),
)
INDICATOR_FIELDS = (
    FieldDoc("code", "指标代码", "revenue"),
    FieldDoc("name", "指标名称", "营业收入"),
    FieldDoc("sentence_name", "行文用名称", "实缴税收"),
    FieldDoc("amount", "累计数（年末人数等为期末数）", "606.38亿元"),
    FieldDoc("month", "当月数", "65.32亿元"),
    *GROWTH_FIELDS,
    FieldDoc("yoy_all", "同比增速（全部企业口径）", "14.90%"),
)
BREAKDOWN_FIELDS = (
    FieldDoc("name", "名称", "装备制造"),
    FieldDoc("industry", "行文用名称（产业链加“产业”）", "装备制造产业"),
    FieldDoc("leading", "是否主导产业"),
    FieldDoc("enterprises", "规上工业企业数", "92家"),
    FieldDoc("amount", "累计数", "280.17亿元"),
    FieldDoc("share", "占园区比重", "46.20%"),
    *GROWTH_FIELDS,
)
ENTERPRISE_FIELDS = (
    FieldDoc("rank", "排名", "1"),
    FieldDoc("name", "企业名称（有简称用简称）", "江西宏远汽配有限公司"),
    FieldDoc("amount", "累计数", "28.74亿元"),
    *GROWTH_FIELDS,
)
CHART_FIELDS = (FieldDoc("image", "图片"), FieldDoc("caption", "图题", "图1  2026年1-10月……"))


def _title(request: ReportRequest) -> str:
    park = request.park
    return f"{request.period.year}年{cumulative_label(request.period)}{park.short_name or park.name}经济运行简报"


REPORT = ReportType(
    code="economic_brief",
    name="经济运行简报",
    description="园区规上工业企业1-N月经济运行情况：开篇按工作总结的写法（规上工业企业N家，实现营业收入X亿元，同比增长Y%），"
                "主要指标表，分产业、分园区情况，重点企业前十与后十，附趋势与构成图。数字与“经济运行”页面一致；"
                "同比为同口径。",
    build_context=build_context,
    default_template=default_template,
    build_xlsx=build_xlsx,
    title=_title,
    fields=(
        FieldDoc("has_data", "该月是否有数据（无数据时只印 no_data 一句）"),
        FieldDoc("no_data", "无数据时的说明"),
        FieldDoc("label", "累计期间", "1-10月"),
        FieldDoc("period", "月份", "2026年10月"),
        FieldDoc("year", "年度", "2026"),
        FieldDoc("enterprises", "规上工业企业数", "237家"),
        FieldDoc("new_enterprises", "今年新入规企业数（无则为空）", "7家"),
        FieldDoc("opening", "开篇所列指标（营业收入、工业总产值、利润总额、实缴税收、研发投入中有数据者）",
                 children=INDICATOR_FIELDS),
        FieldDoc("others", "其余有数据的指标（主营业务收入、工业增加值、用电量……）", children=INDICATOR_FIELDS),
        FieldDoc("indicators", "全部有数据的指标（表1）", children=INDICATOR_FIELDS),
        FieldDoc("share_indicator", "分产业、分园区、重点企业所用指标", "主营业务收入"),
        FieldDoc("share_total", "该指标的园区合计（字段同 indicators）", children=INDICATOR_FIELDS),
        FieldDoc("leading_count", "主导产业数（中文）", "三"),
        FieldDoc("leading_share", "主导产业占比", "85.70%"),
        FieldDoc("targets", "年度目标及完成情况", children=(
            FieldDoc("name", "指标", "主营业务收入"), FieldDoc("target", "年度目标", "720.00亿元"),
            FieldDoc("completion", "目标完成率", "84.22%"), FieldDoc("target_growth", "目标增速", "15.00%"),
            FieldDoc("trend", "增减用语"), FieldDoc("growth", "实际增幅"),
        )),
        FieldDoc("chains", "各产业链（表2）", children=BREAKDOWN_FIELDS),
        FieldDoc("leading_chains", "主导产业链", children=BREAKDOWN_FIELDS),
        FieldDoc("other_chains", "其他产业链", children=BREAKDOWN_FIELDS),
        FieldDoc("zones", "各片区", children=BREAKDOWN_FIELDS),
        FieldDoc("top", "前十企业", children=ENTERPRISE_FIELDS),
        FieldDoc("declining", "前十企业中同比下降者", children=ENTERPRISE_FIELDS),
        FieldDoc("bottom", "后十企业", children=ENTERPRISE_FIELDS),
        FieldDoc("charts", "图表：trend 逐月累计与增速，chains 各产业链，shares 产业链占比（未能绘制时为空）", children=(
            FieldDoc("trend", "逐月累计值及同比增速", children=CHART_FIELDS),
            FieldDoc("chains", "各产业链", children=CHART_FIELDS),
            FieldDoc("shares", "各产业链占比", children=CHART_FIELDS),
        )),
        FieldDoc("close_note", "关账说明", "2026年10月已关账，以上为关账时的数据。"),
    ),
)
