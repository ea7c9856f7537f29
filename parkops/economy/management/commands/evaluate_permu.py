"""parkops evaluate-permu --year YYYY [--park NAME] [--json] [-o FILE.xlsx] [--create-scheme]

Scores every enterprise of the park for the year under the park's scheme, stores the results (as the
page's 重新计算 does, with one audit line) and, with -o, writes the class list to .xlsx.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from parkops.core import audit
from parkops.core.models import AuditAction
from parkops.economy import permu
from parkops.economy.models import EvaluationScheme
from parkops.org.commands import park_option

USERNAME = "命令行"


class Command(BaseCommand):
    help = "计算并保存某年度亩均论英雄评价结果，可导出企业分类名单（.xlsx）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="评价年度 YYYY（取该年1-12月数据）")
        parser.add_argument("--park", help="园区名称（系统中有多个园区时）")
        parser.add_argument("--create-scheme", action="store_true", help="该年度没有评价方案时按默认值创建")
        parser.add_argument("-o", "--output", help="把企业分类名单导出到此 .xlsx 文件")
        parser.add_argument("--json", action="store_true", help="以JSON输出评价结果")

    def handle(self, *args, **options):
        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError(f"年度应为四位数字，例如 2024，收到：{year}")
        output = Path(options["output"]) if options["output"] else None
        if output is not None and output.suffix.lower() != ".xlsx":
            raise CommandError("分类名单只能导出为 .xlsx 文件。")
        park = park_option(options["park"])
        scheme = EvaluationScheme.objects.filter(park=park, year=year).first()
        if scheme is None:
            if not options["create_scheme"]:
                raise CommandError(f"{park}还没有{year}年度的评价方案。可在页面上设置，或加 --create-scheme 按默认值创建。")
            scheme = permu.create_default_scheme(park=park, year=year)
            self.stderr.write(f"已按默认值创建{year}年度评价方案。")

        outcome = permu.recompute(scheme=scheme, username=USERNAME)
        listing = permu.class_list(scheme)
        if output is not None:
            output.write_bytes(permu.class_list_xlsx(listing, today=timezone.localdate()))
            audit.record(AuditAction.EXPORT, obj=scheme, object_type="亩均评价分类名单", username=USERNAME,
                         detail=f"导出 {output.name}（{len(listing.rows)}家企业）")

        if options["json"]:
            self.stdout.write(json.dumps({
                "park": park.name, "year": year, "counts": outcome.counts,
                "results": [{"name": row.enterprise.name, "credit_code": row.enterprise.credit_code,
                             "score": None if row.result.score is None else str(row.result.score),
                             "grade": row.result.grade, "reason": row.result.reason} for row in listing.rows],
            }, ensure_ascii=False, indent=2))
            return
        for row in listing.rows:
            score = "—" if row.result.score is None else f"{row.result.score}分"
            reason = f"（{row.result.reason}）" if row.result.reason else ""
            self.stdout.write(f"{row.result.grade}类  {score:>8}  {row.enterprise.name}{reason}")
        self.stdout.write(self.style.SUCCESS(f"{park}{outcome.summary()}。"))
        if output is not None:
            self.stdout.write(self.style.SUCCESS(f"已导出分类名单到 {output}"))

