"""The statistics bureau's monthly sheet as read: its header (which column is which indicator, in
which unit) and its cells (a figure as the sheet holds it). The importer (importers.py) reads the rows
under the header; nothing here touches the database beyond the indicator catalogue.

A header gives an indicator's catalogue name or one of its synonyms (Indicator.synonyms), with or
without 本月止累计 / 1-N月 / 累计 / 本年累计. Last year's figures, growth rates and the month's own figures
are left out: the system computes them from what it stores. Money is converted to 万元 exactly from the
unit in its header ("营业收入（千元）") or above the table ("单位：千元"); the other indicators keep their own unit.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from datetime import time as clock_time
from decimal import Decimal, InvalidOperation

from parkops.core.formatting import MONEY_UNITS, plain_number
from parkops.core.imports import (
    HEADER_SEARCH_ROWS,
    Column,
    map_header,
    normalise_header,
)
from parkops.core.text import BLANK_MARKS, TOTAL_WORDS, normalise_name
from parkops.economy.models import (
    Indicator,
)

# The row under a statistical header that numbers its columns: 甲 乙 丙 1 2 3 …
COLUMN_NUMBERS = set("甲乙丙丁戊己庚辛")
# Organisation codes (9 characters, often written 12345678-9) are not credit codes: matched by name.
ORGANISATION_CODE_LENGTHS = {9, 10}

# Units other than money, and what brings a figure written in them to the indicator's own unit.
OTHER_UNITS = {
    "万千瓦时": {"万千瓦时": Decimal(1), "万度": Decimal(1), "万kWh": Decimal(1), "千瓦时": Decimal("0.0001"),
                 "度": Decimal("0.0001"), "kWh": Decimal("0.0001")},
    "吨标准煤": {"吨标准煤": Decimal(1), "吨标煤": Decimal(1), "万吨标准煤": Decimal(10000)},
    "人": {"人": Decimal(1)},
}
KNOWN_UNITS = set(MONEY_UNITS) | {unit for units in OTHER_UNITS.values() for unit in units}
# "营业收入/万元", "营业收入万元": a unit written after the name without brackets. Longest first, so
# that 万千瓦时 is not read as 千瓦时.
_TRAILING_UNIT = re.compile("[/／]?(" + "|".join(sorted(map(re.escape, KNOWN_UNITS), key=len, reverse=True)) + ")$")
# Lines above the table that carry a date other than the period's: when it was sent, not what it covers.
DATED_LINE = re.compile(r"上年|去年|同期|日期|报送|填报|制表|打印|导出")

ID_COLUMNS = (
    Column("number", "序号", ("编号",), required=False),
    Column("code", "统一社会信用代码", ("社会信用代码", "信用代码", "统一信用代码", "组织机构代码", "机构代码",
                                        "法人单位代码", "单位代码", "统一社会信用代码（组织机构代码）"), required=False),
    Column("name", "企业名称", ("详细名称", "单位名称", "单位详细名称", "企业（单位）名称", "企业(单位)名称",
                                "法人单位名称", "法人单位详细名称", "企业全称", "单位全称", "公司名称", "企业"),
           required=True),
)

_DASHES = "-－—–~～至到"
MONTHS_SPAN = re.compile(rf"1\s*[{_DASHES}]\s*(\d{{1,2}})\s*月")
_ONE_MONTH = re.compile(r"(?<![\d年])(\d{1,2})\s*月")
TITLE_PERIOD = re.compile(
    rf"(?:((?:19|20)\d{{2}})\s*年\s*)?(?:1\s*[{_DASHES}]\s*)?(\d{{1,2}})\s*月(?!\s*\d{{1,2}}\s*日)(?!份?\d)")
_UNIT_LINE = re.compile(r"单位\s*[:：]?\s*(千元|万元|亿元|元)")
_BRACKETED = re.compile(r"[（(]([^（）()]*)[）)]")
# Columns the system computes itself, or that are another period's: last year's, growth, the month's own.
_NOT_CUMULATIVE = re.compile(r"上年|去年|上月|同期|增速|增长|增幅|增减|同比|环比|比重|占比|[%％±]|当月|本月(?!止)")
_CUMULATIVE_MARK = re.compile(rf"本月止累计|本年累计|本期累计|累计|1\s*[{_DASHES}]\s*\d{{1,2}}\s*月")
_QUALIFIERS = re.compile(
    rf"(?:19|20)\d{{2}}年|年初至本月累计|本月止累计|本年累计|本期累计|1[{_DASHES}]\d{{1,2}}月份?|累计(?:数|值)?|本年|今年|本期")
# The words a header puts around an indicator's name: 税收合计, 营业收入总额, 全年工业总产值 (tolerant matching).
_SUFFIXES = ("合计", "总额", "总计", "总数", "小计", "金额", "数")
_PREFIXES = ("全年", "当年", "年初至今", "全部")
EXACT, SYNONYM, TOLERANT, BY_HAND, REMEMBERED = "exact", "synonym", "tolerant", "by_hand", "remembered"
_DECIMAL = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$")


def brackets_alike(text: str) -> str:
    return text.replace("(", "（").replace(")", "）")


def is_total(text: str) -> bool:
    text = normalise_name(text)
    return text.endswith(TOTAL_WORDS) or text.startswith(("其中", "合计", "总计"))


# ---------------------------------------------------------------------------------------------------
# The header


@dataclass
class IndicatorColumn:
    """A column read: which indicator, the header as written, and how to bring its figures to our unit."""

    index: int
    indicator_id: int
    code: str
    name: str
    unit: str  # the indicator's own unit (万元 for money)
    header: str
    written_unit: str  # the unit the sheet gives; "" when it gives none
    factor: Decimal
    explicit: bool  # the header says it is the cumulative (本月止累计, 1-N月 …)
    how: str = EXACT  # how the header was matched to the indicator (Match.how)
    how_label: str = ""  # the same, in the words the preview shows
    key: str = ""  # the header as header_key() reduces it: what a mapping by hand is kept under

    def as_dict(self) -> dict:
        return {"header": self.header, "indicator": self.name, "code": self.code, "unit": self.unit,
                "written_unit": self.written_unit, "factor": plain_number(self.factor), "conversion": self.conversion,
                "how": self.how, "how_label": self.how_label, "key": self.key}

    @property
    def conversion(self) -> str:
        if not self.written_unit or self.written_unit == self.unit:
            return self.unit
        return f"{self.written_unit} → {self.unit}"


@dataclass
class SheetHeader:
    row: int  # the Excel row number of its first row
    last_index: int  # the index, among the sheet's rows, of its last row: data follow
    identity: dict[str, int]  # number, code, name → column index
    columns: list[IndicatorColumn]
    ignored: list[dict]  # {"header", "reason"}: columns left out and why
    code_is_credit_code: bool  # the code column says 信用代码 (not only 组织机构代码)
    texts: list[str]
    problems: list[str] = field(default_factory=list)  # columns that cannot be read as they are


def header_key(header: str) -> str:
    """The header as a person reads it for its name: without the year, 本年累计 / 1-N月, units and other
    bracketed notes ("税收合计（千元）本年累计" → "税收合计"). Mappings by hand are kept under it."""
    text = brackets_alike(normalise_header(header))
    bare = _BRACKETED.sub("", _QUALIFIERS.sub("", text)).replace("（）", "")
    return _TRAILING_UNIT.sub("", bare)


def _without_affixes(key: str) -> tuple[str, list[str]]:
    """The key without the words a header adds around an indicator's name (税收合计, 营业收入总额,
    全年工业总产值), and the words taken off."""
    removed, changed = [], True
    while changed and key:
        changed = False
        for word in _SUFFIXES:
            if key.endswith(word) and len(key) > len(word):
                key, changed = key[:-len(word)], True
                removed.append(word)
        for word in _PREFIXES:
            if key.startswith(word) and len(key) > len(word):
                key, changed = key[len(word):], True
                removed.append(word)
    return key, removed


@dataclass(frozen=True)
class Match:
    indicator: Indicator
    how: str  # EXACT, SYNONYM, TOLERANT, BY_HAND or REMEMBERED
    label: str  # how, as the preview says it


class Catalogue:
    """The indicators by every name a header may give them, and the headers mapped by hand: for this
    import (by_hand: --map or the page's choice) and remembered for the park (remembered), both keyed by
    header_key()."""

    def __init__(self, *, by_hand: dict[str, Indicator] | None = None,
                 remembered: dict[str, Indicator] | None = None):
        self.indicators = list(Indicator.objects.all())
        self.by_hand = by_hand or {}
        self.remembered = remembered or {}
        self.by_name: dict[str, Indicator] = {}
        for indicator in self.indicators:
            names = [indicator.name, *re.split(r"[、，,；;\n]+", indicator.synonyms or "")]
            for name in names:
                key = brackets_alike(normalise_header(name))
                if key:
                    self.by_name.setdefault(key, indicator)

    def find(self, header: str) -> Match | None:
        """The indicator a header names, as a person would read it: a mapping by hand first, then the
        name or a synonym (with or without 本年累计, 1-N月 and the unit), then the same without the words
        around it (合计, 总额, 总计 …)."""
        key = header_key(header)
        if key in self.by_hand:
            return Match(self.by_hand[key], BY_HAND, "手工对应")
        if key in self.remembered:
            return Match(self.remembered[key], REMEMBERED, "按本园区记住的对应")
        text = brackets_alike(normalise_header(header))
        without_qualifiers = _QUALIFIERS.sub("", text)
        bare = _BRACKETED.sub("", without_qualifiers)
        for candidate in (text, without_qualifiers, _BRACKETED.sub("", text), bare, key):
            # "营业收入（千元）（本年累计）" leaves empty brackets behind.
            candidate = candidate.replace("（）", "")
            if candidate in self.by_name:
                return self._named(self.by_name[candidate], candidate)
        stripped, removed = _without_affixes(key)
        if removed and stripped in self.by_name:
            words = "”“".join(removed)
            return Match(self.by_name[stripped], TOLERANT, f"近似：去掉“{words}”")
        return None

    @staticmethod
    def _named(indicator: Indicator, candidate: str) -> Match:
        if candidate == brackets_alike(normalise_header(indicator.name)):
            return Match(indicator, EXACT, "名称一致")
        return Match(indicator, SYNONYM, "其他叫法")

    def described(self) -> str:
        return "、".join(f"“{indicator.name}”" for indicator in self.indicators)


def _unit_written(text: str) -> str:
    for content in _BRACKETED.findall(text):
        unit = content.replace("单位", "").strip(":： ")
        if unit in KNOWN_UNITS:
            return unit
    match = _UNIT_LINE.search(text) or _TRAILING_UNIT.search(_BRACKETED.sub("", _QUALIFIERS.sub("", text)))
    return match.group(1) if match else ""


def _combined(top: list[str], below: list[str]) -> list[str]:
    """The two rows of a two-row header as one text a column: an indicator's name merged over its
    sub-columns is written in the first cell only, so it is carried right over the sub-columns."""
    texts, carried = [], ""
    for index in range(max(len(top), len(below))):
        upper = top[index] if index < len(top) else ""
        lower = below[index] if index < len(below) else ""
        if upper:
            carried = upper
        elif lower:
            upper = carried
        texts.append(f"{upper} {lower}".strip())
    return texts


def _continues_header(cells: list[str], identity: dict[str, int]) -> bool:
    """The second row of a two-row header: nothing under the name and the code, and no figures."""
    for key in ("name", "code"):
        index = identity.get(key)
        if index is not None and index < len(cells) and cells[index]:
            return False
    filled = [cell for cell in cells if cell]
    return bool(filled) and not any(_DECIMAL.match(cell.replace(",", "")) for cell in filled)


def read_header(rows: list[list[str]], catalogue: Catalogue) -> SheetHeader | None:
    """The header among the first rows: a row naming the enterprise column and at least one indicator,
    with perhaps a second row of sub-columns under it ("本月止累计 | 上年同期累计 | 增速%") or a row of
    indicator names over it (when the enterprise columns sit in the lower row)."""
    for position, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        identity = map_header(cells, ID_COLUMNS)
        if "name" not in identity:
            continue
        layouts = [(position, position, list(cells))]
        below = rows[position + 1] if position + 1 < len(rows) else []
        if below and _continues_header(below, identity):
            layouts.append((position, position + 1, _combined(cells, below)))
        if position > 0 and _continues_header(rows[position - 1], identity):
            layouts.append((position - 1, position, _combined(rows[position - 1], cells)))
        found = []
        for first, last, texts in layouts:
            code_header = texts[identity["code"]] if "code" in identity else ""
            header = SheetHeader(row=first + 1, last_index=last, identity=identity, columns=[], ignored=[],
                                 code_is_credit_code="信用" in code_header, texts=texts)
            _read_indicator_columns(header, catalogue, _unit_above(rows[:first]))
            found.append(header)
        # The most indicators found; on a tie the two-row reading, which tells 本月止累计 from 上年同期.
        best = max(found, key=lambda header: (len(header.columns) + len(header.problems),
                                              header.last_index - header.row))
        if best.columns or best.problems:
            return best
    return None


def _read_indicator_columns(header: SheetHeader, catalogue: Catalogue, unit_above: str) -> None:
    columns, ignored = header.columns, header.ignored
    for index, text in enumerate(header.texts):
        if not text or index in header.identity.values():
            continue
        try:
            column = _indicator_column(index, text, catalogue, unit_above, ignored)
        except ValueError as problem:
            header.problems.append(str(problem))
            continue
        if column is None:
            continue
        same = next((c for c in columns if c.indicator_id == column.indicator_id), None)
        if same is None:
            columns.append(column)
        elif column.explicit and not same.explicit:
            # "营业收入" and "营业收入（本年累计）": the one that says it is the cumulative.
            columns[columns.index(same)] = column
            ignored.append({"header": same.header, "reason": f"另有“{column.header}”列，以其为准"})
        else:
            ignored.append({"header": column.header, "reason": f"与“{same.header}”列重复，只读取前者"})


def _unit_above(rows: list[list[str]]) -> str:
    for cells in rows:
        for cell in cells:
            match = _UNIT_LINE.search(normalise_header(cell))
            if match:
                return match.group(1)
    return ""


def _indicator_column(index: int, text: str, catalogue: Catalogue, unit_above: str,
                      ignored: list[dict]) -> IndicatorColumn | None:
    """The column's indicator and unit; None for a column not read (listed in `ignored`); ValueError
    for a unit that cannot be brought to the indicator's."""
    header = " ".join(text.split())
    compact = normalise_header(text)
    # "10月" alone is the month's own figure; "1-10月" (and "1月" in January) the cumulative.
    single_months = [int(m) for m in _ONE_MONTH.findall(MONTHS_SPAN.sub("", compact))]
    if _NOT_CUMULATIVE.search(compact) or any(m > 1 for m in single_months):
        ignored.append({"header": header, "reason": "上年同期、增速和当月数不导入，由系统计算"})
        return None
    match = catalogue.find(compact)
    if match is None:
        # The one kind of column a person may map to an indicator by hand (--map, the page's choice).
        ignored.append({"header": header, "reason": "不是指标目录中的指标，不导入", "unmatched": True,
                        "key": header_key(compact)})
        return None
    indicator = match.indicator
    written = _unit_written(compact)
    if indicator.is_money:
        written = written or unit_above
        if written and written not in MONEY_UNITS:
            raise ValueError(f"“{header}”列的单位“{written}”不是金额单位，无法换算为万元。")
        factor = MONEY_UNITS[written] if written else Decimal(1)
    else:
        factors = OTHER_UNITS.get(indicator.unit, {indicator.unit: Decimal(1)})
        if written and written not in factors:
            raise ValueError(f"“{header}”列的单位“{written}”与系统中“{indicator.name}”的计量单位"
                             f"“{indicator.unit}”不同，无法换算。请改为{indicator.unit}后再导入。")
        factor = factors.get(written, Decimal(1))
    return IndicatorColumn(index=index, indicator_id=indicator.pk, code=indicator.code, name=indicator.name,
                           unit=indicator.unit, header=header, written_unit=written, factor=factor,
                           explicit=bool(_CUMULATIVE_MARK.search(compact)), how=match.how,
                           how_label=match.label, key=header_key(compact))


# ---------------------------------------------------------------------------------------------------
# Cells


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == clock_time() else value.isoformat(sep=" ")
    return str(value).strip()


def read_number(value) -> Decimal | None:
    """A figure as the sheet holds it; None when not reported (blank, "-", "—"). Raises ValueError."""
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise ValueError(cell_text(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(cell_text(value))
        # repr() is the shortest text that gives the float back: what Excel shows, not its binary tail.
        return Decimal(repr(value))
    if not isinstance(value, str):
        raise ValueError(cell_text(value))
    text = unicodedata.normalize("NFKC", value).replace(",", "").replace(" ", "").strip()
    if text in BLANK_MARKS:
        return None
    if not _DECIMAL.match(text):
        raise ValueError(value.strip())
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(value.strip()) from None

