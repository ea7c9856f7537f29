"""`parkops gen-scale --parks 100 --enterprises 30000 --years 10 [--seed N]`: a province's synthetic data."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from parkops.site.scale import ScaleExists, generate


def _month(text: str) -> date:
    year, month = text.split("-")
    return date(int(year), int(month), 1)


class Command(BaseCommand):
    help = "生成规模测试数据（园区、企业、月度指标、督办任务、重点项目），同一种子生成相同数据，并打印各表耗时。"

    def add_arguments(self, parser):
        parser.add_argument("--parks", type=int, default=1, help="园区数")
        parser.add_argument("--enterprises", type=int, default=1000, help="企业总数（平均分到各园区）")
        parser.add_argument("--years", type=int, default=1, help="月度指标的年数（至上月）")
        parser.add_argument("--seed", type=int, default=1, help="随机种子")
        parser.add_argument("--tasks", type=int, default=None, help="督办任务总数（默认为企业数的六分之一）")
        parser.add_argument("--projects", type=int, default=None, help="重点项目总数（默认为企业数的十五分之一）")
        parser.add_argument("--until", type=_month, default=None, help="最后一个月（YYYY-MM，默认上月）")

    def handle(self, *args, **options):
        if options["parks"] < 1 or options["enterprises"] < 0 or options["years"] < 1:
            raise CommandError("园区数、年数至少为1，企业数不能为负。")
        try:
            timings = generate(parks=options["parks"], enterprises=options["enterprises"], years=options["years"],
                               seed=options["seed"], tasks=options["tasks"], projects=options["projects"],
                               until=options["until"], log=self.stdout.write)
        except ScaleExists as error:
            raise CommandError(str(error)) from None
        total = sum(timings.seconds.values())
        self.stdout.write(self.style.SUCCESS(f"已生成{sum(timings.rows.values())}行，用时{total:.1f}秒。"))
