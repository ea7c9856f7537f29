from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from parkops.core import auditchain


class Command(BaseCommand):
    help = ("清理保存期已满的审计日志：只删除早于 AUDIT_RETENTION_DAYS（不少于180天，网络安全法第二十一条）的日志，"
            "并留下锚点哈希，清理后哈希链仍可校验；清理本身记入审计日志。")

    def handle(self, *args, **options):
        try:
            purge = auditchain.purge_expired()
        except ImproperlyConfigured as refusal:
            raise CommandError(f"{refusal} 未删除任何日志。") from refusal
        cutoff = timezone.localtime(purge.cutoff)
        if not purge.removed:
            self.stdout.write(f"没有早于 {cutoff:%Y-%m-%d %H:%M} 的审计日志，未删除任何日志。")
            return
        self.stdout.write(self.style.SUCCESS(
            f"已删除早于 {cutoff:%Y-%m-%d %H:%M} 的审计日志 {purge.removed} 条，新的锚点为 ID {purge.anchor_id}。"))
