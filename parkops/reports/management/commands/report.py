"""parkops report TYPE [--period YYYY-MM] [--plan NAME] [--date YYYY-MM-DD] -o FILE

A report as the report centre draws it up; with --export (or any of its filters), the module's own
download of the type instead — the 一览表 of a unit, the 进展情况表 of some kinds — without the appendix
of sources, so that it imports back. `export-ledger` and `export-projects` are this, under their old names.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from parkops.core import audit
from parkops.core.models import AuditAction
from parkops.org.commands import choices_option, output_option, park_option, period_option
from parkops.org.models import Unit
from parkops.projects.choices import ProjectKind, ProjectLevel
from parkops.reports import pdf, registry, services
from parkops.reports.registry import ExportRequest, NothingToDownload
from parkops.supervision import selectors
from parkops.supervision.models import Plan

FORMATS = ("docx", "xlsx", "pdf")


def find_plan(name: str, park) -> Plan:
    """The plan of that name (in `park`, when one is named)."""
    plan, existing = selectors.plan_named(name, park=park)
    if plan is None:
        raise CommandError(f"没有名为“{name}”的计划。现有计划：{'、'.join(existing) or '（无）'}")
    return plan


def find_unit(name: str | None, park) -> Unit | None:
    if not name:
        return None
    unit = Unit.objects.filter(park=park).by_name(name).first()
    if unit is None:
        raise CommandError(f"没有名为“{name}”的单位。")
    return unit


def parse_year(text: str | None) -> int | None:
    if not text:
        return None
    if not text.isdigit() or not 2000 <= int(text) <= 2099:
        raise CommandError(f"年度格式应为 YYYY，例如 2025，收到：{text!r}")
    return int(text)


def parse_day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期“{text}”应写作 YYYY-MM-DD。") from None


def write_export(command: BaseCommand, code: str, request: ExportRequest, *, output, kind: str) -> None:
    """The module's download of `code` written to `output`, and its line in the audit log."""
    try:
        download, docx = services.module_download(code, request)
    except NothingToDownload as nothing:
        raise CommandError(str(nothing)) from None
    if kind == "xlsx":
        if download.build_xlsx is None:
            raise CommandError(f"“{registry.get(code).name}”没有 Excel 格式，请用 .docx 或 .pdf。")
        content = download.build_xlsx()
    elif kind == "pdf":
        try:
            content = pdf.docx_to_pdf(docx)
        except (pdf.PdfUnavailable, OSError) as error:
            raise CommandError(str(error)) from None
    else:
        content = docx
    output.write_bytes(content)
    audit.record(AuditAction.EXPORT, obj=request.plan or request.park, object_type=download.what, username="命令行",
                 detail=f"导出 {output.name}" + (f"（{download.summary}）" if download.summary else ""))
    command.stdout.write(command.style.SUCCESS(f"已导出{download.summary or download.what}到 {output}"))


class Command(BaseCommand):
    help = ("生成一份报告：parkops report TYPE [--period YYYY-MM] [--plan 计划名称] -o 文件（.docx / .xlsx / .pdf）；"
            "加 --export 或筛选条件时按模块导出（一览表、进展情况表、议程、通报）")

    def add_arguments(self, parser):
        codes = "、".join(f"{t.code}（{t.name}）" for t in registry.all_types())
        parser.add_argument("type", help=f"报告类型：{codes}")
        parser.add_argument("--period", help="月份 YYYY-MM；默认上月（--export 时默认为最近有数据的月份）")
        parser.add_argument("--plan", help="督办计划名称（一览表等按计划的报告；默认取当年在用的计划）")
        parser.add_argument("--date", help="日期 YYYY-MM-DD（周报、议程、通报；默认今天）")
        parser.add_argument("--park", help="园区名称（系统中有多个园区时）")
        parser.add_argument("-o", "--output", required=True, help="输出文件")
        parser.add_argument("--format", choices=FORMATS, help="默认取输出文件的扩展名")
        module = parser.add_argument_group("模块导出（一览表、进展情况表等，不附数字来源，可再导入）")
        module.add_argument("--export", action="store_true", help="按模块导出，而不是报告中心的报告")
        module.add_argument("--unit", help="一览表：只导出该单位牵头或配合的任务")
        module.add_argument("--lights", help="只导出这些灯色的，逗号分隔，如：滞后,逾期 或 红灯,黄灯")
        module.add_argument("--with-light", action="store_true", help="增加“亮灯”一列")
        module.add_argument("--year", help="进展情况表：年度 YYYY；默认为 --period 所在年或今年")
        module.add_argument("--kind", help="进展情况表：只导出这些类别的项目，逗号分隔，如：产业项目,标准厂房")
        module.add_argument("--level", help="进展情况表：只导出这些级别的项目，逗号分隔，如：省重点,市重点")

    def handle(self, *args, **options):
        try:
            report_type = registry.get(options["type"])
        except KeyError as error:
            raise CommandError(error.args[0]) from None
        output, kind = output_option(options, FORMATS)
        if kind == "pdf" and not pdf.is_available():
            raise CommandError(pdf.UNAVAILABLE)
        filters = ("unit", "lights", "with_light", "year", "kind", "level")
        if options["export"] or any(options[name] for name in filters):
            self.export(report_type, options, output=output, kind=kind)
            return
        if kind == "xlsx" and report_type.build_xlsx is None:
            raise CommandError(f"“{report_type.name}”没有 Excel 格式，请用 .docx 或 .pdf。")
        park = park_option(options["park"])
        plan = find_plan(options["plan"], park) if options["plan"] else None
        try:
            request = services.default_request(report_type, park, period=period_option(options["period"]),
                                               plan=plan, day=parse_day(options["date"]))
            result = services.draw_up(report_type, request, with_pdf=kind == "pdf")
        except services.ReportError as error:
            raise CommandError(str(error)) from None
        content = {"docx": result.docx, "xlsx": result.xlsx, "pdf": result.pdf}[kind]
        if content is None:
            raise CommandError(result.pdf_note or "未能生成文件。")
        output.write_bytes(content)
        title = report_type.title_for(request)
        audit.record(AuditAction.EXPORT, object_type="报告", username="命令行", detail=f"生成报告：{title} → {output.name}")
        self.stdout.write(self.style.SUCCESS(f"已生成《{title}》（引用{len(result.figures)}个数字）：{output}"))

    def export(self, report_type: registry.ReportType, options: dict, *, output, kind: str) -> None:
        if report_type.export is None:
            exporting = "、".join(t.code for t in registry.all_types() if t.export is not None)
            raise CommandError(f"“{report_type.name}”没有模块导出。可导出：{exporting}")
        plan = None
        if report_type.needs_plan:
            if not options["plan"]:
                raise CommandError(f"“{report_type.name}”需要用 --plan 指定计划。")
            plan = find_plan(options["plan"], park_option(options["park"]) if options["park"] else None)
        park = plan.park if plan is not None else park_option(options["park"])
        period = period_option(options["period"])
        request = ExportRequest(
            park=park, plan=plan, period=period, day=parse_day(options["date"]),
            year=parse_year(options["year"]) or (period.year if period else None),
            unit=find_unit(options["unit"], park),
            lights=tuple(choices_option(options["lights"], report_type.export_lights, "灯色")
                         if report_type.export_lights else ()),
            kinds=tuple(choices_option(options["kind"], ProjectKind, "项目类别")),
            levels=tuple(choices_option(options["level"], ProjectLevel, "项目级别")),
            with_light=options["with_light"],
        )
        write_export(self, report_type.code, request, output=output, kind=kind)
