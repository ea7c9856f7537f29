"""parkops import-indicators FILE --period YYYY-MM [--create-missing] [--park NAME] [--dry-run] [--json]"""

from __future__ import annotations

from django.core.management.base import CommandError

from parkops.core.periods import cumulative_label, period_label
from parkops.economy.importers import READING, IndicatorImporter, IndicatorPreview
from parkops.org.commands import ImportCommand

# A line on stderr every this many rows: a province's sheet shows it is moving, a park's stays quiet.
REPORT_EVERY = 5000


class Command(ImportCommand):
    help = ("从统计局月度报表（Excel）导入各企业本年累计的经济指标；再次导入时更新改变的数据，已关账月份标记为关账后修订。"
            "有任何错误时不写入任何数据。")
    file_help = "统计局月度报表（.xlsx）"
    period_help = "报表的月份 YYYY-MM（表中为1月至该月的累计数）"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--create-missing", action="store_true",
                            help="登记企业名录中没有的企业（按表中的统一社会信用代码和名称）；不加时列出这些企业，不导入")

    def make_importer(self, options, *, period, park):
        if period is None:
            raise CommandError("请用 --period 指定报表的月份，例如 --period 2025-10（1-10月累计）。")
        return IndicatorImporter(park=park, period=period, create_missing=options["create_missing"],
                                 progress=self.progress)

    def progress(self, phase: str, done: int, total: int) -> None:
        if done and (done == total or done % REPORT_EVERY == 0):
            what = "已读取" if phase == READING else "已写入"
            unit = "行" if phase == READING else "条数据"
            self.stderr.write(f"{what} {done}/{total} {unit}")

    def report(self, preview: IndicatorPreview) -> None:
        write = self.stdout.write
        counts = preview.counts
        write(f"文件：{preview.filename}（{preview.sheet}，表头在第{preview.header_row}行）")
        if preview.title:
            write(f"标题：{preview.title}")
        write(f"园区：{preview.park or '?'}，月份：{period_label(preview.period)}（{cumulative_label(preview.period)}累计）"
              + ("，该月已关账" if preview.is_closed else ""))
        for column in preview.columns:
            write(f"  {column.header} → {column.name}（{column.conversion}）")
        for column in preview.ignored:
            write(f"  未导入：{column['header']}（{column['reason']}）")
        write(f"企业数据行{counts['rows']}：已有企业{counts['matched']}，表中新企业{counts['new']}")
        write(f"指标数据：新增{counts['values_create']}，更新{counts['values_update']}，不变{counts['values_unchanged']}")
        if preview.new_enterprises:
            action = "将登记" if preview.create_missing else "不在企业名录中"
            write(f"表中新企业{len(preview.new_enterprises)}家（{action}）：")
            for new in preview.new_enterprises:
                write(f"  第{new.row}行 {new.credit_code} {new.name}")
