"""parkops import-projects FILE [--year YYYY] [--period YYYY-MM] [--park NAME] [--dry-run] [--json]"""

from __future__ import annotations

from django.core.management.base import CommandError

from parkops.core.periods import cumulative_label, period_label
from parkops.org.commands import ImportCommand
from parkops.projects.importers import ACTION_LABELS, ProjectImporter, ProjectPreview


def parse_year(text: str | None) -> int | None:
    if not text:
        return None
    if not text.isdigit() or not 2000 <= int(text) <= 2099:
        raise CommandError(f"年度格式应为 YYYY，例如 2025，收到：{text!r}")
    return int(text)


class Command(ImportCommand):
    help = "从Word或Excel重点项目进展情况表导入重点项目及其投资完成情况；再次导入时按项目名称更新，不重复。"
    file_help = "重点项目进展情况表（.docx 或 .xlsx）"
    period_help = "本年完成投资截至的月份 YYYY-MM；默认取表头日期的上一个月"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--year", help="年度 YYYY；默认取标题中的年份")

    def make_importer(self, options, *, period, park):
        return ProjectImporter(park=park, year=parse_year(options["year"]), period=period)

    def report(self, preview: ProjectPreview) -> None:
        write = self.stdout.write
        write(f"文件：{preview.filename}")
        write(f"园区：{preview.park or '?'}，年度：{preview.year or '?'}年")
        if preview.period:
            write(f"期间：{period_label(preview.period)}（本年完成投资为{cumulative_label(preview.period)}累计）")
        write(f"项目{len(preview.projects)}个：" + "，".join(
            f"{label}{preview.count(action)}" for action, label in ACTION_LABELS.items()))
        for line in preview.projects:
            changed = f"（{'、'.join(line.changes)}）" if line.changes else ""
            write(f"  [{line.action_label}] {line.name}{changed}")
        if preview.new_problems:
            write(f"将新增困难问题{len(preview.new_problems)}个：" + "；".join(
                f"{line.name}：{text[:20]}" for line, text in preview.new_problems))
