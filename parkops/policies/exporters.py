"""The 惠企政策清单 as .xlsx in the columns the import reads (an exported list imports back), and the 政策兑现
台账. Text cells that look like formulas are neutralised by core's workbook writer, as every export's are."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from parkops.core.exports import workbook_bytes
from parkops.policies import rules
from parkops.policies.selectors import Row

POLICY_HEADER = ["序号", "政策名称", "发布单位", "文号", "年度", "兑现方式", "条款", "奖补金额（万元）", "奖补比例（%）",
                 "计算基数", "上限（万元）", "兑现条件"]
LEDGER_HEADER = ["序号", "企业名称", "政策名称", "条款", "兑现方式", "来源", "申请（确认）日期", "审核期限", "审核日期",
                 "审核意见", "核定金额（万元）", "兑现期限", "兑现日期", "兑现金额（万元）", "状态", "亮灯", "符合条件的数据"]


def _day(on: date | None) -> str:
    return f"{on:%Y-%m-%d}" if on else ""


def _number(value) -> str:
    return "" if value is None else str(value)


def policy_rows(policies) -> list[list]:
    lines = []
    number = 0
    for policy in policies:
        for clause in policy.clauses.all():
            number += 1
            lines.append([
                number, policy.name, policy.issuer, policy.document_number, policy.year, policy.get_mode_display(),
                clause.title, _number(clause.amount), _number(clause.rate_pct),
                clause.get_base_field_display() if clause.base_field else "", _number(clause.cap),
                "；".join(rules.describe(c.field, c.operator, c.value) for c in clause.conditions.all())])
    return lines


def policies_xlsx(policies) -> bytes:
    return workbook_bytes("惠企政策清单", POLICY_HEADER, policy_rows(policies))


def ledger_rows(rows: list[Row]) -> list[list]:
    lines = []
    for number, row in enumerate(rows, start=1):
        a = row.application
        lines.append([
            number, a.enterprise.name, a.clause.policy.name, a.clause.title, a.clause.policy.get_mode_display(),
            a.get_source_display(), _day(a.applied_on), _day(a.review_due), _day(a.reviewed_on), a.review_note,
            _number(a.amount), _day(a.payment_due), _day(a.paid_on), _number(a.paid_amount), a.get_status_display(),
            row.light.label, "；".join(str(f) for f in a.figures or ())])
    return lines


def ledger_xlsx(rows: list[Row]) -> bytes:
    return workbook_bytes(f"政策兑现台账（{timezone.localdate():%Y年%-m月%-d日}）"[:31], LEDGER_HEADER, ledger_rows(rows))
