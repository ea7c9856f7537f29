"""parkops import-powers FILE [--park NAME] [--dry-run] [--json]"""

from __future__ import annotations

from parkops.approvals.importers import ACTION_LABELS, PowerListImporter, PowerPreview
from parkops.org.commands import ImportCommand


class Command(ImportCommand):
    help = ("从Excel或Word赋权清单导入赋权事项：只需“事项名称”一列，其余（序号、实施依据、原实施部门、办理方式、法定时限、"
            "承诺时限、申请材料、备注）有则导入；清单中已有的事项按名称更新，未变的不动。")
    file_help = "赋权清单（.xlsx 或 .docx）"
    period_help = None

    def make_importer(self, options, *, period, park):
        return PowerListImporter(park=park)

    def report(self, preview: PowerPreview) -> None:
        write = self.stdout.write
        write(f"文件：{preview.filename}")
        write(f"园区：{preview.park or '?'}")
        write(f"赋权事项{len(preview.lines)}项：" + "，".join(
            f"{label}{preview.count(action)}" for action, label in ACTION_LABELS.items()))
        for line in preview.lines:
            changed = f"（改：{'、'.join(line.changes)}）" if line.changes else ""
            mode = f"，{line.mode_label}" if line.mode_label else ""
            write(f"  [{line.action_label}] {line.name}{mode}{changed}")
