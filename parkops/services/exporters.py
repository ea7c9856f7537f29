"""The 企业诉求台账 as .xlsx: the columns the import reads (ledger.py), so an exported ledger imports back."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from parkops.core.exports import workbook_bytes
from parkops.services.selectors import Row

HEADER = ["序号", "企业名称", "诉求内容", "类别", "提出时间", "承办单位", "办理时限", "办理结果", "办结时间", "满意度",
          "状态", "亮灯", "受理日期", "首次答复日期", "延期理由", "来源"]


def _day(on: date | None) -> str:
    return f"{on:%Y-%m-%d}" if on else ""


def ledger_rows(rows: list[Row]) -> list[list]:
    lines = []
    for number, row in enumerate(rows, start=1):
        request = row.request
        lines.append([
            number, request.enterprise_label, request.content, request.get_category_display(), _day(request.filed_on),
            str(request.unit or ""), _day(request.resolve_due), request.result, _day(request.resolved_on),
            request.get_rating_display(), request.get_status_display(), row.light.label, _day(request.accepted_on),
            _day(request.replied_on), request.extension_reason, request.get_source_display(),
        ])
    return lines


def ledger_xlsx(rows: list[Row]) -> bytes:
    return workbook_bytes(f"企业诉求台账（{timezone.localdate():%Y年%-m月%-d日}）"[:31], HEADER, ledger_rows(rows))
