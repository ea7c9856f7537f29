"""目标任务完成情况一览表 (seed 000): a plan's tasks under their headings, with the 完成情况 of a period,
landscape, in the committee's columns. The supervision module's Word export is this type's download
(export(), reached from 导出一览表 and a plan's page), so an edited template changes both; its rows are
the module's build_ledger(), its workbook the module's ledger_xlsx()."""

from __future__ import annotations

from django.urls import reverse

from parkops.core import officedoc
from parkops.core.periods import period_label
from parkops.core.permissions import require
from parkops.reports.registry import (
    ExportRequest,
    FieldDoc,
    ModuleDownload,
    NothingToDownload,
    ReportRequest,
    ReportType,
)
from parkops.reports.services import render_active
from parkops.reports.templating import CENTRE, JUSTIFY, ledger_paper, tag_row
from parkops.reports.tracing import Figure, records_url
from parkops.supervision.choices import Light
from parkops.supervision.exporters import (
    COLUMNS,
    LIGHT_COLUMN,
    Ledger,
    LedgerHeading,
    build_ledger,
    layout_docx,
    ledger_xlsx,
    padded_name,
)
from parkops.supervision.forms import LedgerExportForm
from parkops.supervision.permissions import can_export, visible_tasks


def ledger_context(ledger: Ledger) -> dict:
    rows = []
    for line in ledger.lines:
        if isinstance(line, LedgerHeading):
            rows.append({"heading": line.text, "level": line.level})
            continue
        rows.append({
            "heading": "", "level": 0,
            "task": line.first_cell,
            "county_leaders": "\n".join(padded_name(n) for n in line.county_leaders),
            "lead_units": "\n".join(line.lead_units),
            "cooperating_units": "\n".join(line.cooperating_units),
            "park_leaders": "\n".join(padded_name(n) for n in line.park_leaders),
            "progress": line.progress,
            "light": line.light.label if line.light else "",
        })
    return {
        "title": ledger.title,
        "date_line": ledger.date_line,
        "plan": ledger.plan.name,
        "period": period_label(ledger.period) if ledger.period else "",
        "include_light": ledger.include_light,
        "rows": rows,
        "counts": _counts(ledger),
    }


def ledger_docx(ledger: Ledger) -> bytes:
    """The 一览表 through the template in use, as the module's download prints it; a plan with its own
    layout (a 整改台账 imported with its columns) in those columns."""
    if ledger.has_own_layout:
        return layout_docx(ledger)
    return render_active("task_ledger", ledger_context(ledger))


def _counts(ledger: Ledger) -> dict:
    """The tasks by light, each linked to the task list showing them."""
    tasks = ledger.tasks
    counts = {"total": Figure(f"{len(tasks)}项", f"{ledger.plan.name}任务数", "本表所列任务的项数",
                              records_url("supervision:task_list", plan=ledger.plan.pk), "督办 › 目标任务")}
    if not ledger.include_light:
        return counts
    for light in Light:
        number = sum(1 for t in tasks if t.light and t.light.light == light)
        counts[light.value] = Figure(
            f"{number}项", f"{light.label}任务数",
            f"本表所列任务中，截至{ledger.date.month}月{ledger.date.day}日亮灯为“{light.label}”的项数",
            records_url("supervision:task_list", plan=ledger.plan.pk, light=light.value), "督办 › 目标任务 › 亮灯")
    return counts


def _ledger(request: ReportRequest) -> Ledger:
    return build_ledger(plan=request.plan, period=request.period, include_light=True)


def build_context(request: ReportRequest) -> dict:
    return ledger_context(_ledger(request))


def build_xlsx(request: ReportRequest) -> bytes:
    return ledger_xlsx(_ledger(request))


def build_docx(request: ReportRequest) -> bytes | None:
    """A plan with its own layout in its own columns; the 一览表 through the template."""
    return layout_docx(_ledger(request)) if request.plan.layout else None


def default_template() -> bytes:
    return ledger_paper(_ledger_table)


def _ledger_table(document, *, with_light: bool) -> None:
    columns = list(COLUMNS)
    if with_light:
        *others, (progress, progress_width, _) = COLUMNS
        columns = [*others, (progress, progress_width - LIGHT_COLUMN[1], 0), LIGHT_COLUMN]
    table = officedoc.add_table(document, [c[0] for c in columns], [c[1] for c in columns])
    tag_row(table, "for row in rows")
    tag_row(table, "if row.level == 1")
    officedoc.add_spanning_row(table, "{{ row.heading }}", font=officedoc.HEITI)
    tag_row(table, "elif row.level == 2")
    officedoc.add_spanning_row(table, "{{ row.heading }}", font=officedoc.KAITI)
    tag_row(table, "else")
    cells = ["{{ row.task }}", "{{ row.county_leaders }}", "{{ row.lead_units }}", "{{ row.cooperating_units }}",
             "{{ row.park_leaders }}", "{{ row.progress }}"] + (["{{ row.light }}"] if with_light else [])
    aligns = [JUSTIFY, CENTRE, CENTRE, CENTRE, CENTRE, JUSTIFY] + ([CENTRE] if with_light else [])
    officedoc.add_row(table, cells, aligns=aligns)
    tag_row(table, "endif")
    tag_row(table, "endfor")


# -- The module's download ---------------------------------------------------------------------------


def export(request: ExportRequest) -> ModuleDownload:
    """The 一览表 of the tasks chosen (those `request.user` may see), without the appendix, so that it
    imports back."""
    ledger = build_ledger(plan=request.plan, period=request.period, unit=request.unit, lights=request.lights,
                          include_light=request.with_light,
                          tasks=visible_tasks(request.user) if request.user is not None else None)
    if not ledger.tasks:
        raise NothingToDownload("没有符合条件的任务，请调整筛选条件。", request.back_url)
    return ModuleDownload(ledger_context(ledger), ledger.filename, what="一览表", summary=f"{len(ledger.tasks)}项任务",
                          build_xlsx=lambda: ledger_xlsx(ledger),
                          build_docx=(lambda: layout_docx(ledger)) if ledger.has_own_layout else None)


def export_request(http_request) -> ExportRequest:
    """The choice made on 导出一览表 (or a plan's link to it)."""
    require(can_export(http_request.user))
    form = LedgerExportForm(http_request.GET, user=http_request.user)
    choice = http_request.GET.copy()
    if not form.is_valid():
        # The module's page shows what is wrong with the choice.
        raise NothingToDownload("", f"{reverse('supervision:ledger_export')}?{choice.urlencode()}")
    choice.pop("format", None)  # unsubmitted, the module's page is filled in with the choice
    data = form.cleaned_data
    return ExportRequest(park=data["plan"].park, user=http_request.user, plan=data["plan"], period=data["period"],
                         unit=data["unit"], lights=tuple(data["lights"]), with_light=data["with_light"],
                         back_url=f"{reverse('supervision:ledger_export')}?{choice.urlencode()}")


ROW_FIELDS = (
    FieldDoc("heading", "标题行文字（任务行为空）", "二、坚持以“提质”促“提升”……"),
    FieldDoc("level", "标题级别：1 为“二、”，2 为“（三）”，任务行为 0", "1"),
    FieldDoc("task", "重点工作（序号.内容）", "9.力争规上工业增加值增长8%。"),
    FieldDoc("county_leaders", "县政府责任领导（每人一行）"),
    FieldDoc("lead_units", "牵头单位（每个一行）"),
    FieldDoc("cooperating_units", "配合单位（每个一行）"),
    FieldDoc("park_leaders", "高新区责任领导（每人一行）"),
    FieldDoc("progress", "该期已审核的完成情况"),
    FieldDoc("light", "亮灯", "滞后"),
)

TASK_LEDGER = ReportType(
    code="task_ledger",
    name="目标任务完成情况一览表",
    description="一个督办计划的全部任务，按标题分组，附所选月份已审核的完成情况，横向排版，按一览表的格式；自有格式的台账按其导入时的各列。",
    build_context=build_context,
    default_template=default_template,
    build_xlsx=build_xlsx,
    build_docx=build_docx,
    needs_plan=True,
    title=lambda request: request.plan.title_for_ledger,
    export=export,
    export_request=export_request,
    export_lights=Light,
    fields=(
        FieldDoc("date_line", "日期行", "日期：2026年11月30日"),
        FieldDoc("plan", "督办计划名称"),
        FieldDoc("period", "完成情况所属月份", "2026年10月"),
        FieldDoc("include_light", "是否显示亮灯列"),
        FieldDoc("rows", "表格各行：标题行与任务行", children=ROW_FIELDS),
        FieldDoc("counts", "任务数（total），及各灯色任务数：overdue 逾期、behind 滞后、not_started 未启动、"
                           "on_schedule 序时推进、done 已完成", children=(
            FieldDoc("total", "任务总数", "42项"), FieldDoc("behind", "滞后任务数", "3项"),
        )),
    ),
)
