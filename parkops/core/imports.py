"""The import framework: read the file → find the header → check the rows → preview → commit.

Every importer (the 一览表, projects, economic statistics …) declares its columns with the names they
go by in real tables, turns the mapped rows into a preview that lists what it would create and what
is wrong, row by row, and writes a preview without errors. Refusing bad files, finding the header
and the all-or-nothing commit with its audit line are done here, once.

Reading is strict about the file and lenient about the layout: a table may start anywhere, have a
title and a date above it, headers broken over two lines ("县政府\\n责任领导"), merged cells and
several names in one cell.
"""

from __future__ import annotations

import csv
import io
import os
import re
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import connection, models, transaction

from parkops.core import audit, bulkwrite, isolation, locks
from parkops.core.fileparse import ParseRefused, Row, SheetLimits, Table
from parkops.core.models import AuditAction
from parkops.core.uploads import (
    LEDGER_KINDS,
    MAX_INFLATION,
    OLE_SIGNATURE,
    check_upload,
    display_name,
    zip_refusal,
)

_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
# The header is looked for in the first rows only: above it there is at most a title, a date, a note.
HEADER_SEARCH_ROWS = 10

ERROR = "error"
WARNING = "warning"
# What a preview says an import will do with each row.
CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
ACTION_LABELS = {CREATE: "新增", UPDATE: "更新", UNCHANGED: "不变"}


class ImportFileError(Exception):
    """The file cannot be read at all; the message says why, in Chinese, for the person who sent it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ImportRejected(Exception):
    """A commit was asked of a preview that has errors: nothing was written."""


class ImportBusy(ImportRejected):
    """Another import of the same data is being written: nothing was written; the message says by whom."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------------------------------------------
# What a file holds, whatever its format


@dataclass
class Document:
    name: str
    kind: str  # "docx" or "xlsx", read from the content
    tables: list[Table]


def read_document(file: File, *, allowed: set[str] = LEDGER_KINDS) -> Document:
    """Read an uploaded .docx or .xlsx (or, where the importer allows it, a .csv) into tables of text,
    or raise ImportFileError in Chinese."""
    name = display_name(file.name or "")
    if "csv" in allowed and name.lower().endswith(".csv"):
        return read_csv(file, name=name)
    kind, data = checked_bytes(file, allowed=allowed)
    tables = parse_isolated("parkops.core.fileparse:read_tables", data, kind, sheet_limits(), name=name)
    if not any(row for table in tables for row in table.rows if not row.is_empty):
        what = "表格" if kind == "docx" else "数据"
        raise ImportFileError(f"文件“{name}”中没有{what}。")
    return Document(name=name, kind=kind, tables=tables)


# Monitoring instruments and their platforms export .csv: in UTF-8 (often with a BOM), or, saved from WPS or
# an older Excel, in GB18030 (which GBK and GB2312 are subsets of).
CSV_ENCODINGS = ("utf-8-sig", "gb18030")


def read_csv(file: File, *, name: str) -> Document:
    """A .csv as one table of text, within the limits a sheet has; a file that is not text (a renamed
    workbook, an executable) is refused, as is one too large, too long or too wide."""
    size = getattr(file, "size", None)
    if size == 0:
        raise ImportFileError(f"文件“{name}”是空文件。")
    if size is not None and size > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(f"文件“{name}”超过导入文件的大小上限。")
    file.seek(0)
    data = file.read(settings.IMPORT_MAX_BYTES + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(f"文件“{name}”超过导入文件的大小上限。")
    if b"\x00" in data or data.startswith((b"PK\x03\x04", OLE_SIGNATURE)):
        raise ImportFileError(f"文件“{name}”不是CSV文本文件（内容为二进制）。请另存为“CSV（逗号分隔）”后再导入。")
    text = None
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise ImportFileError(f"文件“{name}”的编码无法识别，请另存为UTF-8编码的CSV后再导入。")
    limits = sheet_limits()
    rows: list[Row] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        for number, cells in enumerate(reader, start=1):
            if number > limits.max_rows:
                raise ImportFileError(f"文件“{name}”超过{limits.max_rows}行，请分批导入。")
            if len(cells) > limits.max_columns:
                raise ImportFileError(f"文件“{name}”第{number}行超过{limits.max_columns}列。")
            if any(len(cell) > limits.max_cell_chars for cell in cells):
                raise ImportFileError(f"文件“{name}”第{number}行有超过{limits.max_cell_chars}字的单元格。")
            rows.append(Row(number=number, cells=[cell.strip() for cell in cells]))
    except csv.Error as error:
        raise ImportFileError(f"文件“{name}”不是有效的CSV文件（{error}）。") from None
    if not any(not row.is_empty for row in rows):
        raise ImportFileError(f"文件“{name}”中没有数据。")
    return Document(name=name, kind="csv", tables=[Table(name=name, rows=rows)])


def checked_bytes(file: File, *, allowed: set[str] = LEDGER_KINDS) -> tuple[str, bytes]:
    """The file's real kind and its content once it passes the checks every import makes: an allowed
    type by its content, not too large, not an old or encrypted Office file, not a zip bomb. Each
    refusal is an ImportFileError in Chinese."""
    name = display_name(file.name or "")
    try:
        kind = check_upload(file, allowed=allowed, max_bytes=settings.IMPORT_MAX_BYTES)
    except ValidationError as error:
        if _head(file).startswith(OLE_SIGNATURE):
            raise ImportFileError(_ole_message(file, name)) from None
        raise ImportFileError(error.messages[0]) from None
    file.seek(0)
    data = file.read()
    _check_zip(data, name)
    return kind, data


def _head(file: File) -> bytes:
    file.seek(0)
    head = file.read(len(OLE_SIGNATURE))
    file.seek(0)
    return head


def _ole_message(file: File, name: str) -> str:
    file.seek(0)
    content = file.read()
    file.seek(0)
    if _ENCRYPTED_STREAM in content:
        return (f"文件“{name}”设有打开密码（已加密），系统无法读取。"
                "请在Word/WPS中取消密码后另存为.docx或.xlsx，再导入。")
    return f"文件“{name}”是旧版Word/Excel格式（.doc/.xls），请在Word/WPS中另存为.docx或.xlsx后再导入。"


def _check_zip(data: bytes, name: str) -> None:
    # The sizes a zip declares are checked here, with its macros and DTDs; the reading itself, which
    # inflates for real (and a zip may lie about its sizes), happens in a child process with a memory limit.
    refusal = zip_refusal(data, name, max_inflated=settings.IMPORT_MAX_BYTES * MAX_INFLATION)
    if refusal:
        raise ImportFileError(refusal)


def sheet_limits() -> SheetLimits:
    max_rows = settings.IMPORT_MAX_ROWS
    if connection.vendor == "sqlite":
        # An import writes in one transaction, and on SQLite that holds the whole database's write lock:
        # every other user's save waits for it, and fails after 30 s. The rows one import may bring are
        # bounded so that it never holds it that long (README, "Imports on SQLite").
        max_rows = min(max_rows, settings.IMPORT_SQLITE_MAX_ROWS)
    return SheetLimits(max_rows=max_rows, max_columns=settings.IMPORT_MAX_COLUMNS,
                       max_cells=settings.IMPORT_MAX_CELLS, max_cell_chars=settings.IMPORT_MAX_CELL_CHARS)


def parse_isolated(function: str, *args, name: str):
    """`function` of core/fileparse.py run on an uploaded file's content in a child process with the
    configured limits; its refusals and failures become ImportFileError naming the file."""
    limits = isolation.Limits(memory_mb=settings.PARSE_MEMORY_MB, seconds=settings.PARSE_SECONDS)
    try:
        return isolation.run(function, *args, limits=limits)
    except ParseRefused as refusal:
        raise ImportFileError(f"文件“{name}”：{refusal.message}") from None
    except isolation.IsolatedFailure as failure:
        if failure.reason == "error":  # python-docx and calamine raise many kinds on a damaged file
            raise ImportFileError(f"文件“{name}”已损坏，无法读取（{failure.message}）。"
                                  "请用Word/WPS打开并另存后再导入。") from None
        raise ImportFileError(f"文件“{name}”无法读取：{failure.message}。文件可能已损坏，或含有异常巨大的表格；"
                              "请用Word/Excel/WPS打开、删去多余内容并另存后再导入。") from None


# ---------------------------------------------------------------------------------------------------
# Headers

_HEADER_NOISE = re.compile(r"[\s\u3000\u00a0*＊:：]+")
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")


def normalise_header(text: str) -> str:
    """"县政府\\n责任领导" and "县政府 责任领导" are the same header."""
    return _HEADER_NOISE.sub("", text or "")


@dataclass(frozen=True)
class Column:
    """A column an importer reads, with the other names it goes by in the committee's tables."""

    key: str
    label: str
    synonyms: tuple[str, ...] = ()
    required: bool = True

    def matches(self, header: str) -> bool:
        names = {normalise_header(name) for name in (self.label, *self.synonyms)}
        header = normalise_header(header)
        # "完成情况（截至11月底）" is still the 完成情况 column.
        return header in names or _BRACKETED.sub("", header) in names

    def described(self) -> str:
        others = "、".join(f"“{s}”" for s in self.synonyms)
        return f"“{self.label}”" + (f"（也可写作{others}）" if others else "")


def map_header(cells: list[str], columns: tuple[Column, ...],
               overrides: dict[str, str] | None = None) -> dict[str, int]:
    """Column key → index. `overrides` (normalised header → key, "" for none) is a person's own reading
    of a header, taken before the synonyms."""
    overrides = overrides or {}
    known = {column.key for column in columns}
    mapping: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = overrides.get(normalise_header(cell))
        if key in known and key not in mapping:
            mapping[key] = index
    for index, cell in enumerate(cells):
        if normalise_header(cell) in overrides:
            continue
        for column in columns:
            if column.key not in mapping and column.matches(cell):
                mapping[column.key] = index
                break
    return mapping


@dataclass
class MappedTable:
    """A table whose header was found: values are read by column key, not by position."""

    name: str
    header_row: int
    columns: dict[str, int]
    rows: list[Row]  # the rows below the header, empty rows left out
    preamble: list[str]
    header: list[str] = field(default_factory=list)  # as written: "总投资（亿元）" also says the unit

    def has(self, key: str) -> bool:
        return key in self.columns

    def value(self, row: Row, key: str) -> str:
        index = self.columns.get(key)
        return row.cells[index].strip() if index is not None and index < len(row.cells) else ""

    def unmapped_text(self, row: Row, *, besides: tuple[str, ...] = ()) -> list[str]:
        """Text in the row's read columns other than `besides`: what should not be there."""
        skip = {self.columns[key] for key in besides if key in self.columns}
        return [row.cells[i] for i in sorted(set(self.columns.values()) - skip) if i < len(row.cells) and row.cells[i]]


def find_table(document: Document, columns: tuple[Column, ...],
               overrides: dict[str, str] | None = None) -> MappedTable:
    """The first table with a header row naming every required column (see map_header for `overrides`)."""
    best: tuple[int, dict[str, int]] = (-1, {})
    for table in document.tables:
        for position, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
            mapping = map_header(row.cells, columns, overrides)
            if all(column.key in mapping for column in columns if column.required):
                header = [normalise_header(cell) for cell in row.cells]
                data = [r for r in table.rows[position + 1:]
                        if not r.is_empty and [normalise_header(c) for c in r.cells] != header]
                above = [r.text for r in table.rows[:position] if not r.is_empty]
                return MappedTable(table.name, row.number, mapping, data, table.preamble + above, row.cells)
            if len(mapping) > len(best[1]):
                best = (position, mapping)
    missing = [column for column in columns if column.required and column.key not in best[1]]
    raise ImportFileError(
        f"文件“{document.name}”中未找到表头：缺少" + "、".join(column.described() for column in missing)
        + "列。请确认表头在表格的前几行。"
    )


# ---------------------------------------------------------------------------------------------------
# The lines above a table

_TABLE_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_LINE_SPACES = re.compile(r"\s+")
# A line above the table that is not its title: "附件1", "单位：亿元".
_NOT_TITLES = ("附件", "单位")


@dataclass
class TitleLines:
    """The title and the date line an office writes above its table ("XX高新区2025年重点项目进展情况表",
    "日期：2025年11月5日")."""

    title: str = ""
    date: date | None = None

    @property
    def year(self) -> int | None:
        """The year the title names ("2025年…"), if it names one."""
        found = _TITLE_YEAR.search(self.title)
        return int(found.group(1)) if found else None


def read_title_lines(lines: list[str], preview: Preview) -> TitleLines:
    """The title and the date among the lines above a table: the date is the first dated line that says
    it is one ("日期", "截至") or is short; the title the first other line that is not an attachment
    number or a unit line. A date that does not exist is a warning on the preview."""
    heading = TitleLines()
    for line in lines:
        match = _TABLE_DATE.search(line)
        if match and heading.date is None and ("日期" in line or "截至" in line or len(line) <= 20):
            try:
                heading.date = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                preview.warn(None, f"日期“{line}”不是有效日期。")
        elif not heading.title and not line.startswith(_NOT_TITLES):
            heading.title = _LINE_SPACES.sub("", line)
    return heading


# ---------------------------------------------------------------------------------------------------
# Preview and commit


@dataclass
class Problem:
    row: int | None  # None: the file as a whole
    message: str
    level: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    def __str__(self) -> str:
        return f"第{self.row}行：{self.message}" if self.row else self.message

    def as_dict(self) -> dict:
        return {"row": self.row, "level": self.level, "message": self.message}


@dataclass
class Preview:
    """What an import would do. Importers extend it with what they found; any error blocks commit."""

    filename: str
    problems: list[Problem] = field(default_factory=list)
    kind: str = ""  # "docx" or "xlsx", as read from the content

    def error(self, row: int | None, message: str) -> None:
        self.problems.append(Problem(row, message, ERROR))

    def warn(self, row: int | None, message: str) -> None:
        self.problems.append(Problem(row, message, WARNING))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    def problems_for(self, row: int) -> list[Problem]:
        return [p for p in self.problems if p.row == row]


@dataclass
class ImportOutcome:
    obj: models.Model | None  # what the import was into, for the audit line and the page to go to
    counts: dict[str, int]  # "新增任务" -> 8, in the order they should be read

    def summary(self) -> str:
        return "，".join(f"{label}{count}" for label, count in self.counts.items() if count) or "无变化"


class WritePlan:
    """An import's writing worked out before its transaction: the look-ups, the comparisons and the
    rows to insert or update, so that the transaction only writes them, in bulk. On SQLite the
    transaction holds the one write lock of the whole database: every other user's save waits for it
    (busy_timeout) and fails after 30 s, so its length may not grow with the file's rows."""

    def still_current(self) -> bool:
        """Checked inside the transaction: what the plan read has not been changed since by someone
        else (a page's save, another kind of import). False: the plan is made again."""
        return True

    def write(self) -> ImportOutcome:
        raise NotImplementedError


class _WriteInTransaction(WritePlan):
    """For an importer that plans nothing: its write() does it all inside the transaction, for the
    ledgers of tens or hundreds of rows that is short enough."""

    def __init__(self, importer: Importer, preview: Preview, user):
        self.importer, self.preview, self.user = importer, preview, user

    def write(self) -> ImportOutcome:
        return self.importer.write(self.preview, user=self.user)


# A plan is made again when someone changed what it read before its transaction began; past this many
# times the import is refused (the data is being edited busily: better to try again later).
PLAN_ATTEMPTS = 3


class Importer:
    """Subclasses declare `what` and `columns`, and implement build(), and write() or plan()."""

    what: ClassVar[str]
    columns: ClassVar[tuple[Column, ...]]
    allowed: ClassVar[set[str]] = LEDGER_KINDS
    # A person's own reading of headers (normalised header → column key, "" for none), set per import.
    header_overrides: dict[str, str] | None = None

    def preview(self, file: File) -> Preview:
        document = read_document(file, allowed=self.allowed)
        preview = self.build(find_table(document, self.columns, self.header_overrides), filename=document.name)
        preview.kind = document.kind
        return preview

    def build(self, table: MappedTable, *, filename: str) -> Preview:
        raise NotImplementedError

    def write(self, preview: Preview, *, user) -> ImportOutcome:
        """Write the preview, inside the commit's transaction."""
        return self.plan(preview, user=user).write()

    def plan(self, preview: Preview, *, user) -> WritePlan:
        """What commit writes, worked out outside its transaction. An importer whose files may be large
        overrides it; by default write() does everything inside the transaction."""
        return _WriteInTransaction(self, preview, user)

    def lock_name(self, preview: Preview) -> str | None:
        """What two imports must not write at the same time (a park's registry, a park's month): one
        waits for the other's end, never interleaves with it. None: no such limit."""
        return None

    def busy_message(self, holder: str) -> str:
        return f"{holder}正在导入{self.what}，请等其完成后再试（本次未导入任何数据）。"

    def changed_meanwhile_message(self) -> str:
        return f"导入期间{self.what}的数据多次被他人修改，请稍后重试（本次未导入任何数据）。"

    def commit(self, preview: Preview, *, user=None) -> ImportOutcome:
        """Write the preview in one transaction, or nothing at all; refused (ImportBusy) while another
        import of the same data is being written."""
        if preview.has_errors:
            raise ImportRejected(f"文件“{preview.filename}”有{len(preview.errors)}处错误，未导入任何数据。")
        name = self.lock_name(preview)
        if name is None:
            return self._commit(preview, user=user)
        who = str(user) if user else "命令行导入"
        try:
            with locks.exclusive(name, who=who):
                return self._commit(preview, user=user)
        except locks.Busy as busy:
            raise ImportBusy(self.busy_message(busy.holder)) from None

    def _commit(self, preview: Preview, *, user=None) -> ImportOutcome:
        for _ in range(PLAN_ATTEMPTS):
            plan = self.plan(preview, user=user)
            with bulkwrite.large_write_cache(), transaction.atomic():
                if not plan.still_current():
                    continue  # leaves the transaction with nothing written
                outcome = plan.write()
                _pause_if_a_test_asks()
                audit.record(
                    AuditAction.IMPORT, obj=outcome.obj, object_type=self.what, user=user,
                    username="" if user else "命令行",
                    detail=f"导入{self.what}“{preview.filename}”：{outcome.summary()}",
                )
            return outcome
        raise ImportBusy(self.changed_meanwhile_message())


# Set only by the crash-safety tests (economy/tests/test_import_crash.py): the import stops inside its
# transaction, everything written and nothing committed, says so by creating this file, and waits there
# to be killed.
PAUSE_IN_WRITE_ENV = "PARKOPS_TEST_PAUSE_IMPORT_IN_WRITE"


def _pause_if_a_test_asks() -> None:
    marker = os.environ.get(PAUSE_IN_WRITE_ENV)
    if not marker:
        return
    Path(marker).touch()
    while True:
        time.sleep(1)


def open_path(path: str | os.PathLike) -> File:
    """A file on disk as the import functions take it (the command line, a kept upload)."""
    return File(open(path, "rb"), name=os.path.basename(path))  # noqa: SIM115 - the caller closes it


@dataclass
class NewName:
    """A person or unit an import will create, with the rows that name it: shown in the preview."""

    name: str
    kind: str  # a LeaderLevel for people, a UnitKind for units
    kind_label: str
    rows: list[int]

    def as_dict(self) -> dict:
        return {"name": self.name, "kind": self.kind, "kind_label": self.kind_label, "rows": self.rows}
