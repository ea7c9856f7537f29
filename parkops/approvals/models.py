"""审批代办: the park's devolved powers (赋权清单) and the approval cases handled under them.

A power (赋权事项) is a county department's approval devolved to the park, exercised in one of four
modes; each change of mode is kept with its day and reason (ModeChange), as the seeds' 11 new powers
move from 协同办 to 独立办. A case (审批案件) is one enterprise's application for a power or a project
step, carried by a 代办员 and handled by several departments: steps of the same `position` run side by
side (并联), a higher position starts when every step before it is done (串联). Each step keeps its own
clock in Chinese working days (rules.py); a 补正 (Pause) stops it with the reason.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from parkops.approvals.choices import CaseStatus, EventKind, Mode, StepStatus
from parkops.core.models import VersionedModel
from parkops.org.models import Park, Unit


class Power(VersionedModel):
    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="approval_powers")
    number = models.PositiveIntegerField("序号", null=True, blank=True)
    name = models.CharField("事项名称", max_length=200)
    legal_basis = models.TextField("实施依据", blank=True)
    source_unit = models.ForeignKey(Unit, verbose_name="原实施部门", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="devolved_powers")
    mode = models.CharField("办理方式", max_length=20, choices=Mode.choices, default=Mode.JOINT)
    statutory_days = models.PositiveSmallIntegerField("法定时限（工作日）", null=True, blank=True)
    promised_days = models.PositiveSmallIntegerField("承诺时限（工作日）", null=True, blank=True)
    materials = models.TextField("申请材料", blank=True, help_text="一行一项")
    note = models.CharField("备注", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "赋权事项"
        verbose_name_plural = "赋权清单"
        ordering = ["number", "pk"]
        constraints = [models.UniqueConstraint(fields=["park", "name"], name="approvals_power_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def limit_days(self) -> int | None:
        """The limit a case is held to: the promise when there is one, else the statutory limit."""
        return self.promised_days or self.statutory_days

    @property
    def material_lines(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]


class ModeChange(models.Model):
    """One change of a power's mode: the first is the mode it was devolved in (from_mode blank)."""

    power = models.ForeignKey(Power, on_delete=models.CASCADE, related_name="mode_changes")
    on = models.DateField("调整日期")
    from_mode = models.CharField("原办理方式", max_length=20, choices=Mode.choices, blank=True)
    to_mode = models.CharField("新办理方式", max_length=20, choices=Mode.choices)
    reason = models.CharField("调整理由", max_length=300, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "办理方式调整"
        verbose_name_plural = "办理方式调整"
        ordering = ["on", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.power}：{self.get_to_mode_display()}（{self.on}）"


class ApprovalCase(VersionedModel):
    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="approval_cases")
    power = models.ForeignKey(Power, verbose_name="赋权事项", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="cases")
    title = models.CharField("申请事项", max_length=200, help_text="事项或项目环节，如“二期厂房建设工程规划许可”")
    enterprise = models.ForeignKey("economy.Enterprise", verbose_name="申请企业", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="approval_cases")
    enterprise_name = models.CharField("企业名称", max_length=200)
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="代办员", on_delete=models.PROTECT, null=True,
                              blank=True, related_name="carried_approval_cases")
    filed_on = models.DateField("受理日期", default=timezone.localdate)
    limit_days = models.PositiveSmallIntegerField("承诺时限（工作日）", null=True, blank=True,
                                                  help_text="受理时按事项的承诺时限（无则法定时限）记下")
    status = models.CharField("状态", max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    document_name = models.CharField("出具文书", max_length=200, blank=True)
    document_number = models.CharField("文书编号", max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "审批案件"
        verbose_name_plural = "审批案件"
        ordering = ["-filed_on", "-pk"]
        indexes = [models.Index(fields=["park", "status"]), models.Index(fields=["park", "filed_on"])]

    def __str__(self) -> str:
        return f"{self.enterprise_label}：{self.title}"

    @property
    def enterprise_label(self) -> str:
        return self.enterprise.name if self.enterprise_id and self.enterprise else self.enterprise_name

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN


class Step(models.Model):
    case = models.ForeignKey(ApprovalCase, on_delete=models.CASCADE, related_name="steps")
    unit = models.ForeignKey(Unit, verbose_name="办理部门", on_delete=models.PROTECT, related_name="approval_steps")
    name = models.CharField("环节", max_length=100)
    position = models.PositiveSmallIntegerField("顺序", default=1, help_text="顺序相同的环节并联办理")
    limit_days = models.PositiveSmallIntegerField("时限（工作日）")
    status = models.CharField("状态", max_length=20, choices=StepStatus.choices, default=StepStatus.WAITING)
    started_on = models.DateField("启动日期", null=True, blank=True)
    done_on = models.DateField("办结日期", null=True, blank=True)
    result = models.TextField("办理意见", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "办理环节"
        verbose_name_plural = "办理环节"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.unit}·{self.name}"


class Pause(models.Model):
    """补正: the step's clock stands from the day after `started_on` (the day materials were asked for
    still counts) through `ended_on`, the day they came in; it runs again from the next working day."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="pauses")
    started_on = models.DateField("补正日期")
    reason = models.CharField("补正事由", max_length=300)
    ended_on = models.DateField("补齐日期", null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")

    class Meta:
        verbose_name = "补正"
        verbose_name_plural = "补正"
        ordering = ["started_on", "pk"]

    def __str__(self) -> str:
        return f"补正：{self.reason}"


class CaseEvent(models.Model):
    """One step of a case's handling, shown as its timeline (the audit log has the same)."""

    case = models.ForeignKey(ApprovalCase, on_delete=models.CASCADE, related_name="events")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    kind = models.CharField("环节", max_length=20, choices=EventKind.choices)
    on = models.DateField("日期")
    text = models.TextField("内容", blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.on}）"
