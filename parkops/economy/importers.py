"""Import of the statistics bureau's monthly sheet (规模以上工业企业主要经济指标): each enterprise's
figures for the year to the month's end (1-N月), stored as reported through services.record_values(),
which derives the month's own value and marks a closed month revised.

A sheet is a title ("2025年1-10月规模以上工业企业主要经济指标"), perhaps "单位：千元", a header of one
or two rows — an indicator's name merged over "本月止累计 | 上年同期累计 | 增速%" — and a row per
enterprise, ending in a 合计 row. Columns are found by their header: an indicator's catalogue name or
one of its synonyms (Indicator.synonyms), with or without 本月止累计 / 1-N月 / 累计 / 本年累计. Last
year's figures, growth rates and the month's own figures are left out: the system computes them from
what it stores. Money is converted to 万元 exactly from the unit in its header ("营业收入（千元）") or
above the table ("单位：千元"); the other indicators keep their own unit.

Enterprises are matched by credit code, then by name. Those the registry lacks are listed ("表中新
企业") and, when asked to (create_missing), registered with the code and name the sheet gives.

A province's sheet has 30,000 rows. It is read by python-calamine in a child process with memory and time
limits (core/isolation.py), which hands back the sheets' values, and the preview keeps what the page and the commit need — counts, problems, new enterprises, a few rows to show,
and the figures to write — never the cells.

The page reads and writes on the worker (ImportRun, import_runs.py), reporting the progress this
importer gives (Progress) to the run's row.
"""

from __future__ import annotations

import logging
import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as clock_time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.files import File
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from parkops.core.fileparse import Sheet
from parkops.core.formatting import MONEY_UNITS, plain_number
from parkops.core.imports import (
    HEADER_SEARCH_ROWS,
    Column,
    Importer,
    ImportFileError,
    ImportOutcome,
    ImportRejected,
    Preview,
    WritePlan,
    map_header,
    normalise_header,
    parse_isolated,
    sheet_limits,
)
from parkops.core.imports import checked_bytes as core_checked_bytes
from parkops.core.periods import cumulative_label, month_start, period_key, period_label, previous_month
from parkops.core.text import normalise_name
from parkops.economy.creditcode import LENGTH, credit_code_problem, normalise_code
from parkops.economy.models import (
    Enterprise,
    Indicator,
    IndicatorValue,
    PeriodClose,
    ScaleMembership,
)
from parkops.economy.registry import scale_at, this_month
from parkops.economy.services import BATCH, Reported, ValuesPlan, plan_new_values, plan_values, write_values
from parkops.org.models import Park

logger = logging.getLogger(__name__)

ALLOWED = {"xlsx"}  # the bureau sends Excel; a .xls or a Word file gets core's message
PROGRESS_EVERY = 1000  # rows between two progress reports
SAMPLE_ROWS = 20
SHOWN_ERRORS, SHOWN_WARNINGS, SHOWN_NEW = 200, 100, 200  # what the page lists; the command lists all
# IndicatorValue keeps four decimals (AMOUNT): 0.0001万元 is one yuan, so a figure in 元 with 角 and 分
# is kept to the yuan.
PLACES = Decimal("0.0001")
TOO_LARGE = Decimal(10) ** 14  # AMOUNT's 18 digits less its four decimals
MAX_NAME = Enterprise._meta.get_field("name").max_length
# Indicators whose figure may rightly be below zero: a loss is a negative 利润总额.
MAY_BE_NEGATIVE = {"profit"}

NOT_REPORTED = {"", "-", "—", "--", "——", "－", "/", "／", "…", "……"}
TOTAL_WORDS = ("合计", "总计", "小计")
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
_DATED_LINE = re.compile(r"上年|去年|同期|日期|报送|填报|制表|打印|导出")

ID_COLUMNS = (
    Column("number", "序号", ("编号",), required=False),
    Column("code", "统一社会信用代码", ("社会信用代码", "信用代码", "统一信用代码", "组织机构代码", "机构代码",
                                        "法人单位代码", "单位代码", "统一社会信用代码（组织机构代码）"), required=False),
    Column("name", "企业名称", ("详细名称", "单位名称", "单位详细名称", "企业（单位）名称", "企业(单位)名称",
                                "法人单位名称", "法人单位详细名称", "企业全称", "单位全称", "公司名称", "企业"),
           required=True),
)

_DASHES = "-－—–~～至到"
_MONTHS_SPAN = re.compile(rf"1\s*[{_DASHES}]\s*(\d{{1,2}})\s*月")
_ONE_MONTH = re.compile(r"(?<![\d年])(\d{1,2})\s*月")
_TITLE_PERIOD = re.compile(
    rf"(?:((?:19|20)\d{{2}})\s*年\s*)?(?:1\s*[{_DASHES}]\s*)?(\d{{1,2}})\s*月(?!\s*\d{{1,2}}\s*日)(?!份?\d)")
_UNIT_LINE = re.compile(r"单位\s*[:：]?\s*(千元|万元|亿元|元)")
_BRACKETED = re.compile(r"[（(]([^（）()]*)[）)]")
# Columns the system computes itself, or that are another period's: last year's, growth, the month's own.
_NOT_CUMULATIVE = re.compile(r"上年|去年|上月|同期|增速|增长|增幅|增减|同比|环比|比重|占比|[%％±]|当月|本月(?!止)")
_CUMULATIVE_MARK = re.compile(rf"本月止累计|本年累计|本期累计|累计|1\s*[{_DASHES}]\s*\d{{1,2}}\s*月")
_QUALIFIERS = re.compile(
    rf"(?:19|20)\d{{2}}年|年初至本月累计|本月止累计|本年累计|本期累计|1[{_DASHES}]\d{{1,2}}月份?|累计(?:数|值)?|本年|今年|本期")
_DECIMAL = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$")


def _brackets_alike(text: str) -> str:
    return text.replace("(", "（").replace(")", "）")


def _is_total(text: str) -> bool:
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

    def as_dict(self) -> dict:
        return {"header": self.header, "indicator": self.name, "code": self.code, "unit": self.unit,
                "written_unit": self.written_unit, "factor": plain_number(self.factor), "conversion": self.conversion}

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


class Catalogue:
    """The indicators by every name a header may give them."""

    def __init__(self):
        self.indicators = list(Indicator.objects.all())
        self.by_name: dict[str, Indicator] = {}
        for indicator in self.indicators:
            names = [indicator.name, *re.split(r"[、，,；;\n]+", indicator.synonyms or "")]
            for name in names:
                key = _brackets_alike(normalise_header(name))
                if key:
                    self.by_name.setdefault(key, indicator)

    def find(self, header: str) -> Indicator | None:
        text = _brackets_alike(normalise_header(header))
        without_qualifiers = _QUALIFIERS.sub("", text)
        bare = _BRACKETED.sub("", without_qualifiers)
        for candidate in (text, without_qualifiers, _BRACKETED.sub("", text), bare, _TRAILING_UNIT.sub("", bare)):
            # "营业收入（千元）（本年累计）" leaves empty brackets behind.
            candidate = candidate.replace("（）", "")
            if candidate in self.by_name:
                return self.by_name[candidate]
        return None

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
    single_months = [int(m) for m in _ONE_MONTH.findall(_MONTHS_SPAN.sub("", compact))]
    if _NOT_CUMULATIVE.search(compact) or any(m > 1 for m in single_months):
        ignored.append({"header": header, "reason": "上年同期、增速和当月数不导入，由系统计算"})
        return None
    indicator = catalogue.find(compact)
    if indicator is None:
        ignored.append({"header": header, "reason": "不是指标目录中的指标，不导入"})
        return None
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
                           explicit=bool(_CUMULATIVE_MARK.search(compact)))


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
    if text in NOT_REPORTED:
        return None
    if not _DECIMAL.match(text):
        raise ValueError(value.strip())
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(value.strip()) from None


# ---------------------------------------------------------------------------------------------------
# The preview


@dataclass
class NewEnterprise:
    credit_code: str
    name: str
    row: int

    def as_dict(self) -> dict:
        return {"credit_code": self.credit_code, "name": self.name, "row": self.row}


@dataclass
class IndicatorPreview(Preview):
    park: Park | None = None
    period: date | None = None
    create_missing: bool = False
    title: str = ""
    sheet: str = ""
    header_row: int = 0
    columns: list[IndicatorColumn] = field(default_factory=list)
    ignored: list[dict] = field(default_factory=list)
    rows: int = 0  # enterprise rows read
    matched: int = 0  # of which in the registry
    new_enterprises: list[NewEnterprise] = field(default_factory=list)
    to_create: int = 0
    to_update: int = 0
    unchanged: int = 0
    not_scale: int = 0  # enterprises with no 规上 membership covering the month: left out of 规上 figures
    is_closed: bool = False
    missing_refused: bool = False  # new enterprises and no create_missing: the one error a tick box lifts
    sample: list[dict] = field(default_factory=list)
    # What commit writes: (enterprise id, or the credit code of a new one; indicator id; value in our unit).
    figures: list[tuple[int | str, int, Decimal]] = field(default_factory=list, repr=False)

    @property
    def period_label(self) -> str:
        return period_label(self.period) if self.period else ""

    @property
    def counts(self) -> dict[str, int]:
        return {"rows": self.rows, "matched": self.matched, "new": len(self.new_enterprises),
                "not_scale": self.not_scale, "values_create": self.to_create, "values_update": self.to_update,
                "values_unchanged": self.unchanged}

    def _head(self) -> dict:
        return {
            "file": self.filename, "park": str(self.park) if self.park else None,
            "period": period_key(self.period) if self.period else None, "period_label": self.period_label,
            "cumulative_label": cumulative_label(self.period) if self.period else "",
            "title": self.title, "sheet": self.sheet, "header_row": self.header_row,
            "columns": [column.as_dict() for column in self.columns], "ignored": self.ignored,
            "counts": self.counts, "errors": len(self.errors), "warnings": len(self.warnings),
            "is_closed": self.is_closed, "create_missing": self.create_missing,
            "missing_refused": self.missing_refused,
        }

    def as_dict(self) -> dict:
        """Everything, every problem and every new enterprise: what `--json` prints."""
        return {**self._head(), "new_enterprises": [n.as_dict() for n in self.new_enterprises],
                "problems": [p.as_dict() for p in self.problems], "sample": self.sample}

    def summary(self) -> dict:
        """What the run page shows, kept in ImportRun.preview: the problems and new enterprises capped,
        so that a sheet with 30,000 faulty rows is not 30,000 rows in the database twice."""
        errors = [p for p in self.errors if p.row is not None]
        warnings = [p for p in self.warnings if p.row is not None]
        whole = [p for p in self.problems if p.row is None]
        return {
            **self._head(),
            "problems": [p.as_dict() for p in (*whole, *errors[:SHOWN_ERRORS], *warnings[:SHOWN_WARNINGS])],
            "errors_omitted": max(0, len(errors) - SHOWN_ERRORS),
            "warnings_omitted": max(0, len(warnings) - SHOWN_WARNINGS),
            "new_enterprises": [n.as_dict() for n in self.new_enterprises[:SHOWN_NEW]],
            "new_omitted": max(0, len(self.new_enterprises) - SHOWN_NEW),
            "sample": self.sample,
        }


@dataclass
class IndicatorOutcome(ImportOutcome):
    revised_periods: list[date] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"counts": self.counts, "summary": self.summary(),
                "revised": [period_label(period) for period in self.revised_periods]}


Progress = Callable[[str, int, int], None]  # (phase, done, total)

CHECKING, READING, WRITING = "checking", "reading", "writing"


@dataclass(frozen=True)
class _Known:
    id: int
    park_id: int
    credit_code: str
    name: str


class _Registry:
    """The enterprises a sheet may name, looked up in dicts filled by one query, and the rows that
    named each so far: an enterprise appears once in a sheet."""

    def __init__(self, park: Park | None):
        self.park = park
        self.by_code: dict[str, _Known] = {}
        self.by_name: dict[str, list[_Known]] = defaultdict(list)
        for id_, park_id, code, normalised, name in Enterprise.objects.values_list(
                "id", "park_id", "credit_code", "normalised_name", "name"):
            known = _Known(id_, park_id, code, name)
            self.by_code[code] = known
            if park is not None and park_id == park.pk:
                self.by_name[normalised].append(known)
        self.code_rows: dict[str, int] = {}
        self.id_rows: dict[int, int] = {}
        self.name_rows: dict[str, int] = {}

    def resolve(self, preview: IndicatorPreview, number: int, name: str, code: str) -> int | str | None:
        """The enterprise a row is about: its id, the credit code of a new one, or None (an error given)."""
        if code in self.code_rows:
            preview.error(number, f"统一社会信用代码“{code}”与第{self.code_rows[code]}行重复，同一企业在表中只能出现一次。")
            return None
        if code:
            self.code_rows[code] = number
        key = normalise_name(name)
        if code and code in self.by_code:
            target = self._known_by_code(preview, number, name, self.by_code[code])
        elif code:
            return self._new(preview, number, name, code)
        else:
            target = self._known_by_name(preview, number, name)
        if target is None:
            return None
        if target in self.id_rows:
            preview.error(number, f"“{name or code}”与第{self.id_rows[target]}行是同一家企业，同一企业在表中只能出现一次。")
            return None
        self.id_rows[target] = number
        if key:
            self.name_rows.setdefault(key, number)
        return target

    def _known_by_code(self, preview: IndicatorPreview, number: int, name: str, known: _Known) -> int | None:
        if self.park is not None and known.park_id != self.park.pk:
            preview.error(number, f"统一社会信用代码“{known.credit_code}”属于其他园区的企业“{known.name}”。")
            return None
        if name and _brackets_alike(normalise_name(name)) != _brackets_alike(normalise_name(known.name)):
            preview.warn(number, f"表中名称“{name}”与企业名录中的“{known.name}”不同，按信用代码匹配，名录中的名称不变。")
        return known.id

    def _known_by_name(self, preview: IndicatorPreview, number: int, name: str) -> int | None:
        same_name = self.by_name.get(normalise_name(name), [])
        if len(same_name) > 1:
            preview.error(number, f"企业名录中有{len(same_name)}家企业名为“{name}”，请在表中填写统一社会信用代码。")
            return None
        if not same_name:
            preview.error(number, f"企业“{name}”不在企业名录中，且没有统一社会信用代码，无法登记。"
                                  "请补填信用代码，或先在企业名录中登记该企业。")
            return None
        return same_name[0].id

    def _new(self, preview: IndicatorPreview, number: int, name: str, code: str) -> str | None:
        key = normalise_name(name)
        same_name = self.by_name.get(key, [])
        if same_name:
            preview.error(number, f"统一社会信用代码“{code}”不在企业名录中，但企业名称与名录中的“{same_name[0].name}”"
                                  f"（信用代码{same_name[0].credit_code}）相同，请核对信用代码。")
            return None
        if not key:
            preview.error(number, f"统一社会信用代码“{code}”不在企业名录中，且没有企业名称，无法登记。")
            return None
        if len(name) > MAX_NAME:
            preview.error(number, f"企业名称“{name[:30]}…”超过{MAX_NAME}字，是否填错了列？")
            return None
        if key in self.name_rows:
            preview.error(number, f"企业名称“{name}”与第{self.name_rows[key]}行相同，但信用代码不同，请核对。")
            return None
        self.name_rows[key] = number
        preview.new_enterprises.append(NewEnterprise(credit_code=code, name=" ".join(name.split()), row=number))
        return code


class IndicatorImporter(Importer):
    """The statistics bureau's monthly sheet into IndicatorValue for one park and month."""

    what = "统计局月度指标表"
    columns = ID_COLUMNS
    allowed = ALLOWED

    def __init__(self, *, park: Park | None, period: date, create_missing: bool = False,
                 progress: Progress | None = None, phase: str = READING):
        self.park = park
        self.period = month_start(period)
        self.create_missing = create_missing
        self.progress = progress or (lambda phase, done, total: None)
        self.phase = phase

    # -- reading ----------------------------------------------------------------------------------

    def preview(self, file: File) -> IndicatorPreview:
        name = os.path.basename(file.name or "")
        data = checked_bytes(file, name)
        sheets = parse_isolated("parkops.core.fileparse:read_sheets", data, sheet_limits(), name=name)
        sheet, header, preamble, rows, total = self._find_sheet(sheets, name)
        preview = IndicatorPreview(filename=name, kind="xlsx", park=self.park, period=self.period,
                                   create_missing=self.create_missing, sheet=sheet, header_row=header.row,
                                   columns=header.columns, ignored=header.ignored)
        preview.title = next((text for text in preamble if "单位" not in text and not _DATED_LINE.search(text)), "")
        self._check_park_and_period(preview, preamble, header)
        self._read_rows(preview, header, rows, total)
        self._after_rows(preview)
        return preview

    def _find_sheet(self, sheets: list[Sheet], name: str):
        catalogue = Catalogue()
        for sheet in sheets:
            if sheet.end is None:
                continue
            # The rows from the sheet's first (so row numbers are Excel's, less one) and the columns from
            # the first used one, as calamine's iter_rows() gives them.
            rows = iter(sheet.rows)
            sheet_name = sheet.name
            first = []
            for cells in rows:
                first.append(cells)
                if len(first) > HEADER_SEARCH_ROWS:
                    break
            header = read_header([[cell_text(value) for value in cells] for cells in first], catalogue)
            if header is None:
                continue
            # Above the header, cell by cell: the title, "单位：千元", "填报日期：…" may share a row.
            preamble = [text for cells in first[:header.row - 1] for text in map(cell_text, cells) if text]
            start = header.last_index + 1
            data = _chain(enumerate(first[start:], start=start + 1), enumerate(rows, start=len(first) + 1))
            return f"工作表“{sheet_name}”", header, preamble, data, sheet.end[0] + 1
        raise ImportFileError(
            f"文件“{name}”中未找到统计表的表头：需要“企业名称”（也可写作“单位名称”“详细名称”）列，"
            f"和至少一个指标列（{catalogue.described()}）。请确认表头在表格的前几行。")

    def _check_park_and_period(self, preview: IndicatorPreview, preamble: list[str], header: SheetHeader) -> None:
        if self.park is None:
            parks = list(Park.objects.all()[:2])
            if len(parks) == 1:
                preview.park = self.park = parks[0]
            else:
                preview.error(None, "系统中还没有园区，请先建立园区。" if not parks
                              else "系统中有多个园区，请指定导入到哪个园区（--park）。")
        for problem in header.problems:
            preview.error(None, problem)
        period, label = self.period, f"{period_label(self.period)}（{cumulative_label(self.period)}）"
        if period >= this_month():
            preview.error(None, f"所选期间{period_label(period)}尚未结束，统计局的月度数据要到次月才有。请核对所选月份。")
        # The title and the header say which months the figures cover; a sheet of another month is
        # the wrong file or the wrong month picked, and would overwrite that month's figures.
        for line in preamble:
            if _DATED_LINE.search(line):
                continue
            for match in _TITLE_PERIOD.finditer(normalise_header(line)):
                year, month = match.group(1), int(match.group(2))
                if (year and int(year) != period.year) or month != period.month:
                    preview.error(None, f"表格标题“{line[:40]}”写的是{match.group(0)}，与所选期间{label}不符。"
                                        "请核对所选月份或文件。")
                    break
        for column in header.columns:
            months = {int(m) for m in _MONTHS_SPAN.findall(normalise_header(column.header))}
            if months - {period.month}:
                preview.error(None, f"表头“{column.header}”是1-{min(months - {period.month})}月的累计数，"
                                    f"与所选期间{label}不符。请核对所选月份或文件。")
        missing = [column for column in preview.columns if not column.written_unit and column.unit in MONEY_UNITS]
        if missing:
            preview.warn(None, "表中未注明金额单位（如“单位：千元”或“营业收入（千元）”），"
                               f"{'、'.join(c.name for c in missing)}按万元读取。请核对。")

    def _read_rows(self, preview: IndicatorPreview, header: SheetHeader,
                   rows: Iterator[tuple[int, list]], total: int) -> None:
        registry = _Registry(preview.park)
        existing: dict[tuple[int, int], Decimal] = {}
        scale: set[int] = set()
        if preview.park is not None:
            scale = set(ScaleMembership.objects.filter(scale_at(self.period), enterprise__park=preview.park)
                        .values_list("enterprise_id", flat=True))
            values = IndicatorValue.objects.filter(enterprise__park=preview.park, period=self.period,
                                                   indicator_id__in=[c.indicator_id for c in header.columns])
            existing = {(e, i): v for e, i, v in values.values_list("enterprise_id", "indicator_id", "cumulative")}
        identity = header.identity
        header_texts = [normalise_header(text) for text in header.texts]

        def at(cells: list, key: str):
            index = identity.get(key)
            return cells[index] if index is not None and index < len(cells) else None

        self.progress(self.phase, 0, total)
        for number, cells in rows:
            if number % PROGRESS_EVERY == 0 and number < total:
                self.progress(self.phase, number, total)
            if all(value is None or value == "" for value in cells):
                continue
            name, code_cell, serial = (cell_text(at(cells, key)) for key in ("name", "code", "number"))
            if _is_total(name) or _is_total(serial) or (not name and _is_total(code_cell)):
                continue  # the bureau's own sums: ours are computed from the enterprises
            if name in COLUMN_NUMBERS or [normalise_header(cell_text(c)) for c in cells] == header_texts:
                continue  # the row numbering the columns, or the header repeated on a printed page

            problems_before = len(preview.problems)  # Preview.errors is a new list each time: not per row
            figures = self._figures(preview, header, cells, number)
            if not name and not code_cell:
                if figures:
                    preview.error(number, "有指标数据，但没有企业名称和统一社会信用代码。")
                continue  # a note under the table ("注：…") or a heading
            preview.rows += 1
            code = self._credit_code(preview, header, number, at(cells, "code"))
            target = None if code is None else registry.resolve(preview, number, name, code)
            if target is None or any(p.is_error for p in preview.problems[problems_before:]):
                continue
            if isinstance(target, int):
                preview.matched += 1
            if target not in scale:
                preview.not_scale += 1
            for indicator_id, value in figures:
                before = existing.get((target, indicator_id)) if isinstance(target, int) else None
                if before is None:
                    preview.to_create += 1
                elif before != value:
                    preview.to_update += 1
                else:
                    preview.unchanged += 1
                preview.figures.append((target, indicator_id, value))
            if len(preview.sample) < SAMPLE_ROWS:
                by_indicator = dict(figures)
                preview.sample.append({
                    "row": number, "name": name, "credit_code": code, "is_new": not isinstance(target, int),
                    "figures": [[plain_number(by_indicator[c.indicator_id]) if c.indicator_id in by_indicator else "",
                                 c.unit] for c in header.columns],
                })
        self.progress(self.phase, total, total)

    def _figures(self, preview: IndicatorPreview, header: SheetHeader, cells: list,
                 number: int) -> list[tuple[int, Decimal]]:
        figures = []
        for column in header.columns:
            value = cells[column.index] if column.index < len(cells) else None
            try:
                read = read_number(value)
            except ValueError as error:
                preview.error(number, f"“{column.name}”应为数字，收到“{str(error)[:20]}”。")
                continue
            if read is None:
                continue  # not reported: nothing is written, and nothing recorded is removed
            converted = read * column.factor
            # Checked before rounding: quantize() cannot round a figure of more than 24 digits at all.
            if abs(converted) >= TOO_LARGE:
                preview.error(number, f"“{column.name}”“{cell_text(value)[:20]}”过大，请核对单位。")
                continue
            if converted < 0 and column.code not in MAY_BE_NEGATIVE:
                preview.warn(number, f"“{column.name}”为负数（{cell_text(value)}），请核对。")
            figures.append((column.indicator_id, converted.quantize(PLACES, rounding=ROUND_HALF_UP)))
        return figures

    def _credit_code(self, preview: IndicatorPreview, header: SheetHeader, number: int, value) -> str | None:
        """The row's credit code; "" when it gives none (or an organisation code); None on an error."""
        if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) >= 10 ** 15:
            # A double keeps 15 to 16 digits: the last of the 18 are gone, and no check can find them.
            preview.error(number, f"统一社会信用代码“{cell_text(value)}”被Excel存成了数字，末几位已丢失。"
                                  "请将该列设为文本格式，重新填写后再导入。")
            return None
        code = normalise_code(cell_text(value))
        if not code:
            return ""
        if len(code) != LENGTH and (not header.code_is_credit_code or len(code) in ORGANISATION_CODE_LENGTHS):
            return ""  # an organisation code: the row is matched by name
        problem = credit_code_problem(code)
        if problem:
            preview.error(number, problem)
            return None
        return code

    def _after_rows(self, preview: IndicatorPreview) -> None:
        period, park = self.period, preview.park
        if preview.rows == 0 and not preview.errors:
            preview.error(None, "表中没有企业数据行。")
        if preview.new_enterprises and not self.create_missing:
            preview.missing_refused = True
            preview.error(None, f"表中有{len(preview.new_enterprises)}家企业不在企业名录中（见“表中新企业”）。"
                                "请勾选“登记表中新企业”（命令行加 --create-missing）后导入，或先在企业名录中登记。")
        if park is None:
            return
        if preview.not_scale and not preview.has_errors:
            # The figures of the park count 规上 enterprises only (figures.py): a sheet's enterprise with no
            # membership for the month would be stored and yet missing from every 规上 total.
            preview.warn(None, f"表中有{preview.not_scale}家企业在{period_label(period)}没有规上记录（含新登记的企业），"
                               "其数据导入后不计入规上工业的汇总。如均为规上企业，请在企业名录中登记入规月份。")
        months = set(IndicatorValue.objects.filter(enterprise__park=park, period__year=period.year)
                     .values_list("period", flat=True).distinct())
        following = date(period.year, period.month + 1, 1) if period.month < 12 else None
        later = sorted(month for month in months if month > period)
        changes = preview.to_create + preview.to_update
        if following in months and changes:
            preview.warn(None, f"系统中已有{period_label(following)}的数据：导入后将按本月的累计数重新计算"
                               f"{period_label(following)}各企业的当月值。")
        elif later and changes:
            preview.warn(None, f"系统中已有{period_label(later[0])}的数据，但中间缺少{period_label(following)}的数据；"
                               "缺少的月份导入后，其下一个月的当月值才能算出。")
        before = previous_month(period)
        if period.month > 1 and before not in months and changes:
            preview.warn(None, f"系统中还没有{period_label(before)}的数据，本月各企业的当月值暂无法计算；"
                               f"导入{period_label(before)}后会自动补算。")
        closes = dict(PeriodClose.objects.filter(park=park, period__in=[period, following or period])
                      .values_list("period", "is_revised"))
        preview.is_closed = period in closes
        if preview.is_closed and preview.to_update + preview.to_create:
            preview.warn(None, "该月已关账，导入将标记为关账后修订（原数据保留在历史记录中）。")
        if following in closes and changes:
            preview.warn(None, f"{period_label(following)}已关账，其当月值如因本次导入改变，将标记为关账后修订。")

    # -- writing ----------------------------------------------------------------------------------

    def lock_name(self, preview: IndicatorPreview | None = None) -> str:
        # Two sheets of one month would each derive the month's values from half of the other's.
        return indicator_lock_name(self.park, self.period)

    def busy_message(self, holder: str) -> str:
        return indicator_busy_message(holder, self.period)


    def plan(self, preview: IndicatorPreview, *, user) -> FiguresPlan:
        """The month's values read and compared an indicator at a time (a province's sheet is 300,000
        figures: one indicator's values are held at a time, and the page sees the writing move), before
        the transaction, which then writes them all in a few bulk statements."""
        if preview.new_enterprises and not self.create_missing:
            raise ImportRejected("表中有企业不在企业名录中，未导入任何数据。")
        plan = FiguresPlan(preview=preview, user=user, reason=f"由统计局月度指标表“{preview.filename}”导入",
                           values=ValuesPlan(park=preview.park, period=self.period), planned_at=timezone.now())
        known: dict[int, list[Reported]] = defaultdict(list)
        new: list[Reported] = []
        for target, indicator_id, value in preview.figures:
            if isinstance(target, int):
                known[indicator_id].append(Reported(target, indicator_id, value))
            else:
                new.append(Reported(target, indicator_id, value))
        total = len(preview.figures)
        done = len(new)
        self.progress(WRITING, 0, total)
        plan_new_values(plan.values, new)
        for rows in known.values():
            plan_values(plan.values, rows, source=preview.filename)
            done += len(rows)
            self.progress(WRITING, done, total)
        return plan


@dataclass
class FiguresPlan(WritePlan):
    """The statistics import's writing: the sheet's new enterprises and the month's values, planned."""

    preview: IndicatorPreview
    user: object
    reason: str
    values: ValuesPlan
    planned_at: datetime

    def still_current(self) -> bool:
        """No value of the month or the two around it, and no enterprise, written since the plan read
        them (a correction on a page, the import of the month before, which has its own lock)."""
        since = {"history_date__gte": self.planned_at}
        return not (IndicatorValue.history.filter(period__in=self.values.read_periods, **since).exists()
                    or Enterprise.history.filter(history_type="+", **since).exists())

    def write(self) -> IndicatorOutcome:
        preview = self.preview
        ids = _register(preview, user=self.user, reason=self.reason)
        result = write_values(self.values, source=preview.filename, user=self.user, reason=self.reason,
                              enterprise_ids=ids)
        counts = {"新增企业": len(preview.new_enterprises), "新增数据": result.created, "更新数据": result.updated,
                  "未变数据": result.unchanged, "关账后修订月份": len(result.revised_periods)}
        return IndicatorOutcome(obj=None, counts=counts, revised_periods=sorted(result.revised_periods))


def _register(preview: IndicatorPreview, *, user, reason: str) -> dict[str, int]:
    """Register the sheet's new enterprises (credit code and name, checked in the preview) in bulk,
    with their history: a province's first sheet brings thousands. Returns their ids by code."""
    if not preview.new_enterprises:
        return {}
    created = bulk_create_with_history(
        [Enterprise(park=preview.park, credit_code=new.credit_code, name=new.name,
                    normalised_name=normalise_name(new.name)) for new in preview.new_enterprises],
        Enterprise, batch_size=BATCH, default_user=user, default_change_reason=reason)
    return {enterprise.credit_code: enterprise.pk for enterprise in created}


def indicator_lock_name(park: Park, period: date) -> str:
    return f"economy-indicators-{park.pk}-{period_key(period)}"


def indicator_busy_message(holder: str, period: date) -> str:
    return f"{period_label(period)}的统计数据正由{holder}导入，请等其完成后再试（本次未导入任何数据）。"


def _chain(*iterators):
    for iterator in iterators:
        yield from iterator


def checked_bytes(file: File, name: str) -> bytes:
    """The file's content once core's checks pass (Excel by its content, size, old or encrypted
    Office files, zip bombs), each refusal in core's Chinese words."""
    return core_checked_bytes(file, allowed=ALLOWED)[1]
