from django.db import models
from simple_history.models import HistoricalRecords

from parkops.jobs.choices import ScheduledReportType


class ReportSubscription(models.Model):
    """A channel (an e-mail list, a WeCom / DingTalk / Feishu group) that receives a scheduled report.
    Supervisors and leaders get every scheduled report in the app besides; this says who else does."""

    report_type = models.CharField("报告", max_length=40, choices=ScheduledReportType.choices)
    channel = models.ForeignKey("notices.Channel", verbose_name="推送渠道", on_delete=models.CASCADE,
                                related_name="report_subscriptions")
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "定时推送订阅"
        verbose_name_plural = "定时推送订阅"
        ordering = ["report_type", "pk"]
        constraints = [models.UniqueConstraint(fields=["report_type", "channel"], name="subscription_unique",
                                               violation_error_message="该渠道已订阅这份报告。")]

    def __str__(self) -> str:
        return f"{self.get_report_type_display()} → {self.channel}"
