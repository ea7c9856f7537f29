"""Import of the 企业诉求台账 (政企直通车台账, 企业诉求办理台账 …): one row a request.

Only 企业名称 and 诉求内容 are required; everything else is read when there (ledger.py). A request is
linked to the registry's enterprise of the same name, else kept under the name as written; its clock
starts on the 提出时间 (today when blank) by the park's limits, and a 办理时限 written in the ledger is
the promise it keeps. A row with a 办结时间 is resolved on that day with its 办理结果, and rated when a
满意度 is written. A row already imported (same enterprise, content and day) is left alone. Every write
goes through services.services."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from parkops.core.imports import (
    ACTION_LABELS,
    CREATE,
    UNCHANGED,
    Importer,
    ImportOutcome,
    ImportRejected,
    MappedTable,
    NewName,
    Preview,
    read_title_lines,
)
from parkops.core.text import TOTAL_WORDS, normalise_name
from parkops.economy.selectors import enterprise_choices
from parkops.org.models import Park
from parkops.org.names import NameCollector, import_park
from parkops.org.services import create_named, find_unit
from parkops.services import services
from parkops.services.choices import Category, Rating, Source
from parkops.services.ledger import LABELS, LEDGER_COLUMNS, is_blank, read_category, read_day, read_rating
from parkops.services.models import ServiceRequest


def _key(enterprise: str, content: str, filed_on: date | None) -> str:
    return f"{normalise_name(enterprise)}|{normalise_name(content)[:60]}|{filed_on or ''}"


@dataclass
class RequestLine:
    row: int
    enterprise: str
    content: str
    category: str = Category.OTHER
    filed_on: date | None = None
    unit: str | None = None
    due: date | None = None
    result: str = ""
    resolved_on: date | None = None
    rating: str | None = None
    contact: str = ""
    action: str = CREATE

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]

    @property
    def category_label(self) -> str:
        return Category(self.category).label

    @property
    def rating_label(self) -> str:
        return Rating(self.rating).label if self.rating else ""

    def as_dict(self) -> dict:
        return {"row": self.row, "enterprise": self.enterprise, "content": self.content, "category": self.category_label,
                "filed_on": self.filed_on.isoformat() if self.filed_on else None, "unit": self.unit,
                "due": self.due.isoformat() if self.due else None, "result": self.result,
                "resolved_on": self.resolved_on.isoformat() if self.resolved_on else None,
                "rating": self.rating_label or None, "action": self.action}


@dataclass
class RequestPreview(Preview):
    park: Park | None = None
    table_title: str = ""
    lines: list[RequestLine] = field(default_factory=list)
    units_to_create: list[NewName] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for line in self.lines if line.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {label: self.count(action) for action, label in ACTION_LABELS.items() if self.count(action)}

    def as_dict(self) -> dict:
        return {"file": self.filename, "park": str(self.park) if self.park else None, "title": self.table_title,
                "requests": [line.as_dict() for line in self.lines], "count": len(self.lines),
                "units_to_create": [u.as_dict() for u in self.units_to_create],
                "problems": [p.as_dict() for p in self.problems]}


class RequestLedgerImporter(Importer):
    what = "企业诉求台账"
    columns = LEDGER_COLUMNS

    def __init__(self, *, park: Park | None = None):
        self.park = park

    def build(self, table: MappedTable, *, filename: str) -> RequestPreview:
        preview = RequestPreview(filename=filename)
        preview.park = import_park(self.park, preview)
        preview.table_title = read_title_lines(table.preamble, preview).title
        existing = set()
        if preview.park is not None:
            existing = {_key(name, content, filed) for name, content, filed in ServiceRequest.objects.filter(
                park=preview.park).values_list("enterprise_name", "content", "filed_on")}
        names = NameCollector(preview.park)
        today = timezone.localdate()
        seen: dict[str, int] = {}
        for row in table.rows:
            first = next((cell.strip() for cell in row.cells if cell.strip()), "")
            if any(word in normalise_name(first) for word in TOTAL_WORDS):
                continue
            enterprise, content = normalise_name(table.value(row, "enterprise")), table.value(row, "content").strip()
            if not enterprise and not content:
                continue
            line = self._line(table, row, enterprise, content, preview, names, today)
            if line is None:
                continue
            key = _key(line.enterprise, line.content, line.filed_on)
            if key in seen:
                preview.error(row.number, f"“{line.enterprise}”的诉求与第{seen[key]}行重复。")
                continue
            seen[key] = row.number
            line.action = UNCHANGED if key in existing else CREATE
            preview.lines.append(line)
        preview.units_to_create = names.units.to_create
        if not preview.lines and not preview.errors:
            preview.error(None, "台账中没有找到诉求行。")
        return preview

    def _line(self, table, row, enterprise, content, preview, names, today) -> RequestLine | None:
        number = row.number
        if not enterprise:
            preview.error(number, f"请填写{LABELS['enterprise']}。")
            return None
        if not content or is_blank(content):
            preview.error(number, f"“{enterprise}”未填写{LABELS['content']}。")
            return None
        line = RequestLine(row=number, enterprise=enterprise, content=content)
        ok = True
        for key, reader in (("category", read_category), ("filed_on", read_day), ("due", read_day),
                            ("resolved_on", read_day), ("rating", read_rating)):
            text = table.value(row, key)
            try:
                value = reader(text)
            except ValueError:
                preview.error(number, f"{LABELS[key]}“{text}”无法识别。")
                ok = False
                continue
            if value is not None:
                setattr(line, key, value)
        for key, label in (("filed_on", "提出时间"), ("resolved_on", "办结时间")):
            if getattr(line, key) and getattr(line, key) > today:
                preview.error(number, f"{label}晚于今天。")
                ok = False
        if line.filed_on and line.resolved_on and line.resolved_on < line.filed_on:
            preview.error(number, "办结时间早于提出时间。")
            ok = False
        unit = normalise_name(table.value(row, "unit"))
        if unit and not is_blank(unit):
            line.unit = names.unit(unit, number)
        line.result = table.value(row, "result").strip()
        line.contact = " ".join(table.value(row, "contact").split())[:100]
        if line.resolved_on and not line.unit:
            preview.error(number, "已办结的诉求须填写承办单位。")
            ok = False
        if line.rating and not line.resolved_on:
            preview.warn(number, "未填写办结时间，满意度未导入。")
            line.rating = None
        return line if ok else None

    def write(self, preview: RequestPreview, *, user) -> ImportOutcome:
        park = preview.park
        counts = dict.fromkeys(("新增诉求", "已有诉求", "办结", "新增单位"), 0)
        _, counts["新增单位"] = create_named(park, people=[], units=preview.units_to_create)
        registry = {e.normalised_name: e for e in enterprise_choices(park=park)}
        for line in preview.lines:
            if line.action == UNCHANGED:
                counts["已有诉求"] += 1
                continue
            try:
                self._write_line(line, park, registry, user, counts)
            except ValidationError as refused:
                raise ImportRejected(f"第{line.row}行“{line.enterprise}”：{'；'.join(refused.messages)}（未导入任何数据）") \
                    from None
        return ImportOutcome(park, counts)

    def _write_line(self, line: RequestLine, park: Park, registry: dict, user, counts: dict[str, int]) -> None:
        unit = find_unit(park, line.unit) if line.unit else None
        request = services.request_file(
            park=park, user=user, content=line.content, category=line.category,
            enterprise=registry.get(normalise_name(line.enterprise)), enterprise_name=line.enterprise,
            contact=line.contact, filed_on=line.filed_on, unit=unit, source=Source.LEDGER, promised_due=line.due)
        counts["新增诉求"] += 1
        if line.resolved_on:
            services.request_accept(request=request, user=user, on=line.filed_on or line.resolved_on)
            services.request_resolve(request=request, result=line.result or "已办结（由台账导入）", user=user,
                                     on=line.resolved_on)
            counts["办结"] += 1
            if line.rating:
                services.request_rate(request=request, rating=line.rating, user=user, on=line.resolved_on)
