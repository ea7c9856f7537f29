"""Import of 信访件 and 12345工单 ledgers (信访件办理台账, 12345热线工单台账, 民声通道、市长信箱交办件): one row
a case. Only 反映问题 is required; every other column (ledger.py) is read when there and shown in the
preview. Importing again updates: a case is matched on its 编号, else on its 受理时间 and 反映问题; a blank
cell, or a name or number printed masked (张**, 138****5678: an export of this module), leaves what is
recorded alone. A row with a 办结时间 is answered and closed on that day, with its 回访满意度. Every write goes
through stability.services."""

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
    NewName,
    Preview,
    read_title_lines,
)
from parkops.core.privacy import is_masked, mask_name, mask_phone
from parkops.core.text import TOTAL_WORDS, match_key, normalise_name, split_names
from parkops.org.models import Park
from parkops.org.names import NameCollector, import_park
from parkops.org.services import create_named, find_unit
from parkops.stability import services
from parkops.stability.choices import CaseKind, CaseStatus, Satisfaction, Source
from parkops.stability.ledger import (
    CASE_COLUMNS,
    LABELS,
    is_blank,
    read_day,
    read_kind,
    read_satisfaction,
    read_source,
)
from parkops.stability.models import Case


@dataclass
class CaseLine:
    row: int
    content: str
    number: str = ""
    source: str = ""
    kind: str = ""
    received: date | None = None
    name: str = ""
    phone: str = ""
    place: str = ""
    unit: str | None = None
    due: date | None = None
    closed: date | None = None
    reply: str = ""
    satisfaction: str = ""
    action: str = CREATE
    changes: list[str] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]

    @property
    def source_label(self) -> str:
        return Source(self.source).label if self.source else ""

    @property
    def kind_label(self) -> str:
        return CaseKind(self.kind).label if self.kind else ""

    @property
    def satisfaction_label(self) -> str:
        return Satisfaction(self.satisfaction).label if self.satisfaction else ""

    @property
    def masked_name(self) -> str:
        return self.name if is_masked(self.name) else mask_name(self.name)

    @property
    def masked_phone(self) -> str:
        return self.phone if is_masked(self.phone) else mask_phone(self.phone)

    @property
    def key(self) -> str:
        return self.number or case_key(self.received, self.content)

    def as_dict(self) -> dict:
        """What --json prints: the petitioner masked, as every list shows him."""
        def day(value):
            return value.isoformat() if value else None
        return {
            "row": self.row, "number": self.number or None, "source": self.source_label or None,
            "type": self.kind_label or None, "received": day(self.received), "petitioner": self.masked_name or None,
            "phone": self.masked_phone or None, "place": self.place or None, "content": self.content,
            "unit": self.unit, "due": day(self.due), "closed": day(self.closed), "reply": self.reply or None,
            "satisfaction": self.satisfaction_label or None, "action": self.action, "changes": self.changes,
        }


def case_key(received: date | None, content: str) -> str:
    return f"{received.isoformat() if received else ''}|{match_key(content)[:80]}"


def _key_of(case: Case) -> str:
    return case.number or case_key(case.received_on, case.content)


@dataclass
class CasePreview(Preview):
    park: Park | None = None
    table_title: str = ""
    lines: list[CaseLine] = field(default_factory=list)
    units_to_create: list[NewName] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for line in self.lines if line.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {label: self.count(action) for action, label in ACTION_LABELS.items()}

    def as_dict(self) -> dict:
        return {
            "file": self.filename, "park": str(self.park) if self.park else None, "title": self.table_title,
            "cases": [line.as_dict() for line in self.lines], "count": len(self.lines),
            "units_to_create": [u.as_dict() for u in self.units_to_create],
            "problems": [p.as_dict() for p in self.problems],
        }


class CaseLedgerImporter(Importer):
    what = "信访件办理台账"
    columns = CASE_COLUMNS

    def __init__(self, *, park: Park | None = None):
        self.park = park

    def _existing(self, park) -> dict[str, Case]:
        found: dict[str, Case] = {}
        if park is not None:
            for case in Case.objects.filter(park=park).select_related("handling_unit"):
                found[_key_of(case)] = case
                if case.number:
                    found.setdefault(case_key(case.received_on, case.content), case)
        return found

    def build(self, table: MappedTable, *, filename: str) -> CasePreview:
        preview = CasePreview(filename=filename)
        preview.park = import_park(self.park, preview)
        preview.table_title = read_title_lines(table.preamble, preview).title
        existing = self._existing(preview.park)
        names = NameCollector(preview.park)
        seen: dict[str, int] = {}
        for row in table.rows:
            first = next((cell.strip() for cell in row.cells if cell.strip()), "")
            if any(word in normalise_name(first) for word in TOTAL_WORDS):
                continue
            content = table.value(row, "content")
            if is_blank(content):
                if any(table.value(row, key) for key in ("name", "phone", "unit", "received")):
                    preview.error(row.number, "未填写反映问题。")
                continue
            line = self._line(table, row, preview, names)
            if line is None:
                continue
            if line.key in seen:
                preview.error(row.number, f"与第{seen[line.key]}行重复（{line.number or '受理时间和反映问题相同'}）。")
                continue
            seen[line.key] = row.number
            self._compare(line, existing.get(line.key) or existing.get(case_key(line.received, line.content)))
            preview.lines.append(line)
        if not preview.lines and not preview.errors:
            preview.error(None, "台账中没有找到信访件。")
        preview.units_to_create = names.units.to_create
        return preview

    def _line(self, table, row, preview: CasePreview, names: NameCollector) -> CaseLine | None:
        number, ok = row.number, True

        def value(key: str) -> str:
            text = table.value(row, key)
            return "" if is_blank(text) else text.strip()

        def day(key: str) -> date | None:
            nonlocal ok
            try:
                found = read_day(value(key))
            except ValueError:
                preview.error(number, f"“{LABELS[key]}”应为日期（如2025-10-09、2025年10月9日），收到“{value(key)[:20]}”。")
                ok = False
                return None
            if found and key in ("received", "closed") and found > timezone.localdate():
                preview.error(number, f"“{LABELS[key]}”{found:%Y-%m-%d}晚于今天。")
                ok = False
            return found

        line = CaseLine(row=number, content=value("content"), number="".join(value("number").split())[:50],
                        name=" ".join(value("name").split())[:50], phone="".join(value("phone").split())[:30],
                        place=" ".join(value("place").split())[:200], reply=value("reply"))
        line.received, line.due, line.closed = day("received"), day("due"), day("closed")
        line.source = read_source(value("source")) or ""
        if value("source") and not line.source:
            preview.warn(number, f"“来源”“{value('source')[:20]}”不是已知的渠道，按“12345热线”登记。")
        line.kind = read_kind(value("kind")) or ""
        if value("kind") and not line.kind:
            preview.warn(number, f"“类别”“{value('kind')[:20]}”不是咨询、求助、建议、投诉、信访或应急，按投诉计时。")
        line.satisfaction = read_satisfaction(value("satisfaction")) or ""
        if value("satisfaction") and not line.satisfaction:
            preview.warn(number, f"“回访满意度”“{value('satisfaction')[:20]}”未能识别，未记录。")
        units = [u for u in split_names(value("unit")) if not is_blank(u)]
        if units:
            if len(units) > 1:
                preview.warn(number, f"“承办单位”有{len(units)}个，只记第一个“{units[0]}”。")
            line.unit = names.unit(units[0], number)
        if line.closed and line.received and line.closed < line.received:
            preview.error(number, "办结时间早于受理时间。")
            ok = False
        if line.due and line.received and line.due < line.received:
            preview.error(number, "办理时限早于受理时间。")
            ok = False
        return line if ok else None

    def _compare(self, line: CaseLine, case: Case | None) -> None:
        if case is None:
            line.action = CREATE
            return
        changes = []
        for label, mine, theirs in (("来源", line.source, case.source), ("类别", line.kind, case.kind),
                                    ("受理时间", line.received, case.received_on),
                                    ("涉及地点或企业", line.place, case.place), ("办理时限", line.due, case.due_on)):
            if mine and mine != theirs:
                changes.append(label)
        if normalise_name(line.content) != normalise_name(case.content):
            changes.append("反映问题")
        for label, mine, theirs in (("反映人", line.name, case.petitioner_name),
                                    ("联系电话", line.phone, case.petitioner_phone)):
            if mine and not is_masked(mine) and mine != theirs:
                changes.append(label)
        if line.unit and normalise_name(line.unit) != normalise_name(str(case.handling_unit or "")):
            changes.append("承办单位")
        if line.closed and case.closed_on is None:
            changes.append("办结")
        elif line.reply and not case.reply:
            changes.append("办理结果")
        line.changes = changes
        line.action = UPDATE if changes else UNCHANGED

    # -- writing --------------------------------------------------------------------------------

    def write(self, preview: CasePreview, *, user) -> ImportOutcome:
        park = preview.park
        counts = dict.fromkeys(("新增信访件", "更新信访件", "未变信访件", "办结信访件", "新增单位"), 0)
        counts["新增单位"] = create_named(park, people=[], units=preview.units_to_create)[1]
        existing = self._existing(park)
        reason = f"由信访件办理台账“{preview.filename}”导入"
        for line in preview.lines:
            try:
                self._write_line(line, existing.get(line.key) or existing.get(case_key(line.received, line.content)),
                                 park, user, reason, counts)
            except ValidationError as refused:
                raise ImportRejected(f"第{line.row}行：{'；'.join(refused.messages)}（未导入任何数据）") from None
        return ImportOutcome(park, counts)

    def _write_line(self, line: CaseLine, case: Case | None, park: Park, user, reason: str, counts) -> None:
        if line.action == UNCHANGED:
            counts["未变信访件"] += 1
            return
        created = case is None
        if created:
            kind = line.kind or (CaseKind.PETITION if line.source in (Source.PETITION_OFFICE, Source.VISIT)
                                 else CaseKind.COMPLAINT)
            case = Case(park=park, source=line.source or Source.HOTLINE, kind=kind,
                        received_on=line.received or line.closed or timezone.localdate())
        else:
            case.source = line.source or case.source
            case.kind = line.kind or case.kind
            case.received_on = line.received or case.received_on
        case.number = line.number or case.number
        case.content = line.content
        case.place = line.place or case.place
        if line.name and not is_masked(line.name):
            case.petitioner_name = line.name
        if line.phone and not is_masked(line.phone):
            case.petitioner_phone = line.phone
        if line.unit:
            case.handling_unit = find_unit(park, line.unit)
        services.case_register(case=case, user=user, due_on=line.due, reason=reason)
        counts["新增信访件" if created else "更新信访件"] += 1
        if case.is_closed:
            return
        if line.closed:
            if case.status == CaseStatus.HANDLING:
                services.case_reply(case=case, reply=line.reply or "已办结", on=line.closed, user=user)
            services.case_review(case=case, visited_on=line.closed, satisfaction=line.satisfaction, user=user)
            counts["办结信访件"] += 1
        elif line.reply and case.status == CaseStatus.HANDLING:
            services.case_reply(case=case, reply=line.reply, on=timezone.localdate(), user=user)
