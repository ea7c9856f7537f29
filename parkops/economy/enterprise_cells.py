"""How the enterprise registry's cells read: months written every way offices write them, quantities
with their units, honours with the year they were awarded, yes and no, the party organisation. Blank
cells read as None; a cell that cannot be read raises ValueError, which the import reports by row."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from parkops.core.text import BLANK_MARKS as BLANK
from parkops.core.text import NONE_WORDS, normalise_name
from parkops.economy.choices import PartyOrganisation

YES = {"是", "规上", "规上企业", "√", "✓", "✔", "Y", "YES", "1", "TRUE"}
NO = {"否", "规下", "非规上", "不是", "×", "✗", "N", "NO", "0", "FALSE"}
PARTY = {
    PartyOrganisation.NONE: {"无", "未建立", "未组建", "未建", "没有", "否", "暂无", "未成立"},
    PartyOrganisation.SINGLE: {"单独组建", "单建", "独立组建", "单独建立", "单独成立", "独建"},
    PartyOrganisation.JOINT: {"联合组建", "联建", "联合建立", "联合成立"},
}

_NUMBER = re.compile(r"^(\d+(?:\.\d+)?)\s*(亩|平方米|㎡|m²|m2|人|名)?$")
_MONTH = re.compile(r"^((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})(?:\s*月份?)?(?:[-/.]\d{1,2}日?|\d{1,2}日)?(?:\s.*)?$")
_MONTH_COMPACT = re.compile(r"^((?:19|20)\d{2})(\d{2})$")
_YEAR_ONLY = re.compile(r"^((?:19|20)\d{2})\s*年?$")
_HONOUR_SEPARATORS = re.compile(r"[、，,；;\n]+")
_HONOUR_YEAR_AFTER = re.compile(r"^(.*?)\s*[（(]\s*((?:19|20)\d{2})\s*年?(?:度)?(?:认定)?\s*[）)]$")
_HONOUR_YEAR_BEFORE = re.compile(r"^((?:19|20)\d{2})\s*年度?\s*(.+)$")


def collapse(text: str) -> str:
    return " ".join((text or "").split())




def read_month(text: str) -> date | None:
    """"2023-01", "2023年1月", "2023.1", "202301", an Excel date (2023-01-15) → 2023-01-01; blank →
    None; anything else raises ValueError. A year alone is read as its January."""
    text = normalise_name(text)
    if text in BLANK:
        return None
    match = _MONTH.match(text) or _MONTH_COMPACT.match(text)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
    elif year_only := _YEAR_ONLY.match(text):
        year, month = int(year_only.group(1)), 1
    else:
        raise ValueError(text)
    if not 1 <= month <= 12:
        raise ValueError(text)
    return date(year, month, 1)


def read_quantity(text: str) -> Decimal | None:
    """"12.5", "12.5亩", "1,200", "无" (none: 0) → a Decimal; blank → None; else ValueError."""
    text = normalise_name(text).replace(",", "").replace("，", "")
    if text in BLANK:
        return None
    if text in NONE_WORDS:
        return Decimal(0)
    match = _NUMBER.match(text)
    if match is None:
        raise ValueError(text)
    try:
        return Decimal(match.group(1))
    except InvalidOperation:
        raise ValueError(text) from None


@dataclass(frozen=True)
class HonourEntry:
    name: str
    year: int | None

    @property
    def label(self) -> str:
        return f"{self.name}({self.year})" if self.year else self.name

    def held_by(self, honours) -> bool:
        """Already recorded: the same title (in the same year, when the sheet gives one)."""
        return any(normalise_name(h.name) == normalise_name(self.name)
                   and (self.year is None or h.awarded_on.year == self.year) for h in honours)


def read_honours(text: str) -> list[HonourEntry]:
    """"高新技术企业(2023)、专精特新中小企业" → two honours, the first with its year."""
    entries: list[HonourEntry] = []
    for part in _HONOUR_SEPARATORS.split(text or ""):
        part = collapse(part)
        if part in BLANK or part in NONE_WORDS:
            continue
        if match := _HONOUR_YEAR_AFTER.match(part):
            entry = HonourEntry(collapse(match.group(1)), int(match.group(2)))
        elif match := _HONOUR_YEAR_BEFORE.match(part):
            entry = HonourEntry(collapse(match.group(2)), int(match.group(1)))
        else:
            entry = HonourEntry(part, None)
        if entry.name and entry not in entries:
            entries.append(entry)
    return entries


def read_party_organisation(text: str) -> str | None:
    text = normalise_name(text)
    if text in BLANK:
        return None
    for value, words in PARTY.items():
        if text in words or text == PartyOrganisation(value).label:
            return value
    raise ValueError(text)


def read_yes_no(text: str) -> bool | None:
    text = normalise_name(text).upper()
    if text in BLANK:
        return None
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(text)
