"""Import of the 招商引资项目台账: the Excel (or Word) ledger of investment projects a park keeps.

Parks keep it in several layouts, all read here (see ledger.py for the columns and cells):
- one table, stage as a phrase: 序号 / 项目名称 / 投资方 / 总投资（亿元）/ 产业链 / 进展情况 / 责任单位;
- a workbook of two sheets, 内资 and 外资, the foreign one in 万美元 with the rate used;
- stage as a column per stage (线索 … 投产), each holding the date it was reached.
A 合计 row is skipped (the sums are computed); a heading row ("一、外资项目") sets 内资/外资 for the rows below.

Amounts are stored in 万元; a foreign amount is kept in 万美元 too, with its rate (the row's, the
column's, a "汇率：7.1" line above the table, else 7.10 with a warning). Importing again updates:
projects are matched on the normalised name within the park; a blank cell leaves what is recorded
alone; a stage behind the recorded one is not a change (stages never go back). The stages a row has
reached are walked through investment.services.stage_advance, so an imported project has the history,
the enterprise and the key project a project moved on by hand has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils import timezone

from parkops.core.formatting import TWO_PLACES, plain_number, round2
from parkops.core.imports import (
    ACTION_LABELS,
    CREATE,
    UNCHANGED,
    UPDATE,
    Document,
    Importer,
    ImportFileError,
    ImportOutcome,
    ImportRejected,
    MappedTable,
    NewName,
    Preview,
    find_table,
    normalise_header,
    read_document,
    read_title_lines,
)
from parkops.core.text import TOTAL_WORDS, normalise_name, split_names
from parkops.investment import services
from parkops.investment.choices import PIPELINE, CapitalSource, Stage
from parkops.investment.ledger import (
    DEFAULT_USD_RATE,
    LABELS,
    LEDGER_COLUMNS,
    MAX_AMOUNT,
    RATE_ABOVE,
    STAGE_COLUMN_KEYS,
    UNIT_ABOVE,
    Amount,
    header_unit,
    is_blank,
    project_key,
    read_amount,
    read_date,
    read_decimal,
    read_stage,
    split_origin,
)
from parkops.investment.models import InvestmentProject
from parkops.org.models import Park, Person
from parkops.org.names import NameCollector, import_park
from parkops.org.services import create_named, find_unit

MAX_NAME = InvestmentProject._meta.get_field("name").max_length


@dataclass
class LedgerLine:
    row: int  # the row number; a second sheet's rows are told apart by `sheet`
    sheet: str
    name: str
    investor: str = ""
    capital: str = CapitalSource.DOMESTIC
    country: str = ""
    province: str = ""
    city: str = ""
    total: Amount | None = None  # in 万元
    usd: Amount | None = None  # in 万美元
    rate: Decimal | None = None
    chain: str = ""
    land_mu: Decimal | None = None
    factory_area: Decimal | None = None
    unit: str | None = None
    tracker: str | None = None
    contact: str = ""
    phone: str = ""
    credit_code: str = ""
    stage: str | None = None  # the stage reached, None when the row says none
    dates: dict[str, date] = field(default_factory=dict)  # stage → the day it was reached
    terminated_reason: str = ""
    action: str = CREATE
    changes: list[str] = field(default_factory=list)
    steps: list[tuple[str, date]] = field(default_factory=list)  # the stage changes the import will make

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]

    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label if self.stage else ""

    @property
    def step_labels(self) -> list[tuple[str, date]]:
        return [(Stage(stage).label, on) for stage, on in self.steps]

    @property
    def total_wan(self) -> Decimal | None:
        """计划总投资 in 万元: a foreign amount at its rate, else the amount read."""
        if self.usd is not None and self.rate:
            return services.usd_to_wan_yuan(self.usd.value, self.rate)
        return None if self.total is None else round2(self.total.value)

    def as_dict(self) -> dict:
        wan = self.total_wan
        return {
            "row": self.row, "sheet": self.sheet, "name": self.name, "investor": self.investor,
            "capital": CapitalSource(self.capital).label, "stage": self.stage_label or None,
            "total_wan": None if wan is None else plain_number(wan.quantize(TWO_PLACES)),
            "usd_wan": None if self.usd is None else plain_number(self.usd.value),
            "rate": None if self.rate is None else plain_number(self.rate),
            "unit": self.unit, "action": self.action, "changes": self.changes,
            "stage_changes": [{"stage": Stage(s).label, "on": on.isoformat()} for s, on in self.steps],
        }


@dataclass
class LedgerPreview(Preview):
    park: Park | None = None
    table_title: str = ""
    table_date: date | None = None
    lines: list[LedgerLine] = field(default_factory=list)
    people_to_create: list[NewName] = field(default_factory=list)
    units_to_create: list[NewName] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for line in self.lines if line.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {label: self.count(action) for action, label in ACTION_LABELS.items()}

    def as_dict(self) -> dict:
        return {
            "file": self.filename, "park": str(self.park) if self.park else None, "title": self.table_title,
            "date": self.table_date.isoformat() if self.table_date else None,
            "projects": [line.as_dict() for line in self.lines],
            "people_to_create": [p.as_dict() for p in self.people_to_create],
            "units_to_create": [u.as_dict() for u in self.units_to_create],
            "problems": [p.as_dict() for p in self.problems],
        }


def _capital_of(text: str) -> str | None:
    text = normalise_name(text)
    if "外资" in text or "外商" in text:
        return CapitalSource.FOREIGN
    if "内资" in text:
        return CapitalSource.DOMESTIC
    return None


class LedgerImporter(Importer):
    what = "招商引资项目台账"
    columns = LEDGER_COLUMNS

    def __init__(self, *, park: Park | None = None):
        self.park = park

    # -- reading --------------------------------------------------------------------------------

    def preview(self, file: File) -> LedgerPreview:
        """Every table of the file with a 项目名称 header: a workbook's 内资 and 外资 sheets alike."""
        document = read_document(file, allowed=self.allowed)
        tables = []
        for table in document.tables:
            try:
                tables.append(find_table(Document(document.name, document.kind, [table]), self.columns))
            except ImportFileError:
                continue
        if not tables:
            find_table(document, self.columns)  # raises, naming the missing header
        preview = self.build_all(tables, filename=document.name)
        preview.kind = document.kind
        return preview

    def build(self, table: MappedTable, *, filename: str) -> LedgerPreview:
        return self.build_all([table], filename=filename)

    def build_all(self, tables: list[MappedTable], *, filename: str) -> LedgerPreview:
        preview = LedgerPreview(filename=filename)
        preview.park = import_park(self.park, preview)
        existing = {}
        if preview.park is not None:
            existing = {project_key(p.name): p for p in InvestmentProject.objects.filter(park=preview.park)
                        .select_related("unit", "tracker", "enterprise").prefetch_related("stage_changes")}
        names = NameCollector(preview.park)
        seen: dict[str, str] = {}
        for table in tables:
            heading = read_title_lines(table.preamble, preview)
            preview.table_title = preview.table_title or heading.title
            preview.table_date = preview.table_date or heading.date
            self._read_table(table, heading.date, preview, names, existing, seen)
        if not preview.lines and not preview.errors:
            preview.error(None, "台账中没有找到项目行。")
        preview.people_to_create = names.people.to_create
        preview.units_to_create = names.units.to_create
        return preview

    def _read_table(self, table: MappedTable, on: date | None, preview: LedgerPreview, names: NameCollector,
                    existing: dict, seen: dict[str, str]) -> None:
        above = " ".join(normalise_header(line) for line in table.preamble)
        unit_above = m.group(1) if (m := UNIT_ABOVE.search(above)) else None
        rate_above = Decimal(m.group(1)) if (m := RATE_ABOVE.search(above)) else None
        capital = _capital_of(table.name) or _capital_of(above) or None
        units = {}
        for key in ("total", "usd"):
            if table.has(key):
                header = table.header[table.columns[key]] if table.columns[key] < len(table.header) else ""
                units[key] = header_unit(header) or ("万美元" if key == "usd" else unit_above or "万元")
                if key == "total" and not header_unit(header) and not unit_above:
                    preview.warn(None, f"{table.name}的“总投资”列未注明单位（亿元、万元或万美元），按万元读取。")
        for row in table.rows:
            name = table.value(row, "name")
            first = next((cell.strip() for cell in row.cells if cell.strip()), "")
            if any(word in normalise_name(first) for word in TOTAL_WORDS) or normalise_name(name) in TOTAL_WORDS:
                continue  # the sums are the projects' own
            others = table.unmapped_text(row, besides=("name", "number"))
            if row.spans_row or (first and not name and not others) or (name and not others
                                                                         and _capital_of(name)):
                capital = _capital_of(first) or capital
                continue
            if not name:
                if others:
                    preview.error(row.number, f"“项目名称”为空，但其他列有内容：“{others[0][:20]}”。请检查是否错行。")
                continue
            name = " ".join(name.split())
            if len(name) > MAX_NAME:
                preview.error(row.number, f"项目名称“{name[:20]}…”超过{MAX_NAME}字，是否填错了列？")
                continue
            key = project_key(name)
            if key in seen:
                preview.error(row.number, f"项目“{name}”与{seen[key]}重复。")
                continue
            seen[key] = f"{table.name}第{row.number}行"
            line = self._line(table, row, name, capital, units, rate_above, on, preview, names)
            if line is not None:
                self._compare(line, existing.get(key), on, preview)
                preview.lines.append(line)

    def _line(self, table, row, name, capital, units, rate_above, on, preview, names) -> LedgerLine | None:
        ok = True
        number = row.number

        def value(key: str) -> str:
            return table.value(row, key)

        def amount(key: str) -> Amount | None:
            nonlocal ok
            text = value(key)
            try:
                found = read_amount(text, units.get(key, "万元"))
            except ValueError:
                preview.error(number, f"“{LABELS[key]}”应为数字，收到“{text[:20]}”。")
                ok = False
                return None
            if found is not None and not 0 <= found.value < MAX_AMOUNT:
                preview.error(number, f"“{LABELS[key]}”“{text[:20]}”不能为负数或过大，请核对单位。")
                ok = False
                return None
            return found

        def decimal(key: str) -> Decimal | None:
            nonlocal ok
            try:
                found = read_decimal(value(key))
            except ValueError:
                preview.error(number, f"“{LABELS[key]}”应为数字，收到“{value(key)[:20]}”。")
                ok = False
                return None
            if found is not None and found < 0:
                preview.error(number, f"“{LABELS[key]}”不能为负数。")
                ok = False
                return None
            return found

        def one(key: str, find) -> str | None:
            found = split_names(value(key))
            found = [n for n in found if not is_blank(n)]
            if not found:
                return None
            if len(found) > 1:
                preview.warn(number, f"“{LABELS[key]}”列有{len(found)}个名称，只记第一个“{found[0]}”。")
            return find(found[0], number)

        line = LedgerLine(row=number, sheet=table.name, name=name, investor=" ".join(value("investor").split()),
                          contact=value("contact"), phone=value("phone"),
                          credit_code="".join(value("credit_code").split()).upper(),
                          chain=normalise_name(value("chain")) if not is_blank(value("chain")) else "")
        line.total, line.usd = amount("total"), amount("usd")
        if line.total is not None and line.total.is_usd:
            line.usd, line.total = line.total, None
        line.rate = decimal("rate") or None
        line.capital = _capital_of(value("capital")) or (CapitalSource.FOREIGN if line.usd else None) or capital \
            or CapitalSource.DOMESTIC
        if line.usd is not None and line.rate is None:
            line.rate = rate_above or DEFAULT_USD_RATE
            if rate_above is None:
                preview.warn(number, f"“{name}”的外资金额未注明汇率，按{DEFAULT_USD_RATE}元/美元折算。")
        country = normalise_name(value("country"))
        line.country = "" if is_blank(country) else country
        line.province, line.city = split_origin(value("origin"))
        line.land_mu, line.factory_area = decimal("land"), decimal("factory")
        line.unit = one("unit", names.unit)
        line.tracker = one("tracker", names.person)
        if line.credit_code and is_blank(line.credit_code):
            line.credit_code = ""
        ok = self._read_stage(table, row, line, on, preview) and ok
        return line if ok else None

    def _read_stage(self, table, row, line: LedgerLine, on: date | None, preview: LedgerPreview) -> bool:
        ok = True
        today = timezone.localdate()
        reached_marks = []
        for stage, key in STAGE_COLUMN_KEYS.items():
            if not table.has(key):
                continue
            text = table.value(row, key)
            try:
                found = read_date(text)
            except ValueError:
                preview.error(line.row, f"“{LABELS[key]}”列应为日期（如2025-03-01），收到“{text[:20]}”。")
                ok = False
                continue
            if found is None:
                continue
            if found is True:
                reached_marks.append(stage)
                continue
            if found > today:
                preview.error(line.row, f"“{LABELS[key]}”日期{found:%Y-%m-%d}晚于今天。")
                ok = False
                continue
            line.dates[stage] = found
        terminated_on = None
        if table.has("on_terminated"):
            try:
                found = read_date(table.value(row, "on_terminated"))
                terminated_on = found if isinstance(found, date) else None
            except ValueError:
                preview.error(line.row, f"“终止日期”应为日期，收到“{table.value(row, 'on_terminated')[:20]}”。")
                ok = False
        for stage in reached_marks:  # "√": reached, on the table's date
            line.dates[stage] = on or today
        reached = [stage for stage in PIPELINE if stage in line.dates]
        if reached:
            line.stage = reached[-1]
            ordered = [line.dates[stage] for stage in reached]
            if ordered != sorted(ordered):
                preview.error(line.row, "各阶段日期先后顺序不对：" + "、".join(
                    f"{Stage(s).label}{line.dates[s]:%Y-%m-%d}" for s in reached) + "。")
                ok = False
        said = read_stage(table.value(row, "progress")) if table.has("progress") else None
        reason = table.value(row, "terminated_reason") if table.has("terminated_reason") else ""
        if said is not None:
            stage, said_reason = said
            if stage == Stage.TERMINATED:
                line.stage, line.terminated_reason = stage, normalise_name(reason) or said_reason
            elif line.stage is None or Stage.rank(stage) > Stage.rank(line.stage):
                line.stage = stage
        elif table.has("progress") and not is_blank(table.value(row, "progress")) and line.stage is None:
            preview.warn(line.row, f"“进展情况”“{table.value(row, 'progress')[:30]}”看不出项目阶段，按线索导入。")
        if not is_blank(reason) and line.stage != Stage.TERMINATED:
            line.stage, line.terminated_reason = Stage.TERMINATED, normalise_name(reason)
        if line.stage == Stage.TERMINATED and terminated_on:
            line.dates[Stage.TERMINATED] = terminated_on
        return ok

    def _compare(self, line: LedgerLine, project: InvestmentProject | None, on: date | None,
                 preview: LedgerPreview) -> None:
        """Mark the line create / update / unchanged, with what would change and the stage changes."""
        current = project.stage if project else Stage.LEAD
        last = max((c.on for c in project.stage_changes.all()), default=None) if project else None
        if project is None:
            line.action = CREATE
            if line.total_wan is None:
                preview.error(line.row, f"新项目“{line.name}”没有填写总投资。")
        self._plan_steps(line, current, last, on, preview, has_enterprise=bool(project and project.enterprise_id))
        if project is None:
            return
        changes = []
        wan = line.total_wan
        if line.investor and normalise_name(line.investor) != normalise_name(project.investor):
            changes.append("投资方")
        if line.usd is not None:
            if not line.usd.same_as(project.foreign_amount) or line.rate != project.exchange_rate:
                changes.append("外资金额")
        elif line.total is not None and not line.total.same_as(project.total_investment):
            changes.append("总投资")
        elif line.total is None and wan is not None and wan != project.total_investment:
            changes.append("总投资")
        if line.capital != project.capital_source and (line.usd is not None or line.capital == CapitalSource.FOREIGN
                                                       or project.capital_source == CapitalSource.FOREIGN):
            changes.append("内资/外资")
        for label, mine, theirs in (("产业链", line.chain, project.industry_chain),
                                    ("国别", line.country, project.origin_country),
                                    ("来源地", line.province + line.city, project.origin_province + project.origin_city),
                                    ("联系人", line.contact, project.contact_name),
                                    ("联系电话", line.phone, project.contact_phone)):
            if mine and normalise_name(mine) != normalise_name(theirs):
                changes.append(label)
        for label, mine, theirs in (("用地", line.land_mu, project.land_mu),
                                    ("厂房面积", line.factory_area, project.factory_area)):
            if mine is not None and (theirs is None or Decimal(mine) != Decimal(theirs)):
                changes.append(label)
        if line.unit and (project.unit is None or project.unit.name != line.unit):
            changes.append("招商单位")
        if line.tracker and (project.tracker is None or project.tracker.name != line.tracker):
            changes.append("跟踪责任人")
        if line.steps:
            changes.append("阶段")
        line.changes = changes
        line.action = UPDATE if changes else UNCHANGED

    def _plan_steps(self, line: LedgerLine, current: str, last: date | None, on: date | None,
                    preview: LedgerPreview, *, has_enterprise: bool) -> None:
        """The stage changes the row asks for beyond the recorded stage: each dated stage in turn, else
        one step to the stage named, on the table's date (or today)."""
        if line.stage is None or line.stage == current or current == Stage.TERMINATED:
            if current == Stage.TERMINATED and line.stage not in (None, Stage.TERMINATED):
                preview.warn(line.row, f"“{line.name}”在系统中已终止，台账中的“{line.stage_label}”未导入。")
            return
        if line.stage != Stage.TERMINATED and Stage.rank(line.stage) < Stage.rank(current):
            if current != Stage.TERMINATED:
                preview.warn(line.row, f"台账阶段“{line.stage_label}”落后于系统记录的“{Stage(current).label}”，"
                                       "阶段不回退。")
            return
        fallback = on or timezone.localdate()
        # The dated stages beyond the recorded one, in order; then the stage named, if not among them.
        later = [s for s in PIPELINE if Stage.rank(current) < Stage.rank(s)
                 and (line.stage == Stage.TERMINATED or Stage.rank(s) <= Stage.rank(line.stage))]
        steps = [(s, line.dates[s]) for s in later if s in line.dates]
        if line.stage == Stage.TERMINATED and (steps and steps[-1][0] == Stage.IN_PRODUCTION
                                               or current == Stage.IN_PRODUCTION):
            preview.warn(line.row, f"“{line.name}”已投产，不能终止。")
            steps = [step for step in steps if step[0] != Stage.TERMINATED]
        elif not steps or steps[-1][0] != line.stage:
            dated = line.dates.get(line.stage)
            steps.append((line.stage, dated or max([fallback, *[d for _, d in steps]])))
        if not steps:
            return
        if last is not None and steps[0][1] < last:
            preview.error(line.row, f"“{line.name}”的{Stage(steps[0][0]).label}日期{steps[0][1]:%Y-%m-%d}早于系统中"
                                    f"最近一次阶段变更（{last:%Y-%m-%d}）。")
        if any(s == Stage.REGISTERED for s, _ in steps) and not line.credit_code and not has_enterprise:
            preview.error(line.row, f"“{line.name}”进入“注册”阶段，须填写“统一社会信用代码”。")
        line.steps = steps
        if line.action == CREATE and line.dates.get(Stage.LEAD) is None:
            # A new project's history starts on its first known day.
            line.dates[Stage.LEAD] = min([d for _, d in steps] or [fallback])

    # -- writing --------------------------------------------------------------------------------

    def write(self, preview: LedgerPreview, *, user) -> ImportOutcome:
        park = preview.park
        counts = dict.fromkeys(("新增项目", "更新项目", "未变项目", "阶段变更", "新增人员", "新增单位"), 0)
        counts["新增人员"], counts["新增单位"] = create_named(park, people=preview.people_to_create,
                                                       units=preview.units_to_create)
        projects = {project_key(p.name): p for p in InvestmentProject.objects.filter(park=park)}
        reason = f"由招商引资项目台账“{preview.filename}”导入"
        for line in preview.lines:
            try:
                self._write_line(line, projects.get(project_key(line.name)), park, user, reason, counts)
            except ValidationError as refused:
                raise ImportRejected(f"{line.sheet}第{line.row}行“{line.name}”：{'；'.join(refused.messages)}"
                                     "（未导入任何数据）") from None
        return ImportOutcome(park, counts)

    def _write_line(self, line: LedgerLine, project: InvestmentProject | None, park: Park, user, reason: str,
                    counts: dict[str, int]) -> None:
        if line.action == UNCHANGED:
            counts["未变项目"] += 1
            return
        created = project is None
        project = project or InvestmentProject(park=park, name=line.name)
        wanted = {
            "investor": line.investor or None, "industry_chain": line.chain or None,
            "origin_country": line.country or None, "origin_province": line.province or None,
            "origin_city": line.city or None, "contact_name": line.contact or None,
            "contact_phone": line.phone or None, "land_mu": line.land_mu, "factory_area": line.factory_area,
            "unit": find_unit(park, line.unit) if line.unit else None,
            "tracker": Person.objects.filter(park=park).by_name(line.tracker).first() if line.tracker else None,
        }
        if line.usd is not None:
            wanted.update(capital_source=CapitalSource.FOREIGN, foreign_amount=round2(line.usd.value),
                          exchange_rate=line.rate)
        else:
            if line.capital == CapitalSource.FOREIGN or created:
                wanted["capital_source"] = line.capital
            if line.total is not None and not line.total.same_as(project.total_investment):
                wanted["total_investment"] = round2(line.total.value)
        for name, value in wanted.items():
            if value is not None:
                setattr(project, name, value)
        fields_changed = created or any(change != "阶段" for change in line.changes)
        if fields_changed:
            services.project_save(project=project, user=user, reason=reason,
                                  since=line.dates.get(Stage.LEAD) if created else None)
        counts["新增项目" if created else "更新项目"] += 1
        for stage, on in line.steps:
            services.stage_advance(project=project, stage=stage, on=on, user=user, note="由台账导入",
                                   credit_code=line.credit_code, enterprise_name=line.investor,
                                   terminated_reason=line.terminated_reason or "台账记为终止")
            counts["阶段变更"] += 1
