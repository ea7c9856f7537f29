"""The statistics bureau's monthly sheet, built in code for the import tests: a title, perhaps a unit
line, a header of one or two rows and a row per enterprise, each test changing what it is about."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook

from parkops.core.imports import open_path
from parkops.economy.importers import IndicatorImporter, IndicatorPreview
from parkops.economy.models import Enterprise, IndicatorValue
from parkops.testing.factories import credit_code

OCTOBER = date(2025, 10, 1)
TITLE = "2025年1-10月规模以上工业企业主要经济指标"

# Three enterprises with codes the registry may or may not hold.
LED_CODE, BATTERY_CODE, COPPER_CODE = credit_code(101), credit_code(102), credit_code(103)
LED, BATTERY, COPPER = "江西乾照光电有限公司", "维科电池有限公司", "江西铜箔科技有限公司"

# A one-row header as many county bureaus send it: units in the headers, synonyms for the names.
FLAT_HEADER = ["序号", "统一社会信用代码", "详细名称", "营业收入（千元）", "工业总产值(当年价格)(千元)", "利润总额（千元）",
               "实缴税金（千元）", "工业用电量（万千瓦时）", "从业人员平均人数（人）"]
FLAT_ROWS = [
    [1, LED_CODE, LED, 123456.7, 150000, -2345, 4567.8, 120.5, 850],
    [2, BATTERY_CODE, BATTERY, 98765, 100000, 3210, "—", 80, 420],
    [3, COPPER_CODE, COPPER, 55555.5, 60000, 1000, 900, "", 300],
    ["", "", "合计", 277777.2, 310000, 1865, 5467.8, 200.5, 1570],
]


def flat_sheet(rows: Sequence[Sequence] = FLAT_ROWS, *, header: Sequence[str] = FLAT_HEADER, title: str = TITLE,
               unit_line: str = "", beside_title: str = "") -> bytes:
    """A one-row header under the title (with `beside_title` in the next cell, and a "单位：…" line
    when given)."""
    book = Workbook()
    sheet = book.active
    sheet.append([title, *([""] * 4), beside_title] if beside_title else [title])
    if unit_line:
        sheet.append([unit_line])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    return _saved(book)


# The two-row header of the bureau's own report: each indicator's name merged over its sub-columns.
TWO_ROW_INDICATORS = ["营业收入", "主营收入", "利润"]
TWO_ROW_SUBCOLUMNS = ["本月止累计", "上年同期累计", "增速%"]


def two_row_sheet(rows: Sequence[Sequence], *, title: str = TITLE, unit_line: str = "单位：万元",
                  indicators: Sequence[str] = TWO_ROW_INDICATORS,
                  subcolumns: Sequence[str] = TWO_ROW_SUBCOLUMNS) -> bytes:
    """Rows give 序号, 信用代码, 单位名称 and then, per indicator, one value per sub-column."""
    book = Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.append([unit_line])
    top = 3
    sheet.append(["序号", "统一社会信用代码", "单位名称", *[name for name in indicators for _ in subcolumns]])
    sheet.append(["", "", "", *[sub for _ in indicators for sub in subcolumns]])
    for column in range(1, 4):
        sheet.merge_cells(start_row=top, start_column=column, end_row=top + 1, end_column=column)
    for position in range(len(indicators)):
        first = 4 + position * len(subcolumns)
        for column in range(first + 1, first + len(subcolumns)):
            sheet.cell(top, column).value = None
        sheet.merge_cells(start_row=top, start_column=first, end_row=top, end_column=first + len(subcolumns) - 1)
    for row in rows:
        sheet.append(list(row))
    return _saved(book)


def _saved(book: Workbook) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write(tmp_path: Path, content: bytes, name: str = "规上工业2025年10月.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def preview_file(path: Path, *, park, period: date = OCTOBER, **options) -> IndicatorPreview:
    with open_path(path) as file:
        return IndicatorImporter(park=park, period=period, **options).preview(file)


def import_file(path: Path, *, park, period: date = OCTOBER, user=None, **options):
    """Preview and commit as the command does; returns (preview, outcome)."""
    importer = IndicatorImporter(park=park, period=period, **options)
    with open_path(path) as file:
        preview = importer.preview(file)
    return preview, importer.commit(preview, user=user)


def stored(code: str, indicator: str, period: date = OCTOBER) -> Decimal | None:
    """An enterprise's cumulative figure as stored (万元 for money), by credit code and indicator code."""
    value = IndicatorValue.objects.filter(enterprise__credit_code=code, indicator__code=indicator,
                                          period=period).first()
    return value.cumulative if value else None


def db_counts() -> dict[str, int]:
    from parkops.core.models import AuditEntry

    return {"enterprises": Enterprise.objects.count(), "values": IndicatorValue.objects.count(),
            "history": IndicatorValue.history.count(), "audit": AuditEntry.objects.count()}
