"""生态环境's ledgers as .xlsx: the feedback items with the columns their import reads (so an exported
ledger imports back unchanged) and their 销号 state beside them; the monitoring results with the columns
of the monitoring import; the 小散乱污 list. Every cell passes through core.exports, which neutralises
formulas."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from parkops.core.exports import workbook_bytes

FEEDBACK_HEADER = ["序号", "督察级别", "反馈问题", "整改目标", "整改措施", "责任单位", "整改时限", "整改进展", "状态", "申请销号日期",
                   "验收日期", "销号日期", "回头看重新整改次数", "亮灯"]
READING_HEADER = ["企业名称", "排放口", "监测因子", "监测值", "单位", "标准限值", "监测时间", "是否超标", "隐患", "督办任务"]
POLLUTER_HEADER = ["序号", "企业（作坊）名称", "地址", "主要问题", "处置方式", "完成时限", "责任单位", "整治进展", "状态", "完成日期", "亮灯"]


def _day(on: date | None) -> str:
    return f"{on:%Y-%m-%d}" if on else ""


def _figure(value) -> str:
    return f"{value.normalize():f}" if value is not None else ""


def feedback_xlsx(rows) -> bytes:
    lines = []
    for row in rows:
        item = row.obj
        lines.append([item.number, item.get_level_display(), item.problem, item.goal, item.measures,
                      str(item.unit or item.unit_text or ""), item.deadline_text or _day(item.deadline), item.progress,
                      item.get_status_display(), _day(item.applied_on), _day(item.accepted_on), _day(item.closed_on),
                      item.reopened_count, row.light.label])
    return workbook_bytes(f"环保督察反馈问题整改台账（{timezone.localdate():%Y年%-m月%-d日}）", FEEDBACK_HEADER, lines)


def readings_xlsx(readings) -> bytes:
    lines = []
    for r in readings:
        limit = (f"{_figure(r.lower_limit)}～{_figure(r.limit_value)}" if r.lower_limit is not None
                 else _figure(r.limit_value))
        lines.append([r.outlet.enterprise.name, r.outlet.name, r.pollutant, _figure(r.value), r.unit, limit,
                      f"{timezone.localtime(r.measured_at):%Y-%m-%d %H:%M}", "超标" if r.over_limit else "达标",
                      r.hazard.notice_number or f"隐患#{r.hazard_id}" if r.hazard_id else "",
                      r.task.reference if r.task_id else ""])
    return workbook_bytes("监测结果", READING_HEADER, lines)


def polluters_xlsx(rows) -> bytes:
    lines = []
    for number, row in enumerate(rows, start=1):
        p = row.obj
        lines.append([number, p.name, p.address, p.problem, p.get_disposal_display(), _day(p.deadline),
                      str(p.unit or ""), p.progress, p.get_status_display(), _day(p.done_on), row.light.label])
    return workbook_bytes("小散乱污企业整治清单", POLLUTER_HEADER, lines)
