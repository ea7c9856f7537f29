"""Quantitative targets read from a task's text, and the figures read from a progress text.

"力争工业营业收入达到720亿元" -> at least 7,200,000 万元; "盘活土地350亩以上" -> at least 350 亩.
What is read is a proposal: the supervisor corrects it on the task's page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from parkops.core.formatting import to_canonical
from parkops.supervision.choices import Comparator

_UNITS = "亿美元|万美元|亿元|万元|千元|万平方米|平方米|亩|个|家|户|项|件|%|％"
# "300余亩", "2000多万元": a rounded figure is still the figure.
_QUANTITY = re.compile(rf"(?P<amount>\d+(?:\.\d+)?)\s*(?:余|多)?\s*(?P<unit>{_UNITS})(?P<tail>以上|以内|以下)?")
# Words that make a number in a task's text a target rather than a fact or a date.
_TARGET_CUES = ("达到", "突破", "超过", "不少于", "不低于", "力争", "完成", "实现", "盘活", "新增", "引进", "控制在")
_LOOKBEHIND = 12
# Words that mark a figure in a progress text as the running total rather than a part of it.
_TOTAL_CUES = ("共", "累计", "合计", "总计")


@dataclass(frozen=True)
class ParsedTarget:
    phrase: str
    comparator: str
    amount: Decimal
    unit: str


def parse_targets(text: str) -> list[ParsedTarget]:
    targets = []
    for match in _QUANTITY.finditer(text or ""):
        before = text[max(0, match.start() - _LOOKBEHIND):match.start()]
        tail = match.group("tail")
        if tail != "以上" and not any(cue in before for cue in _TARGET_CUES):
            continue
        amount, unit = to_canonical(Decimal(match.group("amount")), match.group("unit"))
        comparator = Comparator.AT_MOST if tail in ("以内", "以下") or "控制在" in before else Comparator.AT_LEAST
        cue_start = max((before.rfind(cue) for cue in _TARGET_CUES), default=-1)
        phrase_start = match.start() - len(before) + cue_start if cue_start >= 0 else match.start()
        targets.append(ParsedTarget(text[phrase_start:match.end()], comparator, amount, unit))
    return targets


def read_figure(progress_text: str, unit: str) -> Decimal | None:
    """The figure a progress text reports in `unit` (canonical): the running total if one is marked
    ("共盘活土地357亩"), else the last figure in that unit."""
    candidates: list[tuple[bool, Decimal]] = []
    for match in _QUANTITY.finditer(progress_text or ""):
        amount, found_unit = to_canonical(Decimal(match.group("amount")), match.group("unit"))
        if found_unit != unit:
            continue
        before = progress_text[max(0, match.start() - 8):match.start()]
        candidates.append((any(cue in before for cue in _TOTAL_CUES), amount))
    if not candidates:
        return None
    totals = [amount for is_total, amount in candidates if is_total]
    return totals[-1] if totals else candidates[-1][1]
