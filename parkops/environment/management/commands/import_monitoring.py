"""parkops import-monitoring FILE [--park NAME] [--dry-run] [--json]"""

from __future__ import annotations

from django.utils import timezone

from parkops.environment.importers import ACTION_LABELS, MonitoringImporter, MonitoringPreview
from parkops.org.commands import ImportCommand


class Command(ImportCommand):
    help = ("从Excel（.xlsx）或CSV（.csv）导入监测结果（企业名称、排放口、监测因子、监测值、单位、标准限值、监测时间）；"
            "超过标准限值的结果自动生成一条隐患和一项督办任务；按企业、排放口、监测因子和监测时间识别，重复导入不会重复生成。")
    file_help = "监测结果（.xlsx 或 .csv）"
    period_help = None

    def make_importer(self, options, *, period, park):
        return MonitoringImporter(park=park)

    def report(self, preview: MonitoringPreview) -> None:
        write = self.stdout.write
        write(f"文件：{preview.filename}")
        write(f"园区：{preview.park or '?'}")
        write(f"监测结果{len(preview.lines)}条（新增超标{preview.over_count}条）："
              + "，".join(f"{label}{count}" for label, count in preview.counts.items()))
        for line in preview.lines:
            over = "，超标" if line.over_limit else ""
            write(f"  [{ACTION_LABELS[line.action]}] {line.enterprise} {line.outlet} {line.pollutant} "
                  f"{line.value.normalize():f}{line.unit}（限值{line.limit.normalize():f}）"
                  f"{timezone.localtime(line.measured_at):%Y-%m-%d %H:%M}{over}")
