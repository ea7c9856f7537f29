"""The 信访件 / 12345工单 ledger's columns and how its cells read: the headers the platforms and the
committee write (来源, 受理时间, 反映人, 联系电话, 反映问题, 类别, 承办单位, 办理时限, 办结时间, 办理结果,
回访满意度 …), the source and type in the words they use, dates as written."""

from __future__ import annotations

import re
from datetime import date

from parkops.core.imports import Column
from parkops.core.text import BLANK_MARKS, NONE_WORDS, normalise_name
from parkops.stability.choices import CaseKind, Satisfaction, Source

CASE_COLUMNS = (
    Column("serial", "序号", required=False),
    Column("number", "编号", ("工单编号", "工单号", "信访件编号", "件号", "案件编号", "信访编号"), required=False),
    Column("source", "来源", ("信访来源", "来件渠道", "渠道", "来源渠道", "转办来源", "交办渠道"), required=False),
    Column("received", "受理时间", ("受理日期", "登记时间", "登记日期", "来电时间", "来信来访时间", "派单时间", "交办时间",
                                 "转办时间"), required=False),
    Column("name", "反映人", ("来电人", "信访人", "诉求人", "来访人", "姓名", "反映人姓名"), required=False),
    Column("phone", "联系电话", ("电话", "来电号码", "联系方式", "手机号码", "手机号"), required=False),
    Column("place", "涉及地点或企业", ("地点", "涉及企业", "被反映对象", "事发地点", "反映对象", "地址"), required=False),
    Column("content", "反映问题", ("诉求内容", "反映内容", "来电内容", "信访事项", "主要问题", "问题描述", "反映的问题",
                               "信访内容")),
    Column("kind", "类别", ("诉求类型", "类型", "工单类型", "问题类别", "诉求类别"), required=False),
    Column("unit", "承办单位", ("责任单位", "办理单位", "承办部门"), required=False),
    Column("due", "办理时限", ("办结时限", "时限", "限办时间", "限办日期"), required=False),
    Column("closed", "办结时间", ("办结日期", "完成时间", "回复时间"), required=False),
    Column("reply", "办理结果", ("办理情况", "答复内容", "处理结果", "回复内容", "处理情况"), required=False),
    Column("satisfaction", "回访满意度", ("满意度", "回访情况", "回访结果", "群众满意度", "评价"), required=False),
)
LABELS = {column.key: column.label for column in CASE_COLUMNS}

_DATE = re.compile(r"^((?:19|20)\d{2})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})\s*日?")
_SOURCE_WORDS = (
    ("12345", Source.HOTLINE), ("热线", Source.HOTLINE), ("市长信箱", Source.MAYOR_MAILBOX),
    ("信箱", Source.MAYOR_MAILBOX), ("民声", Source.PEOPLES_VOICE), ("五型", Source.FIVE_TYPE),
    ("治理", Source.GOVERNANCE), ("来访", Source.VISIT), ("走访", Source.VISIT), ("信访", Source.PETITION_OFFICE),
)
_KIND_WORDS = (("咨询", CaseKind.CONSULT), ("求助", CaseKind.HELP), ("建议", CaseKind.SUGGESTION),
               ("投诉", CaseKind.COMPLAINT), ("举报", CaseKind.COMPLAINT), ("信访", CaseKind.PETITION),
               ("应急", CaseKind.EMERGENCY), ("紧急", CaseKind.EMERGENCY))
_SATISFACTION_WORDS = (("不满意", Satisfaction.DISSATISFIED), ("基本满意", Satisfaction.BASICALLY),
                       ("满意", Satisfaction.SATISFIED), ("未接通", Satisfaction.UNREACHABLE),
                       ("联系不上", Satisfaction.UNREACHABLE), ("未能联系", Satisfaction.UNREACHABLE))


def is_blank(text: str) -> bool:
    return normalise_name(text) in BLANK_MARKS | NONE_WORDS


def read_day(text: str) -> date | None:
    """"2025-10-09", "2025年10月9日", "2025.10.9", "2025/10/9 14:30" → the day; blank → None; else ValueError."""
    text = normalise_name(text)
    if is_blank(text):
        return None
    match = _DATE.match(text)
    if match is None:
        raise ValueError(text)
    return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))


def _read(text: str, words) -> str | None:
    text = normalise_name(text)
    return next((value for word, value in words if word in text), None)


def read_source(text: str) -> str | None:
    return _read(text, _SOURCE_WORDS)


def read_kind(text: str) -> str | None:
    return _read(text, _KIND_WORDS)


def read_satisfaction(text: str) -> str | None:
    return _read(text, _SATISFACTION_WORDS)
