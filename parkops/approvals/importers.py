"""Import of the 赋权清单 (.xlsx, or a .docx table): one row a power, in the layouts parks keep.

Only 事项名称 is required; 序号, 实施依据, 原实施部门, 办理方式, 法定时限, 承诺时限, 申请材料 and 备注 are read
when there (ledger.py). A power already in the list (same name) is updated where the row differs and
left alone where it does not, so an exported list imports back unchanged; a column the file does not
have leaves that field as it is. A change of 办理方式 is recorded with the import as its reason. A 原实施部门
not among the park's units is created. Every write goes through services.power_save."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone

from parkops.approvals import services
from parkops.approvals.choices import Mode
from parkops.approvals.ledger import (
    LABELS,
    POWER_COLUMNS,
    is_blank,
    read_days,
    read_materials,
    read_mode,
    read_number,
)
from parkops.approvals.models import Power
from parkops.core.imports import (
    ACTION_LABELS,
    CREATE,
    UNCHANGED,
    UPDATE,
    Importer,
    ImportOutcome,
    ImportRejected,
    MappedTable,
    NewName,
    Preview,
    read_title_lines,
)
from parkops.core.text import TOTAL_WORDS, normalise_name
from parkops.org.models import Park
from parkops.org.names import NameCollector, import_park
from parkops.org.services import create_named, find_unit

FIELDS = ("number", "legal_basis", "source_unit", "mode", "statutory_days", "promised_days", "materials", "note")


@dataclass
class PowerLine:
    row: int
    name: str
    values: dict = field(default_factory=dict)  # only the columns the file has
    action: str = CREATE
    changes: list[str] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]

    @property
    def mode_label(self) -> str:
        mode = self.values.get("mode")
        return Mode(mode).label if mode else ""

    def as_dict(self) -> dict:
        return {"row": self.row, "name": self.name, "action": self.action, "changes": self.changes,
                **{key: (Mode(value).label if key == "mode" and value else value) for key, value in self.values.items()}}


@dataclass
class PowerPreview(Preview):
    park: Park | None = None
    table_title: str = ""
    lines: list[PowerLine] = field(default_factory=list)
    units_to_create: list[NewName] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for line in self.lines if line.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {label: self.count(action) for action, label in ACTION_LABELS.items() if self.count(action)}

    def as_dict(self) -> dict:
        return {"file": self.filename, "park": str(self.park) if self.park else None, "title": self.table_title,
                "powers": [line.as_dict() for line in self.lines], "count": len(self.lines),
                "units_to_create": [u.as_dict() for u in self.units_to_create],
                "problems": [p.as_dict() for p in self.problems]}


def _current(power: Power) -> dict:
    return {"number": power.number, "legal_basis": power.legal_basis,
            "source_unit": power.source_unit.name if power.source_unit_id else "", "mode": power.mode,
            "statutory_days": power.statutory_days, "promised_days": power.promised_days,
            "materials": power.materials, "note": power.note}


class PowerListImporter(Importer):
    what = "赋权清单"
    columns = POWER_COLUMNS

    def __init__(self, *, park: Park | None = None):
        self.park = park

    def build(self, table: MappedTable, *, filename: str) -> PowerPreview:
        preview = PowerPreview(filename=filename)
        preview.park = import_park(self.park, preview)
        preview.table_title = read_title_lines(table.preamble, preview).title
        existing = {}
        if preview.park is not None:
            existing = {normalise_name(p.name): p for p in Power.objects.filter(park=preview.park)
                        .select_related("source_unit")}
        names = NameCollector(preview.park)
        seen: dict[str, int] = {}
        for row in table.rows:
            first = next((cell.strip() for cell in row.cells if cell.strip()), "")
            if any(word in normalise_name(first) for word in TOTAL_WORDS):
                continue
            name = " ".join(table.value(row, "name").split())
            if not name or is_blank(name):
                if any(table.value(row, key) for key in FIELDS if table.has(key)):
                    preview.error(row.number, f"请填写{LABELS['name']}。")
                continue
            line = self._line(table, row, name, preview, names)
            if line is None:
                continue
            key = normalise_name(name)
            if key in seen:
                preview.error(row.number, f"“{name}”与第{seen[key]}行重复。")
                continue
            seen[key] = row.number
            if key in existing:
                current = _current(existing[key])
                line.changes = [LABELS[k] for k, v in line.values.items() if v != current[k]]
                line.action = UPDATE if line.changes else UNCHANGED
            preview.lines.append(line)
        preview.units_to_create = names.units.to_create
        if not preview.lines and not preview.errors:
            preview.error(None, "清单中没有找到赋权事项。")
        return preview

    def _line(self, table, row, name, preview, names) -> PowerLine | None:
        number = row.number
        if len(name) > 200:
            preview.error(number, f"{LABELS['name']}超过200字。")
            return None
        line = PowerLine(row=number, name=name)
        ok = True
        for key, reader in (("mode", read_mode), ("statutory_days", read_days), ("promised_days", read_days)):
            if not table.has(key):
                continue
            text = table.value(row, key)
            try:
                line.values[key] = reader(text)
            except ValueError:
                what = "可填园区直接出具、审查签章+见章签章、协同办或独立办" if key == "mode" else "应为1至365的工作日数"
                preview.error(number, f"{LABELS[key]}“{text[:30]}”无法识别（{what}）。")
                ok = False
        if table.has("mode") and line.values.get("mode") is None:
            line.values.pop("mode", None)  # blank: a new power is 协同办, an old one keeps its mode
        statutory, promised = line.values.get("statutory_days"), line.values.get("promised_days")
        if statutory and promised and promised > statutory:
            preview.error(number, "承诺时限长于法定时限。")
            ok = False
        if table.has("number"):
            line.values["number"] = read_number(table.value(row, "number"))
        for key, limit in (("legal_basis", 4000), ("note", 300)):
            if table.has(key):
                text = table.value(row, key)
                line.values[key] = "" if is_blank(text) else text.strip()[:limit]
        if table.has("materials"):
            text = table.value(row, "materials")
            line.values["materials"] = "" if is_blank(text) else read_materials(text)[:4000]
        if table.has("source_unit"):
            unit = normalise_name(table.value(row, "source_unit"))
            line.values["source_unit"] = names.unit(unit, number) if unit and not is_blank(unit) else ""
        return line if ok else None

    def write(self, preview: PowerPreview, *, user) -> ImportOutcome:
        park = preview.park
        counts = dict.fromkeys(("新增事项", "更新事项", "未变事项", "新增单位"), 0)
        _, counts["新增单位"] = create_named(park, people=[], units=preview.units_to_create)
        existing = {normalise_name(p.name): p for p in Power.objects.filter(park=park).select_related("source_unit")}
        today = timezone.localdate()
        for line in preview.lines:
            if line.action == UNCHANGED:
                counts["未变事项"] += 1
                continue
            power = existing.get(normalise_name(line.name)) or Power(park=park, name=line.name)
            new = power.pk is None
            for key, value in line.values.items():
                if key == "source_unit":
                    power.source_unit = find_unit(park, value) if value else None
                elif key in ("legal_basis", "materials", "note"):
                    setattr(power, key, value or "")
                else:
                    setattr(power, key, value)
            try:
                services.power_save(power=power, user=user, mode_on=today,
                                    mode_reason=f"导入赋权清单“{preview.filename}”",
                                    reason=f"导入赋权清单“{preview.filename}”")
            except ValidationError as refused:
                raise ImportRejected(f"第{line.row}行“{line.name}”：{'；'.join(refused.messages)}（未导入任何数据）") \
                    from None
            counts["新增事项" if new else "更新事项"] += 1
        return ImportOutcome(park, counts)
