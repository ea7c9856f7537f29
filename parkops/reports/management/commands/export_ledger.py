"""parkops export-ledger --plan NAME --format docx|xlsx -o FILE [--period YYYY-MM] [--unit …] [--lights …]
[--with-light]: the name the README has always given `parkops report task_ledger --export`."""

from __future__ import annotations

from parkops.org.commands import output_option
from parkops.reports.management.commands import report

FORMATS = ("docx", "xlsx")


class Command(report.Command):
    help = "把计划的一览表导出为Word（横版公文格式）或Excel（即 parkops report task_ledger --export）。"

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="计划名称")
        parser.add_argument("--format", choices=FORMATS, help="docx 或 xlsx；默认按输出文件扩展名")
        parser.add_argument("-o", "--output", required=True, help="输出文件")
        parser.add_argument("--period", help="完成情况所属期间 YYYY-MM；默认为最近一期")
        parser.add_argument("--unit", help="只导出该单位牵头或配合的任务")
        parser.add_argument("--lights", help="只导出这些灯色的任务，逗号分隔，如：滞后,逾期")
        parser.add_argument("--with-light", action="store_true", help="增加“亮灯”一列")
        parser.add_argument("--park", help="园区名称（系统中有多个园区时）")

    def handle(self, *args, **options):
        output, kind = output_option(options, FORMATS)
        options = {"date": None, "year": None, "kind": None, "level": None, **options}
        self.export(report.registry.get("task_ledger"), options, output=output, kind=kind)
