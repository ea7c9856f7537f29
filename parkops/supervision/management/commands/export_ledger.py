"""parkops export-ledger --plan NAME --format docx|xlsx -o FILE [--period YYYY-MM]"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from parkops.core import audit
from parkops.core.commands import choices_option, find_park, output_option, period_option
from parkops.core.models import AuditAction
from parkops.org.models import Unit
from parkops.supervision.choices import Light
from parkops.supervision.exporters import build_ledger, ledger_docx, ledger_xlsx
from parkops.supervision.models import Plan

WRITERS = {"docx": ledger_docx, "xlsx": ledger_xlsx}


class Command(BaseCommand):
    help = "把计划的一览表导出为Word（横版公文格式）或Excel。"

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="计划名称")
        parser.add_argument("--format", choices=sorted(WRITERS), help="docx 或 xlsx；默认按输出文件扩展名")
        parser.add_argument("-o", "--output", required=True, help="输出文件")
        parser.add_argument("--period", help="完成情况所属期间 YYYY-MM；默认为最近一期")
        parser.add_argument("--unit", help="只导出该单位牵头或配合的任务")
        parser.add_argument("--lights", help="只导出这些灯色的任务，逗号分隔，如：滞后,逾期")
        parser.add_argument("--with-light", action="store_true", help="增加“亮灯”一列")
        parser.add_argument("--park", help="园区名称（系统中有多个园区时）")

    def handle(self, *args, **options):
        output, kind = output_option(options, WRITERS)
        park = find_park(options["park"])
        plans = Plan.objects.filter(name=options["plan"])
        plan = (plans.filter(park=park) if park else plans).first()
        if plan is None:
            existing = "、".join(Plan.objects.values_list("name", flat=True)[:10]) or "（无）"
            raise CommandError(f"没有名为“{options['plan']}”的计划。现有计划：{existing}")
        period = period_option(options["period"])
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(park=plan.park).by_name(options["unit"]).first()
            if unit is None:
                raise CommandError(f"没有名为“{options['unit']}”的单位。")
        ledger = build_ledger(plan=plan, period=period, unit=unit, lights=choices_option(options["lights"], Light, "灯色"),
                              include_light=options["with_light"])
        if not ledger.tasks:
            raise CommandError("没有符合条件的任务，未生成文件。")
        output.write_bytes(WRITERS[kind](ledger))
        audit.record(AuditAction.EXPORT, obj=plan, object_type="一览表", username="命令行",
                     detail=f"导出 {output.name}（{len(ledger.tasks)}项任务）")
        self.stdout.write(self.style.SUCCESS(f"已导出{len(ledger.tasks)}项任务到 {output}"))
