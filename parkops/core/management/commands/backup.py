from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from parkops.core.backup import BackupError, create_backup, operator_name


class Command(BaseCommand):
    help = ("备份整个系统：数据库（SQLite 在线备份或 pg_dump）和全部上传文件（附件、现场照片、保留的导入文件），"
            "打包为一个 .tar.gz，内含清单（每个文件的 SHA-256 和大小）。网站运行时也可备份。")

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="备份文件，默认 parkops-backup-年月日-时分秒.tar.gz（当前目录）")

    def handle(self, *args, **options):
        output = Path(options["output"] or f"parkops-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz")
        try:
            result = create_backup(output, username=operator_name())
        except BackupError as error:
            raise CommandError(str(error)) from None
        media_count = len(result.manifest["members"]) - 1
        self.stdout.write(self.style.SUCCESS(
            f"已备份到 {result.path}：数据库（{result.manifest['database']['engine']}）和上传文件 {media_count} 个，"
            f"共 {result.size} 字节。"))
        # Kept apart from the archive (a register, another medium), the digest shows later that this very
        # file is the one restored: the manifest inside can only show the archive is whole.
        self.stdout.write(f"备份文件 SHA-256：{result.sha256}（请另行记录，恢复前可核对）")
