"""parkops import-cases FILE [--park NAME] [--dry-run] [--json]"""

from __future__ import annotations

from parkops.org.commands import ImportCommand
from parkops.stability.importers import ACTION_LABELS, CaseLedgerImporter, CasePreview


class Command(ImportCommand):
    help = ("从Excel或Word信访件办理台账、12345工单台账导入信访件；只须有“反映问题”列，其余列有则读取；"
            "再次导入时按编号（或受理时间与反映问题）更新，不重复。反映人姓名和电话在输出中隐去。")
    file_help = "信访件、12345工单台账（.xlsx 或 .docx）"
    period_help = None

    def make_importer(self, options, *, period, park):
        return CaseLedgerImporter(park=park)

    def report(self, preview: CasePreview) -> None:
        write = self.stdout.write
        write(f"文件：{preview.filename}")
        write(f"园区：{preview.park or '?'}")
        write(f"信访件{len(preview.lines)}件：" + "，".join(
            f"{label}{preview.count(action)}" for action, label in ACTION_LABELS.items()))
        for line in preview.lines:
            changed = f"（{'、'.join(line.changes)}）" if line.changes else ""
            write(f"  [{line.action_label}] {line.number or '—'} {line.source_label or '来源未填'}·"
                  f"{line.kind_label or '类别未填'}：{line.content[:30]}；{line.unit or '未填承办单位'}{changed}")
