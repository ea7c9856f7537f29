"""parkops import-projects FILE [--year YYYY] [--period YYYY-MM] [--park NAME] [--dry-run] [--json]"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from parkops.core.imports import ImportFileError, open_path
from parkops.core.periods import cumulative_label, parse_period, period_label
from parkops.projects.importers import ACTION_LABELS, ProjectImporter, ProjectPreview
from parkops.supervision.management.commands.import_ledger import find_park


def parse_year(text: str | None) -> int | None:
    if not text:
        return None
    if not text.isdigit() or not 2000 <= int(text) <= 2099:
        raise CommandError(f"年度格式应为 YYYY，例如 2025，收到：{text!r}")
    return int(text)


class Command(BaseCommand):
    help = "从Word或Excel重点项目进展情况表导入重点项目及其投资完成情况；再次导入时按项目名称更新，不重复。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="重点项目进展情况表（.docx 或 .xlsx）")
        parser.add_argument("--year", help="年度 YYYY；默认取标题中的年份")
        parser.add_argument("--period", help="本年完成投资截至的月份 YYYY-MM；默认取表头日期的上一个月")
        parser.add_argument("--park", help="园区名称（系统中有多个园区时）")
        parser.add_argument("--dry-run", action="store_true", help="只检查并列出将要导入的内容，不写入")
        parser.add_argument("--json", action="store_true", help="以JSON输出将要（或已经）导入的内容")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        try:
            period = parse_period(options["period"]) if options["period"] else None
        except ValueError as error:
            raise CommandError(str(error)) from None
        importer = ProjectImporter(park=find_park(options["park"]), year=parse_year(options["year"]), period=period)
        try:
            with open_path(path) as file:
                preview = importer.preview(file)
        except ImportFileError as error:
            raise CommandError(error.message) from None

        outcome = None
        if not preview.has_errors and not options["dry_run"]:
            outcome = importer.commit(preview)
        if options["json"]:
            data = preview.as_dict()
            data["committed"] = outcome is not None
            data["counts"] = outcome.counts if outcome else {}
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self._report(preview)
        if preview.has_errors:
            raise CommandError(f"发现{len(preview.errors)}处错误，未导入任何数据。")
        if outcome is not None and not options["json"]:
            self.stdout.write(self.style.SUCCESS(f"已导入：{outcome.summary()}。"))
        elif outcome is None and not options["json"]:
            self.stdout.write("试运行（--dry-run），未写入任何数据。")

    def _report(self, preview: ProjectPreview) -> None:
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
        for title, names in (("将新建人员", preview.people_to_create), ("将新建单位", preview.units_to_create)):
            if names:
                write(f"{title}{len(names)}个：" + "、".join(f"{n.name}（{n.kind_label}）" for n in names))
        for problem in preview.problems:
            line = f"{'错误' if problem.is_error else '提示'}：{problem}"
            write(self.style.ERROR(line) if problem.is_error else self.style.WARNING(line))
