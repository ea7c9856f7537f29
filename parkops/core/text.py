"""How names and lists are written in the committee's tables, and how to read them back."""

import re

_SPACES = re.compile(r"[\s\u3000\u00a0]+")
_LIST_SEPARATORS = re.compile(r"[\n\r、，,；;/]+")


def normalise_name(name: str) -> str:
    """Names are padded for alignment ("周  洁" is 周洁); compare and store them without spaces."""
    return _SPACES.sub("", name or "")


def split_names(cell: str) -> list[str]:
    """Several leaders or units share one cell, one per line ("王晓君\\n涂志峰").

    A space inside a line is padding when it splits single characters ("周  洁"), and a separator
    when every part is a name of its own ("王晓君 涂志峰").
    """
    names: list[str] = []
    for line in _LIST_SEPARATORS.split(cell or ""):
        parts = _SPACES.split(line.strip())
        parts = [p for p in parts if p]
        if not parts:
            continue
        if len(parts) > 1 and all(len(p) >= 2 for p in parts):
            names.extend(parts)
        else:
            names.append("".join(parts))
    seen: set[str] = set()
    return [n for n in names if not (n in seen or seen.add(n))]


# What a cell holds when it says nothing: left empty, or a dash, a slash or an ellipsis drawn in it.
BLANK_MARKS = frozenset({"", "-", "--", "－", "—", "——", "/", "／", "\\", "…", "……"})
# What a cell says when there is none of a thing (no problem, no honour, no party organisation):
# not blank (it answers the column), but nothing to record.
NONE_WORDS = frozenset({"无", "暂无", "没有"})


# The words of a row that sums the rows above it ("合计", "小计"): the sums are computed, never imported.
TOTAL_WORDS = ("合计", "总计", "小计")


def match_key(name: str) -> str:
    """What a project, a section heading or an enterprise is matched on: the name without spacing and
    with brackets of either width alike ("（一）" and "(一)")."""
    return normalise_name(name).replace("(", "（").replace(")", "）")


def is_blank(cell: str) -> bool:
    """A cell left empty or drawn through ("—", "/"), whatever its padding."""
    return normalise_name(cell) in BLANK_MARKS


# The numbers of 一、 and （一） headings, as Chinese documents write them.
CHINESE_DIGITS = "零一二三四五六七八九"
NUMERAL_CHARACTERS = "一二三四五六七八九十百零〇"
# "一、" "三．": a top heading's number; "（二）" "(二)": a second-level one.
TOP_HEADING_NUMBER = re.compile(rf"^[{NUMERAL_CHARACTERS}]+\s*[、.．]")
SUB_HEADING_NUMBER = re.compile(rf"^[（(]\s*[{NUMERAL_CHARACTERS}]+\s*[）)]")


def chinese_numeral(number: int) -> str:
    """1 → "一", 12 → "十二", 53 → "五十三": the numbers of 一、 and （一） headings, up to 99."""
    tens, ones = divmod(number, 10)
    if not 0 < number < 100:
        return str(number)
    return ("" if tens == 0 else "十" if tens == 1 else f"{CHINESE_DIGITS[tens]}十") + (CHINESE_DIGITS[ones] if ones else "")
