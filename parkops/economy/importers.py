"""Import of the statistics bureau's monthly sheet (规模以上工业企业主要经济指标): each enterprise's
figures for the year to the month's end (1-N月), stored as reported through services.record_values(),
which derives the month's own value and marks a closed month revised.

A sheet is a title ("2025年1-10月规模以上工业企业主要经济指标"), perhaps "单位：千元", a header of one
or two rows — an indicator's name merged over "本月止累计 | 上年同期累计 | 增速%" — and a row per
enterprise, ending in a 合计 row. The header and the cells are read by indicator_sheet.py; what the
preview holds is indicator_preview.py; the writing, planned and done, is indicator_plan.py.

Enterprises are matched by credit code, then by name (indicator_enterprises.py). Those the registry lacks are listed ("表中新
企业") and, when asked to (create_missing), registered with the code and name the sheet gives.

A province's sheet has 30,000 rows. It is read by python-calamine in a child process with memory and
time limits (core/isolation.py), which hands back the sheets' values, and the preview keeps what the
page and the commit need — counts, problems, new enterprises, a few rows to show, and the figures to
write — never the cells.

The page reads and writes on the worker (ImportRun, import_runs.py), reporting the progress this
importer gives (Progress) to the run's row.
"""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.files import File
from django.utils import timezone

from parkops.core.fileparse import Sheet
from parkops.core.formatting import MONEY_UNITS, plain_number
from parkops.core.imports import (
    HEADER_SEARCH_ROWS,
    Importer,
    ImportFileError,
    ImportRejected,
    normalise_header,
    parse_isolated,
    sheet_limits,
)
from parkops.core.imports import checked_bytes as core_checked_bytes
from parkops.core.periods import cumulative_label, month_start, period_label, previous_month
from parkops.economy import header_mappings
from parkops.economy.creditcode import LENGTH, credit_code_problem, normalise_code
from parkops.economy.indicator_enterprises import SheetRegistry
from parkops.economy.indicator_plan import FiguresPlan, indicator_busy_message, indicator_lock_name
from parkops.economy.indicator_preview import (
    READING,
    WRITING,
    IndicatorPreview,
    Progress,
)
from parkops.economy.indicator_sheet import (
    BY_HAND,
    COLUMN_NUMBERS,
    DATED_LINE,
    ID_COLUMNS,
    MONTHS_SPAN,
    ORGANISATION_CODE_LENGTHS,
    TITLE_PERIOD,
    Catalogue,
    SheetHeader,
    cell_text,
    is_total,
    read_header,
    read_number,
)
from parkops.economy.models import (
    Enterprise,
    Indicator,
    IndicatorValue,
    PeriodClose,
    ScaleMembership,
)
from parkops.economy.registry import scale_at, this_month
from parkops.economy.scale_sheet import is_scale_title, scale_changes
from parkops.economy.services import Reported, ValuesPlan, plan_new_values, plan_values
from parkops.org.models import Park
from parkops.org.names import import_park, only_park

logger = logging.getLogger(__name__)

ALLOWED = {"xlsx"}  # the bureau sends Excel; a .xls or a Word file gets core's message
PROGRESS_EVERY = 1000  # rows between two progress reports
SAMPLE_ROWS = 20
# IndicatorValue keeps four decimals (AMOUNT): 0.0001万元 is one yuan, so a figure in 元 with 角 and 分
# is kept to the yuan.
PLACES = Decimal("0.0001")
TOO_LARGE = Decimal(10) ** 14  # AMOUNT's 18 digits less its four decimals
# Indicators whose figure may rightly be below zero: a loss is a negative 利润总额.
MAY_BE_NEGATIVE = {"profit"}



class IndicatorImporter(Importer):
    """The statistics bureau's monthly sheet into IndicatorValue for one park and month."""

    what = "统计局月度指标表"
    columns = ID_COLUMNS
    allowed = ALLOWED

    def __init__(self, *, park: Park | None, period: date, create_missing: bool = False,
                 scale_sheet: bool | None = None, mappings: dict[str, Indicator] | None = None,
                 progress: Progress | None = None, phase: str = READING):
        """scale_sheet: whether the sheet lists the month's 规上 enterprises (None: its title says so or
        not); mappings: headers mapped by hand (by header_key) to their indicators, for this import."""
        self.park = park
        self.period = month_start(period)
        self.create_missing = create_missing
        self.scale_sheet = scale_sheet
        self.mappings = mappings or {}
        self.progress = progress or (lambda phase, done, total: None)
        self.phase = phase

    # -- reading ----------------------------------------------------------------------------------

    def preview(self, file: File) -> IndicatorPreview:
        name = os.path.basename(file.name or "")
        data = checked_bytes(file, name)
        sheets = parse_isolated("parkops.core.fileparse:read_sheets", data, sheet_limits(), name=name)
        sheet, header, preamble, rows, total = self._find_sheet(sheets, name)
        preview = IndicatorPreview(filename=name, kind="xlsx", park=self.park, period=self.period,
                                   create_missing=self.create_missing, sheet=sheet, header_row=header.row,
                                   columns=header.columns, ignored=header.ignored)
        preview.title = next((text for text in preamble if "单位" not in text and not DATED_LINE.search(text)), "")
        if self.scale_sheet is None:
            preview.scale_sheet = any(is_scale_title(text) for text in preamble if not DATED_LINE.search(text))
            preview.scale_reason = "标题含“规模以上”" if preview.scale_sheet else ""
        else:
            preview.scale_sheet = self.scale_sheet
            preview.scale_reason = "按导入时的选择" if self.scale_sheet else ""
        self._check_park_and_period(preview, preamble, header)
        self._check_mappings(preview, header)
        self._read_rows(preview, header, rows, total)
        self._after_rows(preview)
        return preview

    def _find_sheet(self, sheets: list[Sheet], name: str):
        park = self.park or only_park()[0]
        catalogue = Catalogue(by_hand=self.mappings, remembered=header_mappings.remembered(park))
        for sheet in sheets:
            if sheet.end is None:
                continue
            # The rows from the sheet's first (so row numbers are Excel's, less one) and the columns from
            # the first used one, as calamine's iter_rows() gives them.
            rows = iter(sheet.rows)
            sheet_name = sheet.name
            first = []
            for cells in rows:
                first.append(cells)
                if len(first) > HEADER_SEARCH_ROWS:
                    break
            header = read_header([[cell_text(value) for value in cells] for cells in first], catalogue)
            if header is None:
                continue
            # Above the header, cell by cell: the title, "单位：千元", "填报日期：…" may share a row.
            preamble = [text for cells in first[:header.row - 1] for text in map(cell_text, cells) if text]
            start = header.last_index + 1
            data = _chain(enumerate(first[start:], start=start + 1), enumerate(rows, start=len(first) + 1))
            return f"工作表“{sheet_name}”", header, preamble, data, sheet.end[0] + 1
        raise ImportFileError(
            f"文件“{name}”中未找到统计表的表头：需要“企业名称”（也可写作“单位名称”“详细名称”）列，"
            f"和至少一个指标列（{catalogue.described()}）。请确认表头在表格的前几行。")

    def _check_mappings(self, preview: IndicatorPreview, header: SheetHeader) -> None:
        used = {column.key for column in header.columns if column.how == BY_HAND}
        for key, indicator in self.mappings.items():
            if key not in used:
                preview.warn(None, f"指定的对应“{key}={indicator.name}”：表中没有名为“{key}”的指标列，未使用。")

    def _check_park_and_period(self, preview: IndicatorPreview, preamble: list[str], header: SheetHeader) -> None:
        if self.park is None:
            preview.park = self.park = import_park(None, preview)
        for problem in header.problems:
            preview.error(None, problem)
        period, label = self.period, f"{period_label(self.period)}（{cumulative_label(self.period)}）"
        if period >= this_month():
            preview.error(None, f"所选期间{period_label(period)}尚未结束，统计局的月度数据要到次月才有。请核对所选月份。")
        # The title and the header say which months the figures cover; a sheet of another month is
        # the wrong file or the wrong month picked, and would overwrite that month's figures.
        for line in preamble:
            if DATED_LINE.search(line):
                continue
            for match in TITLE_PERIOD.finditer(normalise_header(line)):
                year, month = match.group(1), int(match.group(2))
                if (year and int(year) != period.year) or month != period.month:
                    preview.error(None, f"表格标题“{line[:40]}”写的是{match.group(0)}，与所选期间{label}不符。"
                                        "请核对所选月份或文件。")
                    break
        for column in header.columns:
            months = {int(m) for m in MONTHS_SPAN.findall(normalise_header(column.header))}
            if months - {period.month}:
                preview.error(None, f"表头“{column.header}”是1-{min(months - {period.month})}月的累计数，"
                                    f"与所选期间{label}不符。请核对所选月份或文件。")
        missing = [column for column in preview.columns if not column.written_unit and column.unit in MONEY_UNITS]
        if missing:
            preview.warn(None, "表中未注明金额单位（如“单位：千元”或“营业收入（千元）”），"
                               f"{'、'.join(c.name for c in missing)}按万元读取。请核对。")

    def _read_rows(self, preview: IndicatorPreview, header: SheetHeader,
                   rows: Iterator[tuple[int, list]], total: int) -> None:
        registry = SheetRegistry(preview.park)
        existing: dict[tuple[int, int], Decimal] = {}
        scale: set[int] = set()
        if preview.park is not None:
            scale = set(ScaleMembership.objects.filter(scale_at(self.period), enterprise__park=preview.park)
                        .values_list("enterprise_id", flat=True))
            values = IndicatorValue.objects.filter(enterprise__park=preview.park, period=self.period,
                                                   indicator_id__in=[c.indicator_id for c in header.columns])
            existing = {(e, i): v for e, i, v in values.values_list("enterprise_id", "indicator_id", "cumulative")}
        identity = header.identity
        header_texts = [normalise_header(text) for text in header.texts]

        def at(cells: list, key: str):
            index = identity.get(key)
            return cells[index] if index is not None and index < len(cells) else None

        self.progress(self.phase, 0, total)
        for number, cells in rows:
            if number % PROGRESS_EVERY == 0 and number < total:
                self.progress(self.phase, number, total)
            if all(value is None or value == "" for value in cells):
                continue
            name, code_cell, serial = (cell_text(at(cells, key)) for key in ("name", "code", "number"))
            if is_total(name) or is_total(serial) or (not name and is_total(code_cell)):
                continue  # the bureau's own sums: ours are computed from the enterprises
            if name in COLUMN_NUMBERS or [normalise_header(cell_text(c)) for c in cells] == header_texts:
                continue  # the row numbering the columns, or the header repeated on a printed page

            problems_before = len(preview.problems)  # Preview.errors is a new list each time: not per row
            figures = self._figures(preview, header, cells, number)
            if not name and not code_cell:
                if figures:
                    preview.error(number, "有指标数据，但没有企业名称和统一社会信用代码。")
                continue  # a note under the table ("注：…") or a heading
            preview.rows += 1
            code = self._credit_code(preview, header, number, at(cells, "code"))
            target = None if code is None else registry.resolve(preview, number, name, code)
            if target is None or any(p.is_error for p in preview.problems[problems_before:]):
                continue
            if isinstance(target, int):
                preview.matched += 1
            preview.listed[target] = (name, code or (target if isinstance(target, str) else ""))
            if target not in scale:
                preview.not_scale += 1
            for indicator_id, value in figures:
                before = existing.get((target, indicator_id)) if isinstance(target, int) else None
                if before is None:
                    preview.to_create += 1
                elif before != value:
                    preview.to_update += 1
                else:
                    preview.unchanged += 1
                preview.figures.append((target, indicator_id, value))
            if len(preview.sample) < SAMPLE_ROWS:
                by_indicator = dict(figures)
                preview.sample.append({
                    "row": number, "name": name, "credit_code": code, "is_new": not isinstance(target, int),
                    "figures": [[plain_number(by_indicator[c.indicator_id]) if c.indicator_id in by_indicator else "",
                                 c.unit] for c in header.columns],
                })
        self.progress(self.phase, total, total)

    def _figures(self, preview: IndicatorPreview, header: SheetHeader, cells: list,
                 number: int) -> list[tuple[int, Decimal]]:
        figures = []
        for column in header.columns:
            value = cells[column.index] if column.index < len(cells) else None
            try:
                read = read_number(value)
            except ValueError as error:
                preview.error(number, f"“{column.name}”应为数字，收到“{str(error)[:20]}”。")
                continue
            if read is None:
                continue  # not reported: nothing is written, and nothing recorded is removed
            converted = read * column.factor
            # Checked before rounding: quantize() cannot round a figure of more than 24 digits at all.
            if abs(converted) >= TOO_LARGE:
                preview.error(number, f"“{column.name}”“{cell_text(value)[:20]}”过大，请核对单位。")
                continue
            if converted < 0 and column.code not in MAY_BE_NEGATIVE:
                preview.warn(number, f"“{column.name}”为负数（{cell_text(value)}），请核对。")
            figures.append((column.indicator_id, converted.quantize(PLACES, rounding=ROUND_HALF_UP)))
        return figures

    def _credit_code(self, preview: IndicatorPreview, header: SheetHeader, number: int, value) -> str | None:
        """The row's credit code; "" when it gives none (or an organisation code); None on an error."""
        if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) >= 10 ** 15:
            # A double keeps 15 to 16 digits: the last of the 18 are gone, and no check can find them.
            preview.error(number, f"统一社会信用代码“{cell_text(value)}”被Excel存成了数字，末几位已丢失。"
                                  "请将该列设为文本格式，重新填写后再导入。")
            return None
        code = normalise_code(cell_text(value))
        if not code:
            return ""
        if len(code) != LENGTH and (not header.code_is_credit_code or len(code) in ORGANISATION_CODE_LENGTHS):
            return ""  # an organisation code: the row is matched by name
        problem = credit_code_problem(code)
        if problem:
            preview.error(number, problem)
            return None
        return code

    def _after_rows(self, preview: IndicatorPreview) -> None:
        period, park = self.period, preview.park
        if preview.rows == 0 and not preview.errors:
            preview.error(None, "表中没有企业数据行。")
        if preview.new_enterprises and not self.create_missing:
            preview.missing_refused = True
            preview.error(None, f"表中有{len(preview.new_enterprises)}家企业不在企业名录中（见“表中新企业”）。"
                                "请勾选“登记表中新企业”（命令行加 --create-missing）后导入，或先在企业名录中登记。")
        if park is None:
            return
        if preview.scale_sheet:
            if not preview.has_errors:  # a row in error lists nobody: it would read as a 退规
                self._scale_changes(preview)
        elif preview.not_scale and not preview.has_errors:
            # The figures of the park count 规上 enterprises only (figures.py): a sheet's enterprise with no
            # membership for the month would be stored and yet missing from every 规上 total.
            preview.warn(None, f"表中有{preview.not_scale}家企业在{period_label(period)}没有规上记录（含新登记的企业），"
                               "其数据导入后不计入规上工业的汇总。如均为规上企业，请在企业名录中登记入规月份。")
        months = set(IndicatorValue.objects.filter(enterprise__park=park, period__year=period.year)
                     .values_list("period", flat=True).distinct())
        following = date(period.year, period.month + 1, 1) if period.month < 12 else None
        later = sorted(month for month in months if month > period)
        changes = preview.to_create + preview.to_update
        if following in months and changes:
            preview.warn(None, f"系统中已有{period_label(following)}的数据：导入后将按本月的累计数重新计算"
                               f"{period_label(following)}各企业的当月值。")
        elif later and changes:
            preview.warn(None, f"系统中已有{period_label(later[0])}的数据，但中间缺少{period_label(following)}的数据；"
                               "缺少的月份导入后，其下一个月的当月值才能算出。")
        before = previous_month(period)
        if period.month > 1 and before not in months and changes:
            preview.warn(None, f"系统中还没有{period_label(before)}的数据，本月各企业的当月值暂无法计算；"
                               f"导入{period_label(before)}后会自动补算。")
        closes = dict(PeriodClose.objects.filter(park=park, period__in=[period, following or period])
                      .values_list("period", "is_revised"))
        preview.is_closed = period in closes
        if preview.is_closed and preview.to_update + preview.to_create:
            preview.warn(None, "该月已关账，导入将标记为关账后修订（原数据保留在历史记录中）。")
        if following in closes and changes:
            preview.warn(None, f"{period_label(following)}已关账，其当月值如因本次导入改变，将标记为关账后修订。")

    def _scale_changes(self, preview: IndicatorPreview) -> None:
        """The sheet lists the month's 规上 enterprises: who enters, who leaves, and the registry's hand
        where it says otherwise (it is kept, and the conflict listed)."""
        listed = dict(preview.listed)
        codes = dict(Enterprise.objects.filter(pk__in=[t for t in listed if isinstance(t, int)])
                     .values_list("pk", "credit_code"))
        for target, (name, code) in listed.items():
            if not code and isinstance(target, int):
                listed[target] = (name, codes.get(target, ""))
        preview.scale = scale = scale_changes(park=preview.park, period=self.period, listed=listed)
        month = period_label(self.period)
        if scale.conflicts:
            preview.warn(None, f"有{len(scale.conflicts)}家企业{month}的规上记录是在企业名录中手工登记的，与本表不一致："
                               "以名录为准，未改动（见“入规和退规”）。")

    # -- writing ----------------------------------------------------------------------------------

    def lock_name(self, preview: IndicatorPreview | None = None) -> str:
        # Two sheets of one month would each derive the month's values from half of the other's.
        return indicator_lock_name(self.park, self.period)

    def busy_message(self, holder: str) -> str:
        return indicator_busy_message(holder, self.period)


    def plan(self, preview: IndicatorPreview, *, user) -> FiguresPlan:
        """The month's values read and compared an indicator at a time (a province's sheet is 300,000
        figures: one indicator's values are held at a time, and the page sees the writing move), before
        the transaction, which then writes them all in a few bulk statements."""
        if preview.new_enterprises and not self.create_missing:
            raise ImportRejected("表中有企业不在企业名录中，未导入任何数据。")
        plan = FiguresPlan(preview=preview, user=user, reason=f"由统计局月度指标表“{preview.filename}”导入",
                           values=ValuesPlan(park=preview.park, period=self.period), planned_at=timezone.now())
        plan.plan_registrations()
        plan.plan_scale_listing()
        known: dict[int, list[Reported]] = defaultdict(list)
        new: list[Reported] = []
        for target, indicator_id, value in preview.figures:
            if isinstance(target, int):
                known[indicator_id].append(Reported(target, indicator_id, value))
            else:
                new.append(Reported(target, indicator_id, value))
        total = len(preview.figures)
        done = len(new)
        self.progress(WRITING, 0, total)
        plan_new_values(plan.values, new)
        for rows in known.values():
            plan_values(plan.values, rows, source=preview.filename)
            done += len(rows)
            self.progress(WRITING, done, total)
        return plan


def _chain(*iterators):
    for iterator in iterators:
        yield from iterator


def checked_bytes(file: File, name: str) -> bytes:
    """The file's content once core's checks pass (Excel by its content, size, old or encrypted
    Office files, zip bombs), each refusal in core's Chinese words."""
    return core_checked_bytes(file, allowed=ALLOWED)[1]
