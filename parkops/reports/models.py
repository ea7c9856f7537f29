from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from parkops.org.models import Park


class ReportTemplate(models.Model):
    """One version of a report type's Word template. The active version is the one reports are drawn up
    with; older versions stay, to be downloaded or put back in use."""

    report_type = models.CharField("报告类型", max_length=40, db_index=True)
    version = models.PositiveIntegerField("版本")
    content = models.BinaryField("模板文件")
    filename = models.CharField("文件名", max_length=200)
    note = models.CharField("修改说明", max_length=300, blank=True)
    is_builtin = models.BooleanField("系统内置", default=False)
    is_active = models.BooleanField("在用", default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    # The file itself is kept once, in the row; history records who changed what and when.
    history = HistoricalRecords(excluded_fields=["content"])

    class Meta:
        verbose_name = "报告模板"
        verbose_name_plural = "报告模板"
        ordering = ["report_type", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["report_type", "version"], name="report_template_unique_version"),
            models.UniqueConstraint(fields=["report_type"], condition=models.Q(is_active=True),
                                    name="report_template_one_active"),
        ]

    def __str__(self) -> str:
        return f"{self.report_type} 第{self.version}版"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class GeneratedReport(models.Model):
    """A report drawn up once and kept, to be downloaded again exactly as it was."""

    report_type = models.CharField("报告类型", max_length=40, db_index=True)
    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.CASCADE, related_name="reports")
    title = models.CharField("标题", max_length=200)
    period = models.DateField("期间")
    day = models.DateField("日期", null=True, blank=True)
    plan = models.ForeignKey("supervision.Plan", verbose_name="督办计划", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    template = models.ForeignKey(ReportTemplate, verbose_name="模板", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="reports")
    status = models.CharField("状态", max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField("进度", default=0)
    stage = models.CharField("当前步骤", max_length=100, blank=True)
    error = models.TextField("错误", blank=True)
    docx = models.BinaryField("Word文件", null=True, blank=True)
    xlsx = models.BinaryField("Excel文件", null=True, blank=True)
    pdf = models.BinaryField("PDF文件", null=True, blank=True)
    pdf_note = models.CharField("PDF说明", max_length=300, blank=True)
    figure_count = models.PositiveIntegerField("引用数字", default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="生成人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField("请求时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    # Moved on at each step: a report "running" with no step for long had its worker die under it.
    progressed_at = models.DateTimeField("最近进展时间", null=True, blank=True)

    class Meta:
        verbose_name = "已生成报告"
        verbose_name_plural = "已生成报告"
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["park", "report_type", "-requested_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:report_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in {ReportStatus.DONE, ReportStatus.FAILED}
