"""parkops escalate-hazards [--date YYYY-MM-DD]: overdue hazards go to the supervisors, 重大 ones 挂牌督办."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from parkops.safety.services import escalate_overdue_hazards


class Command(BaseCommand):
    help = "逾期未整改的隐患报督办员，重大隐患逾期即挂牌督办；每天运行一次，重复运行不会重复升级。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按该日计算（YYYY-MM-DD），默认今天")

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError:
            raise CommandError("日期格式应为 YYYY-MM-DD。") from None
        changes = escalate_overdue_hazards(today=today)
        for change in changes:
            self.stdout.write(change.description)
        self.stdout.write(f"升级{len(changes)}条逾期隐患。")
