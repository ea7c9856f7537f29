"""parkops metrics [--park NAME] [--year YYYY] [--json]

Every named metric the installed modules declare (core.metrics), with its figure for the park's year so
far: what a supervision target can be bound to, and the key to bind it by.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from parkops.core.formatting import format_quantity
from parkops.core.metrics import Readings, all_metrics
from parkops.org.commands import park_option


class Command(BaseCommand):
    help = "列出各模块登记的全部指标（键、名称、单位、所属模块）及其当前值，供督办目标绑定。"

    def add_arguments(self, parser):
        parser.add_argument("--park", help="园区名称（系统中有多个园区时）")
        parser.add_argument("--year", type=int, help="年度，默认今年")
        parser.add_argument("--json", action="store_true", help="以JSON输出（金额单位万元）")

    def handle(self, *args, **options):
        park = park_option(options["park"])
        today = timezone.localdate()
        year = options["year"] or today.year
        if not 2000 <= year <= 2100:
            raise CommandError(f"年度应为四位数字，收到：{year}")
        readings = Readings()
        rows = []
        for key, metric in all_metrics().items():
            reading = readings.read(key, park=park, year=year, as_of=today)
            rows.append({"key": key, "label": metric.label, "unit": metric.unit, "app": metric.app,
                         "accumulates": metric.accumulates,
                         "value": None if reading.value is None else str(reading.value),
                         "through": reading.through.isoformat(), "label_of_period": reading.label})
        if options["json"]:
            self.stdout.write(json.dumps({"park": park.name, "year": year, "metrics": rows}, ensure_ascii=False,
                                         indent=2))
            return
        self.stdout.write(f"{park.name} {year}年指标（共{len(rows)}项）")
        for row in rows:
            value = "尚无数据" if row["value"] is None else format_quantity(row["value"], row["unit"])
            self.stdout.write(f"  {row['key']:<32} {row['label']}（{row['unit']}）：{row['label_of_period']} {value}")
