"""Reporting periods. A period is a month, held as the first day of that month; figures reported
for it are the year's cumulative to its end ("1-10月")."""

from __future__ import annotations

import re
from datetime import date

_PERIOD = re.compile(r"^(\d{4})-(\d{1,2})$")


def chinese_date(day: date) -> str:
    """2026年11月24日, as a document is dated."""
    return f"{day.year}年{day.month}月{day.day}日"


def parse_period(text: str) -> date:
    match = _PERIOD.match((text or "").strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"期间格式应为 YYYY-MM，例如 2023-10，收到：{text!r}")
    return date(int(match.group(1)), int(match.group(2)), 1)


def period_key(period: date) -> str:
    return f"{period.year}-{period.month:02d}"


def period_label(period: date) -> str:
    return f"{period.year}年{period.month}月"


def cumulative_label(period: date) -> str:
    return "1月" if period.month == 1 else f"1-{period.month}月"


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month(period: date) -> date:
    return date(period.year - 1, 12, 1) if period.month == 1 else date(period.year, period.month - 1, 1)


def period_for_ledger_date(day: date) -> date:
    """The period a ledger dated `day` reports: the month before. Monthly figures come out in the
    first days of the next month, so the ledger of 2023年11月30日 reports "1-10月"."""
    return previous_month(month_start(day))


def ledger_date(period: date, today: date) -> date:
    """The date printed on a ledger of `period`, the inverse of period_for_ledger_date: the last
    day of the following month (2023-10 → 2023年11月30日), or today while that month runs."""
    following = date(period.year + 1, 1, 1) if period.month == 12 else date(period.year, period.month + 1, 1)
    last = (date(following.year + 1, 1, 1) if following.month == 12
            else date(following.year, following.month + 1, 1)).toordinal() - 1
    return min(date.fromordinal(last), max(today, following))
