"""parkops import-policies FILE [--park NAME] [--dry-run] [--json]"""

from __future__ import annotations

from parkops.org.commands import ImportCommand
from parkops.policies.importers import ACTION_LABELS, PolicyListImporter, PolicyPreview


class Command(ImportCommand):
    help = ("从Excel或Word惠企政策清单导入政策及其条款：每行一个条款，须有“政策名称”“条款”“兑现条件”，"
            "兑现条件如“规上工业企业；营业收入同比增长≥10%”；再次导入时已有的条款不重复。")
    file_help = "惠企政策清单（.xlsx 或 .docx）"
    period_help = None

    def make_importer(self, options, *, period, park):
        return PolicyListImporter(park=park)

    def report(self, preview: PolicyPreview) -> None:
        write = self.stdout.write
        write(f"文件：{preview.filename}")
        write(f"园区：{preview.park or '?'}")
        write(f"政策{preview.policies}项，条款{len(preview.lines)}条：" + "，".join(
            f"{label}{preview.count(action)}" for action, label in ACTION_LABELS.items()))
        for line in preview.lines:
            write(f"  [{line.action_label}] {line.name}（{line.year}年，{line.mode_label}）·{line.title}："
                  f"{line.conditions_text}")
