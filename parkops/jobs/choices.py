from django.db import models


class ScheduledReportType(models.TextChoices):
    """The report types the worker draws up and sends on its own (codes of parkops.reports)."""

    SUPERVISION_BULLETIN = "supervision_bulletin", "督办通报（每周一 8:30）"
    ECONOMIC_BRIEF = "economic_brief", "经济运行简报（每月关账后的 9:00）"
