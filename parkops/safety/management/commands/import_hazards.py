"""parkops import-hazards FILE [--park NAME] [--dry-run] [--json]"""

from __future__ import annotations

from parkops.org.commands import ImportCommand
from parkops.safety.importers import ACTION_LABELS, HazardLedgerImporter, HazardPreview


class Command(ImportCommand):
    help = ("从Excel或Word隐患排查整改台账（大排查大整治隐患清单、九小场所检查台账）导入隐患及其整改情况；只须有“企业名称”和"
            "“隐患描述”两列；再次导入时按企业名称与隐患描述匹配，更新而不重复。")
    file_help = "隐患排查整改台账（.xlsx 或 .docx）"
    period_help = None

    def make_importer(self, options, *, period, park):
        return HazardLedgerImporter(park=park)

    def report(self, preview: HazardPreview) -> None:
        write = self.stdout.write
        write(f"文件：{preview.filename}")
        write(f"园区：{preview.park or '?'}")
        write(f"隐患{len(preview.lines)}条（重大隐患{preview.major_count}条）：" + "，".join(
            f"{label}{preview.count(action)}" for action, label in ACTION_LABELS.items()))
        for line in preview.lines:
            changed = f"（{'、'.join(line.changes)}）" if line.changes else ""
            deadline = f"，限{line.deadline:%Y-%m-%d}" if line.deadline else ""
            write(f"  [{line.action_label}] {line.enterprise}：{line.description[:30]}，{line.level_label}{deadline}，"
                  f"{line.state_label}{changed}")
