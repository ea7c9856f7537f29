from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from parkops.core.backup import BackupError, describe, operator_name, restore_backup, staged


class Command(BaseCommand):
    help = ("从 parkops backup 生成的备份恢复数据库和上传文件。先完整校验备份（每个文件的校验值、清单、数据库类型、"
            "数据库迁移），校验不通过则不做任何改动；恢复前要求确认（--yes 跳过）。")

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件（.tar.gz）")
        parser.add_argument("--yes", action="store_true", help="不再询问，直接恢复")
        parser.add_argument("--check", action="store_true", help="只校验备份，不恢复")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            with staged(path) as verified:
                self.stdout.write(f"备份校验通过：{describe(verified)}。")
                if options["check"]:
                    return
                if not options["yes"] and not self.confirmed():
                    raise CommandError("未确认，已取消恢复，未做任何改动。")
                restore_backup(verified, username=operator_name())
                self.stdout.write(self.style.SUCCESS("已恢复数据库和上传文件。请重新启动网站和后台任务（worker）。"))
                for note in verified.notes:
                    self.stdout.write(self.style.WARNING(note))
        except BackupError as error:
            raise CommandError(str(error)) from None

    def confirmed(self) -> bool:
        target = connection.settings_dict["NAME"]
        self.stdout.write(self.style.WARNING(
            f"恢复将用备份覆盖当前数据库（{target}）和上传文件目录（{settings.MEDIA_ROOT}），"
            "当前的数据将被替换且不可撤销。"))
        try:
            answer = input("确认恢复请输入 yes：")
        except EOFError:
            return False
        return answer.strip().lower() == "yes"
