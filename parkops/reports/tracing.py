"""Traceable figures: every number a report prints carries what it means and where it came from.

A context builder puts Figure objects where a template prints numbers. Word gets the printed text;
the HTML preview gets the same text with its definition and a link to the filtered list behind it;
the appendix of sources lists the figures the template actually printed. Which figures were printed
is recorded while the template renders (see `recording`), so an edited template's appendix follows
its edits.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

# While a template renders: the figures printed so far, and whether to print markers instead of text.
_printed: contextvars.ContextVar[list | None] = contextvars.ContextVar("printed_figures", default=None)
_marking: contextvars.ContextVar[bool] = contextvars.ContextVar("marking_figures", default=False)

# Private-use characters around a figure's number in the preview: never typed, and kept by Word's XML.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"


@dataclass(frozen=True, eq=False)
class Figure:
    text: str  # as printed: "407.82亿元", "16.39%", "231家"
    label: str  # what it is: "规上工业企业营业收入（1-10月）"
    definition: str  # how it is worked out, in the committee's words
    url: str = ""  # the filtered list of records behind it
    source: str = ""  # where the records are kept: "经济运行 › 企业月度数据"

    def __str__(self) -> str:
        printed = _printed.get()
        if printed is None:
            return self.text
        if self not in printed:
            printed.append(self)
        if _marking.get():
            return f"{MARK_OPEN}{printed.index(self)}{MARK_CLOSE}"
        return self.text

    def __html__(self) -> str:
        # Jinja's autoescape would otherwise turn the object into text without asking __str__ twice.
        from markupsafe import escape

        return str(escape(str(self)))

    def __bool__(self) -> bool:
        return bool(self.text)


def records_url(name: str, **filters) -> str:
    """The list page `name` filtered to the records behind a figure: a list value repeats its key
    (?light=behind&light=overdue), empty ones are left out."""
    query = {key: value for key, value in filters.items() if value not in (None, "", [], ())}
    return reverse(name) + (f"?{urlencode(query, doseq=True)}" if query else "")


@contextmanager
def recording(*, marks: bool = False) -> Iterator[list[Figure]]:
    """Collect the figures printed inside the block; with marks, print a marker for each instead."""
    printed_token = _printed.set([])
    marking_token = _marking.set(marks)
    try:
        yield _printed.get()
    finally:
        _printed.reset(printed_token)
        _marking.reset(marking_token)
