"""Import of the 重点项目进展情况表: the Word or Excel table of key projects the committee keeps.

The table (seeds 001–003) is a title line ("XX高新区2025年重点项目进展情况表"), a date line, and a
row per project: 总投资, the year's planned and completed investment, 完成率, 形象进度, the problems
in the way, the 挂点领导 and the 责任单位. Headers vary from office to office ("1-10月完成投资",
"存在的困难和问题", "责任领导") and say the unit of money ("总投资（亿元）"); rows may sit under
headings that span the table ("一、产业项目") and end in a 合计 row.

The year's completed investment is a cumulative figure (本年累计), as statistics are: it is stored as
the period's MonthlyProgress, whose 'invested' is the difference from what earlier months of the year
already sum to, so that selectors.investment_figures() gives the printed figure back. The 完成率 is
read only to be checked: the rate is always computed from the two investments. The 存在问题 cell
becomes an open problem of the project (several when numbered "1." "2."), unless the same problem is
open already.

Importing again updates: projects are matched on their normalised name within the park, people and
units on their normalised name (or a unit's alias). A blank cell leaves what is recorded alone; a
figure printed to two decimals of 亿元 (as our own exports print it) that rounds to what is recorded
is not a change, so an exported table imports back without touching anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from parkops.core.formatting import TWO_PLACES, plain_number, round2, share_pct
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
    TitleLines,
    normalise_header,
    read_title_lines,
)
from parkops.core.periods import (
    cumulative_label,
    month_start,
    period_for_ledger_date,
    period_key,
    period_label,
)
from parkops.core.text import TOP_HEADING_NUMBER, TOTAL_WORDS, normalise_name, split_names
from parkops.org.models import Park, Person
from parkops.org.names import NameCollector, import_park
from parkops.org.services import create_named, find_unit
from parkops.projects import services
from parkops.projects.choices import OPEN_PROBLEM_STATUSES, ProblemCategory, ProblemSource, ProjectKind
from parkops.projects.models import MonthlyProgress, Problem, Project, ProjectYearPlan
from parkops.projects.progress_table import (
    FIGURE_LABELS,
    MAX_AMOUNT,
    PROJECT_COLUMNS,
    UNIT_IN_HEADER,
    Amount,
    clean_project_name,
    project_key,
    read_amount,
    read_rate,
    split_problems,
)
from parkops.projects.selectors import investment_figures, open_problems, with_listing_data

# A printed rate may differ from the one computed from printed (rounded) investments by this much.
RATE_TOLERANCE = Decimal("0.5")
MAX_PERSON_NAME = 10
MAX_UNIT_NAME = 30
MAX_NAME = Project._meta.get_field("name").max_length
_UNIT_ABOVE = re.compile(r"单位(?:为)?(亿元|万元)")
# "1-10月", "1—10月份", "1至10月": the months a cumulative figure covers.
_MONTHS = re.compile(r"1[-－—–~～至到](\d{1,2})月份?")


# ---------------------------------------------------------------------------------------------------
# The preview


@dataclass
class ProjectLine:
    row: int
    name: str
    kind: str | None  # from a heading row above ("一、产业项目"), else None
    enterprise: str
    total: Amount | None
    year_plan: Amount | None
    invested: Amount | None
    rate_read: Decimal | None
    image_progress: str
    problems: list[str]  # the 存在问题 cell: one problem, or several numbered "1." "2."
    leader: str | None
    unit: str | None
    action: str = CREATE
    changes: list[str] = field(default_factory=list)
    new_problems: list[str] = field(default_factory=list)  # those not already open on the project

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]

    @property
    def rate(self) -> Decimal | None:
        """年度投资完成率, computed from the two investments as read."""
        if self.invested is None or not self.year_plan or not self.year_plan.value:
            return None
        return share_pct(self.invested.value, self.year_plan.value)

    def as_dict(self) -> dict:
        def money(amount: Amount | None) -> str | None:
            return None if amount is None else plain_number(amount.value.quantize(TWO_PLACES))

        return {
            "row": self.row, "name": self.name, "kind": self.kind, "enterprise": self.enterprise,
            "total": money(self.total), "year_plan": money(self.year_plan), "invested_this_year": money(self.invested),
            "rate": None if self.rate is None else str(self.rate),
            "rate_read": None if self.rate_read is None else str(self.rate_read),
            "image_progress": self.image_progress, "problems": self.problems, "new_problems": self.new_problems,
            "leader": self.leader, "unit": self.unit, "action": self.action, "changes": self.changes,
        }


@dataclass
class ProjectPreview(Preview):
    park: Park | None = None
    year: int | None = None
    period: date | None = None
    table_title: str = ""
    table_date: date | None = None
    projects: list[ProjectLine] = field(default_factory=list)
    people_to_create: list[NewName] = field(default_factory=list)
    units_to_create: list[NewName] = field(default_factory=list)

    @property
    def period_label(self) -> str:
        return period_label(self.period) if self.period else ""

    def count(self, action: str) -> int:
        return sum(1 for line in self.projects if line.action == action)

    @property
    def counts(self) -> dict[str, int]:
        """新增 / 更新 / 不变 -> number of projects."""
        return {label: self.count(action) for action, label in ACTION_LABELS.items()}

    @property
    def new_problems(self) -> list[tuple[ProjectLine, str]]:
        return [(line, text) for line in self.projects for text in line.new_problems]

    def as_dict(self) -> dict:
        return {
            "file": self.filename,
            "park": str(self.park) if self.park else None,
            "year": self.year,
            "title": self.table_title,
            "date": self.table_date.isoformat() if self.table_date else None,
            "period": period_key(self.period) if self.period else None,
            "projects": [line.as_dict() for line in self.projects],
            "people_to_create": [p.as_dict() for p in self.people_to_create],
            "units_to_create": [u.as_dict() for u in self.units_to_create],
            "problems": [p.as_dict() for p in self.problems],
        }


def _kind_of_heading(text: str) -> str | None:
    heading = TOP_HEADING_NUMBER.sub("", normalise_name(text))
    for kind in ProjectKind:
        if heading.startswith(kind.label):
            return kind.value
    return None


def _no_image_progress(line: ProjectLine, preview: ProjectPreview) -> None:
    # A month's progress says what was done, on the page and here alike (projects.services.progress_report).
    preview.error(line.row, f"“{line.name}”填了本年完成投资，但未填形象进度：月度进展须写明形象进度。")


def _same_text(a: str, b: str) -> bool:
    return normalise_name(a) == normalise_name(b)


class ProjectImporter(Importer):
    what = "重点项目进展情况表"
    columns = PROJECT_COLUMNS

    def __init__(self, *, park: Park | None = None, year: int | None = None, period: date | None = None):
        self.park = park
        self.year = year
        self.period = month_start(period) if period else None

    # -- preview --------------------------------------------------------------------------------

    def build(self, table: MappedTable, *, filename: str) -> ProjectPreview:
        preview = ProjectPreview(filename=filename)
        preview.park = import_park(self.park, preview)
        title_lines = read_title_lines(table.preamble, preview)
        preview.table_title, preview.table_date = title_lines.title, title_lines.date
        units = self._read_units(table, preview)
        self._settle_period(table, preview)
        existing = {}
        if preview.park is not None:
            existing = {project_key(p.name): p for p in with_listing_data(Project.objects.filter(park=preview.park))}
        names = NameCollector(preview.park)

        kind: str | None = None
        seen: dict[str, int] = {}
        for row in table.rows:
            name = table.value(row, "name")
            first = next((cell.strip() for cell in row.cells if cell.strip()), "")
            if normalise_name(first) in TOTAL_WORDS or normalise_name(name) in TOTAL_WORDS:
                continue  # the sums are the projects' own, computed on export
            heading_kind = _kind_of_heading(first)
            if row.spans_row or (heading_kind and not table.unmapped_text(row, besides=("name", "number"))):
                if heading_kind:
                    kind = heading_kind
                else:
                    preview.warn(row.number, f"“{first[:30]}”不是项目行，未导入。")
                continue
            if not name:
                others = table.unmapped_text(row, besides=("name", "number"))
                if others:
                    preview.error(row.number, f"“项目名称”为空，但其他列有内容：“{others[0][:20]}”。请检查是否错行。")
                continue
            name = clean_project_name(name)
            if len(name) > MAX_NAME:
                preview.error(row.number, f"项目名称“{name[:20]}…”超过{MAX_NAME}字，是否填错了列？")
                continue
            key = project_key(name)
            if key in seen:
                preview.error(row.number, f"项目“{name}”与第{seen[key]}行重复。")
                continue
            seen[key] = row.number
            line = self._line(row, name, kind, table, units, preview, names)
            if line is None:
                continue
            self._compare(line, existing.get(key), preview)
            preview.projects.append(line)

        if not preview.projects and not preview.errors:
            preview.error(None, "表格中没有找到项目行。")
        preview.people_to_create = names.people.to_create
        preview.units_to_create = names.units.to_create
        return preview

    def _read_units(self, table: MappedTable, preview: ProjectPreview) -> dict[str, str]:
        """The unit of money of each figure column: from its header ("总投资（亿元）"), else from a
        "单位：亿元" line above the table, else 万元 with a warning."""
        above = next((m.group(1) for line in table.preamble if (m := _UNIT_ABOVE.search(normalise_header(line)))),
                     None)
        units = {}
        for key in ("total", "year_plan", "invested"):
            if not table.has(key):
                continue
            header = table.header[table.columns[key]] if table.columns[key] < len(table.header) else ""
            found = UNIT_IN_HEADER.search(normalise_header(header))
            units[key] = found.group(1) if found else above or "万元"
            if not found and not above:
                preview.warn(None, f"“{FIGURE_LABELS[key]}”列的表头未注明单位（亿元或万元），按万元读取。")
        return units

    def _settle_period(self, table: MappedTable, preview: ProjectPreview) -> None:
        """The year from the option, the title or the date; the period from the option, the date line
        (the month before it, as for the 一览表), or the months of the 完成投资 header ("1-10月")."""
        header = table.header[table.columns["invested"]] if table.columns["invested"] < len(table.header) else ""
        months = _MONTHS.search(normalise_header(header))
        preview.year = self.year or TitleLines(preview.table_title).year
        if self.period is not None:
            preview.period = self.period
        elif preview.table_date is not None:
            preview.period = period_for_ledger_date(preview.table_date)
        elif months and preview.year:
            preview.period = date(preview.year, min(12, max(1, int(months.group(1)))), 1)
        if preview.year is None and preview.period is not None:
            preview.year = preview.period.year
        if preview.period is None:
            preview.error(None, "无法确定完成投资所属期间：表格上方没有“日期：YYYY年M月D日”，请指定期间。")
            return
        if preview.year is None:
            preview.error(None, "无法确定年度：标题中没有“YYYY年”，请指定年度。")
            return
        if preview.period.year != preview.year:
            preview.error(None, f"期间{period_label(preview.period)}不在{preview.year}年度内，本年完成投资无法计入。"
                                "请指定期间或年度。")
        elif months and int(months.group(1)) != preview.period.month:
            preview.warn(None, f"表头为“{cumulative_label(date(preview.year, int(months.group(1)), 1))}完成投资”，"
                               f"但期间为{period_label(preview.period)}，按{period_label(preview.period)}导入。")

    def _line(self, row, name: str, kind: str | None, table: MappedTable, units: dict[str, str],
              preview: ProjectPreview, names: NameCollector) -> ProjectLine | None:
        ok = True

        def amount(key: str) -> Amount | None:
            nonlocal ok
            text = table.value(row, key)
            try:
                found = read_amount(text, units.get(key, "万元"))
            except ValueError:
                preview.error(row.number, f"“{FIGURE_LABELS[key]}”应为数字，收到“{text[:20]}”。")
                ok = False
                return None
            if found is not None and not 0 <= found.value < MAX_AMOUNT:
                problem = "不能为负数" if found.value < 0 else "过大，请核对单位（亿元或万元）"
                preview.error(row.number, f"“{FIGURE_LABELS[key]}”“{text[:20]}”{problem}。")
                ok = False
                return None
            return found

        def one(key: str, label: str, limit: int, find) -> str | None:
            nonlocal ok
            found = split_names(table.value(row, key))
            if not found:
                return None
            if len(found[0]) > limit:
                preview.error(row.number, f"“{label}”列的“{found[0][:20]}…”不像{'人名' if key == 'leader' else '单位名称'}，"
                                          "是否填错了列？")
                ok = False
                return None
            if len(found) > 1:
                preview.warn(row.number, f"“{label}”列有{len(found)}个名称，只记第一个“{found[0]}”，"
                                         f"其余（{'、'.join(found[1:])}）未导入。")
            return find(found[0], row.number)

        line = ProjectLine(
            row=row.number, name=name, kind=kind, enterprise=clean_project_name(table.value(row, "enterprise")),
            total=amount("total"), year_plan=amount("year_plan"), invested=amount("invested"), rate_read=None,
            image_progress=table.value(row, "image_progress"),
            problems=split_problems(table.value(row, "problems")),
            leader=one("leader", "挂点领导", MAX_PERSON_NAME, names.person),
            unit=one("unit", "责任单位", MAX_UNIT_NAME, names.unit),
        )
        if len(line.enterprise) > MAX_NAME:
            preview.error(row.number, f"建设单位“{line.enterprise[:20]}…”超过{MAX_NAME}字，是否填错了列？")
            ok = False
        rate_text = table.value(row, "rate")
        try:
            read = read_rate(rate_text)
        except ValueError:
            preview.warn(row.number, f"“完成率”“{rate_text[:20]}”不是百分数，未核对。")
            read = None
        if read is not None:
            self._check_rate(line, read, preview)
        return line if ok else None

    def _check_rate(self, line: ProjectLine, read: tuple[Decimal, bool], preview: ProjectPreview) -> None:
        value, has_sign = read
        computed = line.rate
        if computed is None:
            line.rate_read = value
            if line.invested is not None:
                preview.warn(line.row, f"“{line.name}”没有年度计划投资，完成率{plain_number(value)}%无法核对。")
            return
        # A bare number is percentage points or a fraction; whichever agrees is what was meant.
        readings = [value] if has_sign else [value, value * 100]
        closest = min(readings, key=lambda reading: abs(reading - computed))
        line.rate_read = closest
        if abs(closest - computed) > RATE_TOLERANCE:
            preview.warn(line.row, f"“{line.name}”的完成率填为{plain_number(closest)}%，按本年完成投资和年度计划投资"
                                   f"计算为{computed}%，相差超过{RATE_TOLERANCE}个百分点；以计算值为准。")

    def _compare(self, line: ProjectLine, project: Project | None, preview: ProjectPreview) -> None:
        """Mark the line create / update / unchanged, listing what would change."""
        if project is None:
            line.action = CREATE
            line.new_problems = list(line.problems)
            if line.total is None:
                preview.error(line.row, f"新项目“{line.name}”没有填写总投资。")
            if line.invested is None and line.image_progress:
                preview.warn(line.row, f"“{line.name}”未填本年完成投资，本期完成投资记为0。")
            if line.invested is not None and line.invested.value and not line.image_progress:
                _no_image_progress(line, preview)
            return
        changes = []
        if line.enterprise and not _same_text(line.enterprise, project.enterprise_name):
            changes.append("建设单位")
        if line.kind and line.kind != project.kind:
            changes.append("项目类别")
        if line.total is not None and not line.total.same_as(project.total_investment):
            changes.append("总投资")
        year = preview.year or 0
        if line.year_plan is not None:
            plan = next((p.planned_investment for p in project.year_plans.all() if p.year == year), None)
            if not line.year_plan.same_as(plan):
                changes.append("年度计划投资")
        if preview.period is not None:
            figures = investment_figures(project, year=year, until=preview.period)
            if line.invested is not None and not line.invested.same_as(figures.invested_this_year):
                changes.append("本年完成投资")
            known = figures.latest.image_progress if figures.latest else ""
            if line.image_progress and not _same_text(line.image_progress, known):
                changes.append("形象进度")
            if "本年完成投资" in changes and not line.image_progress and not known:
                _no_image_progress(line, preview)
            if any(p.period > preview.period and p.period.year == year for p in project.progress.all()):
                preview.warn(line.row, f"“{line.name}”已有{period_label(preview.period)}之后的月度进展；"
                                       f"本表的本年完成投资截至{period_label(preview.period)}。")
        if line.leader and (project.leader is None or project.leader.name != line.leader):
            changes.append("挂点领导")
        if line.unit and (project.responsible_unit is None or project.responsible_unit.name != line.unit):
            changes.append("责任单位")
        line.new_problems = _not_yet_open(project, line.problems)
        if line.new_problems:
            changes.append("存在问题")
        line.changes = changes
        line.action = UPDATE if changes else UNCHANGED

    # -- commit ---------------------------------------------------------------------------------

    def write(self, preview: ProjectPreview, *, user) -> ImportOutcome:
        """Every record through the services the pages use, so an imported project is what a project
        entered by hand is (its kind's nodes, the audit lines); a refusal by one of them stops the
        whole import, naming the row."""
        park = preview.park
        counts = dict.fromkeys(("新增项目", "更新项目", "未变项目", "新增人员", "新增单位", "导入进展", "新增问题"), 0)
        counts["新增人员"], counts["新增单位"] = create_named(park, people=preview.people_to_create,
                                                       units=preview.units_to_create)

        projects = {project_key(p.name): p for p in with_listing_data(Project.objects.filter(park=park))}
        reason = f"由重点项目进展情况表“{preview.filename}”导入"
        for line in preview.projects:
            try:
                self._write_line(line, projects.get(project_key(line.name)), preview, user, reason, counts)
            except ValidationError as refused:
                raise ImportRejected(f"第{line.row}行“{line.name}”：{'；'.join(refused.messages)}"
                                     "（未导入任何数据）") from None
        return ImportOutcome(park, counts)

    def _write_line(self, line: ProjectLine, project: Project | None, preview: ProjectPreview, user, reason: str,
                    counts: dict[str, int]) -> None:
        park = preview.park
        leader = Person.objects.filter(park=park).by_name(line.leader).first() if line.leader else None
        unit = find_unit(park, line.unit) if line.unit else None
        if project is None:
            project = Project(park=park, name=line.name, kind=line.kind or ProjectKind.INDUSTRIAL)
            counts["新增项目"] += 1
        else:
            counts["更新项目" if line.action == UPDATE else "未变项目"] += 1
        wanted = {
            "enterprise_name": line.enterprise or None,
            "kind": line.kind,
            "total_investment": None if line.total is None or line.total.same_as(project.total_investment)
            else round2(line.total.value),  # the column's two decimals: 50.001234亿元 reads as 500012.340000万元
            "leader": leader,
            "responsible_unit": unit,
        }
        wanted = {name: value for name, value in wanted.items() if value is not None}
        if project.pk is None or any(getattr(project, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(project, name, value)
            services.project_save(project=project, user=user, reason=reason)
        if line.year_plan is not None:
            plan = ProjectYearPlan.objects.filter(project=project, year=preview.year).first()
            if plan is None or not line.year_plan.same_as(plan.planned_investment):
                services.year_plan_set(project=project, year=preview.year, planned_investment=line.year_plan.value,
                                       user=user)
        if line.invested is not None or line.image_progress:
            if self._write_progress(project, preview, line, user):
                counts["导入进展"] += 1
        for text in _not_yet_open(project, line.problems, fresh=True):
            services.problem_raise(
                project=project, category=ProblemCategory.OTHER, source=ProblemSource.LIAISON, description=text,
                raised_on=preview.table_date or timezone.localdate(), user=user, responsible_unit=unit,
                leader=leader,
            )
            counts["新增问题"] += 1

    def _write_progress(self, project: Project, preview: ProjectPreview, line: ProjectLine, user) -> bool:
        """The period's MonthlyProgress: the year's cumulative investment less what earlier months
        of the year already sum to, and the 形象进度 if it says something new. The text printed for a
        month without a report is the latest one before it, which is not news. Returns whether
        anything was written."""
        period = preview.period
        reports = list(MonthlyProgress.objects.filter(project=project, period__lte=period).order_by("period"))
        report = next((p for p in reports if p.period == period), None)
        before = [p for p in reports if p.period < period]
        earlier = sum((p.invested for p in before if p.period.year == period.year), Decimal(0))
        invested = report.invested if report else Decimal(0)
        if line.invested is not None and not line.invested.same_as(earlier + invested):
            invested = line.invested.value - earlier
        known = report.image_progress if report else (before[-1].image_progress if before else "")
        text = line.image_progress if line.image_progress and not _same_text(line.image_progress, known) else known
        if report is None and not invested and text == known:
            return False  # nothing done and nothing new said: no report to make up
        if report is not None and report.invested == invested and report.image_progress == text:
            return False
        services.progress_report(project=project, period=period, invested=invested, image_progress=text,
                                 image_progress_pct=report.image_progress_pct if report else None, user=user)
        return True


def _not_yet_open(project: Project, texts: list[str], *, fresh: bool = False) -> list[str]:
    """The problems of a cell not already open on the project (an identical description)."""
    if not texts or project.pk is None:
        return list(texts)
    problems = (Problem.objects.filter(project=project, status__in=OPEN_PROBLEM_STATUSES) if fresh
                else open_problems(project))
    open_texts = {normalise_name(p.description) for p in problems}
    return [text for text in texts if normalise_name(text) not in open_texts]
