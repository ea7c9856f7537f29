"""Reading an uploaded .docx or .xlsx into rows of text: the part of every import that touches the file.

It runs in a child process with memory and time limits (core/isolation.py), so it imports no Django and
takes its limits as arguments. Before calamine sees a workbook, the sheets' real extent is read from
their XML: calamine allocates the whole rectangle from the first used cell to the last, so a 5 KB file
with cells in A1 and XFD1048576 would ask for 17 billion cells. Past that, rows, columns and the length
of a cell are capped at what no real ledger or statistics sheet comes near.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from io import BytesIO


class ParseRefused(Exception):
    """The file is refused; the message says why, in Chinese, without the file's name."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __reduce__(self):
        return ParseRefused, (self.message,)


@dataclass(frozen=True)
class SheetLimits:
    max_rows: int
    max_columns: int
    max_cells: int  # rows × columns of a sheet's used rectangle
    max_cell_chars: int


@dataclass
class Row:
    number: int  # as the user finds it: the Excel row number, or the row's place in the Word table
    cells: list[str]
    spans_row: bool = False  # one merged cell across the whole table: a heading, not data

    @property
    def is_empty(self) -> bool:
        return not any(self.cells)

    @property
    def text(self) -> str:
        return " ".join(cell for cell in self.cells if cell)


@dataclass
class Table:
    name: str
    rows: list[Row]
    preamble: list[str] = field(default_factory=list)  # text above the table: title, date


@dataclass
class Sheet:
    """A worksheet's values as calamine gives them (numbers, dates, text), for importers that read
    numbers themselves. Row i of `rows` is Excel row `first_row + i`; columns start at the first used."""

    name: str
    end: tuple[int, int] | None  # (row, column), 0-based, of the last used cell; None for an empty sheet
    rows: list[list]


def read_tables(data: bytes, kind: str, limits: SheetLimits) -> list[Table]:
    tables = _read_docx(data, limits) if kind == "docx" else _read_xlsx(data, limits)
    _check_cells(((row.number, row.cells) for table in tables for row in table.rows), limits)
    return tables


def read_sheets(data: bytes, limits: SheetLimits) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    check_sheet_extents(data, limits)
    book = CalamineWorkbook.from_filelike(BytesIO(data))
    sheets = []
    for sheet_name in book.sheet_names:
        sheet = book.get_sheet_by_name(sheet_name)
        rows = list(sheet.iter_rows()) if sheet.end is not None else []
        _check_cells(((index + 1, [v for v in row if isinstance(v, str)]) for index, row in enumerate(rows)), limits)
        sheets.append(Sheet(sheet_name, sheet.end, rows))
    return sheets


# -- Word ----------------------------------------------------------------------------------------------


def _read_docx(data: bytes, limits: SheetLimits) -> list[Table]:
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    document = docx.Document(BytesIO(data))
    tables, preamble = [], []
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            text = Paragraph(block, document._body).text.strip()
            if text:
                preamble.append(text)
        elif block.tag == qn("w:tbl"):
            table = DocxTable(block, document._body)
            tables.append(Table(f"第{len(tables) + 1}个表格", _docx_rows(table, limits), preamble))
            preamble = []
    return tables


def _docx_rows(table, limits: SheetLimits) -> list[Row]:
    from docx.table import _Cell

    width = len(table._tbl.tblGrid.gridCol_lst) or max(
        (tr.grid_before + sum(tc.grid_span for tc in tr.tc_lst) for tr in table._tbl.tr_lst), default=0
    )
    if width > limits.max_columns:
        raise ParseRefused(f"表格有{width}列，超过上限{limits.max_columns}列，不像是正常的台账。")
    height = len(table._tbl.tr_lst)
    if height > limits.max_rows:
        raise ParseRefused(f"表格有{height}行，超过上限{limits.max_rows}行。请分成几个文件导入。")
    if height * width > limits.max_cells:
        raise ParseRefused(f"表格为{height}行×{width}列，超过上限{limits.max_cells}个单元格。请分成几个文件导入。")
    rows: list[Row] = []
    above = [""] * width
    for number, tr in enumerate(table._tbl.tr_lst, start=1):
        cells = [""] * width
        column = tr.grid_before
        for tc in tr.tc_lst:
            if column >= width:
                break
            # A vertically merged cell continues the one above: its rows share the value
            # (one leader for three tasks), so each row gets it.
            text = above[column] if tc.vMerge == "continue" else _cell_text(_Cell(tc, table))
            cells[column] = text
            column += tc.grid_span
        spans_row = len(tr.tc_lst) == 1 and tr.tc_lst[0].grid_span >= width > 1
        rows.append(Row(number, cells, spans_row))
        above = cells
    return rows


def _cell_text(cell) -> str:
    lines = [paragraph.text.strip() for paragraph in cell.paragraphs]
    return "\n".join(line for line in lines if line)


# -- Excel ---------------------------------------------------------------------------------------------


def _read_xlsx(data: bytes, limits: SheetLimits) -> list[Table]:
    # python-calamine reads the cached values of formulas and is many times faster than openpyxl;
    # since 0.3 it also reports merged ranges (in absolute sheet coordinates, the same as
    # to_python(skip_empty_area=False)), which is all openpyxl would add here. Line breaks inside a
    # cell come through as "\n".
    from python_calamine import CalamineWorkbook

    check_sheet_extents(data, limits)
    book = CalamineWorkbook.from_filelike(BytesIO(data))
    tables = []
    for sheet_name in book.sheet_names:
        sheet = book.get_sheet_by_name(sheet_name)
        grid = [[_cell_value(value) for value in row] for row in sheet.to_python(skip_empty_area=False)]
        tables.append(Table(f"工作表“{sheet_name}”", _xlsx_rows(grid, sheet.merged_cell_ranges or [])))
    return tables


def _xlsx_rows(grid: list[list[str]], merged: list) -> list[Row]:
    used = [index for row in grid for index, value in enumerate(row) if value]
    if not used:
        return []
    first, last = min(used), max(used)
    for row in grid:
        row.extend([""] * (last + 1 - len(row)))
    spanning: set[int] = set()
    for (top, left), (bottom, right) in merged:
        if top >= len(grid):
            continue
        # Merged across the whole table: a heading row, however tall. Merged vertically within
        # a column: the rows below share the value (one leader for three tasks), as in Word.
        if left <= first and right >= last and last > first:
            spanning.add(top)
            continue
        for row_index in range(top + 1, min(bottom, len(grid) - 1) + 1):
            grid[row_index][left] = grid[top][left]
    return [Row(index + 1, row[first:last + 1], index in spanning) for index, row in enumerate(grid)]


def _cell_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(Decimal(str(value)).normalize(), "f")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, (date, time, timedelta)):
        return str(value)
    return str(value).replace("\r\n", "\n").strip()


# -- Limits --------------------------------------------------------------------------------------------

_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$")
# A cell's or a row's position as the sheet's XML writes it: <c r="XFD1048576" …>, <row r="12" …>.
_CELL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Z]{1,3})([0-9]{1,7})\"")
_ROW_REF = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr=\"([0-9]{1,7})\"")
_CHUNK = 1 << 20
_OVERLAP = 256  # longer than any one tag we look for, so a tag cut between two chunks is still seen


def check_sheet_extents(data: bytes, limits: SheetLimits) -> None:
    """Refuse a workbook whose sheets reach further than the limits, reading only their XML."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except zipfile.BadZipFile:
        raise ParseRefused("文件已损坏，无法读取。请用Excel/WPS打开并另存后再导入。") from None
    with archive:
        for info in archive.infolist():
            if _SHEET_PART.match(info.filename):
                _check_extent(archive, info, limits)


def _check_extent(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: SheetLimits) -> None:
    rows: list[int] = []
    columns: list[int] = []
    tail = b""
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            text = tail + chunk
            for letters, number in _CELL_REF.findall(text):
                columns.append(_column_number(letters))
                rows.append(int(number))
            rows.extend(int(number) for number in _ROW_REF.findall(text))
            tail = text[-_OVERLAP:]
            # Keep only the extremes seen so far: a sheet has millions of cells.
            if len(rows) > 10_000:
                rows[:] = [min(rows), max(rows)]
            if len(columns) > 10_000:
                columns[:] = [min(columns), max(columns)]
    if not rows:
        return
    height = max(rows) - min(rows) + 1
    width = max(columns) - min(columns) + 1 if columns else 1
    sheet = info.filename.rsplit("/", 1)[-1]
    if height > limits.max_rows:
        raise ParseRefused(f"工作表（{sheet}）用到第{max(rows)}行，共{height}行，超过上限{limits.max_rows}行。"
                           "请删去多余的行，或分成几个文件导入。")
    if width > limits.max_columns:
        raise ParseRefused(f"工作表（{sheet}）用到{width}列，超过上限{limits.max_columns}列，不像是正常的表格。"
                           "请删去多余的列后再导入。")
    if height * width > limits.max_cells:
        raise ParseRefused(f"工作表（{sheet}）的范围为{height}行×{width}列，超过上限{limits.max_cells}个单元格。"
                           "请删去多余的行列，或分成几个文件导入。")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def _check_cells(rows, limits: SheetLimits) -> None:
    for number, cells in rows:
        for column, text in enumerate(cells, start=1):
            if len(text) > limits.max_cell_chars:
                raise ParseRefused(f"第{number}行第{column}列的内容有{len(text)}字，超过上限{limits.max_cell_chars}字。"
                                   "请核对该单元格。")
