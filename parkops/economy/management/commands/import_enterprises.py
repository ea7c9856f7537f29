"""parkops import-enterprises FILE [--park NAME] [--period YYYY-MM] [--dry-run] [--json]"""

from __future__ import annotations

from parkops.economy.enterprise_import import ACTION_LABELS, EnterpriseImporter, EnterprisePreview
from parkops.org.commands import ImportCommand


class Command(ImportCommand):
    help = "从Excel企业名录导入企业库：按统一社会信用代码匹配，已登记的企业更新有变化的内容，新企业新建。"
    file_help = "企业名录（.xlsx）"
    period_help = "“是否规上”为“是”但未填入规时间的企业按此月份入规 YYYY-MM；默认本年1月"

    def make_importer(self, options, *, period, park):
        return EnterpriseImporter(park=park, default_scale_period=period)

    def report(self, preview: EnterprisePreview) -> None:
        write = self.stdout.write
        write(f"文件：{preview.filename}")
        write(f"园区：{preview.park or '?'}")
        write(f"企业{len(preview.lines)}家：" + "，".join(
            f"{label}{preview.count(action)}" for action, label in ACTION_LABELS.items()))
        for line in preview.lines:
            changed = f"（{'、'.join(line.changes)}）" if line.changes else ""
            write(f"  [{line.action_label}] {line.credit_code} {line.name or line.recorded_name}{changed}")
        for title, names in (("将新建片区", preview.zones_to_create), ("将新建产业链", preview.chains_to_create)):
            if names:
                write(f"{title}{len(names)}个：" + "、".join(
                    f"{n.name}（第{'、'.join(str(r) for r in n.rows)}行）" for n in names))
