"""生态环境: the 环保督察反馈问题 with their 销号 flow and 回头看, the enterprises' outlets (排污口) with the
pollutants and limits each is held to, the monitoring results read there, and the 小散乱污 list.

A feedback item is a task of a supervision plan (one per level and batch, made through supervision's
services); the item keeps the 销号 flow, the task the lights and the reports. A reading over its limit
opens a hazard (安全生产) and a supervision task by itself; the reading keeps both, so a second import of
the same file finds them and opens nothing again.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from parkops.environment.choices import (
    Disposal,
    DisposalStatus,
    FeedbackStatus,
    FeedbackStep,
    InspectionLevel,
    OutletKind,
    ReviewResult,
)
from parkops.org.models import Park, Unit


def today():
    return timezone.localdate()


def figure(value) -> str:
    """A limit or a reading as written: 0.5, 500, 6 (no trailing zeros, no exponent)."""
    return "" if value is None else f"{Decimal(str(value)).normalize():f}"


class FeedbackItem(models.Model):
    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="env_feedback")
    level = models.CharField("督察级别", max_length=20, choices=InspectionLevel.choices, default=InspectionLevel.CENTRAL)
    batch = models.CharField("督察批次", max_length=100, blank=True, help_text="如“第三轮中央生态环境保护督察”")
    number = models.CharField("序号", max_length=20, blank=True)
    problem = models.TextField("反馈问题")
    goal = models.TextField("整改目标", blank=True)
    measures = models.TextField("整改措施", blank=True)
    unit = models.ForeignKey(Unit, verbose_name="责任单位", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="env_feedback")
    unit_text = models.CharField("责任单位（原文）", max_length=200, blank=True)
    deadline = models.DateField("整改时限", null=True, blank=True)
    deadline_text = models.CharField("整改时限（原文）", max_length=100, blank=True)
    progress = models.TextField("整改进展", blank=True)
    status = models.CharField("状态", max_length=20, choices=FeedbackStatus.choices, default=FeedbackStatus.RECTIFYING)
    applied_on = models.DateField("申请销号日期", null=True, blank=True)
    accepted_on = models.DateField("验收日期", null=True, blank=True)
    accepted_by = models.CharField("验收人", max_length=100, blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField("回头看重新整改次数", default=0)
    task = models.ForeignKey("supervision.Task", verbose_name="督办任务", on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="+")
    key = models.CharField(max_length=200, editable=False, help_text="反馈问题的匹配键：重复导入时据此识别")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "环保督察反馈问题"
        verbose_name_plural = "环保督察反馈问题"
        ordering = ["level", "pk"]
        constraints = [models.UniqueConstraint(fields=["park", "level", "key"], name="env_feedback_unique_problem")]
        indexes = [models.Index(fields=["park", "status"])]

    def __str__(self) -> str:
        number = f"{self.number}. " if self.number else ""
        return f"{number}{self.problem[:40]}"

    @property
    def is_open(self) -> bool:
        return self.status != FeedbackStatus.CLOSED


class FeedbackRecord(models.Model):
    """One step of an item's 销号 flow, appended, never edited."""

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="records")
    step = models.CharField("步骤", max_length=20, choices=FeedbackStep.choices)
    status = models.CharField("之后状态", max_length=20, choices=FeedbackStatus.choices)
    note = models.TextField("说明", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.PROTECT, null=True,
                           blank=True, related_name="+")
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "销号记录"
        verbose_name_plural = "销号记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.get_step_display()


class Evidence(models.Model):
    """A file proving the rectification (照片、验收报告、整改报告), attached when 销号 is applied for."""

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="environment/evidence/%Y/%m/")
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "销号佐证材料"
        verbose_name_plural = "销号佐证材料"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class Review(models.Model):
    """A 回头看: planned for a day, then done with its result; 问题反弹 reopens a 销号 item."""

    item = models.ForeignKey(FeedbackItem, verbose_name="反馈问题", on_delete=models.CASCADE, related_name="reviews")
    planned_on = models.DateField("计划日期")
    checked_on = models.DateField("检查日期", null=True, blank=True)
    result = models.CharField("结果", max_length=20, choices=ReviewResult.choices, blank=True)
    note = models.TextField("检查情况", blank=True)
    checked_by = models.CharField("检查人", max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "回头看"
        verbose_name_plural = "回头看"
        ordering = ["planned_on", "pk"]

    def __str__(self) -> str:
        return f"回头看（{self.planned_on:%Y-%m-%d}）"


class Outlet(models.Model):
    """An enterprise's 排污口 / 排放口, known by its name or number (DW001, 1#雨水排放口)."""

    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="env_outlets")
    enterprise = models.ForeignKey("economy.Enterprise", verbose_name="企业", on_delete=models.PROTECT,
                                   related_name="env_outlets")
    name = models.CharField("排放口", max_length=100, help_text="名称或编号，如“DW001 废水总排口”")
    kind = models.CharField("类别", max_length=20, choices=OutletKind.choices, default=OutletKind.WASTEWATER)
    location = models.CharField("位置", max_length=200, blank=True)
    key = models.CharField(max_length=100, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "排放口"
        verbose_name_plural = "排放口"
        ordering = ["enterprise__name", "name", "pk"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "key"], name="env_outlet_unique_name")]

    def __str__(self) -> str:
        return f"{self.enterprise.name} · {self.name}"


class PollutantLimit(models.Model):
    """A pollutant (监测因子) an outlet is held to, with its limit (标准限值) and unit; pH has a range."""

    outlet = models.ForeignKey(Outlet, verbose_name="排放口", on_delete=models.CASCADE, related_name="limits")
    pollutant = models.CharField("监测因子", max_length=50)
    unit = models.CharField("单位", max_length=20, blank=True)
    limit_value = models.DecimalField("标准限值", max_digits=14, decimal_places=4)
    lower_limit = models.DecimalField("下限", max_digits=14, decimal_places=4, null=True, blank=True,
                                      help_text="有范围的因子（如pH 6～9）填写下限")
    key = models.CharField(max_length=50, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "污染物限值"
        verbose_name_plural = "污染物限值"
        ordering = ["outlet", "pollutant"]
        constraints = [models.UniqueConstraint(fields=["outlet", "key"], name="env_limit_unique_pollutant")]

    def __str__(self) -> str:
        if self.lower_limit is not None:
            return f"{self.pollutant} {figure(self.lower_limit)}～{figure(self.limit_value)}{self.unit}"
        return f"{self.pollutant} ≤ {figure(self.limit_value)}{self.unit}"


class Reading(models.Model):
    """A monitoring result: one pollutant at one outlet at one time. Known by outlet, pollutant and time,
    so importing the same results again adds nothing."""

    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="env_readings")
    outlet = models.ForeignKey(Outlet, verbose_name="排放口", on_delete=models.PROTECT, related_name="readings")
    pollutant = models.CharField("监测因子", max_length=50)
    pollutant_key = models.CharField(max_length=50, editable=False)
    value = models.DecimalField("监测值", max_digits=14, decimal_places=4)
    unit = models.CharField("单位", max_length=20, blank=True)
    limit_value = models.DecimalField("标准限值", max_digits=14, decimal_places=4, null=True, blank=True)
    lower_limit = models.DecimalField("下限", max_digits=14, decimal_places=4, null=True, blank=True)
    measured_at = models.DateTimeField("监测时间")
    over_limit = models.BooleanField("超标", default=False)
    source = models.CharField("来源文件", max_length=200, blank=True)
    hazard = models.ForeignKey("safety.Hazard", verbose_name="隐患", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    task = models.ForeignKey("supervision.Task", verbose_name="督办任务", on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "监测结果"
        verbose_name_plural = "监测结果"
        ordering = ["-measured_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["outlet", "pollutant_key", "measured_at"],
                                               name="env_reading_unique_time")]
        indexes = [models.Index(fields=["park", "over_limit"]), models.Index(fields=["park", "measured_at"])]

    def __str__(self) -> str:
        return f"{self.outlet} {self.pollutant} {figure(self.value)}{self.unit}"


class SmallPolluter(models.Model):
    """A “小散乱污” enterprise or workshop and what was decided for it, by when, and how far it has come."""

    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="small_polluters")
    name = models.CharField("企业（作坊）名称", max_length=200)
    address = models.CharField("地址", max_length=200, blank=True)
    problem = models.TextField("主要问题", blank=True)
    disposal = models.CharField("处置方式", max_length=20, choices=Disposal.choices)
    deadline = models.DateField("完成时限", null=True, blank=True)
    unit = models.ForeignKey(Unit, verbose_name="责任单位", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="small_polluters")
    progress = models.TextField("整治进展", blank=True)
    status = models.CharField("状态", max_length=20, choices=DisposalStatus.choices, default=DisposalStatus.IN_HAND)
    done_on = models.DateField("完成日期", null=True, blank=True)
    found_on = models.DateField("排查日期", default=today)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "小散乱污企业"
        verbose_name_plural = "小散乱污企业"
        ordering = ["status", "deadline", "pk"]

    def __str__(self) -> str:
        return self.name
