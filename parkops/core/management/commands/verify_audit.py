from django.core.management.base import BaseCommand, CommandError

from parkops.core import auditchain


class Command(BaseCommand):
    help = ("校验审计日志的哈希链：逐条核对每条日志的哈希及其与上一条的衔接，"
            "发现被修改、删除或插入的日志时指出第一处（ID、时间、问题）并以非零状态退出。")

    def handle(self, *args, **options):
        result = auditchain.verify()
        if result.broken is not None:
            raise CommandError(f"审计日志已被篡改。已核对 {result.checked} 条完好的日志；"
                               f"{result.broken.describe()}。请保留现场并报告安全管理员。")
        # The head's hash, written down by the auditor now and then, also shows a chain rewritten whole.
        self.stdout.write(self.style.SUCCESS(
            f"审计日志完好：共核对 {result.checked} 条，最后一条 ID {result.last_id or '无'}，"
            f"哈希 {result.last_hash or '无'}。"))
