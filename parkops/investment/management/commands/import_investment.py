"""parkops import-investment FILE [--park NAME] [--dry-run] [--json]"""

from __future__ import annotations

from parkops.investment.importers import ACTION_LABELS, LedgerImporter, LedgerPreview
from parkops.org.commands import ImportCommand


class Command(ImportCommand):
    help = ("从Excel或Word招商引资项目台账导入招商项目及其阶段（内资/外资分表、阶段按列填日期均可）；"
            "再次导入时按项目名称更新，不重复。")
    file_help = "招商引资项目台账（.xlsx 或 .docx）"
    period_help = None

    def make_importer(self, options, *, period, park):
        return LedgerImporter(park=park)

    def report(self, preview: LedgerPreview) -> None:
        write = self.stdout.write
        write(f"文件：{preview.filename}")
        write(f"园区：{preview.park or '?'}")
        write(f"项目{len(preview.lines)}个：" + "，".join(
            f"{label}{preview.count(action)}" for action, label in ACTION_LABELS.items()))
        for line in preview.lines:
            changed = f"（{'、'.join(line.changes)}）" if line.changes else ""
            amount = line.total_wan
            write(f"  [{line.action_label}] {line.name}：{line.stage_label or '线索'}，"
                  f"{'—' if amount is None else f'{amount}万元'}，{line.unit or '未填招商单位'}{changed}")
