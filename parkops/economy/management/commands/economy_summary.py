"""parkops economy-summary --period YYYY-MM [--zone Z] [--chain C] [--park NAME] [--json]

The month's economic figures (economy.figures.economy_summary) as the 工作总结 write them, or as one
JSON object for scripts: amounts in 万元 and percentages as decimal strings, null where there is no base.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from parkops.economy.figures import close_note, economy_summary, indicator_lines, opening_paragraph
from parkops.economy.models import IndustryChain
from parkops.org.commands import park_option, period_option
from parkops.org.models import Park, Zone


def named(model, park: Park, name: str | None, what: str):
    if not name:
        return None
    found = model.objects.filter(park=park, name=name.strip()).first()
    if found is None:
        known = "、".join(model.objects.filter(park=park).values_list("name", flat=True)) or "（无）"
        raise CommandError(f"{park}没有名为“{name}”的{what}。现有：{known}")
    return found


class Command(BaseCommand):
    help = "某月的经济运行数据：规上企业数、各指标累计与当月值、同比增长（全部企业与同口径）、主导产业占比、目标完成率。"

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="月份 YYYY-MM，数据为当年1月至该月累计")
        parser.add_argument("--zone", help="只统计该片区的企业")
        parser.add_argument("--chain", help="只统计该产业链的企业")
        parser.add_argument("--park", help="园区名称（系统中有多个园区时）")
        parser.add_argument("--json", action="store_true", help="以JSON输出（金额单位万元）")

    def handle(self, *args, **options):
        period = period_option(options["period"])
        park = park_option(options["park"])
        summary = economy_summary(park=park, period=period, zone=named(Zone, park, options["zone"], "片区"),
                                  chain=named(IndustryChain, park, options["chain"], "产业链"))
        if options["json"]:
            self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(opening_paragraph(summary))
        for line in indicator_lines(summary):
            self.stdout.write(f"  {line}")
        note = close_note(summary)
        if note:
            self.stdout.write(self.style.WARNING(note) if summary.revised else note)
