"""parkops import-land FILE [--park NAME] [--dry-run] [--json]"""

from __future__ import annotations

from parkops.core.formatting import plain_number
from parkops.land.importers import ACTION_LABELS, LandLedgerImporter, LandPreview
from parkops.org.commands import ImportCommand


class Command(ImportCommand):
    help = ("从Excel或Word低效闲置工业用地处置台账（闲置土地清理台账）导入宗地及其处置台账；面积按亩或平方米均可；"
            "再次导入时按宗地编号（或原用地单位与宗地位置）更新，不重复。")
    file_help = "低效闲置工业用地处置台账（.xlsx 或 .docx）"
    period_help = None

    def make_importer(self, options, *, period, park):
        return LandLedgerImporter(park=park)

    def report(self, preview: LandPreview) -> None:
        write = self.stdout.write
        write(f"文件：{preview.filename}")
        write(f"园区：{preview.park or '?'}")
        write(f"宗地{len(preview.lines)}宗，面积{plain_number(preview.total_mu)}亩：" + "，".join(
            f"{label}{preview.count(action)}" for action, label in ACTION_LABELS.items()))
        for line in preview.lines:
            changed = f"（{'、'.join(line.changes)}）" if line.changes else ""
            area = "—" if line.area_mu is None else f"{plain_number(line.area_mu)}亩"
            write(f"  [{line.action_label}] {line.holder or '—'}（{line.location}）：{area}，"
                  f"{line.kind_label or '未填类型'}，{line.method or '未定处置方式'}{changed}")
