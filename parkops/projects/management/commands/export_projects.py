"""parkops export-projects --format docx|xlsx -o FILE [--year YYYY] [--period YYYY-MM] [--kind …] [--level …]
[--lights …] [--with-light]"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from parkops.core import audit
from parkops.core.commands import choices_option, output_option, park_option, period_option
from parkops.core.models import AuditAction
from parkops.projects.choices import ProjectKind, ProjectLevel, ProjectLight
from parkops.projects.exporters import build_table, table_docx, table_xlsx
from parkops.projects.lights import compute_project_light
from parkops.projects.management.commands.import_projects import parse_year

WRITERS = {"docx": table_docx, "xlsx": table_xlsx}


def _light_today(project) -> str:
    return compute_project_light(project, today=timezone.localdate()).light


class Command(BaseCommand):
    help = "把重点项目进展情况表导出为Word（横版公文格式）或Excel。"

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(WRITERS), help="docx 或 xlsx；默认按输出文件扩展名")
        parser.add_argument("-o", "--output", required=True, help="输出文件")
        parser.add_argument("--year", help="年度 YYYY；默认今年")
        parser.add_argument("--period", help="投资完成情况截至的月份 YYYY-MM；默认为该年最近填报的月份")
        parser.add_argument("--kind", help="只导出这些类别的项目，逗号分隔，如：产业项目,标准厂房")
        parser.add_argument("--level", help="只导出这些级别的项目，逗号分隔，如：省重点,市重点")
        parser.add_argument("--lights", help="只导出这些灯色的项目，逗号分隔，如：红灯,黄灯")
        parser.add_argument("--with-light", action="store_true", help="增加“亮灯”一列")
        parser.add_argument("--park", help="园区名称（系统中有多个园区时）")

    def handle(self, *args, **options):
        output, kind = output_option(options, WRITERS)
        park = park_option(options["park"])
        period = period_option(options["period"])
        year = parse_year(options["year"]) or (period.year if period else timezone.localdate().year)
        lights = choices_option(options["lights"], ProjectLight, "灯色")
        wants_lights = bool(lights) or options["with_light"]
        table = build_table(park=park, year=year, period=period,
                            kinds=choices_option(options["kind"], ProjectKind, "项目类别"),
                            levels=choices_option(options["level"], ProjectLevel, "项目级别"),
                            lights=lights, include_light=options["with_light"],
                            light_of=_light_today if wants_lights else None)
        if not table.rows:
            raise CommandError("没有符合条件的项目，未生成文件。")
        output.write_bytes(WRITERS[kind](table))
        audit.record(AuditAction.EXPORT, obj=park, object_type="重点项目进展情况表", username="命令行",
                     detail=f"导出 {output.name}（{len(table.rows)}个项目）")
        self.stdout.write(self.style.SUCCESS(f"已导出{len(table.rows)}个项目到 {output}"))
