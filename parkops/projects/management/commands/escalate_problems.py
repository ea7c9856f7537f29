"""parkops escalate-problems [--today YYYY-MM-DD]

Run daily (cron or a systemd timer): open problems past their deadline go to the project's leader,
then to the supervisor (services.escalate_overdue_problems). Running it twice a day is harmless.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from parkops.projects.services import escalate_overdue_problems


class Command(BaseCommand):
    help = "逾期未办结的困难问题升级：先报挂点领导，再报督办员。可重复运行，不会重复升级。"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按该日期判断逾期（YYYY-MM-DD）；默认为今天")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(f"日期格式应为 YYYY-MM-DD，例如 2025-10-09，收到：{options['today']!r}") from None
        changes = escalate_overdue_problems(today=today)
        if not changes:
            self.stdout.write(f"{today:%Y年%-m月%-d日}：没有需要升级的逾期问题。")
            return
        for change in changes:
            self.stdout.write(change.description)
        self.stdout.write(self.style.SUCCESS(f"{today:%Y年%-m月%-d日}：已升级{len(changes)}个逾期问题。"))
