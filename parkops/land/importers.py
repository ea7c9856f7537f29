"""Import of the 低效闲置工业用地处置台账 (闲置土地清理台账, 清闲促建台账 …): one row a parcel, with its
disposal case.

The layouts parks keep are read alike (ledger.py for the columns): 原用地单位 / 宗地位置 / 面积（亩）/ 类型 /
形成原因 / 处置方式 / 处置进展 / 责任单位 / 责任领导 / 完成时限, the area in 亩 or in ㎡ (by the header, or
written in the cell), a heading row ("一、闲置土地") setting the 类型 of the rows below, a 合计 row
checked against the rows' own sum. Importing again updates: a parcel is matched on its 宗地编号, else on
its holder and place; a blank cell leaves what is recorded alone. A row with an 办结日期 closes its case,
盘活 the 盘活面积 (by default the whole parcel). Every write goes through land.services.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

from parkops.core.formatting import plain_number
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
from parkops.core.text import TOTAL_WORDS, normalise_name, split_names
from parkops.land import services
from parkops.land.choices import LedgerKind
from parkops.land.ledger import (
    LABELS,
    LEDGER_COLUMNS,
    MAX_MU,
    header_is_sqm,
    is_blank,
    parcel_key,
    read_area,
    read_deadline,
    read_kind,
)
from parkops.land.models import DisposalCase, Parcel
from parkops.org.models import Park, Person
from parkops.org.names import NameCollector, import_park
from parkops.org.services import create_named, find_unit


@dataclass
class LandLine:
    row: int
    holder: str
    location: str
    number: str = ""
    area_mu: Decimal | None = None
    kind: str | None = None
    cause: str = ""
    method: str = ""
    progress: str = ""
    unit: str | None = None
    leader: str | None = None
    deadline: date | None = None
    agreed_start: date | None = None
    closed_on: date | None = None
    revitalised_mu: Decimal | None = None
    action: str = CREATE
    changes: list[str] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]

    @property
    def kind_label(self) -> str:
        return LedgerKind(self.kind).label if self.kind else ""

    @property
    def key(self) -> str:
        return self.number or parcel_key(self.holder, self.location)

    def as_dict(self) -> dict:
        return {
            "row": self.row, "holder": self.holder, "location": self.location, "number": self.number or None,
            "area_mu": None if self.area_mu is None else plain_number(self.area_mu),
            "type": self.kind_label or None, "method": self.method or None, "cause": self.cause,
            "progress": self.progress, "unit": self.unit, "leader": self.leader,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "closed_on": self.closed_on.isoformat() if self.closed_on else None,
            "revitalised_mu": None if self.revitalised_mu is None else plain_number(self.revitalised_mu),
            "action": self.action, "changes": self.changes,
        }


@dataclass
class LandPreview(Preview):
    park: Park | None = None
    table_title: str = ""
    lines: list[LandLine] = field(default_factory=list)
    ledger_total_mu: Decimal | None = None  # the 合计 row's area, when the table has one
    people_to_create: list[NewName] = field(default_factory=list)
    units_to_create: list[NewName] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for line in self.lines if line.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {label: self.count(action) for action, label in ACTION_LABELS.items()}

    @property
    def total_mu(self) -> Decimal:
        return sum((line.area_mu or Decimal(0) for line in self.lines), Decimal(0))

    def as_dict(self) -> dict:
        return {
            "file": self.filename, "park": str(self.park) if self.park else None, "title": self.table_title,
            "parcels": [line.as_dict() for line in self.lines], "count": len(self.lines),
            "total_mu": plain_number(self.total_mu),
            "people_to_create": [p.as_dict() for p in self.people_to_create],
            "units_to_create": [u.as_dict() for u in self.units_to_create],
            "problems": [p.as_dict() for p in self.problems],
        }


def _key_of(parcel: Parcel) -> str:
    return parcel.number or parcel_key(parcel.holder_name, parcel.location)


class LandLedgerImporter(Importer):
    what = "低效闲置工业用地处置台账"
    columns = LEDGER_COLUMNS

    def __init__(self, *, park: Park | None = None):
        self.park = park

    def build(self, table: MappedTable, *, filename: str) -> LandPreview:
        preview = LandPreview(filename=filename)
        preview.park = import_park(self.park, preview)
        heading = read_title_lines(table.preamble, preview)
        preview.table_title = heading.title
        existing: dict[str, Parcel] = {}
        if preview.park is not None:
            for parcel in (Parcel.objects.filter(park=preview.park)
                           .select_related("case", "case__method", "case__responsible_unit", "case__leader")):
                existing[_key_of(parcel)] = parcel
                if parcel.number:
                    existing.setdefault(parcel_key(parcel.holder_name, parcel.location), parcel)
        names = NameCollector(preview.park)
        sqm = header_is_sqm(table.header[table.columns["area"]]) if table.columns["area"] < len(table.header) else False
        kind_above = None
        seen: dict[str, int] = {}
        for row in table.rows:
            first = next((cell.strip() for cell in row.cells if cell.strip()), "")
            holder, location = table.value(row, "holder"), table.value(row, "location")
            if any(word in normalise_name(first) for word in TOTAL_WORDS):
                self._read_total(table, row, sqm, preview)
                continue
            filled = {cell.strip() for cell in row.cells if cell.strip()}
            if row.spans_row or (len(filled) == 1 and not location):  # "一、闲置土地": a heading
                kind_above = read_kind(first) or kind_above
                continue
            if not holder and not location:
                continue
            line = self._line(table, row, sqm, kind_above, preview, names)
            if line is None:
                continue
            if line.key in seen:
                preview.error(row.number, f"“{line.holder}”（{line.location}）与第{seen[line.key]}行重复。")
                continue
            seen[line.key] = row.number
            self._compare(line, existing.get(line.key) or existing.get(parcel_key(line.holder, line.location)), preview)
            preview.lines.append(line)
        if not preview.lines and not preview.errors:
            preview.error(None, "台账中没有找到宗地行。")
        if preview.ledger_total_mu is not None and preview.ledger_total_mu != preview.total_mu:
            preview.warn(None, f"台账合计面积{plain_number(preview.ledger_total_mu)}亩，与各宗地面积之和"
                               f"{plain_number(preview.total_mu)}亩不一致，请核对。")
        preview.people_to_create = names.people.to_create
        preview.units_to_create = names.units.to_create
        return preview

    def _read_total(self, table, row, sqm: bool, preview: LandPreview) -> None:
        try:
            preview.ledger_total_mu = read_area(table.value(row, "area"), sqm=sqm)
        except ValueError:
            pass

    def _line(self, table, row, sqm, kind_above, preview: LandPreview, names: NameCollector) -> LandLine | None:
        number = row.number
        ok = True

        def value(key: str) -> str:
            return table.value(row, key)

        def day(key: str) -> date | None:
            nonlocal ok
            try:
                return read_deadline(value(key))
            except (ValueError, TypeError):
                preview.error(number, f"“{LABELS[key]}”应为日期（如2025-12-31、2025年12月底），收到“{value(key)[:20]}”。")
                ok = False
                return None

        def area(key: str) -> Decimal | None:
            nonlocal ok
            try:
                found = read_area(value(key), sqm=sqm)
            except ValueError:
                preview.error(number, f"“{LABELS[key]}”应为数字（亩或平方米），收到“{value(key)[:20]}”。")
                ok = False
                return None
            if found is not None and not 0 < found < MAX_MU:
                preview.error(number, f"“{LABELS[key]}”“{value(key)[:20]}”应大于0，请核对单位。")
                ok = False
                return None
            return found

        def one(key: str, find) -> str | None:
            found = [n for n in split_names(value(key)) if not is_blank(n)]
            if not found:
                return None
            if len(found) > 1:
                preview.warn(number, f"“{LABELS[key]}”列有{len(found)}个名称，只记第一个“{found[0]}”。")
            return find(found[0], number)

        holder = " ".join(value("holder").split())
        location = " ".join(value("location").split())
        if not location:
            preview.error(number, f"“{holder}”未填写宗地位置。")
            return None
        line = LandLine(row=number, holder="" if is_blank(holder) else holder, location=location,
                        number="".join(value("parcel_number").split()) if not is_blank(value("parcel_number")) else "")
        line.area_mu = area("area")
        if line.area_mu is None and ok:
            preview.error(number, f"“{location}”未填写面积。")
            ok = False
        line.revitalised_mu = area("revitalised")
        kind_text = value("kind")
        line.kind = read_kind(kind_text) or kind_above
        if kind_text and not is_blank(kind_text) and read_kind(kind_text) is None:
            preview.warn(number, f"“类型”“{kind_text[:20]}”不是闲置或低效，未记录类型。")
        for key in ("cause", "progress"):
            text = value(key)
            setattr(line, key, "" if is_blank(text) else text.strip())
        method = normalise_name(value("method"))
        line.method = "" if is_blank(method) else method[:30]
        line.unit = one("unit", names.unit)
        line.leader = one("leader", names.person)
        line.deadline, line.agreed_start, line.closed_on = day("deadline"), day("agreed_start"), day("closed_on")
        if line.closed_on and not line.method:
            preview.error(number, f"“{location}”填写了办结日期，但未填写处置方式。")
            ok = False
        if line.revitalised_mu and line.area_mu and line.revitalised_mu > line.area_mu:
            preview.error(number, f"盘活面积{plain_number(line.revitalised_mu)}亩大于宗地面积{plain_number(line.area_mu)}亩。")
            ok = False
        return line if ok else None

    def _compare(self, line: LandLine, parcel: Parcel | None, preview: LandPreview) -> None:
        if parcel is None:
            line.action = CREATE
            return
        case: DisposalCase | None = getattr(parcel, "case", None)
        changes = []
        if line.area_mu is not None and line.area_mu != parcel.area_mu:
            changes.append("面积")
        if line.holder and normalise_name(line.holder) != normalise_name(parcel.holder_name):
            changes.append("原用地单位")
        if normalise_name(line.location) != normalise_name(parcel.location):
            changes.append("宗地位置")
        if line.kind and line.kind != parcel.ledger_kind:
            changes.append("类型")
        if line.cause and line.cause != parcel.cause:
            changes.append("形成原因")
        if line.agreed_start and line.agreed_start != parcel.agreed_start_on:
            changes.append("约定开工日期")
        if case is None:
            if line.method or line.progress or line.unit or line.leader or line.deadline:
                changes.append("处置台账")
        else:
            for label, mine, theirs in (("处置方式", line.method, case.method.name if case.method_id else ""),
                                        ("处置进展", line.progress, case.progress),
                                        ("责任单位", line.unit, case.responsible_unit.name if case.responsible_unit_id else ""),
                                        ("责任领导", line.leader, case.leader.name if case.leader_id else "")):
                if mine and normalise_name(mine) != normalise_name(theirs):
                    changes.append(label)
            if line.deadline and line.deadline != case.deadline:
                changes.append("完成时限")
            if line.closed_on and case.closed_on is None:
                changes.append("办结")
            elif line.closed_on and case.closed_on != line.closed_on:
                preview.warn(line.row, f"“{line.location}”已于{case.closed_on:%Y-%m-%d}办结，台账中的办结日期未导入。")
        line.changes = changes
        line.action = UPDATE if changes else UNCHANGED

    # -- writing --------------------------------------------------------------------------------

    def write(self, preview: LandPreview, *, user) -> ImportOutcome:
        park = preview.park
        counts = dict.fromkeys(("新增宗地", "更新宗地", "未变宗地", "办结处置", "新增人员", "新增单位"), 0)
        counts["新增人员"], counts["新增单位"] = create_named(park, people=preview.people_to_create,
                                                       units=preview.units_to_create)
        services.ensure_methods(park)
        parcels: dict[str, Parcel] = {}
        for parcel in Parcel.objects.filter(park=park).select_related("case"):
            parcels[_key_of(parcel)] = parcel
            if parcel.number:
                parcels.setdefault(parcel_key(parcel.holder_name, parcel.location), parcel)
        reason = f"由低效闲置工业用地处置台账“{preview.filename}”导入"
        for line in preview.lines:
            try:
                self._write_line(line, parcels.get(line.key) or parcels.get(parcel_key(line.holder, line.location)),
                                 park, user, reason, counts)
            except ValidationError as refused:
                raise ImportRejected(f"第{line.row}行“{line.location}”：{'；'.join(refused.messages)}（未导入任何数据）") \
                    from None
        return ImportOutcome(park, counts)

    def _write_line(self, line: LandLine, parcel: Parcel | None, park: Park, user, reason: str,
                    counts: dict[str, int]) -> None:
        if line.action == UNCHANGED:
            counts["未变宗地"] += 1
            return
        created = parcel is None
        parcel = parcel or Parcel(park=park)
        for name, value in (("number", line.number or None), ("holder_name", line.holder or None),
                            ("location", line.location), ("area_mu", line.area_mu), ("ledger_kind", line.kind),
                            ("cause", line.cause[:300] or None), ("agreed_start_on", line.agreed_start)):
            if value is not None:
                setattr(parcel, name, value)
        services.parcel_save(parcel=parcel, user=user, reason=reason)
        counts["新增宗地" if created else "更新宗地"] += 1
        case = DisposalCase.objects.filter(parcel=parcel).first()
        if case is None and not (line.method or line.progress or line.unit or line.leader or line.deadline):
            return
        case = case or DisposalCase(parcel=parcel)
        if line.method:
            case.method = services.method_for_name(park, line.method, user=user)
        if line.progress:
            case.progress = line.progress
        if line.unit:
            case.responsible_unit = find_unit(park, line.unit)
        if line.leader:
            case.leader = Person.objects.filter(park=park).by_name(line.leader).first()
        if line.deadline:
            case.deadline = line.deadline
        if case.pk is None and line.closed_on and line.closed_on < case.opened_on:
            case.opened_on = line.closed_on
        services.case_save(case=case, user=user, reason=reason)
        if line.closed_on and case.closed_on is None:
            services.case_close(case=case, on=line.closed_on, user=user,
                                revitalised_mu=line.revitalised_mu or parcel.area_mu, result="由台账导入")
            counts["办结处置"] += 1
