"""parkops import-ledger FILE --plan NAME [--period YYYY-MM] [--map "列名=字段"]… [--active] [--dry-run] [--json]"""

from __future__ import annotations

from django.core.management.base import CommandError

from parkops.core.periods import cumulative_label, period_label
from parkops.org.commands import ImportCommand
from parkops.supervision.importers import ACTION_LABELS, LedgerImporter, LedgerPreview
from parkops.supervision.layouts import MappingError, parse_mapping


class Command(ImportCommand):
    help = "从Word或Excel一览表导入目标任务及其完成情况；同一一览表再次导入时更新，不重复。"
    file_help = "一览表文件（.docx 或 .xlsx）"
    period_help = "完成情况所属期间 YYYY-MM；默认取表头日期的上一个月"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--plan", required=True, help="计划名称；不存在时新建")
        parser.add_argument("--map", action="append", default=[], metavar="列名=字段",
                            help="按此理解某列，如 --map \"督办事项=任务内容\" 或 --map \"备注=附加列\"；可重复")
        parser.add_argument("--active", action="store_true",
                            help="往年的台账也作为在用计划导入（默认往年台账保存为已归档）")

    def make_importer(self, options, *, period, park):
        try:
            mapping = parse_mapping(options["map"])
        except MappingError as error:
            raise CommandError(str(error)) from None
        return LedgerImporter(plan_name=options["plan"], period=period, park=park, mapping=mapping,
                              active=options["active"])

    def report(self, preview: LedgerPreview) -> None:
        write = self.stdout.write
        write(f"文件：{preview.filename}")
        plan_state = "已有" if preview.plan_exists else "新建"
        write(f"计划：{preview.plan_name}（{plan_state}，{preview.year or '?'}年，{preview.state_label}）")
        write("列：" + "；".join(f"{c.header} → {c.field_label}{'（手工指定）' if c.by_hand else ''}"
                                for c in preview.layout))
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
            if task.responsible or task.deadline_text:
                write(f"      责任人：{'、'.join(task.responsible) or '—'}  完成时限：{task.deadline_text or '—'}"
                      + (f"（{task.deadline:%Y-%m-%d}）" if task.deadline else ""))
