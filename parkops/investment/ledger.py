"""The 招商引资项目台账's columns and how its cells read: the headers parks write, sums of money in
亿元 / 万元 / 万美元, a stage written as a phrase ("已签约，计划年底开工") or as a date in a column per
stage, and the places investors come from. The import (importers.py) turns what these read into records."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from parkops.core.formatting import MONEY_UNITS, USD_UNITS
from parkops.core.imports import Column, normalise_header
from parkops.core.text import BLANK_MARKS, NONE_WORDS, match_key, normalise_name
from parkops.investment.choices import PIPELINE, Stage

MAX_AMOUNT = Decimal(10) ** 12
UNIT_IN_HEADER = re.compile(r"(亿美元|万美元|美元|亿元|万元)")
UNIT_ABOVE = re.compile(r"单位(?:为)?(亿美元|万美元|亿元|万元)")
RATE_ABOVE = re.compile(r"汇率[:：]?\s*(\d+(?:\.\d+)?)")
# When neither the row nor the table says which rate turned dollars into yuan.
DEFAULT_USD_RATE = Decimal("7.10")

STAGE_COLUMN_KEYS = {stage: f"on_{stage.value}" for stage in PIPELINE}

LEDGER_COLUMNS = (
    Column("number", "序号", required=False),
    Column("name", "项目名称", ("项目", "招商项目", "项目名称及建设内容")),
    Column("investor", "投资方", ("投资主体", "投资企业", "签约企业", "投资方名称", "客商", "企业名称"), required=False),
    Column("capital", "内资/外资", ("内外资", "资金来源", "内资外资"), required=False),
    Column("country", "国别（地区）", ("国别", "国家（地区）", "国家或地区", "国家"), required=False),
    Column("origin", "来源地", ("投资方来源地", "客商来源地", "来源", "投资来源地"), required=False),
    Column("total", "总投资", ("计划总投资", "项目总投资", "总投资额", "投资总额", "协议总投资", "合同投资额"),
           required=False),
    Column("usd", "外资金额", ("合同外资", "外资额", "利用外资", "外资金额（万美元）"), required=False),
    Column("rate", "汇率", ("折算汇率", "汇率（元/美元）"), required=False),
    Column("chain", "产业链", ("所属产业", "产业类别", "所属产业链", "行业"), required=False),
    Column("land", "用地（亩）", ("用地需求", "用地面积", "拟用地", "用地"), required=False),
    Column("factory", "厂房面积（平方米）", ("厂房需求", "租赁厂房面积", "厂房面积"), required=False),
    Column("progress", "进展情况", ("阶段", "项目阶段", "当前阶段", "项目进展", "推进情况", "项目进展情况"),
           required=False),
    Column("unit", "招商单位", ("责任单位", "牵头单位", "招商责任单位"), required=False),
    Column("tracker", "跟踪责任人", ("责任人", "跟踪人", "联系领导", "挂点领导"), required=False),
    Column("contact", "联系人", ("投资方联系人",), required=False),
    Column("phone", "联系电话", ("电话", "手机"), required=False),
    Column("credit_code", "统一社会信用代码", ("信用代码", "社会信用代码"), required=False),
    Column("terminated_reason", "终止原因", (), required=False),
    Column("on_terminated", "终止日期", ("终止时间",), required=False),
    Column(STAGE_COLUMN_KEYS[Stage.LEAD], "线索", ("获取线索", "线索时间", "接洽时间"), required=False),
    Column(STAGE_COLUMN_KEYS[Stage.NEGOTIATING], "在谈", ("洽谈", "在谈时间", "洽谈时间"), required=False),
    Column(STAGE_COLUMN_KEYS[Stage.SIGNED], "签约", ("签约时间", "签约日期"), required=False),
    Column(STAGE_COLUMN_KEYS[Stage.REGISTERED], "注册", ("注册时间", "注册日期"), required=False),
    Column(STAGE_COLUMN_KEYS[Stage.STARTED], "开工", ("开工时间", "开工日期"), required=False),
    Column(STAGE_COLUMN_KEYS[Stage.IN_PRODUCTION], "投产", ("投产时间", "投产日期"), required=False),
)

LABELS = {column.key: column.label for column in LEDGER_COLUMNS}


def project_key(name: str) -> str:
    return match_key(name)


def is_blank(text: str) -> bool:
    return normalise_name(text) in BLANK_MARKS | NONE_WORDS


def header_unit(header: str) -> str | None:
    found = UNIT_IN_HEADER.search(normalise_header(header))
    return found.group(1) if found else None


# ---------------------------------------------------------------------------------------------------
# Money


@dataclass(frozen=True)
class Amount:
    """A sum as read: in its own unit's canonical form (万元 or 万美元), with the decimals printed."""

    value: Decimal
    places: int
    unit: str  # as written: 亿元, 万元, 万美元 …

    @property
    def is_usd(self) -> bool:
        return self.unit in USD_UNITS

    def same_as(self, recorded: Decimal | None) -> bool:
        """A figure printed to two decimals or more of its unit is taken as rounded."""
        if recorded is None:
            return False
        factor = USD_UNITS.get(self.unit) or MONEY_UNITS[self.unit]
        if self.places >= 2:
            printed = (Decimal(recorded) / factor).quantize(Decimal(1).scaleb(-self.places))
            return printed * factor == self.value
        return Decimal(recorded) == self.value


_AMOUNT = re.compile(r"^([-+]?\d+(?:,\d{3})*(?:\.(\d+))?)\s*(亿美元|万美元|美元|亿元|万元|亿|万)?$")
_HEDGES = re.compile(r"^约|余$|多$|左右$")


def read_amount(text: str, unit: str) -> Amount | None:
    """"6.35", "约6亿元", "3,500万", "1200万美元" → the amount in 万元 (or 万美元); blank → None;
    anything else raises ValueError."""
    text = normalise_name(text).replace("，", ",")
    if is_blank(text):
        return None
    match = _AMOUNT.match(_HEDGES.sub("", text))
    if match is None:
        raise ValueError(text)
    written = {"亿": "亿元", "万": "万元"}.get(match.group(3) or "", match.group(3) or unit)
    try:
        number = Decimal(match.group(1).replace(",", ""))
    except InvalidOperation:
        raise ValueError(text) from None
    factor = USD_UNITS.get(written) or MONEY_UNITS[written]
    return Amount(number * factor, len(match.group(2) or ""), written)


def read_decimal(text: str) -> Decimal | None:
    text = normalise_name(text).replace(",", "").replace("，", "")
    if is_blank(text):
        return None
    text = re.sub(r"(亩|平方米|㎡|m2|元/美元)$", "", text)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not number.is_finite() or abs(number) >= MAX_AMOUNT:
        raise ValueError(text)
    return number


# ---------------------------------------------------------------------------------------------------
# Dates and stages

_DATE = re.compile(r"^((?:19|20)\d{2})\s*[-./年]\s*(\d{1,2})(?:\s*[-./月]\s*(\d{1,2})\s*日?|\s*月?)?(?:\s+[\d:]+)?$")
_DONE_MARKS = {"√", "✓", "✔", "是", "已", "完成", "已完成"}


def read_date(text: str) -> date | None | bool:
    """"2025-03-01", "2025.3.1", "2025年3月1日", "2025年3月" (the 1st) → a date; "√" → True (reached,
    day unknown); blank → None; anything else raises ValueError."""
    text = (text or "").strip()
    if is_blank(text):
        return None
    if normalise_name(text) in _DONE_MARKS:
        return True
    match = _DATE.match(text)
    if match is None:
        raise ValueError(text)
    return date(int(match.group(1)), int(match.group(2)), int(match.group(3) or 1))


# The words that say a stage was reached, the later stages first; a phrase that plans, intends or
# prepares ("计划年底开工", "正在办理注册") says nothing has happened yet.
_STAGE_WORDS = (
    (Stage.TERMINATED, ("终止", "放弃", "取消", "撤资", "搁置")),
    (Stage.IN_PRODUCTION, ("投产", "试生产", "达产", "建成投产")),
    (Stage.STARTED, ("开工", "在建", "动工", "施工", "建设中")),
    (Stage.REGISTERED, ("注册", "工商登记", "设立公司", "成立公司")),
    (Stage.SIGNED, ("签约", "签订", "签署", "落地")),
    (Stage.NEGOTIATING, ("在谈", "洽谈", "对接", "磋商", "考察", "谈判")),
    (Stage.LEAD, ("线索", "跟踪", "接洽", "信息", "初步接触")),
)
_NOT_YET = re.compile(r"计划|拟|预计|争取|正在办理|待|准备|筹备|力争|尚未|未")
_CLAUSES = re.compile(r"[，,；;。、\n]+")


def read_stage(text: str) -> tuple[Stage, str] | None:
    """The stage a 进展情况 cell says the project has reached, and for 终止 the reason given
    ("终止：投资方资金链断裂"); None when it names none."""
    text = (text or "").strip()
    if is_blank(text):
        return None
    for value, label in Stage.choices:
        if normalise_name(text) == label:
            return Stage(value), ""
    clauses = [c for c in _CLAUSES.split(text) if c.strip()]
    happened = [c for c in clauses if not _NOT_YET.search(c)] or []
    for stage, words in _STAGE_WORDS:
        searched = clauses if stage == Stage.TERMINATED else happened
        if any(word in clause for clause in searched for word in words):
            reason = ""
            if stage == Stage.TERMINATED:
                reason = re.split(r"[:：]", text, maxsplit=1)[1].strip() if re.search(r"[:：]", text) else text
            return stage, reason
    return None


_PROVINCE = re.compile(r"^(.+?(?:省|自治区|特别行政区))?(.+?市)?(.*)$")


def split_origin(text: str) -> tuple[str, str]:
    """"福建省厦门市" → ("福建省", "厦门市"); "上海市" → ("上海市", ""); anything else kept whole."""
    text = normalise_name(text)
    if is_blank(text):
        return "", ""
    match = _PROVINCE.match(text)
    province, city, rest = match.group(1) or "", match.group(2) or "", match.group(3) or ""
    if not province and city and not rest:
        return city, ""
    if rest or not (province or city):
        return text, ""
    return province, city
