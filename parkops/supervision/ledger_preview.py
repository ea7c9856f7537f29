"""What a ledger import would do, as its preview shows it and `import-ledger --json` prints it: the plan,
how each column was understood, the sections and tasks with what changes, and the names to create."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from parkops.core.formatting import format_quantity, plain_number
from parkops.core.imports import ACTION_LABELS, CREATE, UNCHANGED, NewName, Preview
from parkops.core.periods import period_key, period_label
from parkops.org.models import Park
from parkops.supervision.layouts import EXTRA, LayoutColumn


@dataclass
class TargetLine:
    phrase: str
    comparator: str
    amount: Decimal
    unit: str
    figure: Decimal | None

    @property
    def display(self) -> str:
        return format_quantity(self.amount, self.unit)

    @property
    def figure_display(self) -> str:
        return format_quantity(self.figure, self.unit) if self.figure is not None else ""

    def as_dict(self) -> dict:
        return {"phrase": self.phrase, "comparator": self.comparator, "amount": plain_number(self.amount),
                "unit": self.unit, "figure": None if self.figure is None else plain_number(self.figure)}


@dataclass
class SectionLine:
    row: int
    heading: str
    parent: str | None
    action: str

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]

    def as_dict(self) -> dict:
        return {"row": self.row, "heading": self.heading, "parent": self.parent, "action": self.action}


@dataclass
class TaskLine:
    row: int
    number: str
    text: str
    section: str | None
    county_leaders: list[str]
    park_leaders: list[str]
    lead_units: list[str]
    cooperating_units: list[str]
    progress: str
    deadline: date | None = None
    deadline_text: str = ""
    responsible: list[str] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)  # header → cell, the columns kept as they are
    targets: list[TargetLine] = field(default_factory=list)
    action: str = CREATE
    changes: list[str] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]

    def as_dict(self) -> dict:
        return {
            "row": self.row, "number": self.number, "section": self.section, "text": self.text,
            "county_leaders": self.county_leaders, "park_leaders": self.park_leaders,
            "lead_units": self.lead_units, "cooperating_units": self.cooperating_units,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "deadline_text": self.deadline_text, "responsible": self.responsible, "extra": self.extra,
            "targets": [t.as_dict() for t in self.targets], "progress": self.progress,
            "action": self.action, "changes": self.changes,
        }


@dataclass
class LedgerPreview(Preview):
    park: Park | None = None
    plan_name: str = ""
    plan_exists: bool = False
    year: int | None = None
    ledger_title: str = ""
    ledger_date: date | None = None
    period: date | None = None
    has_deadline_column: bool = False
    layout: list[LayoutColumn] = field(default_factory=list)
    archived: bool = False  # a new plan of a past year, saved not 在用
    sections: list[SectionLine] = field(default_factory=list)
    tasks: list[TaskLine] = field(default_factory=list)
    people_to_create: list[NewName] = field(default_factory=list)
    units_to_create: list[NewName] = field(default_factory=list)
    new_people_units: dict[str, str] = field(default_factory=dict)  # a new 责任人 → their unit

    @property
    def period_label(self) -> str:
        return period_label(self.period) if self.period else ""

    @property
    def headers(self) -> dict[str, str]:
        """Field → the header this ledger gives it, for the fields it has."""
        return {column.field: column.header for column in reversed(self.layout) if column.field != EXTRA}

    @property
    def has_responsible_column(self) -> bool:
        return any(column.field == "responsible" for column in self.layout)

    @property
    def extra_headers(self) -> list[str]:
        return [column.header for column in self.layout if column.field == EXTRA]

    @property
    def state_label(self) -> str:
        if self.archived and not self.plan_exists:
            return f"{self.year}年的台账：保存为已归档（不在用），不进入督办看板和逾期提醒"
        return "已归档（不在用）" if self.archived else "在用"

    def count(self, action: str) -> int:
        return sum(1 for task in self.tasks if task.action == action)

    @property
    def counts(self) -> dict[str, int]:
        """新增 / 更新 / 不变 -> number of tasks."""
        return {label: self.count(action) for action, label in ACTION_LABELS.items()}

    def as_dict(self) -> dict:
        return {
            "file": self.filename,
            "plan": {"name": self.plan_name, "action": UNCHANGED if self.plan_exists else CREATE,
                     "year": self.year, "ledger_title": self.ledger_title},
            "plan_is_active": not self.archived,
            "columns": [{"header": c.header, "field": c.field, "field_label": c.field_label, "by_hand": c.by_hand}
                        for c in self.layout],
            "ledger_date": self.ledger_date.isoformat() if self.ledger_date else None,
            "period": period_key(self.period) if self.period else None,
            "sections": [s.as_dict() for s in self.sections],
            "tasks": [t.as_dict() for t in self.tasks],
            "people_to_create": [p.as_dict() for p in self.people_to_create],
            "units_to_create": [u.as_dict() for u in self.units_to_create],
            "problems": [p.as_dict() for p in self.problems],
        }
