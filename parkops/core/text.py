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
