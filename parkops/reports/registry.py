"""The report types: each is a Word template plus a context builder, declared by an app's site.py.

A type says what it needs to be drawn up (a month, a plan, a day), builds its context from the park's
data, and documents every field and list the context offers, so that whoever edits the template in
Word or WPS knows what can be written between {{ }}. The template it ships with is the first version
in the database; users upload the next ones (reports/templates.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from parkops.core.offerings import declared
from parkops.org.models import Park


@dataclass(frozen=True)
class FieldDoc:
    """One field of a context, as the type's page lists it. `children` are the fields of each item of
    a list, or of an object."""

    name: str
    label: str
    example: str = ""
    children: tuple[FieldDoc, ...] = ()

    @property
    def is_list(self) -> bool:
        return bool(self.children)


@dataclass(frozen=True)
class ReportRequest:
    """What a report is drawn up for. `period` is the first day of a month; `day` a date within it
    for the reports of a week or a day."""

    park: Park
    period: date
    plan: Any = None  # a supervision Plan, for the reports of one plan
    day: date | None = None
    options: dict = field(default_factory=dict)

    @property
    def year(self) -> int:
        return self.period.year


@dataclass(frozen=True)
class ExportRequest:
    """A module's own download of a type: the rows a user chose on the module's page, or on the command
    line (`user` None: the whole park). Each type reads the filters it knows."""

    park: Park
    user: Any = None
    plan: Any = None  # a supervision Plan
    period: date | None = None  # None: the latest month with data
    day: date | None = None
    year: int | None = None
    unit: Any = None  # an org Unit
    lights: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    with_light: bool = False
    back_url: str = ""  # the module's page with this choice, to choose again when it finds nothing


@dataclass(frozen=True)
class ModuleDownload:
    """What a module's download holds: the context its Word file is drawn from (through the type's template
    in use, so an edited template changes it), the file's name for an extension, and the workbook of the
    same rows where the module offers one. Untraced: the download imports back as it always has."""

    context: dict
    filename: Callable[[str], str]  # "docx" → "重点项目进展情况表_20261202.docx"
    what: str  # the name the audit log gives it
    summary: str = ""  # "8项任务", for the command line
    build_xlsx: Callable[[], bytes] | None = None
    # The Word file drawn by the module itself, where the rows do not fit the type's template (a plan's
    # ledger in its own columns).
    build_docx: Callable[[], bytes] | None = None


class NothingToDownload(Exception):
    """The filters chose nothing (or were wrong): said in Chinese, with the page to choose again."""

    def __init__(self, message: str, back_url: str = ""):
        super().__init__(message)
        self.back_url = back_url


@dataclass(frozen=True)
class ReportType:
    code: str
    name: str
    description: str
    build_context: Callable[[ReportRequest], dict]
    default_template: Callable[[], bytes]
    fields: tuple[FieldDoc, ...]
    # The same rows as a workbook, for the tabular reports.
    build_xlsx: Callable[[ReportRequest], bytes] | None = None
    # The Word file drawn by the type itself when its rows do not fit its template (a plan's ledger in its
    # own columns); None from it: the template draws it.
    build_docx: Callable[[ReportRequest], bytes | None] | None = None
    needs_plan: bool = False
    uses_day: bool = False
    # What the title and the file are called, from the request: "2026年10月经济运行简报".
    title: Callable[[ReportRequest], str] | None = None
    # The module's own download of this type (the 一览表 a supervisor filters by unit and light), and how
    # the report centre's download page reads that choice from the module's link (checking the user's right).
    export: Callable[[ExportRequest], ModuleDownload] | None = None
    export_request: Callable[[Any], ExportRequest] | None = None
    export_lights: Any = None  # the lights (a TextChoices) its export can be filtered by

    def title_for(self, request: ReportRequest) -> str:
        return self.title(request) if self.title else self.name

    @property
    def offers_xlsx(self) -> bool:
        # Templates read this: they would call build_xlsx itself, without its request.
        return self.build_xlsx is not None

    @property
    def field_names(self) -> set[str]:
        return {f.name for f in self.fields} | {f.name for f in COMMON_FIELDS}


# Every context has these, filled in by the engine.
COMMON_FIELDS = (
    FieldDoc("park", "园区名称", "德安高新技术产业园区"),
    FieldDoc("park_short", "园区简称（版头、编发单位用）", "德安高新区"),
    FieldDoc("issuer", "落款单位（园区管委会，发文机关署名）", "德安高新区管委会"),
    FieldDoc("title", "报告标题"),
    FieldDoc("today", "成文日期", "2026年11月23日"),
    FieldDoc("sources", "本报告所引数字的来源（附录）", children=(
        FieldDoc("number", "序号", "1"),
        FieldDoc("label", "数字名称", "规上工业企业营业收入"),
        FieldDoc("text", "数值", "407.82亿元"),
        FieldDoc("definition", "口径"),
        FieldDoc("source", "来源", "经济运行 › 企业月度数据，2026年1-10月"),
    )),
)



def park_fields(park: Park) -> dict:
    """The park as a document names it: `park` in the text, `park_short` in the red header and the
    editing office's name, `issuer` (the 管委会) where the document is signed."""
    return {"park": park.name, "park_short": park.short_name or park.name, "issuer": park.committee_name}


_TYPES: dict[str, ReportType] = {}


def collect() -> None:
    """Take in the report types every app declares (`REPORT_TYPES` in its site.py, core.offerings), in
    INSTALLED_APPS order and each app's own order: the order the report centre lists them."""
    _TYPES.clear()
    for _config, report_types in declared("REPORT_TYPES"):
        for report_type in report_types:
            if report_type.code in _TYPES:
                raise ValueError(f"report type {report_type.code} declared twice")
            _TYPES[report_type.code] = report_type


def get(code: str) -> ReportType:
    """The type of that code; KeyError names the known ones."""
    try:
        return _TYPES[code]
    except KeyError:
        raise KeyError(f"没有报告类型“{code}”。可选：{'、'.join(_TYPES)}") from None


def all_types() -> list[ReportType]:
    return list(_TYPES.values())
