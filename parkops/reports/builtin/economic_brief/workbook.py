"""经济运行简报: the workbook beside the Word document (the indicator table, the industries, the zones)."""

from __future__ import annotations

from copy import copy
from decimal import Decimal

from parkops.core import officesheet
from parkops.core.formatting import from_canonical, round2
from parkops.economy.figures import (
    BreakdownRow,
    IndicatorFigures,
)
from parkops.reports.builtin.economic_brief.context import read_figures
from parkops.reports.builtin.economic_brief.context import title as report_title
from parkops.reports.registry import ReportRequest

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
    title = report_title(request)
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
