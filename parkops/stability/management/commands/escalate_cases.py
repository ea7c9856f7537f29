"""parkops escalate-cases [--date YYYY-MM-DD]: overdue cases go to the supervisor, then to their leader."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from parkops.stability.services import escalate_overdue_cases


class Command(BaseCommand):
    help = "逾期未办结的信访件报督办员，逾期较久的再报包案领导（每日运行；同一天重复运行不重复通知）。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按哪一天计算（默认今天），如 2025-10-09")

    def handle(self, *args, **options):
        today = date.fromisoformat(options["date"]) if options.get("date") else timezone.localdate()
        changes = escalate_overdue_cases(today=today)
        self.stdout.write(f"{today:%Y年%-m月%-d日}：" + (f"已升级{len(changes)}件逾期信访件。" if changes
                                                       else "没有需要升级的逾期信访件。"))
        for change in changes:
            self.stdout.write(f"  {change.case}（{change.case.handling_unit or '未交办'}）")
