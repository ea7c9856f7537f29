"""The 企业诉求台账's columns and how its cells read: only 企业名称 and 诉求内容 are required; the 类别 and the
满意度 in the words ledgers use; dates as "2025-10-09", "2025年10月9日" or "2025.10.9"."""

from __future__ import annotations

import re
from datetime import date

from parkops.core.imports import Column
from parkops.core.text import BLANK_MARKS, NONE_WORDS, normalise_name
from parkops.services.choices import Category, Rating

LEDGER_COLUMNS = (
    Column("number", "序号", required=False),
    Column("enterprise", "企业名称", ("企业", "诉求企业", "诉求主体", "单位名称", "反映企业", "企业（单位）名称")),
    Column("content", "诉求内容", ("诉求事项", "反映问题", "问题描述", "具体诉求", "困难问题", "存在问题", "诉求")),
    Column("category", "类别", ("诉求类别", "问题类别", "诉求类型", "问题类型", "分类"), required=False),
    Column("filed_on", "提出时间", ("提出日期", "反映时间", "受理时间", "登记时间", "收到时间", "诉求时间"), required=False),
    Column("unit", "承办单位", ("责任单位", "办理单位", "交办单位", "承办部门"), required=False),
    Column("due", "办理时限", ("时限", "办结时限", "限办时间"), required=False),
    Column("result", "办理结果", ("办理情况", "答复情况", "处理结果", "办理进展", "答复意见"), required=False),
    Column("resolved_on", "办结时间", ("办结日期", "完成时间", "答复时间"), required=False),
    Column("rating", "满意度", ("企业评价", "评价", "满意度评价", "企业满意度"), required=False),
    Column("contact", "联系人", ("联系人及电话", "联系方式", "联系电话"), required=False),
)
LABELS = {column.key: column.label for column in LEDGER_COLUMNS}

# Words a ledger writes for each category, looked for in the 类别 cell (the first found wins).
CATEGORY_WORDS = (
    (Category.LABOUR, ("用工", "招工", "招聘", "人才", "劳动")),
    (Category.FINANCE, ("融资", "贷款", "资金", "金融", "担保")),
    (Category.LAND, ("用地", "土地", "厂房", "规划")),
    (Category.APPROVAL, ("审批", "手续", "办证", "证照", "环评", "报建")),
    (Category.UTILITIES, ("水电气", "用电", "供电", "用水", "供水", "用气", "供气", "电力", "水", "电", "气")),
    (Category.POLICY, ("政策", "补贴", "奖补", "兑现", "税费")),
    (Category.DISPUTE, ("纠纷", "矛盾", "投诉", "维权")),
    (Category.OTHER, ("其他", "其它")),
)
RATING_WORDS = {"满意": Rating.SATISFIED, "非常满意": Rating.SATISFIED, "很满意": Rating.SATISFIED,
                "基本满意": Rating.FAIRLY, "比较满意": Rating.FAIRLY, "较满意": Rating.FAIRLY,
                "不满意": Rating.UNSATISFIED, "很不满意": Rating.UNSATISFIED, "非常不满意": Rating.UNSATISFIED}

_DAY = re.compile(r"^((?:19|20)\d{2})\s*[年\-/.．]\s*(\d{1,2})\s*[月\-/.．]\s*(\d{1,2})\s*日?$")


def is_blank(text: str) -> bool:
    return normalise_name(text) in BLANK_MARKS | NONE_WORDS


def read_category(text: str) -> str | None:
    """A category from the words of the cell; None when blank; ValueError when no word matches."""
    text = normalise_name(text)
    if is_blank(text):
        return None
    for category, words in CATEGORY_WORDS:
        if any(word in text for word in words):
            return category
    raise ValueError(text)


def read_rating(text: str) -> str | None:
    text = normalise_name(text).replace(" ", "")
    if is_blank(text):
        return None
    if text not in RATING_WORDS:
        raise ValueError(text)
    return RATING_WORDS[text]


def read_day(text: str) -> date | None:
    """"2025-10-09", "2025年10月9日", "2025.10.9" (a spreadsheet's date cell too); blank → None; else ValueError."""
    text = normalise_name(text)
    if is_blank(text):
        return None
    text = text.split(" ")[0].split("T")[0]
    match = _DAY.match(text)
    if match is None:
        raise ValueError(text)
    return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
