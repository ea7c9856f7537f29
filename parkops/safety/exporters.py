"""The 隐患排查整改台账 as .xlsx: the columns the import reads (ledger.py), so an exported ledger imports
back unchanged, with the light beside them."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from parkops.core.exports import workbook_bytes
from parkops.safety.choices import Status
from parkops.safety.ledger import EXPORT_HEADER
from parkops.safety.selectors import HazardRow

HEADER = [*EXPORT_HEADER, "整改通知书文号", "亮灯", "挂牌督办"]


def _day(on: date | None) -> str:
    return f"{on:%Y-%m-%d}" if on else ""


def ledger_rows(rows: list[HazardRow]) -> list[list]:
    lines = []
    for number, row in enumerate(rows, start=1):
        h = row.hazard
        inspection = h.inspection
        lines.append([
            number, h.enterprise_name, inspection.place_address if inspection else "", _day(h.found_on),
            inspection.inspectors if inspection else "", h.place, h.description, h.get_level_display(),
            h.get_major_category_display() if h.major_category else "", h.measures, _day(h.deadline),
            h.responsible_person, str(h.responsible_unit or ""), h.rectification,
            "是" if h.status == Status.CLOSED else "否", h.rechecked_by, _day(h.closed_on),
            h.notice_number, row.light.label, _day(h.listed_on),
        ])
    return lines


def ledger_xlsx(rows: list[HazardRow]) -> bytes:
    return workbook_bytes(f"隐患排查整改台账（{timezone.localdate():%Y年%-m月%-d日}）"[:31], HEADER,
                          ledger_rows(rows))
