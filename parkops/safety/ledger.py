"""The 隐患排查整改台账's columns and how its cells read: the headers parks write (隐患排查整改台账,
大排查大整治隐患清单, 九小场所检查台账 …), the level written as 一般/重大（隐患）, the dates as a day, a
month ("2026年3月底") or a year, and the state of the rectification as the ledger words it."""

from __future__ import annotations

import calendar
import re
from datetime import date

from parkops.core.imports import Column
from parkops.core.text import BLANK_MARKS, NONE_WORDS, match_key, normalise_name
from parkops.safety.choices import Level, MajorCategory, PlaceKind, Status

LEDGER_COLUMNS = (
    Column("number", "序号", required=False),
    Column("enterprise", "企业名称", ("单位名称", "企业（场所）名称", "企业/场所名称", "被检查单位", "场所名称", "被检查企业",
                                   "生产经营单位")),
    Column("address", "地址", ("场所地址", "企业地址", "详细地址"), required=False),
    Column("found_on", "排查时间", ("检查时间", "检查日期", "排查日期", "发现时间", "发现日期"), required=False),
    Column("inspectors", "检查人员", ("检查人", "排查人员", "排查人"), required=False),
    Column("place", "隐患部位", ("部位", "隐患位置", "隐患所在部位", "具体部位"), required=False),
    Column("description", "隐患描述", ("隐患内容", "存在问题", "隐患问题", "问题描述", "存在的安全隐患", "隐患情况",
                                     "存在的问题", "主要隐患")),
    Column("level", "隐患等级", ("隐患级别", "隐患类别", "等级", "隐患类型"), required=False),
    Column("category", "重大隐患判定类别", ("判定类别", "判定依据", "重大隐患类别"), required=False),
    Column("measures", "整改措施", ("整改要求", "整改意见", "整改建议"), required=False),
    Column("deadline", "整改时限", ("完成时限", "整改期限", "整改完成时限", "限期"), required=False),
    Column("person", "责任人", ("整改责任人", "企业责任人", "整改负责人"), required=False),
    Column("unit", "监管责任单位", ("责任单位", "监管单位", "包保单位", "属地单位"), required=False),
    Column("rectification", "整改情况", ("整改落实情况", "整改结果", "整改进展", "整改完成情况"), required=False),
    Column("closed", "是否销号", ("是否整改到位", "整改状态", "状态", "销号情况"), required=False),
    Column("rechecked_by", "复查人", ("验收人", "复查验收人", "复核人"), required=False),
    Column("closed_on", "复查时间", ("销号时间", "销号日期", "验收时间", "复查日期", "验收日期"), required=False),
)

LABELS = {column.key: column.label for column in LEDGER_COLUMNS}
# The ledger's header as this module exports it: it imports back unchanged.
EXPORT_HEADER = ["序号", "企业名称", "地址", "排查时间", "检查人员", "隐患部位", "隐患描述", "隐患等级", "重大隐患判定类别",
                 "整改措施", "整改时限", "责任人", "监管责任单位", "整改情况", "是否销号", "复查人", "复查时间"]

_DONE = ("已整改", "已完成", "整改完成", "已销号", "整改到位", "已到位", "完成整改", "已落实")
_NOT_DONE = ("未", "正在", "整改中", "推进中", "尚未", "部分")
_YES = ("是", "已销号", "销号", "已整改到位", "到位", "已关闭", "关闭")


def is_blank(text: str) -> bool:
    return normalise_name(text) in BLANK_MARKS | NONE_WORDS


def hazard_key(enterprise: str, description: str) -> str:
    """A hazard is known by its enterprise and what it is: a ledger has no other identity for it."""
    return f"{match_key(enterprise)}|{match_key(description)}"


def read_level(text: str) -> str | None:
    text = normalise_name(text)
    if not text or is_blank(text):
        return None
    if "重大" in text:
        return Level.MAJOR
    if "一般" in text:
        return Level.GENERAL
    raise ValueError(text)


_CATEGORY_WORDS = (
    (MajorCategory.DUST, ("粉尘",)), (MajorCategory.AMMONIA, ("液氨", "氨制冷")),
    (MajorCategory.CONFINED_SPACE, ("有限空间",)), (MajorCategory.METALLURGY, ("冶金", "炼钢", "炼铁", "高炉")),
    (MajorCategory.NONFERROUS, ("有色",)), (MajorCategory.BUILDING_MATERIALS, ("建材", "水泥", "陶瓷", "玻璃")),
    (MajorCategory.MACHINERY, ("机械",)), (MajorCategory.LIGHT_INDUSTRY, ("轻工",)), (MajorCategory.TEXTILE, ("纺织",)),
    (MajorCategory.TOBACCO, ("烟草",)), (MajorCategory.COMMERCE, ("商贸",)), (MajorCategory.MANAGEMENT, ("管理", "第三条")),
)
# What a hazard's own words say of its category when the ledger has no column for it: the special ones.
_SPECIAL = (MajorCategory.DUST, MajorCategory.AMMONIA, MajorCategory.CONFINED_SPACE)


def read_category(text: str, *, special_only: bool = False) -> str:
    """"机械" or "机械企业（第七条）" or "粉尘爆炸" → the category; "" when not recognised. From a hazard's
    description (special_only), only the special categories (粉尘, 液氨, 有限空间) are read."""
    text = normalise_name(text)
    if not text or is_blank(text):
        return ""
    for value, words in _CATEGORY_WORDS:
        if (not special_only or value in _SPECIAL) and any(word in text for word in words):
            return value
    return ""


def guess_place_kind(name: str) -> str:
    """A 九小场所 (小餐馆, 小商店, 小作坊 …) is not a company: what has 公司/厂/企业 in its name is."""
    return PlaceKind.ENTERPRISE if any(word in name for word in ("公司", "厂", "企业", "集团", "合作社")) \
        else PlaceKind.SMALL_PLACE


def read_state(*, rectification: str, closed: str, rechecked_by: str, closed_on: date | None,
               deadline: date | None) -> str:
    """The loop's state the ledger's row describes. A ledger row with a deadline was issued (the seeds:
    均下达了限期整改责任书); one said done and rechecked (or 销号) is closed."""
    closed_text = normalise_name(closed)
    said_no = closed_text.startswith(("否", "未", "不"))
    said_closed = bool(closed_text) and not said_no and any(w in closed_text for w in _YES)
    text = normalise_name(rectification)
    # "复查不通过：……" is back in 整改中 whatever the earlier rectification said.
    done = (bool(text) and any(w in text for w in _DONE) and not text.startswith(_NOT_DONE)
            and "不通过" not in text)
    if said_closed or (done and not said_no and (rechecked_by or closed_on)):
        return Status.CLOSED
    if done:
        return Status.AWAITING_RECHECK
    if text and not is_blank(text):
        return Status.RECTIFYING
    if deadline:
        return Status.ISSUED
    return Status.REGISTERED


_FULL = re.compile(r"^((?:19|20)\d{2})\s*[年\-/.．]\s*(\d{1,2})\s*[月\-/.．]\s*(\d{1,2})\s*日?")
_MONTH = re.compile(r"^((?:19|20)\d{2})\s*[年\-/.．]\s*(\d{1,2})\s*月?\s*(?:底|末|前|内)?$")
_YEAR = re.compile(r"^((?:19|20)\d{2})\s*年?\s*(?:底|末|年底|年末|内|前)?$")


def read_day(text: str) -> date | None:
    """"2026-03-15", "2026年3月15日", "2026.3.15", "2026年3月底" (its last day), "2026年底"; blank → None; else
    ValueError."""
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
