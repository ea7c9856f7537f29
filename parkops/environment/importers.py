"""Imports of 生态环境, through core's one pipeline (read → header → rows → preview → commit, all or nothing):

- 监测结果 (.xlsx or .csv), one row a reading: 企业名称, 排放口, 监测因子, 监测值, 单位, 标准限值, 监测时间, as
  monitoring platforms and the environment bureau's 采样检测报告 list them. A reading is known by its
  enterprise, outlet, pollutant and time: a second import of the same file writes nothing. A new reading over
  its limit opens a hazard and a supervision task (services.reading_record).
- 环保督察反馈问题整改清单 (.xlsx or .docx): 序号, 反馈问题, 整改目标, 整改措施, 责任单位, 整改时限, 整改进展;
  each new problem becomes an item and a task of its level's plan; one already held has its progress updated.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone

from parkops.core.imports import (
    ACTION_LABELS,
    CREATE,
    UNCHANGED,
    UPDATE,
    Column,
    Importer,
    ImportOutcome,
    ImportRejected,
    MappedTable,
    Preview,
    read_title_lines,
)
from parkops.core.text import BLANK_MARKS, TOTAL_WORDS, match_key, normalise_name
from parkops.environment import rules, selectors, services
from parkops.environment.choices import InspectionLevel
from parkops.environment.models import FeedbackItem, Outlet, PollutantLimit, Reading
from parkops.org.models import Park
from parkops.org.names import import_park
from parkops.org.services import find_unit

MONITORING_COLUMNS = (
    Column("number", "序号", required=False),
    Column("enterprise", "企业名称", ("单位名称", "排污单位", "排污单位名称", "企业", "被监测单位")),
    Column("outlet", "排放口", ("排污口", "排放口名称", "排放口编号", "排污口名称", "监测点位", "点位", "点位名称", "采样点位")),
    Column("pollutant", "监测因子", ("监测项目", "污染物", "污染物名称", "检测项目", "监测指标", "因子")),
    Column("value", "监测值", ("监测结果", "检测结果", "实测值", "排放浓度", "浓度", "实测浓度", "检测值")),
    Column("unit", "单位", ("计量单位", "浓度单位", "单位名称"), required=False),
    Column("limit", "标准限值", ("限值", "排放限值", "执行标准限值", "标准值", "排放标准限值", "标准限值（上限）")),
    Column("measured_at", "监测时间", ("监测日期", "采样时间", "采样日期", "检测日期", "检测时间", "监测时段")),
)

_NOT_DETECTED = ("未检出", "ND", "N.D.", "低于检出限")
_NUMBER = re.compile(r"^[<＜]?\s*(-?\d+(?:\.\d+)?)")
_RANGE = re.compile(r"^(\d+(?:\.\d+)?)\s*[～~\-－—至]+\s*(\d+(?:\.\d+)?)$")
_DATETIME = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})日?(?:[\sT]+(\d{1,2})[:时](\d{1,2})?(?::(\d{1,2}))?分?)?")


def read_number(text: str) -> Decimal:
    text = normalise_name(text).replace(",", "")
    match = _NUMBER.match(text)
    if not match:
        raise ValueError(text)
    return Decimal(match.group(1))


def read_limit(text: str) -> tuple[Decimal | None, Decimal]:
    """"50" → (None, 50); "6～9" (pH) → (6, 9)."""
    text = normalise_name(text).replace(",", "")
    if match := _RANGE.match(text):
        low, high = Decimal(match.group(1)), Decimal(match.group(2))
        if low > high:
            raise ValueError(text)
        return low, high
    value = read_number(text.lstrip("≤<＜"))
    return None, value


def read_moment(text: str) -> datetime:
    """"2026-03-15 10:00", "2026/3/15", "2026年3月15日 10时"; a day alone is read as its midnight."""
    text = (text or "").strip()
    match = _DATETIME.match(text)
    if not match:
        raise ValueError(text)
    year, month, day = (int(match.group(i)) for i in (1, 2, 3))
    hour, minute, second = (int(match.group(i) or 0) for i in (4, 5, 6))
    return timezone.make_aware(datetime.combine(date(year, month, day), time(hour, minute, second)))


def is_blank(text: str) -> bool:
    return normalise_name(text) in BLANK_MARKS


@dataclass
class ReadingLine:
    row: int
    enterprise: str
    outlet: str
    pollutant: str
    value: Decimal
    unit: str
    limit: Decimal | None
    lower: Decimal | None
    measured_at: datetime
    over_limit: bool = False
    new_outlet: bool = False
    action: str = CREATE

    @property
    def key(self) -> tuple:
        return (match_key(self.enterprise), match_key(self.outlet), match_key(self.pollutant), self.measured_at)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]

    def as_dict(self) -> dict:
        def figure(value):
            return f"{value.normalize():f}" if value is not None else None
        return {"row": self.row, "enterprise": self.enterprise, "outlet": self.outlet, "pollutant": self.pollutant,
                "value": figure(self.value), "unit": self.unit or None, "limit": figure(self.limit),
                "lower_limit": figure(self.lower), "measured_at": timezone.localtime(self.measured_at).isoformat(),
                "over_limit": self.over_limit, "new_outlet": self.new_outlet, "action": self.action}


@dataclass
class MonitoringPreview(Preview):
    park: Park | None = None
    table_title: str = ""
    lines: list[ReadingLine] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for line in self.lines if line.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {ACTION_LABELS[CREATE]: self.count(CREATE), ACTION_LABELS[UNCHANGED]: self.count(UNCHANGED)}

    @property
    def over_count(self) -> int:
        return sum(1 for line in self.lines if line.over_limit and line.action == CREATE)

    def as_dict(self) -> dict:
        return {"file": self.filename, "park": str(self.park) if self.park else None, "title": self.table_title,
                "readings": [line.as_dict() for line in self.lines], "count": len(self.lines),
                "new_over_limit": self.over_count, "problems": [p.as_dict() for p in self.problems]}


class MonitoringImporter(Importer):
    what = "监测结果"
    columns = MONITORING_COLUMNS
    allowed = {"xlsx", "csv"}

    def __init__(self, *, park: Park | None = None):
        self.park = park

    def lock_name(self, preview: MonitoringPreview) -> str | None:
        return f"environment-monitoring-{preview.park.pk}" if preview.park else None

    def build(self, table: MappedTable, *, filename: str) -> MonitoringPreview:
        preview = MonitoringPreview(filename=filename)
        preview.park = import_park(self.park, preview)
        preview.table_title = read_title_lines(table.preamble, preview).title
        if preview.park is None:
            return preview
        names = {table.value(row, "enterprise") for row in table.rows}
        registry = selectors.enterprises_named(park=preview.park, names=names)
        outlets = {(o.enterprise_id, o.key): o for o in Outlet.objects.filter(park=preview.park)}
        held = {(limit.outlet_id, limit.key): limit for limit in PollutantLimit.objects.filter(outlet__park=preview.park)}
        existing = set(Reading.objects.filter(park=preview.park).values_list(
            "outlet__enterprise__normalised_name", "outlet__key", "pollutant_key", "measured_at"))
        seen: dict[tuple, int] = {}
        for row in table.rows:
            first = next((cell.strip() for cell in row.cells if cell.strip()), "")
            if row.spans_row or any(word in normalise_name(first) for word in TOTAL_WORDS):
                continue
            if not table.value(row, "enterprise") and not table.value(row, "pollutant"):
                continue
            line = self._line(table, row, preview, registry)
            if line is None:
                continue
            if line.key in seen:
                preview.error(row.number, f"与第{seen[line.key]}行是同一排放口、同一因子、同一时间的监测结果。")
                continue
            seen[line.key] = row.number
            enterprise = registry[normalise_name(line.enterprise)]
            outlet = outlets.get((enterprise.pk, match_key(line.outlet)[:100]))
            line.new_outlet = outlet is None
            if outlet is not None:
                limit = held.get((outlet.pk, match_key(line.pollutant)[:50]))
                if limit is not None:
                    if line.limit is not None and line.limit != limit.limit_value:
                        preview.warn(row.number, f"表中{line.pollutant}的标准限值与系统登记的"
                                                 f"{limit.limit_value.normalize():f}{limit.unit}不同，按系统登记的判断。")
                    line.limit, line.lower = limit.limit_value, limit.lower_limit
            if line.limit is None:
                preview.error(row.number, f"{line.outlet}的“{line.pollutant}”未填写标准限值，系统中也未登记，无法判断是否超标。")
                continue
            line.over_limit = rules.over_limit(value=line.value, limit=line.limit, lower=line.lower)
            key = (enterprise.normalised_name, match_key(line.outlet)[:100], match_key(line.pollutant)[:50], line.measured_at)
            line.action = UNCHANGED if key in existing else CREATE
            preview.lines.append(line)
        if not preview.lines and not preview.errors:
            preview.error(None, "文件中没有找到监测结果行。")
        return preview

    def _line(self, table: MappedTable, row, preview: MonitoringPreview, registry: dict) -> ReadingLine | None:
        number = row.number

        def value(key: str) -> str:
            text = table.value(row, key)
            return "" if is_blank(text) else " ".join(text.split())

        enterprise, outlet, pollutant = value("enterprise"), value("outlet"), value("pollutant")
        for label, text in (("企业名称", enterprise), ("排放口", outlet), ("监测因子", pollutant)):
            if not text:
                preview.error(number, f"未填写“{label}”。")
                return None
        if normalise_name(enterprise) not in registry:
            preview.error(number, f"企业“{enterprise[:30]}”不在本园区企业库中，请先在企业库登记（或核对名称）。")
            return None
        raw = value("value")
        if any(word.lower() in raw.lower() for word in _NOT_DETECTED):
            preview.warn(number, f"{outlet}的{pollutant}“{raw}”为未检出，不超标，未导入。")
            return None
        try:
            measured = read_number(raw)
        except ValueError:
            preview.error(number, f"“监测值”应为数字，收到“{raw[:20]}”。")
            return None
        limit_text = value("limit")
        lower = limit = None
        if limit_text:
            try:
                lower, limit = read_limit(limit_text)
            except (ValueError, InvalidOperation):
                preview.error(number, f"“标准限值”应为数字或范围（如50、6～9），收到“{limit_text[:20]}”。")
                return None
        try:
            moment = read_moment(table.value(row, "measured_at"))
        except ValueError:
            preview.error(number, f"“监测时间”应为日期或日期时间（如2026-03-15 10:00），收到“{table.value(row, 'measured_at')[:20]}”。")
            return None
        if moment > timezone.now():
            preview.error(number, f"监测时间{timezone.localtime(moment):%Y-%m-%d %H:%M}晚于现在。")
            return None
        return ReadingLine(row=number, enterprise=enterprise, outlet=outlet[:100], pollutant=pollutant[:50],
                           value=measured, unit=value("unit")[:20], limit=limit, lower=lower, measured_at=moment)

    def write(self, preview: MonitoringPreview, *, user) -> ImportOutcome:
        park = preview.park
        counts = dict.fromkeys(("新增监测结果", "已有未变", "新增排放口", "超标（已生成隐患和督办任务）"), 0)
        registry = selectors.enterprises_named(park=park, names=[line.enterprise for line in preview.lines])
        outlets = {(o.enterprise_id, o.key): o for o in Outlet.objects.filter(park=park).select_related("enterprise")}
        reason = f"由监测结果“{preview.filename}”导入"
        for line in preview.lines:
            try:
                enterprise = registry[normalise_name(line.enterprise)]
                outlet = outlets.get((enterprise.pk, match_key(line.outlet)[:100]))
                if outlet is None:
                    outlet = services.outlet_save(outlet=Outlet(park=park, enterprise=enterprise, name=line.outlet),
                                                  user=user, reason=reason)
                    outlets[(enterprise.pk, outlet.key)] = outlet
                    counts["新增排放口"] += 1
                if not PollutantLimit.objects.filter(outlet=outlet, key=match_key(line.pollutant)[:50]).exists():
                    services.limit_save(limit=PollutantLimit(outlet=outlet, pollutant=line.pollutant, unit=line.unit,
                                                             limit_value=line.limit, lower_limit=line.lower),
                                        user=user, reason=reason)
                reading, created = services.reading_record(
                    outlet=outlet, pollutant=line.pollutant, value=line.value, unit=line.unit,
                    measured_at=line.measured_at, limit=line.limit, lower=line.lower, source=preview.filename, user=user)
            except ValidationError as refused:
                raise ImportRejected(f"第{line.row}行“{line.enterprise}”：{'；'.join(refused.messages)}（未导入任何数据）") \
                    from None
            if not created:
                counts["已有未变"] += 1
                continue
            counts["新增监测结果"] += 1
            if reading.over_limit:
                counts["超标（已生成隐患和督办任务）"] += 1
        return ImportOutcome(park, counts)


# --- 环保督察反馈问题整改清单 --------------------------------------------------------------------------

FEEDBACK_COLUMNS = (
    Column("number", "序号", ("编号",), required=False),
    Column("problem", "反馈问题", ("督察反馈问题", "问题", "存在问题", "反馈问题内容", "问题描述", "具体问题")),
    Column("goal", "整改目标", ("目标", "整改要求"), required=False),
    Column("measures", "整改措施", ("措施", "主要措施"), required=False),
    Column("unit", "责任单位", ("牵头单位", "整改责任单位", "责任部门"), required=False),
    Column("deadline", "整改时限", ("完成时限", "整改期限", "时限"), required=False),
    Column("progress", "整改进展", ("整改进展情况", "整改情况", "完成情况", "进展情况"), required=False),
    Column("level", "督察级别", ("来源", "问题来源", "督察类别"), required=False),
)

_LEVEL_WORDS = ((InspectionLevel.CENTRAL, "中央"), (InspectionLevel.PROVINCIAL, "省"), (InspectionLevel.CITY, "市"))


def read_level(text: str) -> str | None:
    for level, word in _LEVEL_WORDS:
        if word in (text or ""):
            return level
    return None


_LEDGER_DAY = re.compile(r"((?:19|20)\d{2})\s*[年./\-]\s*(\d{1,2})\s*(?:月|[./\-])?\s*(?:(\d{1,2})\s*[日号]?|(底|末))?")


def read_ledger_day(text: str) -> date:
    """"2026年6月底前" → 2026-06-30; "2026-06-30", "2026年6月30日"; "2026年底" → 12-31. Anything else (长期坚持,
    立行立改) raises ValueError: a deadline is never guessed, the text is kept as written."""
    text = normalise_name(text)
    if match := _LEDGER_DAY.search(text):
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise ValueError(text)
        if match.group(3):
            return date(year, month, int(match.group(3)))
        return date(year, month, calendar.monthrange(year, month)[1])
    if match := re.search(r"((?:19|20)\d{2})\s*年\s*(?:底|末)", text):
        return date(int(match.group(1)), 12, 31)
    raise ValueError(text)


@dataclass
class FeedbackLine:
    row: int
    number: str
    problem: str
    goal: str = ""
    measures: str = ""
    unit: str = ""
    deadline: date | None = None
    deadline_text: str = ""
    progress: str = ""
    level: str = InspectionLevel.CENTRAL
    action: str = CREATE

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]

    @property
    def level_label(self) -> str:
        return InspectionLevel(self.level).label

    def as_dict(self) -> dict:
        return {"row": self.row, "number": self.number or None, "problem": self.problem, "goal": self.goal or None,
                "measures": self.measures or None, "unit": self.unit or None,
                "deadline": self.deadline.isoformat() if self.deadline else None,
                "deadline_text": self.deadline_text or None, "progress": self.progress or None,
                "level": self.level_label, "action": self.action}


@dataclass
class FeedbackPreview(Preview):
    park: Park | None = None
    table_title: str = ""
    lines: list[FeedbackLine] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for line in self.lines if line.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {label: self.count(action) for action, label in ACTION_LABELS.items()}

    def as_dict(self) -> dict:
        return {"file": self.filename, "park": str(self.park) if self.park else None, "title": self.table_title,
                "items": [line.as_dict() for line in self.lines], "count": len(self.lines),
                "problems": [p.as_dict() for p in self.problems]}


class FeedbackImporter(Importer):
    what = "环保督察反馈问题整改清单"
    columns = FEEDBACK_COLUMNS

    def __init__(self, *, park: Park | None = None, level: str = "", batch: str = ""):
        self.park, self.level, self.batch = park, level, batch

    def build(self, table: MappedTable, *, filename: str) -> FeedbackPreview:
        preview = FeedbackPreview(filename=filename)
        preview.park = import_park(self.park, preview)
        preview.table_title = read_title_lines(table.preamble, preview).title
        if preview.park is None:
            return preview
        default_level = self.level or read_level(preview.table_title) or InspectionLevel.CENTRAL
        existing = {(i.level, i.key): i for i in FeedbackItem.objects.filter(park=preview.park)}
        seen: dict[tuple, int] = {}
        for row in table.rows:
            first = next((cell.strip() for cell in row.cells if cell.strip()), "")
            problem = table.value(row, "problem").strip()
            if row.spans_row or not problem or any(word in normalise_name(first) for word in TOTAL_WORDS):
                continue
            line = FeedbackLine(row=row.number, number=table.value(row, "number")[:20], problem=problem,
                                goal=table.value(row, "goal"), measures=table.value(row, "measures"),
                                unit=" ".join(table.value(row, "unit").split())[:200],
                                progress=table.value(row, "progress"),
                                level=read_level(table.value(row, "level")) or default_level)
            deadline = " ".join(table.value(row, "deadline").split())
            line.deadline_text = deadline[:100]
            if deadline and not is_blank(deadline):
                try:
                    line.deadline = read_ledger_day(deadline)
                except (ValueError, TypeError):
                    preview.warn(row.number, f"整改时限“{deadline[:20]}”不是日期，按原文记录，不计逾期。")
            if line.unit and find_unit(preview.park, line.unit.split("、")[0]) is None:
                preview.warn(row.number, f"责任单位“{line.unit[:20]}”不在本园区的单位中，按原文记录。")
            key = (line.level, match_key(problem)[:200])
            if key in seen:
                preview.error(row.number, f"与第{seen[key]}行是同一反馈问题。")
                continue
            seen[key] = row.number
            held = existing.get(key)
            if held is None:
                line.action = CREATE
            elif line.progress and line.progress.strip() != held.progress.strip() and held.is_open:
                line.action = UPDATE
            else:
                line.action = UNCHANGED
            preview.lines.append(line)
        if not preview.lines and not preview.errors:
            preview.error(None, "清单中没有找到反馈问题行。")
        return preview

    def write(self, preview: FeedbackPreview, *, user) -> ImportOutcome:
        park = preview.park
        counts = dict.fromkeys(("新增问题", "更新进展", "未变"), 0)
        existing = {(i.level, i.key): i for i in FeedbackItem.objects.filter(park=park)}
        reason = f"由环保督察反馈问题清单“{preview.filename}”导入"
        for line in preview.lines:
            try:
                if line.action == CREATE:
                    services.feedback_register(item=FeedbackItem(
                        park=park, level=line.level, batch=self.batch, number=line.number, problem=line.problem,
                        goal=line.goal, measures=line.measures, unit_text=line.unit, deadline=line.deadline,
                        deadline_text=line.deadline_text, progress=line.progress), user=user, reason=reason)
                    counts["新增问题"] += 1
                elif line.action == UPDATE:
                    item = existing[(line.level, match_key(line.problem)[:200])]
                    item.progress = line.progress
                    services.feedback_edit(item=item, user=user, reason=reason)
                    counts["更新进展"] += 1
                else:
                    counts["未变"] += 1
            except ValidationError as refused:
                raise ImportRejected(f"第{line.row}行：{'；'.join(refused.messages)}（未导入任何数据）") from None
        return ImportOutcome(park, counts)
