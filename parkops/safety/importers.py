"""Import of the 隐患排查整改台账 (大排查大整治隐患清单, 九小场所检查台账 …): one row a hazard.

Only 企业名称 and 隐患描述 are required; every other column the layouts parks keep is read when it is
there (ledger.py). A row's 整改情况, 是否销号, 复查人 and 复查时间 say how far round the loop it has come
(ledger.read_state), and the hazard is carried there through the services, step by step, so that its
record reads as if it had been worked in the system. Importing again matches a hazard on its enterprise
and description: what changed is updated and the loop moves forward, never back; an unchanged ledger
changes nothing. Rows with an 排查时间 make the inspections (one per enterprise or place and day).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from parkops.core.imports import (
    ACTION_LABELS,
    CREATE,
    UNCHANGED,
    UPDATE,
    Importer,
    ImportOutcome,
    ImportRejected,
    MappedTable,
    Preview,
    read_title_lines,
)
from parkops.core.text import TOTAL_WORDS, match_key, normalise_name, split_names
from parkops.org.models import Park
from parkops.org.names import import_park
from parkops.org.services import find_unit
from parkops.safety import selectors, services
from parkops.safety.choices import Level, MajorCategory, PlaceKind, Status
from parkops.safety.ledger import (
    LABELS,
    LEDGER_COLUMNS,
    guess_place_kind,
    hazard_key,
    is_blank,
    read_category,
    read_day,
    read_level,
    read_state,
)
from parkops.safety.models import Hazard, Inspection

ORDER = [Status.REGISTERED, Status.ISSUED, Status.RECTIFYING, Status.AWAITING_RECHECK, Status.CLOSED]


@dataclass
class HazardLine:
    row: int
    enterprise: str
    description: str
    address: str = ""
    found_on: date | None = None
    inspectors: str = ""
    place: str = ""
    level: str = Level.GENERAL
    category: str = ""
    measures: str = ""
    deadline: date | None = None
    person: str = ""
    unit: str = ""
    rectification: str = ""
    rechecked_by: str = ""
    closed_on: date | None = None
    state: str = Status.REGISTERED
    action: str = CREATE
    changes: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return hazard_key(self.enterprise, self.description)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]

    @property
    def level_label(self) -> str:
        return Level(self.level).label

    @property
    def state_label(self) -> str:
        return Status(self.state).label

    def as_dict(self) -> dict:
        def day(value):
            return value.isoformat() if value else None
        return {
            "row": self.row, "enterprise": self.enterprise, "address": self.address or None,
            "found_on": day(self.found_on), "inspectors": self.inspectors or None, "place": self.place or None,
            "description": self.description, "level": self.level_label,
            "major_category": MajorCategory(self.category).label if self.category else None,
            "measures": self.measures or None, "deadline": day(self.deadline), "responsible_person": self.person or None,
            "unit": self.unit or None, "rectification": self.rectification or None,
            "rechecked_by": self.rechecked_by or None, "closed_on": day(self.closed_on), "status": self.state_label,
            "action": self.action, "changes": self.changes,
        }


@dataclass
class HazardPreview(Preview):
    park: Park | None = None
    table_title: str = ""
    lines: list[HazardLine] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for line in self.lines if line.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {label: self.count(action) for action, label in ACTION_LABELS.items()}

    @property
    def major_count(self) -> int:
        return sum(1 for line in self.lines if line.level == Level.MAJOR)

    def as_dict(self) -> dict:
        return {
            "file": self.filename, "park": str(self.park) if self.park else None, "title": self.table_title,
            "hazards": [line.as_dict() for line in self.lines], "count": len(self.lines),
            "major": self.major_count, "problems": [p.as_dict() for p in self.problems],
        }


class HazardLedgerImporter(Importer):
    what = "隐患排查整改台账"
    columns = LEDGER_COLUMNS

    def __init__(self, *, park: Park | None = None):
        self.park = park

    def build(self, table: MappedTable, *, filename: str) -> HazardPreview:
        preview = HazardPreview(filename=filename)
        preview.park = import_park(self.park, preview)
        preview.table_title = read_title_lines(table.preamble, preview).title
        existing = {}
        if preview.park is not None:
            existing = {hazard_key(h.enterprise_name, h.description): h
                        for h in Hazard.objects.filter(park=preview.park).select_related("responsible_unit")}
        seen: dict[str, int] = {}
        for row in table.rows:
            first = next((cell.strip() for cell in row.cells if cell.strip()), "")
            if any(word in normalise_name(first) for word in TOTAL_WORDS):
                continue
            enterprise, description = table.value(row, "enterprise"), table.value(row, "description")
            filled = {cell.strip() for cell in row.cells if cell.strip()}
            if row.spans_row or len(filled) <= 1 or (not enterprise and not description):
                continue  # a heading row ("一、企业"), or an empty one
            line = self._line(table, row, preview)
            if line is None:
                continue
            if line.key in seen:
                preview.error(row.number, f"“{line.enterprise}”的隐患“{line.description[:20]}”与第{seen[line.key]}行重复。")
                continue
            seen[line.key] = row.number
            self._compare(line, existing.get(line.key), preview)
            preview.lines.append(line)
        if not preview.lines and not preview.errors:
            preview.error(None, "台账中没有找到隐患行。")
        return preview

    def _line(self, table: MappedTable, row, preview: HazardPreview) -> HazardLine | None:
        number = row.number
        ok = True

        def value(key: str) -> str:
            text = table.value(row, key)
            return "" if is_blank(text) else text.strip()

        def day(key: str) -> date | None:
            nonlocal ok
            try:
                return read_day(table.value(row, key))
            except (ValueError, TypeError):
                preview.error(number, f"“{LABELS[key]}”应为日期（如2026-03-15、2026年3月底），收到“{table.value(row, key)[:20]}”。")
                ok = False
                return None

        enterprise = " ".join(value("enterprise").split())
        description = value("description")
        if not enterprise:
            preview.error(number, f"隐患“{description[:20]}”未填写企业名称。")
            return None
        if not description:
            preview.error(number, f"“{enterprise}”未填写隐患描述。")
            return None
        line = HazardLine(row=number, enterprise=enterprise, description=description, address=value("address"),
                          inspectors="、".join(split_names(value("inspectors"))), place=value("place"),
                          measures=value("measures"), person=value("person"), rectification=value("rectification"),
                          rechecked_by="、".join(split_names(value("rechecked_by"))))
        line.found_on, line.deadline, line.closed_on = day("found_on"), day("deadline"), day("closed_on")
        try:
            line.level = read_level(value("level")) or Level.GENERAL
        except ValueError:
            preview.warn(number, f"“隐患等级”“{value('level')[:20]}”不是一般或重大，按一般隐患记录。")
        if line.level == Level.MAJOR:
            line.category = (read_category(value("category"))
                             or read_category(f"{line.place}{line.description}", special_only=True))
            if not line.category:
                line.category = MajorCategory.MANAGEMENT
                preview.warn(number, "重大隐患未写明《工贸企业重大事故隐患判定标准》的判定类别，暂记为“安全管理”，请核对。")
        unit = value("unit")
        if unit:
            found = find_unit(preview.park, split_names(unit)[0]) if preview.park else None
            if found is None:
                preview.warn(number, f"监管责任单位“{unit[:20]}”不在本园区的单位中，未记录。")
            else:
                line.unit = found.name
        today = timezone.localdate()
        for key, when in (("found_on", line.found_on), ("closed_on", line.closed_on)):
            if when and when > today:
                preview.error(number, f"“{LABELS[key]}”{when:%Y-%m-%d}晚于今天。")
                ok = False
        if line.deadline and line.found_on and line.deadline < line.found_on:
            preview.error(number, f"整改时限{line.deadline:%Y-%m-%d}早于排查时间{line.found_on:%Y-%m-%d}。")
            ok = False
        line.state = read_state(rectification=line.rectification, closed=value("closed"),
                                rechecked_by=line.rechecked_by, closed_on=line.closed_on, deadline=line.deadline)
        return line if ok else None

    def _compare(self, line: HazardLine, hazard: Hazard | None, preview: HazardPreview) -> None:
        if hazard is None:
            line.action = CREATE
            return
        changes = []
        for label, mine, theirs in (("隐患部位", line.place, hazard.place), ("整改措施", line.measures, hazard.measures),
                                    ("责任人", line.person, hazard.responsible_person),
                                    ("监管责任单位", line.unit, hazard.responsible_unit.name if hazard.responsible_unit_id else "")):
            if mine and match_key(mine) != match_key(theirs):
                changes.append(label)
        if line.level != hazard.level and hazard.status != Status.CLOSED:
            changes.append("隐患等级")
        if line.deadline and line.deadline != hazard.deadline:
            changes.append("整改时限")
        if ORDER.index(line.state) > ORDER.index(hazard.status):
            changes.append(f"状态（{line.state_label}）")
        elif ORDER.index(line.state) < ORDER.index(hazard.status) and line.state != Status.ISSUED:
            preview.warn(line.row, f"系统中该隐患已为“{hazard.get_status_display()}”，台账中的整改状态未导入。")
        if hazard.status == Status.CLOSED and changes:
            preview.warn(line.row, "该隐患已复查关闭，台账中的修改未导入。")
            changes = []
        line.changes = changes
        line.action = UPDATE if changes else UNCHANGED

    # -- writing --------------------------------------------------------------------------------

    def write(self, preview: HazardPreview, *, user) -> ImportOutcome:
        park = preview.park
        counts = dict.fromkeys(("新增隐患", "更新隐患", "未变隐患", "新增检查", "复查关闭"), 0)
        hazards = {hazard_key(h.enterprise_name, h.description): h
                   for h in Hazard.objects.filter(park=park).select_related("inspection", "enterprise")}
        registry = selectors.enterprises_named(park=park, names=[line.enterprise for line in preview.lines])
        inspections = {(match_key(i.place_name), i.inspected_on): i for i in Inspection.objects.filter(park=park)}
        reason = f"由隐患排查整改台账“{preview.filename}”导入"
        for line in preview.lines:
            try:
                self._write_line(line, hazards.get(line.key), park, user, reason, counts, registry, inspections,
                                 preview.table_title)
            except ValidationError as refused:
                raise ImportRejected(f"第{line.row}行“{line.enterprise}”：{'；'.join(refused.messages)}（未导入任何数据）") \
                    from None
        return ImportOutcome(park, counts)

    def _inspection(self, line: HazardLine, park: Park, user, reason: str, registry: dict, inspections: dict,
                    plan: str) -> Inspection | None:
        if line.found_on is None:
            return None
        key = (match_key(line.enterprise), line.found_on)
        if key in inspections:
            return inspections[key]
        enterprise = registry.get(normalise_name(line.enterprise))
        inspection = Inspection(
            park=park, plan=(plan or "隐患排查整改台账")[:100], inspected_on=line.found_on, inspectors=line.inspectors[:200],
            unit=find_unit(park, line.unit) if line.unit else None, enterprise=enterprise,
            place_kind=PlaceKind.ENTERPRISE if enterprise else guess_place_kind(line.enterprise),
            place_name=line.enterprise, place_address=line.address[:200])
        services.inspection_save(inspection=inspection, user=user, reason=reason)
        inspections[key] = inspection
        return inspection

    def _write_line(self, line: HazardLine, hazard: Hazard | None, park: Park, user, reason: str,
                    counts: dict[str, int], registry: dict, inspections: dict, plan: str) -> None:
        if line.action == UNCHANGED:
            counts["未变隐患"] += 1
            return
        unit = find_unit(park, line.unit) if line.unit else None
        if hazard is None:
            before = len(inspections)
            inspection = self._inspection(line, park, user, reason, registry, inspections, plan)
            counts["新增检查"] += len(inspections) - before
            hazard = Hazard(park=park, inspection=inspection, enterprise=registry.get(normalise_name(line.enterprise)),
                            enterprise_name=line.enterprise, place=line.place[:200], description=line.description,
                            level=line.level, major_category=line.category, measures=line.measures,
                            deadline=line.deadline, responsible_person=line.person[:50], responsible_unit=unit,
                            found_on=line.found_on or timezone.localdate())
            hazard = services.hazard_register(hazard=hazard, user=user, reason=reason)
            counts["新增隐患"] += 1
        else:
            if hazard.status != Status.CLOSED:
                hazard.place = line.place[:200] or hazard.place
                hazard.measures = line.measures or hazard.measures
                hazard.responsible_person = line.person[:50] or hazard.responsible_person
                hazard.responsible_unit = unit or hazard.responsible_unit
                hazard.level, hazard.major_category = line.level, line.category
                hazard.deadline = line.deadline or hazard.deadline
                hazard = services.hazard_edit(hazard=hazard, user=user)
            counts["更新隐患"] += 1
        self._advance(hazard, line, user, counts)

    def _advance(self, hazard: Hazard, line: HazardLine, user, counts: dict[str, int]) -> None:
        """Carry the hazard forward to the ledger's state through the loop's own steps."""
        target = ORDER.index(line.state)
        on = line.found_on or timezone.localdate()
        if hazard.status == Status.REGISTERED and target >= ORDER.index(Status.ISSUED):
            hazard = services.hazard_issue(hazard=hazard, user=user, deadline=line.deadline, on=on,
                                           measures=line.measures or "按隐患描述限期整改到位", responsible_person=line.person)
        if hazard.status == Status.ISSUED and target >= ORDER.index(Status.RECTIFYING):
            hazard = services.hazard_start(hazard=hazard, user=user, note=line.rectification or "由台账导入")
        if hazard.status == Status.RECTIFYING and target >= ORDER.index(Status.AWAITING_RECHECK):
            hazard = services.hazard_report(hazard=hazard, user=user, rectification=line.rectification,
                                            on=min(line.closed_on or timezone.localdate(), timezone.localdate()),
                                            photo_required=False)
        if hazard.status == Status.AWAITING_RECHECK and target >= ORDER.index(Status.CLOSED):
            services.hazard_recheck(hazard=hazard, user=user, passed=True, note="由台账导入",
                                    rechecked_by=line.rechecked_by, on=line.closed_on or hazard.rectified_on)
            counts["复查关闭"] += 1
