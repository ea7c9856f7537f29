"""parkops export-projects --format docx|xlsx -o FILE [--year YYYY] [--period YYYY-MM] [--kind …] [--level …]
[--lights …] [--with-light]"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from parkops.core import audit
from parkops.core.models import AuditAction
from parkops.core.periods import parse_period
from parkops.org.models import Park
from parkops.projects.choices import ProjectKind, ProjectLevel, ProjectLight
from parkops.projects.exporters import build_table, table_docx, table_xlsx
from parkops.projects.management.commands.import_projects import parse_year
from parkops.supervision.management.commands.import_ledger import find_park

WRITERS = {"docx": table_docx, "xlsx": table_xlsx}


def parse_choices(text: str | None, choices, what: str) -> list[str]:
    """"产业项目,基础设施" or "industrial,infrastructure" → choice values."""
    by_name = {c.label: c.value for c in choices} | {c.value: c.value for c in choices}
    wanted = [item.strip() for item in (text or "").replace("，", ",").split(",") if item.strip()]
    unknown = [item for item in wanted if item not in by_name]
    if unknown:
        raise CommandError(f"未知的{what}：{'、'.join(unknown)}。可选：{'、'.join(choices.labels)}")
    return [by_name[item] for item in wanted]


def light_rule(today):
    """The lights module's rule, looked up only when lights are asked for: the table itself does not
    depend on how lights are made."""
    try:
        from parkops.projects.lights import compute_project_light
    except ImportError:
        raise CommandError("亮灯功能尚未启用，不能按灯色导出。") from None
    return lambda project: compute_project_light(project, today=today).light


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
        output = Path(options["output"])
        kind = options["format"] or output.suffix.lstrip(".").lower()
        if kind not in WRITERS:
            raise CommandError("请用 --format 指定 docx 或 xlsx。")
        park = find_park(options["park"])
        if park is None:
            parks = list(Park.objects.all()[:2])
            if not parks:
                raise CommandError("系统中还没有园区。")
            if len(parks) > 1:
                raise CommandError("系统中有多个园区，请用 --park 指定。")
            park = parks[0]
        try:
            period = parse_period(options["period"]) if options["period"] else None
        except ValueError as error:
            raise CommandError(str(error)) from None
        year = parse_year(options["year"]) or (period.year if period else timezone.localdate().year)
        lights = parse_choices(options["lights"], ProjectLight, "灯色")
        wants_lights = bool(lights) or options["with_light"]
        table = build_table(park=park, year=year, period=period,
                            kinds=parse_choices(options["kind"], ProjectKind, "项目类别"),
                            levels=parse_choices(options["level"], ProjectLevel, "项目级别"),
                            lights=lights, include_light=options["with_light"],
                            light_of=light_rule(timezone.localdate()) if wants_lights else None)
        if not table.rows:
            raise CommandError("没有符合条件的项目，未生成文件。")
        output.write_bytes(WRITERS[kind](table))
        audit.record(AuditAction.EXPORT, obj=park, object_type="重点项目进展情况表", username="命令行",
                     detail=f"导出 {output.name}（{len(table.rows)}个项目）")
        self.stdout.write(self.style.SUCCESS(f"已导出{len(table.rows)}个项目到 {output}"))
