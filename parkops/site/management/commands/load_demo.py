from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from parkops.core.offerings import DemoPark, declared


class Command(BaseCommand):
    help = "建立演示园区（单位、领导、各角色用户、督办任务及历次进展、重点项目、企业及近三年月度经济数据）；已存在的数据不重复建立。"

    def add_arguments(self, parser):
        parser.add_argument("--skip", action="append", default=[], metavar="APP",
                            help="不建立该模块的演示数据（如 economy，可重复）")

    def handle(self, *args, **options):
        steps = sorted(((config.label, step) for config, step in declared("DEMO")), key=lambda s: s[1].order)
        unknown = set(options["skip"]) - {label for label, _step in steps}
        if unknown:
            raise CommandError(f"没有这些模块的演示数据：{'、'.join(sorted(unknown))}。"
                               f"可选：{'、'.join(label for label, _step in steps)}")
        demo = DemoPark(today=timezone.localdate())
        with transaction.atomic():
            for label, step in steps:
                if label not in options["skip"]:
                    step.build(demo)
        self.stdout.write(self.style.SUCCESS(f"演示园区已就绪：{demo.park.name}"))
        for line in demo.notes:
            self.stdout.write(line)
