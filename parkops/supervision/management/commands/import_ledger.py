"""parkops import-ledger FILE --plan NAME [--period YYYY-MM] [--dry-run] [--json]"""

from __future__ import annotations

from parkops.core.periods import cumulative_label, period_label
from parkops.org.commands import ImportCommand
from parkops.supervision.importers import ACTION_LABELS, LedgerImporter, LedgerPreview


class Command(ImportCommand):
    help = "从Word或Excel一览表导入目标任务及其完成情况；同一一览表再次导入时更新，不重复。"
    file_help = "一览表文件（.docx 或 .xlsx）"
    period_help = "完成情况所属期间 YYYY-MM；默认取表头日期的上一个月"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--plan", required=True, help="计划名称；不存在时新建")

    def make_importer(self, options, *, period, park):
        return LedgerImporter(plan_name=options["plan"], period=period, park=park)

    def report(self, preview: LedgerPreview) -> None:
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
