"""parkops import-requests FILE [--park NAME] [--dry-run] [--json]"""

from __future__ import annotations

from parkops.org.commands import ImportCommand
from parkops.services.importers import ACTION_LABELS, RequestLedgerImporter, RequestPreview


class Command(ImportCommand):
    help = ("从Excel或Word企业诉求台账（政企直通车台账）导入企业诉求：只需“企业名称”“诉求内容”两列，其余（类别、提出时间、"
            "承办单位、办理时限、办理结果、办结时间、满意度）有则导入；再次导入时已有的诉求不重复。")
    file_help = "企业诉求台账（.xlsx 或 .docx）"
    period_help = None

    def make_importer(self, options, *, period, park):
        return RequestLedgerImporter(park=park)

    def report(self, preview: RequestPreview) -> None:
        write = self.stdout.write
        write(f"文件：{preview.filename}")
        write(f"园区：{preview.park or '?'}")
        write(f"诉求{len(preview.lines)}件：" + "，".join(
            f"{label}{preview.count(action)}" for action, label in ACTION_LABELS.items()))
        for line in preview.lines:
            done = f"，{line.resolved_on:%Y-%m-%d}办结" if line.resolved_on else ""
            rated = f"，{line.rating_label}" if line.rating else ""
            write(f"  [{line.action_label}] {line.enterprise}：{line.content[:30]}（{line.category_label}，"
                  f"{line.unit or '未分派'}{done}{rated}）")
