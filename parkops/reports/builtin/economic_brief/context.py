"""经济运行简报: the figures of the month read once (economy.figures) and the context the template fills in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.urls import reverse

from parkops.core.formatting import format_money, format_pct, from_canonical, round2
from parkops.core.periods import cumulative_label, period_key, period_label
from parkops.economy import figures
from parkops.economy import selectors as economy_selectors
from parkops.economy.figures import (
    NO_CHAIN,
    OPENING_CODES,
    REPORT_NAMES,
    BreakdownRow,
    EconomySummary,
    IndicatorFigures,
    RankedEnterprise,
)
from parkops.reports import charts
from parkops.reports.registry import ReportRequest
from parkops.reports.tracing import Figure, records_url

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
        "amount": Figure(format_money(row.cumulative), f"{called}{name}（{label}）",
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
            "amount": Figure(format_money(ranked.cumulative), f"{ranked.name}{name}（{label}）",
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
            [f"{format_money(row.cumulative) if item.is_money else figures.amount_phrase(item, row.cumulative)}"
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
    # One brief a month: the issue is the month's number, as "2026年第10期".
    base = {"label": label, "period": period_label(period), "year": period.year, "issue": str(period.month)}
    if not summary.enterprises:
        latest = figures.latest_period(request.park)
        hint = f"（最近有数据的月份为{period_label(latest)}）" if latest else "（系统中还没有经济运行数据）"
        return {**base, "has_data": False, "no_data": f"{period_label(period)}尚无规上工业企业报送的经济运行数据{hint}。"}

    source = _source(period)
    indicators = {code: _indicator(data, item) for code, item in summary.indicators.items()
                  if item.cumulative is not None}
    share = data.share_figures
    leading_names = economy_selectors.leading_chain_names(park=request.park)
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


def title(request: ReportRequest) -> str:
    park = request.park
    return f"{request.period.year}年{cumulative_label(request.period)}{park.short_name or park.name}经济运行简报"
