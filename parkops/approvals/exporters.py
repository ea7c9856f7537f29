"""The 赋权清单 and the 审批案件台账 as .xlsx. The list has the columns the import reads (ledger.py), so an
exported list imports back unchanged; core's workbook escapes cells that would read as formulas."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from parkops.approvals.ledger import HEADER, power_row
from parkops.approvals.selectors import CaseRow
from parkops.core.exports import workbook_bytes

CASE_HEADER = ["序号", "企业名称", "申请事项", "赋权事项", "代办员", "受理日期", "办理部门及环节", "状态", "亮灯",
               "已用工作日", "承诺时限", "办结日期", "出具文书", "文书编号"]


def _day(on: date | None) -> str:
    return f"{on:%Y-%m-%d}" if on else ""


def powers_xlsx(powers) -> bytes:
    return workbook_bytes("赋权清单", HEADER, [power_row(power) for power in powers])


def cases_xlsx(rows: list[CaseRow]) -> bytes:
    lines = []
    for number, row in enumerate(rows, start=1):
        case = row.case
        steps = "\n".join(f"{step.unit}·{step.name}：{clock.label}（{clock.days}/{clock.limit}个工作日）"
                          for step, clock in row.clock.steps)
        lines.append([number, case.enterprise_label, case.title, str(case.power or ""),
                      str(case.agent or ""), _day(case.filed_on), steps,
                      case.get_status_display(), row.clock.label, row.clock.days, case.limit_days or "",
                      _day(case.closed_on), case.document_name, case.document_number])
    return workbook_bytes(f"审批案件台账（{timezone.localdate():%Y年%-m月%-d日}）"[:31], CASE_HEADER, lines)
