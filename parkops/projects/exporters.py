"""The 重点项目进展情况表: its rows, and its Excel export laid out as the committee prints it.

A table is a park's projects for a year (by kind, by level, by light), each with its investment
figures up to one period, dated the way the 一览表 is dated; build_table() makes it once and each
format only lays it out, so the Word file (the report centre's 进展情况表 template,
reports/builtin/project_progress.py), the Excel file and a page show the same rows. Money is printed in
亿元 to two decimals and the rate as a percentage; the Excel cells hold the exact figures under that
format, so a round trip through Excel loses nothing. What is exported imports back to the
same projects and figures (projects/importers.py reads both formats).

Lights come from the caller (`light_of`), so that the table does not depend on how lights are made.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone
from openpyxl.styles import Alignment, PatternFill

from parkops.core import officedoc, officesheet
from parkops.core.formatting import WAN_PER_YI, format_pct, round2, share_pct
from parkops.core.periods import cumulative_label, ledger_date, period_key
from parkops.core.text import chinese_numeral
from parkops.org.models import Park
from parkops.projects.choices import ProjectKind, ProjectLight
from parkops.projects.models import MonthlyProgress, Project
from parkops.projects.selectors import InvestmentFigures, investment_figures, open_problems, with_listing_data

# (header, width in mm on the landscape page — 243mm between the margins —, Excel character width).
NUMBER = ("序号", 10, 5)
NAME = ("项目名称", 30, 24)
ENTERPRISE = ("建设单位", 24, 18)
TOTAL = ("总投资\n（亿元）", 17, 9)
YEAR_PLAN = ("年度计划\n投资\n（亿元）", 17, 10)
RATE = ("完成率", 17, 9)
IMAGE = ("形象进度", 42, 36)
PROBLEMS = ("存在问题", 38, 30)
LEADER = ("挂点\n领导", 14, 9)
UNIT = ("责任单位", 17, 12)
LIGHT = ("亮灯", 10, 6)
INVESTED_WIDTH = (17, 10)
EXCEL_FILLS = {ProjectLight.RED: "FFC7CE", ProjectLight.YELLOW: "FFEB9C", ProjectLight.GREEN: "C6EFCE",
               ProjectLight.GREY: "E7E6E6"}
_UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\s]+')


def yi(amount_wan: Decimal | None) -> str:
    """万元 → "6.35", the figure under a "（亿元）" header; blank where there is none."""
    return "" if amount_wan is None else f"{round2(Decimal(amount_wan) / WAN_PER_YI):.2f}"


@dataclass
class TableHeading:
    text: str  # "一、产业项目"


@dataclass
class TableRow:
    number: int
    project: Project
    figures: InvestmentFigures
    image_progress: str
    problems: list[str]
    light: str | None = None  # a ProjectLight value, when the table shows lights

    @property
    def leader(self) -> str:
        return self.project.leader.name if self.project.leader_id else ""

    @property
    def unit(self) -> str:
        return self.project.responsible_unit.name if self.project.responsible_unit_id else ""


@dataclass
class ProjectTable:
    park: Park
    year: int
    title: str
    date: date
    period: date | None
    include_light: bool = False
    lines: list[TableHeading | TableRow] = field(default_factory=list)

    @property
    def rows(self) -> list[TableRow]:
        return [line for line in self.lines if isinstance(line, TableRow)]

    @property
    def date_line(self) -> str:
        return f"日期：{self.date.year}年{self.date.month}月{self.date.day}日"

    @property
    def invested_header(self) -> str:
        months = cumulative_label(self.period) if self.period and self.period.year == self.year else "本年"
        return f"{months}\n完成投资\n（亿元）"

    @property
    def columns(self) -> list[tuple[str, float, float]]:
        columns = [NUMBER, NAME, ENTERPRISE, TOTAL, YEAR_PLAN, (self.invested_header, *INVESTED_WIDTH), RATE, IMAGE,
                   PROBLEMS, LEADER, UNIT]
        if self.include_light:
            image_header, image_mm, image_chars = IMAGE
            columns[7] = (image_header, image_mm - LIGHT[1], image_chars - LIGHT[2])
            columns.append(LIGHT)
        return columns

    def totals(self) -> tuple[Decimal, Decimal, Decimal]:
        rows = self.rows
        return (sum((r.project.total_investment for r in rows), Decimal(0)),
                sum((r.figures.planned_this_year or 0 for r in rows), Decimal(0)),
                sum((r.figures.invested_this_year for r in rows), Decimal(0)))

    def filename(self, extension: str) -> str:
        stem = _UNSAFE_FILENAME.sub("", self.title) or "重点项目进展情况表"
        suffix = f"_{period_key(self.period)}" if self.period else ""
        return f"{stem}{suffix}.{extension}"


def build_table(
    *,
    park: Park,
    year: int,
    period: date | None = None,
    kinds: Collection[str] = (),
    levels: Collection[str] = (),
    lights: Collection[str] = (),
    light_of: Callable[[Project], str] | None = None,
    include_light: bool = False,
    projects=None,
    today: date | None = None,
) -> ProjectTable:
    """The 进展情况表 of a park's active projects in `year` (those of `projects`, the ones the user may
    see; of `kinds` and `levels` if given), grouped by kind, with the figures up to `period` (by
    default the latest month of the year with a report). `light_of(project)` gives a project's light
    when the table filters on `lights` or shows them. Queries do not grow with the number of projects."""
    today = today or timezone.localdate()
    if (lights or include_light) and light_of is None:
        raise ValueError("lights need light_of")
    selected = (projects if projects is not None else Project.objects.all()).filter(park=park, is_active=True)
    if kinds:
        selected = selected.filter(kind__in=kinds)
    if levels:
        selected = selected.filter(level__in=levels)
    if period is None:
        period = MonthlyProgress.objects.filter(project__in=selected, period__year=year).aggregate(
            latest=Max("period"))["latest"]
    day = ledger_date(period, today) if period else today
    table = ProjectTable(park=park, year=year, title=f"{park}{year}年重点项目进展情况表", date=day, period=period,
                         include_light=include_light)
    by_kind: dict[str, list[TableRow]] = {}
    for project in with_listing_data(selected).order_by("name"):
        light = light_of(project) if light_of is not None else None
        if lights and light not in lights:
            continue
        figures = investment_figures(project, year=year, until=period)
        latest = figures.latest if figures.latest and figures.latest.period.year == year else None
        by_kind.setdefault(project.kind, []).append(TableRow(
            0, project, figures, latest.image_progress if latest else "",
            _numbered([p.description for p in sorted(open_problems(project), key=lambda p: (p.raised_on, p.pk))]),
            light if include_light else None,
        ))
    number = 0
    for position, kind in enumerate(k for k in ProjectKind.values if k in by_kind):
        rows = by_kind[kind]
        table.lines.append(TableHeading(f"{chinese_numeral(position + 1)}、{ProjectKind(kind).label}（{len(rows)}个）"))
        for row in rows:
            number += 1
            row.number = number
            table.lines.append(row)
    return table


def _numbered(problems: list[str]) -> list[str]:
    """Several problems are numbered "1." "2.", which is how the importer tells them apart."""
    return problems if len(problems) < 2 else [f"{n}.{text}" for n, text in enumerate(problems, start=1)]


def _rate(row: TableRow) -> str:
    rate = row.figures.completion_rate
    return "" if rate is None else format_pct(rate)


def row_values(table: ProjectTable, row: TableRow) -> list:
    values = [
        str(row.number), row.project.name, row.project.enterprise_name,
        yi(row.project.total_investment), yi(row.figures.planned_this_year), yi(row.figures.invested_this_year),
        _rate(row), row.image_progress, row.problems, row.leader, row.unit,
    ]
    if table.include_light:
        values.append(ProjectLight(row.light).label if row.light else "")
    return values


def total_values(table: ProjectTable) -> list:
    total, planned, invested = table.totals()
    rate = share_pct(invested, planned)
    values = ["", "合计", "", yi(total), yi(planned), yi(invested), format_pct(rate) if rate is not None else "",
              "", "", "", ""]
    return values + ([""] if table.include_light else [])


# -- Excel --------------------------------------------------------------------------------------------

_BODY_SIZE = 10
_LINE_HEIGHT_PT = 13.5
_MONEY_COLUMNS = (3, 4, 5)  # 0-based: 总投资, 年度计划投资, 完成投资
_RATE_COLUMN = 6
_WIDE_COLUMNS = (1, 2, 7, 8)


def table_xlsx(table: ProjectTable) -> bytes:
    columns = table.columns
    book, sheet = officesheet.new_sheet("重点项目", title=table.title, date_line=table.date_line,
                                        header=[c[0] for c in columns], widths=[c[2] for c in columns],
                                        size=_BODY_SIZE, header_height=3 * _LINE_HEIGHT_PT + 6)
    for line in table.lines:
        if isinstance(line, TableHeading):
            officesheet.add_heading_row(sheet, line.text, font=officedoc.HEITI, size=_BODY_SIZE)
            continue
        _append_row(sheet, columns, _excel_values(table, line))
        if table.include_light and line.light:
            sheet.cell(sheet.max_row, len(columns)).fill = PatternFill("solid", fgColor=EXCEL_FILLS[line.light])
    if table.rows:
        total, planned, invested = table.totals()
        rate = share_pct(invested, planned)
        values = ["", "合计", "", _excel_money(total), _excel_money(planned), _excel_money(invested),
                  None if rate is None else float(rate / 100), "", "", "", ""]
        _append_row(sheet, columns, values + ([""] if table.include_light else []), bold=True)
    return officesheet.to_bytes(book, sheet, freeze="C4")


def _excel_money(amount_wan: Decimal | None) -> float | None:
    # The exact figure in 亿元, shown to two decimals by the cell's format.
    return None if amount_wan is None else float(Decimal(amount_wan) / WAN_PER_YI)


def _excel_values(table: ProjectTable, row: TableRow) -> list:
    rate = row.figures.completion_rate
    values = [
        row.number, row.project.name, row.project.enterprise_name,
        _excel_money(row.project.total_investment), _excel_money(row.figures.planned_this_year),
        _excel_money(row.figures.invested_this_year), None if rate is None else float(rate / 100),
        row.image_progress, "\n".join(row.problems), row.leader, row.unit,
    ]
    if table.include_light:
        values.append(ProjectLight(row.light).label if row.light else "")
    return values


def _append_row(sheet, columns, values: list, *, bold: bool = False) -> None:
    sheet.append(values)
    row = sheet.max_row
    font = officesheet.body_font(_BODY_SIZE, bold=bold)
    for index, cell in enumerate(sheet[row]):
        cell.font = font
        cell.border = officesheet.BORDER
        if index in _MONEY_COLUMNS:
            cell.number_format = "0.00"
            cell.alignment = Alignment(horizontal="right", vertical="center")
        elif index == _RATE_COLUMN:
            cell.number_format = "0.00%"
            cell.alignment = Alignment(horizontal="right", vertical="center")
        else:
            horizontal = "left" if index in _WIDE_COLUMNS else "center"
            cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
    sheet.row_dimensions[row].height = officesheet.row_height(values, [c[2] for c in columns],
                                                             line_height=_LINE_HEIGHT_PT)
