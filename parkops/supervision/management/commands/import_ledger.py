"""parkops import-ledger FILE --plan NAME [--period YYYY-MM] [--dry-run] [--json]"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from parkops.core.imports import ImportFileError, open_path
from parkops.core.periods import cumulative_label, parse_period, period_label
from parkops.org.models import Park
from parkops.supervision.importers import ACTION_LABELS, LedgerImporter, LedgerPreview


def find_park(name: str | None) -> Park | None:
    if not name:
        return None
    park = Park.objects.filter(name=name).first() or Park.objects.filter(short_name=name).first()
    if park is None:
        raise CommandError(f"没有名为“{name}”的园区。")
    return park


class Command(BaseCommand):
    help = "从Word或Excel一览表导入目标任务及其完成情况；同一一览表再次导入时更新，不重复。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="一览表文件（.docx 或 .xlsx）")
        parser.add_argument("--plan", required=True, help="计划名称；不存在时新建")
        parser.add_argument("--period", help="完成情况所属期间 YYYY-MM；默认取表头日期的上一个月")
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
        importer = LedgerImporter(plan_name=options["plan"], period=period, park=find_park(options["park"]))
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

    def _report(self, preview: LedgerPreview) -> None:
        write = self.stdout.write
        write(f"文件：{preview.filename}")
        plan_state = "已有" if preview.plan_exists else "新建"
        write(f"计划：{preview.plan_name}（{plan_state}，{preview.year or '?'}年）")
        if preview.period:
            write(f"期间：{period_label(preview.period)}（数字为{cumulative_label(preview.period)}累计）")
        for section in preview.sections:
            indent = "    " if section.parent else "  "
            write(f"{indent}[{ACTION_LABELS[section.action]}] {section.heading}")
        write(f"任务{len(preview.tasks)}项：" + "，".join(
            f"{label}{preview.count(action)}" for action, label in ACTION_LABELS.items()))
        for task in preview.tasks:
            changed = f"（{'、'.join(task.changes)}）" if task.changes else ""
            write(f"  [{task.action_label}] {task.number}. {task.text[:30]}{changed}")
        for title, names in (("将新建人员", preview.people_to_create), ("将新建单位", preview.units_to_create)):
            if names:
                write(f"{title}{len(names)}个：" + "、".join(f"{n.name}（{n.kind_label}）" for n in names))
        for problem in preview.problems:
            line = f"{'错误' if problem.is_error else '提示'}：{problem}"
            write(self.style.ERROR(line) if problem.is_error else self.style.WARNING(line))


