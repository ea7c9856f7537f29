"""Import of the 一览表: the Word or Excel ledger of a plan's tasks, as the committee keeps it.

The ledger (seed 000) is a title line, a date line, and a table: a header row; section rows that
span the table ("二、坚持以…", "（三）提升园区承载水平。"); task rows whose first cell begins
with the task's number ("9.坚持…"), with leaders and units one per line, names padded for alignment
("周  洁"), and the 完成情况 as of the date.

Other ledgers (观摩台账, 整改台账, 专项行动台账) have other columns: only the task's text is required, the
columns are read as layouts.py says or as the supervisor maps them by hand, unknown columns are kept on
each task, and the plan remembers its layout so that its export prints the same columns. A ledger of a
past year is saved archived (not 在用) unless the person importing says otherwise.

Importing the same ledger again updates it: tasks are matched on (plan, number), sections on their
heading within the plan, people and units on their normalised name or a unit's alias.
"""

from __future__ import annotations

import re
from datetime import date

from django.utils import timezone

from parkops.core.imports import (
    ACTION_LABELS,
    CREATE,
    UNCHANGED,
    UPDATE,
    Importer,
    ImportOutcome,
    MappedTable,
    TitleLines,
    read_title_lines,
)
from parkops.core.periods import month_start, period_for_ledger_date, period_label
from parkops.core.text import SUB_HEADING_NUMBER, TOP_HEADING_NUMBER, match_key, normalise_name, split_names
from parkops.org.choices import LeaderLevel
from parkops.org.models import Park, Person, Unit
from parkops.org.names import NameCollector, import_park
from parkops.org.services import person_for_name, unit_for_name
from parkops.supervision import services
from parkops.supervision.choices import Comparator, ReportStatus
from parkops.supervision.deadlines import parse_deadline, read_deadline
from parkops.supervision.layouts import (
    FIELD_LABELS,
    LEDGER_COLUMNS,
    clean_header,
    header_overrides,
    read_layout,
    remembered_mapping,
    stored_layout,
)
from parkops.supervision.ledger_preview import LedgerPreview, SectionLine, TargetLine, TaskLine
from parkops.supervision.models import Plan, Section, Task
from parkops.supervision.targets import parse_targets, read_figure

_NOTE = re.compile(r"^(注|备注|说明)\s*[:：]")
# "9.坚持…", "9．", "9、"; not "9.5亿元…".
_TASK_NUMBER = re.compile(r"^\s*(\d+(?:[-－]\d+)?)\s*[.．、]\s*(?!\d)")
COLUMN_LABELS = {column.key: column.label for column in LEDGER_COLUMNS}
# A person's name is a few characters; a longer text in a leader column was put in the wrong place.
MAX_PERSON_NAME = 10
MAX_UNIT_NAME = 30
_UNIT_ENDINGS = ("局", "委", "办", "镇", "乡", "街道", "区", "公司", "集团", "中心", "院", "所", "站", "队", "会")


def _cell(row, index: int) -> str:
    return row.cells[index].strip() if index < len(row.cells) else ""


def clean_heading(text: str) -> str:
    heading = "".join(line.strip() for line in text.splitlines())
    match = SUB_HEADING_NUMBER.match(heading)
    if match:  # half-width "(一)" is written as the official "（一）"
        heading = "（" + match.group(0).strip("（( ）)") + "）" + heading[match.end():]
    return heading


class _LedgerNames(NameCollector):
    """The people and units a ledger names, and the unit each new 责任人 answers in."""

    def __init__(self, park: Park | None):
        super().__init__(park)
        self.new_people_units: dict[str, str] = {}


__all__ = ["ACTION_LABELS", "LedgerImporter", "LedgerPreview", "parse_deadline"]


class LedgerImporter(Importer):
    what = "一览表"
    columns = LEDGER_COLUMNS

    def __init__(self, *, plan_name: str, period: date | None = None, park: Park | None = None,
                 mapping: dict[str, str] | None = None, active: bool = False):
        """`mapping`: headers read by hand (normalised header → a layouts.FIELD_LABELS key); `active`: a
        new plan of a past year is saved 在用 all the same."""
        self.plan_name = (plan_name or "").strip()
        self.period = period
        self.park = park
        self.mapping = dict(mapping or {})
        self.active = active

    # -- preview --------------------------------------------------------------------------------

    def preview(self, file) -> LedgerPreview:
        # The plan's own headers are read as last time, then as the person maps them now.
        self.header_overrides = header_overrides(self._remembered_mapping() | self.mapping)
        return super().preview(file)

    def _remembered_mapping(self) -> dict[str, str]:
        plans = Plan.objects.filter(name=self.plan_name)
        if self.park is not None:
            plans = plans.filter(park=self.park)
        plan = plans.only("layout").first() if self.plan_name else None
        return remembered_mapping(plan.layout) if plan else {}

    def build(self, table: MappedTable, *, filename: str) -> LedgerPreview:
        preview = LedgerPreview(filename=filename, plan_name=self.plan_name,
                                has_deadline_column=table.has("deadline"))
        if not self.plan_name:
            preview.error(None, "请指定计划名称。")
        self._read_layout(table, preview)
        self._read_preamble(table.preamble, preview)
        plan = self._find_plan(preview)
        self._settle_period(preview)
        self._settle_state(plan, preview)
        existing_sections = {match_key(s.heading): s for s in plan.sections.all()} if plan else {}
        existing_tasks = {t.number: t for t in Task.objects.filter(plan=plan).with_listing_data()} if plan else {}
        names = _LedgerNames(preview.park)

        top: SectionLine | None = None
        current: SectionLine | None = None
        sections: dict[str, SectionLine] = {}
        numbers: dict[str, int] = {}
        for row in table.rows:
            text = table.value(row, "text")
            besides_text = table.unmapped_text(row, besides=("text",))
            first = text or row.text
            if (row.spans_row or TOP_HEADING_NUMBER.match(text) or SUB_HEADING_NUMBER.match(text)) \
                    and not _TASK_NUMBER.match(first):
                if _NOTE.match(first):
                    preview.warn(row.number, f"“{first[:30]}”是表格备注，未导入。")
                    continue
                if besides_text and not row.spans_row:
                    preview.error(row.number, f"标题行“{first[:30]}”的其他列不应有内容（{besides_text[0][:20]}…）。")
                heading = clean_heading(first)
                is_sub = bool(SUB_HEADING_NUMBER.match(heading))
                if not is_sub and not TOP_HEADING_NUMBER.match(heading):
                    preview.warn(row.number, f"标题“{heading[:30]}”没有“一、”或“（一）”这样的序号，按一级标题导入。")
                if is_sub and top is None:
                    preview.warn(row.number, f"二级标题“{heading[:30]}”之前没有一级标题（如“二、…”）。")
                parent = top.heading if is_sub and top else None
                key = match_key(heading)
                if key in sections:
                    preview.error(row.number, f"标题“{heading[:30]}”与第{sections[key].row}行重复。")
                    continue
                existing = existing_sections.get(key)
                if existing is None:
                    action = CREATE
                else:
                    old_parent = existing.parent.heading if existing.parent_id else None
                    action = UNCHANGED if match_key(old_parent or "") == match_key(parent or "") else UPDATE
                line = SectionLine(row.number, heading, parent, action)
                sections[key] = line
                preview.sections.append(line)
                current = line
                if not is_sub:
                    top = line
                continue
            if not text and besides_text:
                preview.error(row.number, f"“{self._header(preview, 'text')}”为空，但其他列有内容："
                                          f"“{besides_text[0][:20]}”。请检查是否错行。")
                continue
            if not text:  # text only in columns the ledger does not read (a 备注 column)
                if row.text:
                    preview.warn(row.number, f"该行只在不导入的列中有内容（“{row.text[:20]}”），已跳过。")
                continue
            task = self._task_line(row, text, table, preview, names, current)
            if task is None:
                continue
            if task.number in numbers:
                preview.error(row.number, f"序号“{task.number}”与第{numbers[task.number]}行重复。")
                continue
            numbers[task.number] = row.number
            self._compare(task, existing_tasks.get(task.number), preview)
            preview.tasks.append(task)

        if not preview.tasks and not preview.errors:
            preview.error(None, f"表格中没有找到任务行（“{self._header(preview, 'text')}”应以“9.”这样的序号开头，"
                                "或填写“序号”列）。")
        preview.people_to_create = names.people.to_create
        preview.new_people_units = names.new_people_units
        preview.units_to_create = names.units.to_create
        return preview

    def _read_layout(self, table: MappedTable, preview: LedgerPreview) -> None:
        """How each column is understood. Without a unit to report it, 完成情况 is kept as a column."""
        if table.has("progress") and not table.has("lead_units"):
            del table.columns["progress"]
            preview.warn(None, "表格没有责任单位列，进展情况无法记为某单位的报送，按附加列原样保留。")
        preview.layout = read_layout(table.header, table.columns, self.mapping)
        for column in preview.layout:
            wanted = self.mapping.get(column.header)
            if column.by_hand and wanted not in (None, column.field):
                preview.warn(None, f"“{column.header}”与前面一列都指定为“{FIELD_LABELS[wanted]}”，只读前一列，"
                                   "此列保留为附加列。")
        extras = set(preview.extra_headers)
        mapped = set(table.columns.values())
        self._extra_columns: dict[str, int] = {}
        for index, cell in enumerate(table.header):
            if index not in mapped and clean_header(cell) in extras:
                self._extra_columns.setdefault(clean_header(cell), index)

    @staticmethod
    def _header(preview: LedgerPreview, key: str) -> str:
        """A column's header as this ledger writes it ("工作任务"), for messages."""
        for column in preview.layout:
            if column.field == key:
                return column.header
        return COLUMN_LABELS[key]

    def _settle_state(self, plan: Plan | None, preview: LedgerPreview) -> None:
        """A new plan of a past year is an archive: it would flood every overdue list (issue 14)."""
        if plan is not None:
            preview.archived = not plan.is_active
            return
        this_year = timezone.localdate().year
        preview.archived = bool(preview.year and preview.year < this_year and not self.active)

    def _read_preamble(self, lines: list[str], preview: LedgerPreview) -> None:
        heading = read_title_lines(lines, preview)
        preview.ledger_title, preview.ledger_date = heading.title, heading.date

    def _find_plan(self, preview: LedgerPreview) -> Plan | None:
        plans = Plan.objects.filter(name=self.plan_name)
        if self.park is not None:
            plans = plans.filter(park=self.park)
        plan = plans.select_related("park").first() if self.plan_name else None
        if plan is not None:
            preview.plan_exists = True
            preview.park = plan.park
            preview.year = plan.year
            return plan
        preview.park = import_park(self.park, preview)
        preview.year = TitleLines(title=preview.ledger_title).year or preview.year
        return None

    def _settle_period(self, preview: LedgerPreview) -> None:
        if self.period is not None:
            preview.period = month_start(self.period)
        elif preview.ledger_date is not None:
            preview.period = period_for_ledger_date(preview.ledger_date)
        else:
            preview.error(None, "无法确定完成情况所属期间：表格上方没有“日期：YYYY年M月D日”，请指定期间。")
        if preview.year is None and preview.period is not None:
            preview.year = preview.period.year
        if preview.year is None and not preview.plan_exists:
            preview.error(None, "无法确定计划年度：标题中没有“YYYY年”，请指定期间。")
        if preview.year and preview.period and preview.period.year != preview.year:
            preview.warn(None, f"期间{period_label(preview.period)}不在计划年度{preview.year}年内。")

    def _task_line(self, row, text: str, table: MappedTable, preview: LedgerPreview, names: _LedgerNames,
                   section: SectionLine | None) -> TaskLine | None:
        match = _TASK_NUMBER.match(text)
        number = table.value(row, "number").rstrip(".．、")
        if match:
            if number and number != match.group(1):
                preview.error(row.number, f"“序号”列为“{number}”，“重点工作”却以“{match.group(1)}.”开头。")
                return None
            number, text = match.group(1), text[match.end():]
        text = text.strip()
        if not number:
            preview.error(row.number, f"任务“{text[:20]}…”没有序号：“{self._header(preview, 'text')}”应以“9.”这样的"
                                      "编号开头，或填写“序号”列。")
            return None
        if not text:
            preview.error(row.number, f"{number}号任务只有序号，没有任务内容。")
            return None

        def people(key: str, level: str, label: str) -> list[str]:
            found = []
            for name in split_names(table.value(row, key)):
                if len(name) > MAX_PERSON_NAME:
                    preview.error(row.number, f"“{label}”列的“{name[:20]}…”不像人名，是否填错了列？")
                    continue
                if name.endswith(_UNIT_ENDINGS):
                    preview.warn(row.number, f"“{label}”列的“{name}”像是单位名称，请核对。")
                found.append(names.person(name, row.number, level=level))
            return found

        def units(key: str, label: str) -> list[str]:
            found = []
            for name in split_names(table.value(row, key)):
                if len(name) > MAX_UNIT_NAME:
                    preview.error(row.number, f"“{label}”列的“{name[:20]}…”不像单位名称，是否填错了列？")
                    continue
                found.append(names.unit(name, row.number))
            return found

        lead_header = self._header(preview, "lead_units")
        lead = units("lead_units", lead_header)
        if not lead and table.has("lead_units"):
            preview.error(row.number, f"{number}号任务没有{lead_header}。")
        responsible = people("responsible", LeaderLevel.OTHER, self._header(preview, "responsible"))
        for name in responsible:
            if lead and normalise_name(name) in names.people.new:
                names.new_people_units.setdefault(normalise_name(name), lead[0])
        task = TaskLine(
            row=row.number, number=number, text=text, section=section.heading if section else None,
            county_leaders=people("county_leaders", LeaderLevel.COUNTY, "县政府责任领导"),
            park_leaders=people("park_leaders", LeaderLevel.PARK, "高新区责任领导"),
            lead_units=lead,
            cooperating_units=[u for u in units("cooperating_units", "配合单位") if u not in lead],
            progress=table.value(row, "progress"),
            responsible=responsible,
            extra={header: _cell(row, index) for header, index in self._extra_columns.items()},
        )
        raw_deadline = " ".join(table.value(row, "deadline").split())
        if raw_deadline:
            reading = read_deadline(raw_deadline, preview.year or timezone.localdate().year)
            task.deadline, task.deadline_text = reading.deadline, raw_deadline[:100]
            if not reading.understood:
                preview.warn(row.number, f"{self._header(preview, 'deadline')}“{raw_deadline[:20]}”无法识别为日期，"
                                         "按原文保留，未设完成期限。")
        return task

    def _compare(self, line: TaskLine, task: Task | None, preview: LedgerPreview) -> None:
        """Mark the line create / update / unchanged, and read its targets and figures."""
        if task is not None and task.target_list:
            # Targets a supervisor has corrected are kept; the figures are read against them.
            proposed = [(t.phrase, t.comparator, t.amount, t.unit) for t in task.target_list]
        else:
            proposed = [(t.phrase, t.comparator, t.amount, t.unit) for t in parse_targets(line.text)]
        line.targets = [
            TargetLine(phrase, comparator, amount, unit, read_figure(line.progress, unit) if line.progress else None)
            for phrase, comparator, amount, unit in proposed
        ]
        for target in line.targets:
            if target.comparator == Comparator.AT_LEAST and line.progress and target.figure is None:
                preview.warn(line.row, f"{line.number}号任务的完成情况中没有找到以{target.unit}计的完成数"
                                       f"（目标：{target.phrase}）。")
        if task is None:
            line.action = CREATE
            return
        current = {
            "任务内容": task.text,
            "所属章节": match_key(task.section.heading) if task.section_id else None,
            "县政府责任领导": [p.name for p in task.county_leaders],
            "高新区责任领导": [p.name for p in task.park_leaders],
            "牵头单位": [u.name for u in task.lead_units],
            "配合单位": [u.name for u in task.cooperating_units],
        }
        incoming = {
            "任务内容": line.text,
            "所属章节": match_key(line.section) if line.section else None,
            "县政府责任领导": line.county_leaders,
            "高新区责任领导": line.park_leaders,
            "牵头单位": line.lead_units,
            "配合单位": line.cooperating_units,
        }
        if preview.has_deadline_column:
            current["完成时限"] = (task.deadline, task.deadline_text)
            incoming["完成时限"] = (line.deadline, line.deadline_text)
        if preview.has_responsible_column:
            current["责任人"], incoming["责任人"] = [p.name for p in task.responsible_people], line.responsible
        current["附加列"], incoming["附加列"] = task.extra or {}, line.extra
        line.changes = [label for label in current if current[label] != incoming[label]]
        if line.progress and line.lead_units and preview.period:
            report = next((r for r in task.report_list if r.period == preview.period
                           and r.unit.name == line.lead_units[0]), None)
            if report is None or report.text != line.progress or report.status != ReportStatus.ACCEPTED:
                line.changes.append("完成情况")
        line.action = UPDATE if line.changes else UNCHANGED

    # -- commit ---------------------------------------------------------------------------------

    def write(self, preview: LedgerPreview, *, user) -> ImportOutcome:
        park = preview.park
        counts = dict.fromkeys(("新建计划", "新增章节", "新增任务", "更新任务", "未变任务", "新增人员", "新增单位",
                                "导入完成情况"), 0)
        reason = f"由一览表“{preview.filename}”导入"
        plan = Plan.objects.filter(park=park, name=preview.plan_name).first()
        layout = stored_layout(preview.layout)
        if plan is None:
            plan = services.plan_save(plan=Plan(park=park, name=preview.plan_name, year=preview.year,
                                                ledger_title=preview.ledger_title, layout=layout,
                                                is_active=not preview.archived), user=user, reason=reason)
            counts["新建计划"] = 1
        elif (preview.ledger_title and plan.ledger_title != preview.ledger_title) or plan.layout != layout:
            plan.ledger_title = preview.ledger_title or plan.ledger_title
            plan.layout = layout
            # The version just read, inside the import's transaction: nobody can have saved since.
            services.plan_save(plan=plan, user=user, loaded_version=plan.version, reason=reason)

        units = {}
        for unit in Unit.objects.filter(park=park):
            units.update({alias: unit for alias in unit.alias_list()})
        units.update({u.normalised_name: u for u in Unit.objects.filter(park=park)})
        for new in preview.units_to_create:
            if new.name not in units:
                units[new.name] = unit_for_name(park, new.name, kind=new.kind)
                counts["新增单位"] += 1
        people = {p.normalised_name: p for p in Person.objects.filter(park=park)}
        new_people_units = getattr(preview, "new_people_units", {})
        for new in preview.people_to_create:
            if new.name not in people:
                unit = units.get(normalise_name(new_people_units.get(new.name, "")))
                people[new.name] = person_for_name(park, new.name, level=new.kind, unit=unit)
                counts["新增人员"] += 1

        sections = {match_key(s.heading): s for s in plan.sections.all()}
        next_position = max((s.position for s in sections.values()), default=-1) + 1
        for line in preview.sections:
            parent = sections[match_key(line.parent)] if line.parent else None
            section = sections.get(match_key(line.heading))
            if section is None:
                sections[match_key(line.heading)] = Section.objects.create(
                    plan=plan, heading=line.heading, parent=parent, position=next_position)
                next_position += 1
                counts["新增章节"] += 1
            elif section.parent_id != (parent.pk if parent else None):
                section.parent = parent
                section.save()

        tasks = {t.number: t for t in Task.objects.filter(plan=plan)}
        next_position = max((t.position for t in tasks.values()), default=-1) + 1
        for line in preview.tasks:
            section = sections[match_key(line.section)] if line.section else None
            lead = [units[normalise_name(n)] for n in line.lead_units]
            named = {
                "county_leaders": [people[normalise_name(n)] for n in line.county_leaders],
                "park_leaders": [people[normalise_name(n)] for n in line.park_leaders],
                "lead_units": lead,
                "cooperating_units": [units[normalise_name(n)] for n in line.cooperating_units],
                "responsible": ([people[normalise_name(n)] for n in line.responsible]
                                if preview.has_responsible_column else None),
            }
            task = tasks.get(line.number)
            if task is None:
                task = Task(plan=plan, number=line.number, position=next_position, text=line.text, section=section,
                            deadline=line.deadline, deadline_text=line.deadline_text, extra=line.extra)
                services.task_edit(task=task, user=user, loaded_version=None, reason=reason, **named)
                next_position += 1
                counts["新增任务"] += 1
            else:
                wanted = {"text": line.text, "section_id": section.pk if section else None, "extra": line.extra}
                if preview.has_deadline_column:
                    wanted.update(deadline=line.deadline, deadline_text=line.deadline_text)
                if any(getattr(task, name) != value for name, value in wanted.items()):
                    for name, value in wanted.items():
                        setattr(task, name, value)
                    services.task_edit(task=task, user=user, loaded_version=task.version, reason=reason, **named)
                else:
                    services.task_set_people(task=task, **named)  # the task itself unchanged: no new version
                counts["更新任务" if line.action == UPDATE else "未变任务"] += 1
            targets = services.task_targets_from_text(task)
            if line.progress:
                # A bound target's figure is read live from its metric, not from the ledger's text.
                figures = {t: read_figure(line.progress, t.unit) for t in targets if not t.is_bound}
                services.report_record_imported(
                    task=task, unit=lead[0], user=user, period=preview.period, text=line.progress,
                    figures={t: amount for t, amount in figures.items() if amount is not None},
                )
                if line.action == CREATE or "完成情况" in line.changes:
                    counts["导入完成情况"] += 1
        return ImportOutcome(plan, counts)
