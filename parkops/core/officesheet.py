"""Excel sheets the way the committee prints its tables: a title row, a date row, a bordered header that
repeats on every printed page, A4 landscape fitted to the page's width with the official margins.

The Excel twin of officedoc.py; every table export (一览表, 进展情况表, …) starts and ends here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from parkops.core import officedoc

_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
BODY_FONT_NAME = "宋体"
_MM = 1 / 25.4  # openpyxl's margins are in inches


def body_font(size: int, *, bold: bool = False) -> Font:
    return Font(name=BODY_FONT_NAME, size=size, bold=bold)


def new_sheet(name: str, *, title: str, date_line: str, header: Sequence[str], widths: Sequence[float],
              size: int, header_height: float) -> tuple[Workbook, Worksheet]:
    """A workbook whose sheet holds the title (row 1), the date line (row 2) and the header (row 3)."""
    last = get_column_letter(len(header))
    book = Workbook()
    sheet = book.active
    sheet.title = name

    sheet.append([title])
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].font = Font(name=officedoc.TITLE_FONT, size=18)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[1].height = 36
    sheet.append([date_line])
    sheet.merge_cells(f"A2:{last}2")
    sheet["A2"].font = body_font(size)
    sheet["A2"].alignment = Alignment(horizontal="right", vertical="center")

    sheet.append(list(header))
    for cell in sheet[3]:
        cell.font = Font(name=officedoc.HEITI, size=size, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BORDER
    sheet.row_dimensions[3].height = header_height
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return book, sheet


def add_heading_row(sheet: Worksheet, text: str, *, font: str, size: int, wrap: bool = False) -> None:
    """A section row (二、… / 一、产业项目) merged across the table."""
    sheet.append([text])
    row = sheet.max_row
    sheet.merge_cells(f"A{row}:{get_column_letter(sheet.max_column)}{row}")
    for cell in sheet[row]:
        cell.border = BORDER
    sheet.cell(row, 1).font = Font(name=font, size=size, bold=True)
    sheet.cell(row, 1).alignment = Alignment(vertical="center", wrap_text=wrap)


def _display_units(text: str) -> int:
    """Width in Excel's unit, the width of a digit: a Chinese character takes about two."""
    return sum(1 if ord(char) < 0x2E80 else 2 for char in text)


def row_height(values: Sequence, widths: Sequence[float], *, line_height: float) -> float:
    """Excel does not grow a row to fit wrapped text written by a program: the height its text needs."""
    lines = 1
    for value, width in zip(values, widths, strict=True):
        if not isinstance(value, str):
            continue
        count = sum(max(1, math.ceil(_display_units(text) / max(1, width - 2))) for text in value.split("\n"))
        lines = max(lines, count)
    return min(409, lines * line_height + 6)


def to_bytes(book: Workbook, sheet: Worksheet, *, freeze: str) -> bytes:
    """Print set-up (A4 landscape, fitted to the width, GB/T 9704 margins, "— 1 —" page numbers), saved."""
    sheet.freeze_panes = freeze
    sheet.print_title_rows = "3:3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(top=37 * _MM, bottom=35 * _MM, left=28 * _MM, right=26 * _MM,
                                     header=15 * _MM, footer=20 * _MM)
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "— &P —"
    return save(book)


# Text that Excel, WPS or LibreOffice would run as a formula when it is typed, pasted or re-saved as CSV
# (OWASP "CSV injection"): a task name, a ledger cell or a user name typed at the log-in page may begin so.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(book: Workbook) -> None:
    """Every cell that would be a formula becomes a text cell marked the way Excel marks text typed after
    an apostrophe ('=1+1): the value stays exactly as typed (readable, and read back unchanged by our
    importers), Excel and WPS show it as text and keep it text when it is edited. We write no formulas
    of our own, so any formula cell here came from someone's text."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and (cell.data_type == "f" or cell.value.startswith(FORMULA_TRIGGERS)):
                    cell.data_type = "s"
                    cell.quotePrefix = True


def save(book: Workbook) -> bytes:
    """The only way an export's workbook becomes bytes: formulas are neutralised first."""
    neutralise_formulas(book)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
