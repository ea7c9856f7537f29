"""The 低效闲置工业用地处置台账 as .xlsx: the columns the import reads (ledger.py), so an exported ledger
imports back unchanged, with the rule's finding beside the park's own 类型 and a 合计 row the import checks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from parkops.core.exports import workbook_bytes
from parkops.core.formatting import plain_number
from parkops.land.selectors import ParcelRow

HEADER = ["序号", "宗地编号", "原用地单位", "宗地位置", "面积（亩）", "类型", "形成原因", "处置方式", "处置进展", "责任单位",
          "责任领导", "完成时限", "约定开工日期", "办结日期", "盘活面积（亩）", "利用状态（系统认定）", "认定理由"]


def _day(on: date | None) -> str:
    return f"{on:%Y-%m-%d}" if on else ""


def ledger_rows(rows: list[ParcelRow]) -> list[list]:
    lines = []
    for number, row in enumerate(rows, start=1):
        parcel, case = row.parcel, row.case
        lines.append([
            number, parcel.number, parcel.holder_label, parcel.location, plain_number(parcel.area_mu),
            parcel.get_ledger_kind_display(), parcel.cause,
            str(case.method or "") if case else "", case.progress if case else "",
            str(case.responsible_unit or "") if case else "", str(case.leader or "") if case else "",
            _day(case.deadline) if case else "", _day(parcel.agreed_start_on), _day(case.closed_on) if case else "",
            plain_number(case.revitalised_mu) if case and case.revitalised_mu is not None else "",
            row.finding.label, row.finding.reason,
        ])
    total = sum((Decimal(row.parcel.area_mu) for row in rows), Decimal(0))
    lines.append(["合计", "", f"{len(rows)}宗", "", plain_number(total), *[""] * (len(HEADER) - 5)])
    return lines


def ledger_xlsx(rows: list[ParcelRow]) -> bytes:
    title = f"低效闲置工业用地处置台账（{timezone.localdate():%Y年%-m月%-d日}）"
    return workbook_bytes(title[:31], HEADER, ledger_rows(rows))
