"""Excel export of any list: the columns the page shows, a bold frozen header, widths that fit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from parkops.core import audit, officesheet
from parkops.core.models import AuditAction

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def workbook_bytes(title: str, header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [max(6, len(str(h)) * 2 + 2) for h in header]
    for row in rows:
        values = ["" if v is None else v for v in row]
        sheet.append(values)
        for index, value in enumerate(values):
            longest_line = max((len(line) for line in str(value).splitlines()), default=0)
            widths[index] = min(60, max(widths[index], longest_line * 2 + 2))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    sheet.freeze_panes = "A2"
    return officesheet.save(book)


def file_response(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    # RFC 6266 filename* so that Chinese names survive every browser the intranet has.
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def export_response(content: bytes, filename: str, content_type: str, *, what: str) -> HttpResponse:
    """A download that leaves its line in the audit log (等保: exports of business data are audited)."""
    audit.record(AuditAction.EXPORT, object_type=what, detail=f"导出 {filename}")
    return file_response(content, filename, content_type)


def dated_filename(stem: str, extension: str) -> str:
    return f"{stem}_{timezone.localdate():%Y%m%d}.{extension}"
