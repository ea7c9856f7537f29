"""The 一览表: its rows, and its Excel export laid out as the committee prints it (seed 000).

A ledger is a selection of a plan's tasks (by unit, by light) with the 完成情况 of one period, dated
the way the committee dates it; build_ledger() makes it once and each format only lays it out, so
the Word file (the report centre's 一览表 template, reports/builtin/task_ledger.py), the Excel file and the
page show the same rows. What is exported imports back to the same tasks (supervision/importers.py reads
both formats).

A plan imported from a ledger of another layout (Plan.layout: 序号 / 工作任务 / 完成时限 / 责任单位 / 责任人 …)
is printed in its own columns, in its own order, under its own headers (layout_columns()).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max
from django.utils import timezone
from openpyxl.styles import Alignment, PatternFill

from parkops.core import officedoc, officesheet
from parkops.core.metrics import Readings
from parkops.core.periods import ledger_date, period_key
from parkops.org.models import Unit
from parkops.supervision.choices import LIGHT_COLOURS, Light, ReportStatus
from parkops.supervision.deadlines import deadline_as_written
from parkops.supervision.layouts import EXTRA
from parkops.supervision.lights import LightResult, compute_light
from parkops.supervision.models import Plan, Section, Task, TaskQuerySet

# The seed's columns, with widths: millimetres on the landscape page (243mm between the margins)
# and Excel character widths.
COLUMNS = (
    ("重点工作", 52, 36),
    ("县政府\n责任领导", 21, 10),
    ("牵头单位", 25, 13),
    ("配合单位", 25, 13),
    ("高新区\n责任领导", 21, 10),
    ("完成情况", 99, 60),
)
LIGHT_COLUMN = ("亮灯", 21, 10)
PAGE_WIDTH_MM = 243
EXCEL_WIDTH_CHARS = 150
# A plan's own columns: the narrow ones as wide as their header and names need (mm, Excel characters), the
# texts sharing what is left by weight.
_NARROW_WIDTHS = {"number": (14, 6), "deadline": (24, 12), "light": (18, 8)}
_NAMES_WIDTH = (24, 12)
_WIDE_WEIGHTS = {"text": 3, "progress": 3, EXTRA: 2}
_WIDE_FIELDS = set(_WIDE_WEIGHTS)
IDEOGRAPHIC_SPACE = "\u3000"
EXCEL_FILLS = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE", "grey": "E7E6E6", "darkred": "F4B183"}
_UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\s]+')


@dataclass
class LedgerHeading:
    text: str
    level: int  # 1 for 二、…, 2 for （三）…


@dataclass
class LedgerTask:
    task: Task
    progress: str
    light: LightResult | None

    @property
    def first_cell(self) -> str:
        return f"{self.task.number}.{self.task.text}"

    @property
    def county_leaders(self) -> list[str]:
        return [p.name for p in self.task.county_leaders]

    @property
    def park_leaders(self) -> list[str]:
        return [p.name for p in self.task.park_leaders]

    @property
    def lead_units(self) -> list[str]:
        return [u.name for u in self.task.lead_units]

    @property
    def cooperating_units(self) -> list[str]:
        return [u.name for u in self.task.cooperating_units]

    def cell(self, column: LayoutCell, *, numbered_text: bool) -> str:
        """The task's value in a column of its plan's own layout."""
        task = self.task
        people = {"county_leaders": task.county_leaders, "park_leaders": task.park_leaders,
                  "responsible": task.responsible_people}
        units = {"lead_units": task.lead_units, "cooperating_units": task.cooperating_units}
        if column.field == "number":
            return task.number
        if column.field == "text":
            return self.first_cell if numbered_text else task.text
        if column.field in people:
            return "\n".join(p.name for p in people[column.field])
        if column.field in units:
            return "\n".join(u.name for u in units[column.field])
        if column.field == "progress":
            return self.progress
        if column.field == "deadline":
            return deadline_as_written(task.deadline, task.deadline_text)
        if column.field == "light":
            return self.light.label if self.light else ""
        return str((task.extra or {}).get(column.header, ""))


@dataclass(frozen=True)
class LayoutCell:
    """A column of a plan's own ledger, with its width: millimetres on the landscape page, Excel characters."""

    header: str
    field: str
    width_mm: float = 0
    width_chars: float = 0

    @property
    def wide(self) -> bool:
        return self.field in _WIDE_FIELDS


@dataclass
class Ledger:
    plan: Plan
    title: str
    date: date
    period: date | None
    include_light: bool = False
    lines: list[LedgerHeading | LedgerTask] = field(default_factory=list)

    @property
    def tasks(self) -> list[LedgerTask]:
        return [line for line in self.lines if isinstance(line, LedgerTask)]

    @property
    def has_own_layout(self) -> bool:
        return bool(self.plan.layout)

    @property
    def numbered_text(self) -> bool:
        """Without a 序号 column the number leads the text ("9.坚持…"), so that the ledger imports back."""
        return not any(entry["field"] == "number" for entry in self.plan.layout)

    def layout_columns(self) -> list[LayoutCell]:
        entries = [(e["header"], e["field"]) for e in self.plan.layout]
        if self.include_light:
            entries.append(("亮灯", "light"))
        narrow = {index: _NARROW_WIDTHS.get(key, _NAMES_WIDTH) for index, (_, key) in enumerate(entries)
                  if key not in _WIDE_WEIGHTS}
        weights = {index: _WIDE_WEIGHTS[key] for index, (_, key) in enumerate(entries) if key in _WIDE_WEIGHTS}
        left_mm = PAGE_WIDTH_MM - sum(mm for mm, _ in narrow.values())
        left_chars = EXCEL_WIDTH_CHARS - sum(chars for _, chars in narrow.values())
        if left_mm < 30 * len(weights):  # too many columns for the page: every one shares it by its need
            scale = PAGE_WIDTH_MM / (sum(mm for mm, _ in narrow.values()) + 40 * len(weights))
            narrow = {i: (mm * scale, chars * scale) for i, (mm, chars) in narrow.items()}
            left_mm, left_chars = 40 * len(weights) * scale, 20 * len(weights) * scale
        total = sum(weights.values()) or 1
        widths = narrow | {i: (left_mm * w / total, left_chars * w / total) for i, w in weights.items()}
        return [LayoutCell(header, key, round(widths[i][0], 1), round(widths[i][1], 1))
                for i, (header, key) in enumerate(entries)]

    def layout_rows(self) -> list[tuple[str, int] | list[str]]:
        """The rows of a plan's own ledger: (heading, level) or the task's cells in column order."""
        columns = self.layout_columns()
        return [(line.text, line.level) if isinstance(line, LedgerHeading)
                else [line.cell(column, numbered_text=self.numbered_text) for column in columns]
                for line in self.lines]

    @property
    def date_line(self) -> str:
        return f"日期：{self.date.year}年{self.date.month}月{self.date.day}日"

    def filename(self, extension: str) -> str:
        stem = _UNSAFE_FILENAME.sub("", self.title) or "一览表"
        suffix = f"_{period_key(self.period)}" if self.period else ""
        return f"{stem}{suffix}.{extension}"


def build_ledger(
    *,
    plan: Plan,
    period: date | None = None,
    unit: Unit | None = None,
    lights: Iterable[str] = (),
    tasks: TaskQuerySet | None = None,
    include_light: bool = False,
    today: date | None = None,
) -> Ledger:
    """The ledger of a plan: its tasks (those of `tasks`, the ones the user may see; where `unit`
    leads or cooperates; in `lights` if given), each with the accepted 完成情况 of `period` (by
    default the latest period with one). Lights are those as of the ledger's date, from the
    reports up to its period. The number of queries does not grow with the number of tasks."""
    today = today or timezone.localdate()
    selected = (tasks if tasks is not None else Task.objects.all()).filter(plan=plan)
    if unit is not None:
        selected = selected.for_unit(unit)
    if period is None:
        period = (
            selected.filter(reports__status=ReportStatus.ACCEPTED).aggregate(latest=Max("reports__period"))["latest"]
        )
    day = ledger_date(period, today) if period else today
    ledger = Ledger(plan=plan, title=plan.title_for_ledger, date=day, period=period, include_light=include_light)
    wanted_lights = set(lights)

    rows = selected.with_listing_data(reports_until=period).order_by("position", "number")
    top: Section | None = None
    section: Section | None = None
    readings = Readings()  # a bound metric is read once for the whole ledger
    for task in rows:
        light = compute_light(task, today=day, readings=readings) if include_light or wanted_lights else None
        if wanted_lights and light.light not in wanted_lights:
            continue
        if task.section_id and task.section != section:
            parent = task.section.parent
            if parent is not None and parent != top:
                ledger.lines.append(LedgerHeading(parent.heading, 1))
                top = parent
            if parent is None:
                top = task.section
            ledger.lines.append(LedgerHeading(task.section.heading, 2 if parent else 1))
            section = task.section
        ledger.lines.append(LedgerTask(task, _progress(task, period), light if include_light else None))
    return ledger


def _progress(task: Task, period: date | None) -> str:
    """The period's accepted report, the lead unit's first (Task.accepted_reports orders them)."""
    if period is None:
        return ""
    report = next((r for r in task.accepted_reports() if r.period == period), None)
    return report.text if report else ""


def padded_name(name: str) -> str:
    """Two-character names are padded to the width of three, as the committee types them ("周　洁")."""
    return IDEOGRAPHIC_SPACE.join(name) if len(name) == 2 else name


def _columns(ledger: Ledger) -> list[tuple[str, float, float]]:
    if not ledger.include_light:
        return list(COLUMNS)
    *others, (progress, width_mm, width_chars) = COLUMNS
    return [*others, (progress, width_mm - LIGHT_COLUMN[1], width_chars - 6), LIGHT_COLUMN]


# -- Excel --------------------------------------------------------------------------------------------

_BODY_SIZE = 11
_LINE_HEIGHT_PT = 14.5


def ledger_xlsx(ledger: Ledger) -> bytes:
    if ledger.has_own_layout:
        return _layout_xlsx(ledger)
    columns = _columns(ledger)
    widths = [c[2] for c in columns]
    book, sheet = officesheet.new_sheet("一览表", title=ledger.title, date_line=ledger.date_line,
                                        header=[c[0] for c in columns], widths=widths, size=_BODY_SIZE,
                                        header_height=2 * _LINE_HEIGHT_PT + 4)
    body_font = officesheet.body_font(_BODY_SIZE)
    for line in ledger.lines:
        if isinstance(line, LedgerHeading):
            officesheet.add_heading_row(sheet, line.text, font=officedoc.HEITI if line.level == 1 else officedoc.KAITI,
                                        size=_BODY_SIZE, wrap=True)
            continue
        values = [
            line.first_cell,
            "\n".join(line.county_leaders),
            "\n".join(line.lead_units),
            "\n".join(line.cooperating_units),
            "\n".join(line.park_leaders),
            line.progress,
        ]
        if ledger.include_light:
            values.append(line.light.label)
        sheet.append(values)
        row = sheet.max_row
        for index, cell in enumerate(sheet[row]):
            cell.font = body_font
            cell.border = officesheet.BORDER
            wide = index in (0, 5)
            cell.alignment = Alignment(horizontal="left" if wide else "center", vertical="center", wrap_text=True)
        if ledger.include_light:
            colour = LIGHT_COLOURS[Light(line.light.light)]
            sheet.cell(row, len(columns)).fill = PatternFill("solid", fgColor=EXCEL_FILLS[colour])
        sheet.row_dimensions[row].height = officesheet.row_height(values, widths, line_height=_LINE_HEIGHT_PT)
    return officesheet.to_bytes(book, sheet, freeze="A4")



def _layout_xlsx(ledger: Ledger) -> bytes:
    columns = ledger.layout_columns()
    widths = [column.width_chars for column in columns]
    book, sheet = officesheet.new_sheet("台账", title=ledger.title, date_line=ledger.date_line,
                                        header=[column.header for column in columns], widths=widths,
                                        size=_BODY_SIZE, header_height=2 * _LINE_HEIGHT_PT + 4)
    body_font = officesheet.body_font(_BODY_SIZE)
    lights = iter(line.light for line in ledger.tasks)
    for values in ledger.layout_rows():
        if isinstance(values, tuple):
            text, level = values
            officesheet.add_heading_row(sheet, text, font=officedoc.HEITI if level == 1 else officedoc.KAITI,
                                        size=_BODY_SIZE, wrap=True)
            continue
        sheet.append(values)
        row = sheet.max_row
        for cell, column in zip(sheet[row], columns, strict=False):
            cell.font = body_font
            cell.border = officesheet.BORDER
            cell.alignment = Alignment(horizontal="left" if column.wide else "center", vertical="center",
                                       wrap_text=True)
        light = next(lights)
        if ledger.include_light and light is not None:
            colour = LIGHT_COLOURS[Light(light.light)]
            sheet.cell(row, len(columns)).fill = PatternFill("solid", fgColor=EXCEL_FILLS[colour])
        sheet.row_dimensions[row].height = officesheet.row_height(values, widths, line_height=_LINE_HEIGHT_PT)
    return officesheet.to_bytes(book, sheet, freeze="A4")


def layout_docx(ledger: Ledger) -> bytes:
    """A plan's own ledger in Word, landscape, in its own columns: the 一览表 template has the 一览表's."""
    document = officedoc.new_document(landscape=True)
    officedoc.add_title(document, ledger.title)
    officedoc.add_paragraph(document, ledger.date_line, align=officedoc.WD_ALIGN_PARAGRAPH.RIGHT,
                            size=officedoc.SIZE_SMALL_4)
    columns = ledger.layout_columns()
    table = officedoc.add_table(document, [column.header for column in columns],
                                [column.width_mm for column in columns])
    align = officedoc.WD_ALIGN_PARAGRAPH
    # Left, not justified: with more columns than the 一览表 the text cells are narrow, and justified
    # Chinese lines there gape between every character.
    aligns = [align.LEFT if column.wide else align.CENTER for column in columns]
    for values in ledger.layout_rows():
        if isinstance(values, tuple):
            officedoc.add_spanning_row(table, values[0], font=officedoc.HEITI if values[1] == 1 else officedoc.KAITI)
        else:
            officedoc.add_row(table, values, aligns=aligns)
    return officedoc.to_bytes(document)
