"""重点项目进展情况表 (project_progress, seed 001): the projects module's table (projects/exporters.py) on the
report engine, the way the 一览表 went (task_ledger.py): build_table() makes the rows once; this template
lays them out — landscape, headings by kind, a 合计 row, narrow cell margins — and the module's own
download (export(), linked from 调度与统计) renders through the template in use, so an edited template
changes both. The workbook is the module's table_xlsx(). In the report centre's version the counts and
the 合计 are traced figures (with the appendix of sources); a row's own figures are the project's
records themselves, named by the row, and are printed as they are, or the appendix would repeat the
table. The module's download prints the same text without the appendix, as it always has, so that it
imports back (projects/importers.py).
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone

from parkops.core import officedoc
from parkops.core.permissions import require
from parkops.org.services import served_park
from parkops.projects import lights
from parkops.projects.choices import ProjectKind, ProjectLight
from parkops.projects.exporters import (
    ProjectTable,
    TableHeading,
    build_table,
    row_values,
    table_xlsx,
    total_values,
)
from parkops.projects.permissions import can_export_projects, visible_projects
from parkops.reports.registry import (
    ExportRequest,
    FieldDoc,
    ModuleDownload,
    NothingToDownload,
    ReportRequest,
    ReportType,
)
from parkops.reports.services import render_active
from parkops.reports.templating import (
    CENTRE,
    LEFT,
    ledger_paper,
    narrow_cell_margins,
    tag_row,
)
from parkops.reports.tracing import Figure, records_url

RIGHT = officedoc.WD_ALIGN_PARAGRAPH.RIGHT
PROGRESS_SOURCE = "重点项目 › 年度投资计划、月度进展"


def _project_list_url(**filters) -> str:
    return records_url("projects:project_list", **filters)


# -- 重点项目进展情况表 ------------------------------------------------------------------------------------

# The keys of a row, in the order of table_docx's cells (exporters.row_values).
ROW_KEYS = ("number", "name", "enterprise", "total", "planned", "invested", "rate", "image", "problems", "leader",
            "unit")


def progress_context(table: ProjectTable, *, traced: bool = False) -> dict:
    """The context of the 进展情况表 from build_table(); `traced` makes the counts and the 合计 figures."""
    rows = []
    lines = table.lines
    for index, line in enumerate(lines):
        if isinstance(line, TableHeading):
            count = 0
            for following in lines[index + 1:]:
                if isinstance(following, TableHeading):
                    break
                count += 1
            kind = next(row.project.kind for row in lines[index + 1:index + 2])
            printed = f"{count}个"
            label = line.text.removesuffix(f"（{printed}）")
            rows.append({"heading": label, "count": Figure(
                printed, f"{ProjectKind(kind).label}项目数", f"本表所列在调度的{ProjectKind(kind).label}个数",
                _project_list_url(kind=kind), "重点项目") if traced else printed})
            continue
        values = row_values(table, line)
        row = dict(zip(ROW_KEYS, values[:len(ROW_KEYS)], strict=True))
        row["problems"] = "\n".join(row["problems"])
        row["light"] = values[len(ROW_KEYS)] if table.include_light else ""
        row["heading"] = ""
        rows.append(row)
    return {
        "title": table.title,
        "date_line": table.date_line,
        "year": str(table.year),
        "invested_header": table.invested_header,
        "include_light": table.include_light,
        "rows": rows,
        "totals": _totals(table, traced) if table.rows else None,
    }


def table_docx(table: ProjectTable) -> bytes:
    """The 进展情况表 through the template in use, as the module's download prints it."""
    return render_active("project_progress", progress_context(table))


def _totals(table: ProjectTable, traced: bool) -> dict:
    values = total_values(table)
    printed = dict(zip(("total", "planned", "invested", "rate"), values[3:7], strict=True))
    if not traced:
        return printed
    months = table.invested_header.split("\n")[0]
    url, scope = _project_list_url(), f"本表所列{len(table.rows)}个项目"
    return {
        "total": Figure(printed["total"], "重点项目总投资合计（亿元）", f"{scope}的总投资之和", url, "重点项目 › 项目库"),
        "planned": Figure(printed["planned"], f"{table.year}年度计划投资合计（亿元）",
                          f"{scope}{table.year}年度计划投资之和", url, PROGRESS_SOURCE),
        "invested": Figure(printed["invested"], f"{months}完成投资合计（亿元）",
                           f"{scope}{table.year}年{months}各月完成投资之和", url, PROGRESS_SOURCE),
        "rate": Figure(printed["rate"], "年度投资完成率（合计）",
                       f"{months}完成投资合计÷年度计划投资合计×100%", url, PROGRESS_SOURCE),
    }


def _lights_of(day: date):
    def light_of(project) -> str:
        return lights.compute_project_light(project, today=day).light
    return light_of


def _progress_table(request: ReportRequest) -> ProjectTable:
    day = request.day or timezone.localdate()
    return build_table(park=request.park, year=request.year, period=request.period, include_light=True,
                       light_of=_lights_of(day), today=day)


def progress_build_context(request: ReportRequest) -> dict:
    return progress_context(_progress_table(request), traced=True)


def progress_xlsx(request: ReportRequest) -> bytes:
    return table_xlsx(_progress_table(request))


def _progress_columns(*, with_light: bool) -> list[tuple[str, float]]:
    # The exporter's columns and widths, the 完成投资 header a placeholder for its months.
    columns = ProjectTable(park=None, year=0, title="", date=date.min, period=None, include_light=with_light).columns
    return [("{{ invested_header }}" if index == 5 else header, width) for index, (header, width, _) in
            enumerate(columns)]


def progress_template() -> bytes:
    return ledger_paper(_progress_table_layout)


def _progress_table_layout(document, *, with_light: bool) -> None:
    columns = _progress_columns(with_light=with_light)
    size = officedoc.SIZE_5  # eleven columns on a landscape page: 五号, as wide ledgers are printed
    table = officedoc.add_table(document, [c[0] for c in columns], [c[1] for c in columns], size=size)
    narrow_cell_margins(table)
    # Left, not justified: a justified narrow cell spreads a name with Latin letters ("LED") apart.
    aligns = [CENTRE, LEFT, LEFT, RIGHT, RIGHT, RIGHT, RIGHT, LEFT, LEFT, CENTRE, CENTRE] + (
        [CENTRE] if with_light else [])
    cells = [f"{{{{ row.{key} }}}}" for key in ROW_KEYS] + (["{{ row.light }}"] if with_light else [])
    tag_row(table, "for row in rows")
    tag_row(table, "if row.heading")
    officedoc.add_spanning_row(table, "{{ row.heading }}（{{ row.count }}）", size=size)
    tag_row(table, "else")
    officedoc.add_row(table, cells, aligns=aligns, size=size)
    tag_row(table, "endif")
    tag_row(table, "endfor")
    tag_row(table, "if totals")
    totals = ["", "合计", "", "{{ totals.total }}", "{{ totals.planned }}", "{{ totals.invested }}",
              "{{ totals.rate }}", "", "", "", ""] + ([""] if with_light else [])
    officedoc.add_row(table, totals, aligns=aligns, size=size, font=officedoc.HEITI)
    tag_row(table, "endif")


PROGRESS_ROW_FIELDS = (
    FieldDoc("heading", "分类标题（项目行为空）", "一、产业项目"),
    FieldDoc("count", "该类项目个数（标题行）", "12个"),
    FieldDoc("number", "序号", "1"),
    FieldDoc("name", "项目名称"),
    FieldDoc("enterprise", "建设单位"),
    FieldDoc("total", "总投资（亿元）", "50.00"),
    FieldDoc("planned", "年度计划投资（亿元）", "12.00"),
    FieldDoc("invested", "本年累计完成投资（亿元）", "6.00"),
    FieldDoc("rate", "年度投资完成率", "50.00%"),
    FieldDoc("image", "形象进度（最近一月）"),
    FieldDoc("problems", "未解决的困难问题（多个时编号，每个一行）"),
    FieldDoc("leader", "挂点领导"),
    FieldDoc("unit", "责任单位"),
    FieldDoc("light", "亮灯", "红灯"),
)

# -- The module's download ---------------------------------------------------------------------------


def export(request: ExportRequest) -> ModuleDownload:
    """The table of the projects chosen (those `request.user` may see), without the appendix, so that it
    imports back."""
    today = timezone.localdate()
    year = request.year or (request.period.year if request.period else today.year)
    wants_lights = bool(request.lights) or request.with_light
    table = build_table(park=request.park, year=year, period=request.period, kinds=request.kinds,
                        levels=request.levels, lights=request.lights, include_light=request.with_light,
                        light_of=_lights_of(today) if wants_lights else None, today=today,
                        projects=visible_projects(request.user) if request.user is not None else None)
    if not table.rows:
        raise NothingToDownload("没有符合条件的项目，未生成文件。", reverse("projects:project_list"))
    return ModuleDownload(progress_context(table), lambda extension: f"重点项目进展情况表_{today:%Y%m%d}.{extension}", what="重点项目进展情况表",
                          summary=f"{len(table.rows)}个项目", build_xlsx=lambda: table_xlsx(table))


def export_request(http_request) -> ExportRequest:
    """The link of 调度与统计: this year's table of the projects the user may see."""
    require(can_export_projects(http_request.user))
    return ExportRequest(park=served_park(), user=http_request.user)


PROJECT_PROGRESS = ReportType(
    code="project_progress",
    name="重点项目进展情况表",
    description="园区在调度的重点项目，按类别分组，列总投资、年度计划投资、所选月份为止的本年完成投资和完成率、形象进度、"
                "存在问题、挂点领导、责任单位和亮灯，附合计行，横向排版。重点项目模块的“导出进展情况表”也使用本模板。",
    build_context=progress_build_context,
    default_template=progress_template,
    build_xlsx=progress_xlsx,
    title=lambda request: f"{request.park}{request.year}年重点项目进展情况表",
    export=export,
    export_request=export_request,
    export_lights=ProjectLight,
    fields=(
        FieldDoc("date_line", "日期行", "日期：2026年11月30日"),
        FieldDoc("year", "年度", "2026"),
        FieldDoc("invested_header", "完成投资列的表头（含月份）", "1-10月\\n完成投资\\n（亿元）"),
        FieldDoc("include_light", "是否显示亮灯列"),
        FieldDoc("rows", "表格各行：分类标题行与项目行", children=PROGRESS_ROW_FIELDS),
        FieldDoc("totals", "合计行（无项目时为空）", children=(
            FieldDoc("total", "总投资合计（亿元）", "87.50"), FieldDoc("planned", "年度计划投资合计（亿元）", "25.00"),
            FieldDoc("invested", "完成投资合计（亿元）", "9.40"), FieldDoc("rate", "完成率（合计）", "37.60%"))),
    ),
)
