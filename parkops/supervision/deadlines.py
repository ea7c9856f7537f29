"""A task's 完成时限 as the ledgers write it, read against the plan's year.

"2026年9月30日", "9月30日", "11月25日前", "6月底前", "年底前", "三季度末", "上半年": a date. "长期坚持",
"持续推进", "常态化": no date, the task is ongoing. Anything else is no date either, and the caller says
so: a deadline is never guessed. The text itself is kept on the task (Task.deadline_text), so a ledger
prints it as it was written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_DATE = re.compile(
    r"(?:((?:19|20)\d{2})\s*[年./\-])?\s*(\d{1,2})\s*(?:月|[./\-])\s*(?:(\d{1,2})\s*[日号]?|(底|末))?"
)
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_QUARTER = re.compile(r"(?:第\s*)?([一二三四1-4])\s*季度")
_QUARTER_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_ONGOING = ("长期坚持", "持续推进", "长期推进", "持续开展", "常态化", "长期", "持续", "立行立改")
_YEAR_END = ("年底", "年末", "年内", "全年", "下半年")
_HALF_YEAR = ("上半年", "年中")


@dataclass(frozen=True)
class DeadlineReading:
    deadline: date | None
    ongoing: bool = False  # "长期坚持": no date on purpose

    @property
    def understood(self) -> bool:
        return self.deadline is not None or self.ongoing


def _month_end(year: int, month: int) -> date:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def read_deadline(text: str, year: int) -> DeadlineReading:
    """The first date the text names, in `year` unless it names its own; quarters and halves end on
    their last day."""
    text = (text or "").strip()
    if not text:
        return DeadlineReading(None)
    try:
        return _read(text, year)
    except (ValueError, OverflowError):  # "2月30日", a year past 9999
        return DeadlineReading(None)


def _read(text: str, year: int) -> DeadlineReading:
    named_year = _YEAR.search(text)
    year = int(named_year.group(1)) if named_year else year
    match = _DATE.search(text)
    if match is not None:
        year = int(match.group(1) or year)
        month = int(match.group(2))
        if match.group(3):
            return DeadlineReading(date(year, month, int(match.group(3))))
        return DeadlineReading(_month_end(year, month))
    quarter = _QUARTER.search(text)
    if quarter is not None:
        return DeadlineReading(_month_end(year, 3 * _QUARTER_NUMBERS[quarter.group(1)]))
    if any(word in text for word in _HALF_YEAR):
        return DeadlineReading(date(year, 6, 30))
    if any(word in text for word in _YEAR_END) or named_year:
        return DeadlineReading(date(year, 12, 31))
    if any(word in text for word in _ONGOING):
        return DeadlineReading(None, ongoing=True)
    return DeadlineReading(None)


def parse_deadline(text: str, year: int) -> date | None:
    return read_deadline(text, year).deadline


def deadline_as_written(deadline: date | None, text: str) -> str:
    """What a ledger prints in its 完成时限 column: the text as imported, else the date."""
    if text:
        return text
    return f"{deadline.year}年{deadline.month}月{deadline.day}日" if deadline else ""
