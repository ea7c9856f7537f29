"""What the statistics import's preview holds, and what its commit hands back: the counts, problems,
new enterprises and a few rows the page and the command show, and the figures the commit writes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from parkops.core.imports import (
    ImportOutcome,
    Preview,
)
from parkops.core.periods import cumulative_label, period_key, period_label
from parkops.economy.indicator_sheet import BY_HAND, IndicatorColumn
from parkops.economy.scale_sheet import ScaleChanges
from parkops.org.models import Park

SHOWN_ERRORS, SHOWN_WARNINGS, SHOWN_NEW = 200, 100, 200  # what the page lists; the command lists all


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
    # The bureau's 规上 sheet lists the month's 规上 enterprises (scale_sheet.py): whether this is one,
    # why it is taken for one, and who enters, leaves or is kept as the registry's hand says.
    scale_sheet: bool = False
    scale_reason: str = ""
    scale: ScaleChanges | None = None
    listed: dict[int | str, tuple[str, str]] = field(default_factory=dict, repr=False)  # target → (name, code)
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
            "missing_refused": self.missing_refused, "scale_sheet": self.scale_sheet,
            "scale_reason": self.scale_reason,
            "mapped_by_hand": [c.as_dict() for c in self.columns if c.how == BY_HAND],
        }

    def _scale(self, limit: int | None = None) -> dict | None:
        if self.scale is None:
            return None
        scale = self.scale.as_dict()
        for key in ("entering", "leaving", "conflicts"):
            scale[f"{key}_count"] = len(scale[key])
            scale[key] = scale[key][:limit]
        return scale

    def as_dict(self) -> dict:
        """Everything, every problem and every new enterprise: what `--json` prints."""
        return {**self._head(), "new_enterprises": [n.as_dict() for n in self.new_enterprises],
                "problems": [p.as_dict() for p in self.problems], "sample": self.sample, "scale": self._scale()}

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
            "scale": self._scale(SHOWN_NEW),
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

