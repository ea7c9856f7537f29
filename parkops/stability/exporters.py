"""The 信访件办理台账 as .xlsx: the columns the import reads (ledger.py), so an exported ledger imports back
unchanged, with the petitioner masked (张**, 138****5678: an export leaves the handlers' hands) and the
light beside."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from parkops.core.exports import workbook_bytes
from parkops.core.privacy import mask_name, mask_phone
from parkops.stability.selectors import CaseRow

HEADER = ["序号", "编号", "来源", "类别", "受理时间", "反映人", "联系电话", "涉及地点或企业", "反映问题", "承办单位", "办理时限",
          "办结时间", "办理结果", "回访满意度", "办理状态", "亮灯"]


def _day(on: date | None) -> str:
    return f"{on:%Y-%m-%d}" if on else ""


def case_rows(rows: list[CaseRow]) -> list[list]:
    return [[number, row.case.number, row.case.get_source_display(), row.case.get_kind_display(),
             _day(row.case.received_on), mask_name(row.case.petitioner_name), mask_phone(row.case.petitioner_phone),
             row.case.place, row.case.content, str(row.case.handling_unit or ""), _day(row.case.due_on),
             _day(row.case.closed_on), row.case.reply, row.case.get_satisfaction_display(),
             row.case.get_status_display(), row.light.label]
            for number, row in enumerate(rows, start=1)]


def cases_xlsx(rows: list[CaseRow]) -> bytes:
    return workbook_bytes(f"信访件办理台账（{timezone.localdate():%Y年%-m月%-d日}）"[:31], HEADER, case_rows(rows))
