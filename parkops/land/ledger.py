"""The 低效闲置工业用地处置台账's columns and how its cells read: the headers parks write (闲置土地清理台账,
清闲促建台账 …), areas in 亩 or ㎡ (by the header, or written in the cell), the 类型 and the 完成时限
written as a day, a month ("2025年12月底") or a year ("2025年底")."""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import Decimal, InvalidOperation

from parkops.core.imports import Column, normalise_header
from parkops.core.text import BLANK_MARKS, NONE_WORDS, match_key, normalise_name
from parkops.land.choices import LedgerKind
from parkops.land.models import SQM_PER_MU

LEDGER_COLUMNS = (
    Column("number", "序号", required=False),
    Column("parcel_number", "宗地编号", ("地块编号", "宗地代码", "不动产单元号"), required=False),
    Column("holder", "原用地单位", ("用地单位", "原用地企业", "企业名称", "土地使用权人", "权利人", "用地企业", "单位名称")),
    Column("location", "宗地位置", ("位置", "坐落", "土地坐落", "地块位置", "宗地坐落", "地址")),
    Column("area", "面积（亩）", ("面积", "用地面积", "土地面积", "宗地面积", "占地面积", "面积（平方米）", "面积（㎡）")),
    Column("kind", "类型", ("土地类型", "问题类型", "闲置/低效", "类别", "性质"), required=False),
    Column("cause", "形成原因", ("原因", "闲置原因", "低效原因", "闲置低效原因", "存在问题"), required=False),
    Column("method", "处置方式", ("盘活方式", "处置措施", "处置方式及措施", "拟处置方式"), required=False),
    Column("progress", "处置进展", ("进展情况", "工作进展", "处置情况", "目前进展", "推进情况"), required=False),
    Column("unit", "责任单位", ("牵头单位", "责任部门"), required=False),
    Column("leader", "责任领导", ("挂点领导", "县级领导", "包案领导", "牵头领导"), required=False),
    Column("deadline", "完成时限", ("时限", "办结时限", "完成时间", "计划完成时间"), required=False),
    Column("agreed_start", "约定开工日期", ("合同约定开工日期", "约定动工日期"), required=False),
    Column("closed_on", "办结日期", ("盘活日期", "完成日期"), required=False),
    Column("revitalised", "盘活面积（亩）", ("盘活面积", "已盘活面积"), required=False),
)

LABELS = {column.key: column.label for column in LEDGER_COLUMNS}
MAX_MU = Decimal(10) ** 6

_SQM_WORDS = ("平方米", "㎡", "m2", "m²", "平米")
_AREA = re.compile(r"^约?(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万平方米|万㎡|平方米|㎡|m2|m²|平米|亩)?(?:左右|余)?$")


def is_blank(text: str) -> bool:
    return normalise_name(text) in BLANK_MARKS | NONE_WORDS


def parcel_key(holder: str, location: str) -> str:
    """A parcel without a number is known by its holder and place, as the ledger names it."""
    return f"{match_key(holder)}|{match_key(location)}"


def header_is_sqm(header: str) -> bool:
    header = normalise_header(header)
    return any(word in header for word in _SQM_WORDS) and "亩" not in header


def sqm_to_mu(sqm: Decimal) -> Decimal:
    return (Decimal(sqm) / SQM_PER_MU).quantize(Decimal("0.01"))


def read_area(text: str, *, sqm: bool) -> Decimal | None:
    """"45.6", "30400㎡", "1.2万平方米", "约60亩" → 亩 (two decimals); blank → None; else ValueError."""
    text = normalise_name(text).replace("，", ",")
    if is_blank(text):
        return None
    match = _AREA.match(text)
    if match is None:
        raise ValueError(text)
    try:
        number = Decimal(match.group(1).replace(",", ""))
    except InvalidOperation:
        raise ValueError(text) from None
    unit = match.group(2) or ("平方米" if sqm else "亩")
    if unit.startswith("万"):
        return sqm_to_mu(number * 10000)
    if unit == "亩":
        return number.quantize(Decimal("0.01"))
    return sqm_to_mu(number)


def read_kind(text: str) -> str | None:
    text = normalise_name(text)
    if "闲置" in text:
        return LedgerKind.IDLE
    if "低效" in text:
        return LedgerKind.INEFFICIENT
    return None


_FULL = re.compile(r"^((?:19|20)\d{2})\s*[年\-/.．]\s*(\d{1,2})\s*[月\-/.．]\s*(\d{1,2})\s*日?")
_MONTH = re.compile(r"^((?:19|20)\d{2})\s*[年\-/.．]\s*(\d{1,2})\s*月?\s*(?:底|末|前|内)?")
_YEAR = re.compile(r"^((?:19|20)\d{2})\s*年?\s*(?:底|末|年底|年末|内|前)?$")


def read_deadline(text: str) -> date | None:
    """"2025-12-31", "2025年12月底", "2025.6", "2025年底" → the last day meant; blank → None; else ValueError."""
    text = normalise_name(text).replace("上旬", "").replace("中旬", "").replace("下旬", "")
    if is_blank(text):
        return None
    text = text.split(" ")[0].split("T")[0]
    if match := _FULL.match(text):
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if match := _MONTH.match(text):
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise ValueError(text)
        return date(year, month, calendar.monthrange(year, month)[1])
    if match := _YEAR.match(text):
        return date(int(match.group(1)), 12, 31)
    raise ValueError(text)
