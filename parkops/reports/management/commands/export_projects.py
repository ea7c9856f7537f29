"""parkops export-projects --format docx|xlsx -o FILE [--year YYYY] [--period YYYY-MM] [--kind …] [--level …]
[--lights …] [--with-light]: the name the README has always given `parkops report project_progress --export`."""

from __future__ import annotations

from parkops.org.commands import output_option
from parkops.reports.management.commands import report

FORMATS = ("docx", "xlsx")


class Command(report.Command):
    help = "把重点项目进展情况表导出为Word（横版公文格式）或Excel（即 parkops report project_progress --export）。"

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=FORMATS, help="docx 或 xlsx；默认按输出文件扩展名")
        parser.add_argument("-o", "--output", required=True, help="输出文件")
        parser.add_argument("--year", help="年度 YYYY；默认今年")
        parser.add_argument("--period", help="投资完成情况截至的月份 YYYY-MM；默认为该年最近填报的月份")
        parser.add_argument("--kind", help="只导出这些类别的项目，逗号分隔，如：产业项目,标准厂房")
        parser.add_argument("--level", help="只导出这些级别的项目，逗号分隔，如：省重点,市重点")
        parser.add_argument("--lights", help="只导出这些灯色的项目，逗号分隔，如：红灯,黄灯")
        parser.add_argument("--with-light", action="store_true", help="增加“亮灯”一列")
        parser.add_argument("--park", help="园区名称（系统中有多个园区时）")

    def handle(self, *args, **options):
        output, kind = output_option(options, FORMATS)
        options = {"date": None, "plan": None, "unit": None, **options}
        self.export(report.registry.get("project_progress"), options, output=output, kind=kind)
