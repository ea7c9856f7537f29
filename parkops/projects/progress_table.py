"""The 重点项目进展情况表's columns and how its cells read: the headers offices write, sums of money
in 亿元 or 万元 printed to some precision, completion rates written as percentages or fractions, and
the 存在问题 cell's numbered items. The import (importers.py) turns what these read into records."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from parkops.core.formatting import MONEY_UNITS
from parkops.core.imports import Column, normalise_header
from parkops.core.text import BLANK_MARKS, NONE_WORDS, match_key, normalise_name

# 万元: the money fields hold 12 digits before the point, and a figure that large is a mistaken unit.
MAX_AMOUNT = Decimal(10) ** 12
# What offices write in a 存在问题 cell when there is none.
NO_PROBLEM = BLANK_MARKS | NONE_WORDS | {"无问题", "暂无问题"}

_BRACKETED = re.compile(r"[（(][^）)]*[）)]")
UNIT_IN_HEADER = re.compile(r"(亿元|万元)")
_YEAR = r"(?:(?:19|20)\d{2}年)"
_AMOUNT = re.compile(r"^([-+]?\d+(?:,\d{3})*(?:\.(\d+))?)\s*(亿元|万元|亿|万)?$")
_AMOUNT_HEDGES = re.compile(r"^约|余$|多$|左右$")
_RATE = re.compile(r"^([-+]?\d+(?:\.\d+)?)\s*([%％])?$")
_SPACES = re.compile(r"\s+")
# "1." "2、" "（3）" at the start of the cell, of a line or after a "；": the items of a list.
_PROBLEM_NUMBER = re.compile(r"(?:^|(?<=[\n；;]))\s*[（(]?(\d{1,2})(?:[.．、]|[）)])")


def project_key(name: str) -> str:
    """Projects are matched on the name with spacing and the width of brackets ignored."""
    return match_key(name)


def clean_project_name(name: str) -> str:
    return _SPACES.sub(" ", name.replace("\u3000", " ")).strip()


# ---------------------------------------------------------------------------------------------------
# Columns


def _header_core(header: str) -> str:
    """"2025年计划投资（亿元）" → "2025年计划投资": what a figure column's header says besides its unit."""
    core = _BRACKETED.sub("", normalise_header(header))
    return UNIT_IN_HEADER.sub("", core.replace("单位", "")).strip("/／")


@dataclass(frozen=True)
class FigureColumn(Column):
    """A column of figures, whose header may carry a year, the months covered and the unit of money."""

    pattern: str = ""

    def matches(self, header: str) -> bool:
        if super().matches(header):
            return True
        core = _header_core(header)
        return super().matches(core) or bool(self.pattern and re.fullmatch(self.pattern, core))


PROJECT_COLUMNS = (
    Column("number", "序号", required=False),
    Column("name", "项目名称", ("项目", "重点项目", "项目名称及建设内容")),
    Column("enterprise", "建设单位", ("企业", "建设单位/企业", "建设企业", "企业名称", "项目单位", "业主单位"),
           required=False),
    FigureColumn("total", "总投资", ("计划总投资", "项目总投资", "总投资额")),
    FigureColumn("year_plan", "年度计划投资", ("年度计划", "本年计划投资", "年计划投资", "年度投资计划"),
                 required=False, pattern=rf"{_YEAR}?(?:年度|本年度?|今年|全年)?计划(?:完成)?投资额?"),
    FigureColumn("invested", "本年完成投资", ("今年完成投资", "本年累计完成投资", "年度完成投资"),
                 pattern=rf"(?:本年度?|今年|年度|{_YEAR}|{_YEAR}?1[-－—–~～至到]\d{{1,2}}月份?)(?:累计)?完成投资额?"),
    FigureColumn("rate", "完成率", ("投资完成率", "年度投资完成率", "完成比例", "年度完成率"), required=False),
    Column("image_progress", "形象进度", ("工程形象进度", "项目进展情况", "进展情况", "项目进度"), required=False),
    Column("problems", "存在问题", ("困难问题", "存在的困难和问题", "存在困难和问题", "存在的问题", "存在困难问题",
                                    "困难和问题"), required=False),
    Column("leader", "挂点领导", ("责任领导", "挂点县领导", "挂点联系领导", "联系领导"), required=False),
    Column("unit", "责任单位", ("责任部门", "牵头单位"), required=False),
)
FIGURE_LABELS = {"total": "总投资", "year_plan": "年度计划投资", "invested": "本年完成投资"}


# ---------------------------------------------------------------------------------------------------
# Reading figures


@dataclass(frozen=True)
class Amount:
    """A sum of money as read from a cell, in 万元, with how precisely it was printed."""

    value: Decimal
    places: int  # decimals as printed, in the unit printed
    unit: str

    def same_as(self, recorded: Decimal | None) -> bool:
        """Is `recorded` what the cell says? A figure printed to two or more decimals of its unit is
        taken as rounded: what rounds to it is the same figure, kept at the precision recorded."""
        if recorded is None:
            return False
        if self.places >= 2:
            printed = (Decimal(recorded) / MONEY_UNITS[self.unit]).quantize(Decimal(1).scaleb(-self.places))
            return printed * MONEY_UNITS[self.unit] == self.value
        return Decimal(recorded) == self.value


def read_amount(text: str, unit: str) -> Amount | None:
    """"50", "6.35", "约6亿元", "3,500万" → 万元; blank or a dash → None; anything else raises ValueError."""
    text = normalise_name(text).replace("，", ",")
    if text in NO_PROBLEM:
        return None
    match = _AMOUNT.match(_AMOUNT_HEDGES.sub("", text))
    if match is None:
        raise ValueError(text)
    written_unit = {"亿": "亿元", "万": "万元"}.get(match.group(3) or "", match.group(3) or unit)
    try:
        number = Decimal(match.group(1).replace(",", ""))
    except InvalidOperation:
        raise ValueError(text) from None
    return Amount(number * MONEY_UNITS[written_unit], len(match.group(2) or ""), written_unit)


def read_rate(text: str) -> tuple[Decimal, bool] | None:
    """"12.50%" → (12.50, True); "0.125" → (0.125, False): a bare number may be a fraction (an Excel
    cell formatted as a percentage holds 0.125) or percentage points, and is checked as both."""
    text = normalise_name(text)
    if text in NO_PROBLEM:
        return None
    match = _RATE.match(text)
    if match is None:
        raise ValueError(text)
    return Decimal(match.group(1)), bool(match.group(2))


def split_problems(cell: str) -> list[str]:
    """"1.用地未交付\n2.线路未送电" → two problems; anything else is one problem, however many lines.
    Only items numbered 1, 2, 3 … in order, at the start of a line or after a "；", are taken apart,
    so "1.5亿元资金缺口" on its own stays whole."""
    text = cell.strip()
    if normalise_name(text) in NO_PROBLEM:
        return []
    marks = list(_PROBLEM_NUMBER.finditer(text))
    if len(marks) < 2 or [int(m.group(1)) for m in marks] != list(range(1, len(marks) + 1)) or marks[0].start():
        return [text]
    ends = [m.start() for m in marks[1:]] + [len(text)]
    items = [text[m.end():end].strip().rstrip("；;").strip() for m, end in zip(marks, ends, strict=True)]
    return [item for item in items if item]
