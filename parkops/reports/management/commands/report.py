from django.core.management.base import BaseCommand, CommandError

from parkops.core import audit
from parkops.core.commands import output_option, park_option, period_option
from parkops.core.models import AuditAction
from parkops.reports import pdf, registry, services
from parkops.supervision.models import Plan

FORMATS = ("docx", "xlsx", "pdf")


class Command(BaseCommand):
    help = "生成一份报告：parkops report TYPE --period YYYY-MM [--plan 计划名称] -o 文件（.docx / .xlsx / .pdf）"

    def add_arguments(self, parser):
        codes = "、".join(f"{t.code}（{t.name}）" for t in registry.all_types())
        parser.add_argument("type", help=f"报告类型：{codes}")
        parser.add_argument("--period", required=True, help="月份 YYYY-MM")
        parser.add_argument("--plan", help="督办计划名称（一览表等按计划的报告；默认取当年在用的计划）")
        parser.add_argument("--date", help="日期 YYYY-MM-DD（周报、通报；默认今天）")
        parser.add_argument("--park", help="园区名称（系统中有多个园区时）")
        parser.add_argument("-o", "--output", required=True, help="输出文件")
        parser.add_argument("--format", choices=FORMATS, help="默认取输出文件的扩展名")

    def handle(self, *args, **options):
        try:
            report_type = registry.get(options["type"])
        except KeyError as error:
            raise CommandError(error.args[0]) from None
        output, kind = output_option(options, FORMATS)
        if kind == "xlsx" and report_type.build_xlsx is None:
            raise CommandError(f"“{report_type.name}”没有 Excel 格式，请用 .docx 或 .pdf。")
        if kind == "pdf" and not pdf.is_available():
            raise CommandError(pdf.UNAVAILABLE)
        park = park_option(options["park"])
        plan = None
        if options["plan"]:
            plan = Plan.objects.filter(park=park, name=options["plan"]).first()
            if plan is None:
                existing = "、".join(Plan.objects.filter(park=park).values_list("name", flat=True)[:10]) or "（无）"
                raise CommandError(f"没有名为“{options['plan']}”的计划。现有计划：{existing}")
        day = None
        if options["date"]:
            from datetime import date

            try:
                day = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"日期“{options['date']}”应写作 YYYY-MM-DD。") from None
        try:
            request = services.default_request(report_type, park, period=period_option(options["period"]),
                                               plan=plan, day=day)
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
