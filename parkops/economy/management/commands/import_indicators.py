"""parkops import-indicators FILE --period YYYY-MM [--create-missing] [--scale-sheet] [--map "表头=指标"]
[--park NAME] [--dry-run] [--json]"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from parkops.core.periods import cumulative_label, period_label
from parkops.economy.header_mappings import parse_map
from parkops.economy.importers import IndicatorImporter
from parkops.economy.indicator_preview import READING, IndicatorPreview
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
        parser.add_argument("--scale-sheet", action="store_true", default=None,
                            help="本表是统计局的规上企业表：表中企业即该月的规上企业（入规、退规随之登记）；"
                                 "标题含“规模以上”时不加也按规上表处理")
        parser.add_argument("--map", action="append", default=[], metavar="表头=指标",
                            help="把未识别的表头对应到指标，如 --map \"税收合计=税收\"；可多次使用，导入后本园区记住此对应")

    def make_importer(self, options, *, period, park):
        if period is None:
            raise CommandError("请用 --period 指定报表的月份，例如 --period 2025-10（1-10月累计）。")
        try:
            mappings = parse_map(options["map"])
        except ValidationError as error:
            raise CommandError(error.messages[0]) from None
        return IndicatorImporter(park=park, period=period, create_missing=options["create_missing"],
                                 scale_sheet=options["scale_sheet"], mappings=mappings, progress=self.progress)

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
        write("表头：")
        for column in preview.columns:
            write(f"  {column.header} → {column.name}（{column.how_label}；{column.conversion}）")
        for column in preview.ignored:
            hint = f"；可用 --map \"{column['key']}=指标\" 对应" if column.get("unmatched") else ""
            write(f"  未导入：{column['header']}（{column['reason']}{hint}）")
        write(f"企业数据行{counts['rows']}：已有企业{counts['matched']}，表中新企业{counts['new']}")
        write(f"指标数据：新增{counts['values_create']}，更新{counts['values_update']}，不变{counts['values_unchanged']}")
        if preview.new_enterprises:
            action = "将登记" if preview.create_missing else "不在企业名录中"
            write(f"表中新企业{len(preview.new_enterprises)}家（{action}）：")
            for new in preview.new_enterprises:
                write(f"  第{new.row}行 {new.credit_code} {new.name}")
        if preview.scale is not None:
            self.report_scale(preview)

    def report_scale(self, preview: IndicatorPreview) -> None:
        write, scale = self.stdout.write, preview.scale
        after = f"，上一份规上表为{period_label(scale.previous)}" if scale.previous else "，此前没有导入过规上表"
        write(f"规上企业名单（{preview.scale_reason}{after}）：入规{len(scale.entering)}家，退规{len(scale.leaving)}家")
        for what, entries in (("入规", scale.entering), ("退规", scale.leaving)):
            for entry in entries:
                write(f"  {what} {entry['credit_code']} {entry['name']}")
        for conflict in scale.conflicts:
            write(f"  不一致 {conflict['credit_code']} {conflict['name']}：{conflict['message']}")
