"""安全生产: inspections (安全检查) and the hazards (隐患) they find, each carried round the closed loop
登记 → 下达整改 → 整改中 → 已整改待复查 → 复查通过（关闭）, a failed recheck sending it back to 整改中.

An inspection looks at an enterprise of the registry (economy's own record, by foreign key) or at a
九小场所 known by its name and address. A hazard keeps the enterprise's name as written too, so that a
ledger's 企业名称 not (yet) in the registry is held. Every step of the loop is a HazardStep row (who,
when, what), besides the model history and the audit log the services write.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from parkops.org.models import Park, Unit
from parkops.safety.choices import (
    Escalation,
    Level,
    MajorCategory,
    PhotoStage,
    PlaceKind,
    Status,
    Step,
    TraineeRole,
    TrainingKind,
)


def today():
    """The default day of a record: looked up at the time, as the rest of the module does."""
    return timezone.localdate()


class Inspection(models.Model):
    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="safety_inspections")
    plan = models.CharField("检查计划", max_length=100, blank=True,
                            help_text="如“2026年安全生产大排查大整治”“节前安全检查”")
    inspected_on = models.DateField("检查日期", default=today)
    inspectors = models.CharField("检查人员", max_length=200, blank=True, help_text="多人以顿号分隔")
    unit = models.ForeignKey(Unit, verbose_name="检查单位", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="safety_inspections")
    place_kind = models.CharField("检查对象", max_length=20, choices=PlaceKind.choices, default=PlaceKind.ENTERPRISE)
    enterprise = models.ForeignKey("economy.Enterprise", verbose_name="企业库企业", on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="safety_inspections")
    place_name = models.CharField("企业或场所名称", max_length=200)
    place_address = models.CharField("地址", max_length=200, blank=True)
    checklist = models.TextField("检查内容", blank=True, help_text="每行一项，如“消防通道是否畅通”")
    note = models.TextField("检查情况", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "安全检查"
        verbose_name_plural = "安全检查"
        ordering = ["-inspected_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.place_name}（{self.inspected_on:%Y-%m-%d}）"

    @property
    def checklist_items(self) -> list[str]:
        return [line.strip() for line in self.checklist.splitlines() if line.strip()]


class Hazard(models.Model):
    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="hazards")
    inspection = models.ForeignKey(Inspection, verbose_name="安全检查", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="hazards")
    enterprise = models.ForeignKey("economy.Enterprise", verbose_name="企业库企业", on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="hazards")
    enterprise_name = models.CharField("企业名称", max_length=200)
    place = models.CharField("隐患部位", max_length=200, blank=True)
    description = models.TextField("隐患描述")
    level = models.CharField("隐患等级", max_length=20, choices=Level.choices, default=Level.GENERAL)
    major_category = models.CharField("重大隐患判定类别", max_length=30, choices=MajorCategory.choices, blank=True,
                                      help_text="重大隐患须按《工贸企业重大事故隐患判定标准》选择类别")
    measures = models.TextField("整改措施", blank=True)
    deadline = models.DateField("整改时限", null=True, blank=True)
    responsible_person = models.CharField("整改责任人", max_length=50, blank=True)
    responsible_unit = models.ForeignKey(Unit, verbose_name="监管责任单位", on_delete=models.PROTECT, null=True,
                                         blank=True, related_name="hazards")
    found_on = models.DateField("发现日期", default=today)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.REGISTERED)
    notice_number = models.CharField("整改通知书文号", max_length=50, blank=True)
    issued_on = models.DateField("下达整改日期", null=True, blank=True)
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    rectification = models.TextField("整改情况", blank=True)
    rechecked_by = models.CharField("复查人", max_length=100, blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    listed_on = models.DateField("挂牌督办日期", null=True, blank=True)
    escalation = models.PositiveSmallIntegerField("升级", choices=Escalation.choices, default=Escalation.NONE)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "隐患"
        verbose_name_plural = "隐患"
        ordering = ["-found_on", "-pk"]
        indexes = [models.Index(fields=["park", "status"]), models.Index(fields=["park", "found_on"])]

    def __str__(self) -> str:
        return f"{self.enterprise_name}：{self.description[:30]}"

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED

    @property
    def is_major(self) -> bool:
        return self.level == Level.MAJOR


class HazardStep(models.Model):
    """One step of a hazard's loop, appended, never edited: what was done, by whom, when, with a note."""

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField("步骤", max_length=20, choices=Step.choices)
    status = models.CharField("之后状态", max_length=20, choices=Status.choices)
    note = models.TextField("说明", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.PROTECT, null=True,
                           blank=True, related_name="+")
    by_name = models.CharField("经办人", max_length=100, blank=True)
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "隐患处理记录"
        verbose_name_plural = "隐患处理记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.get_step_display()


class HazardPhoto(models.Model):
    """A photo before or after rectification, resized and stripped of its EXIF on upload (core.photos)."""

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="photos")
    stage = models.CharField("照片类别", max_length=10, choices=PhotoStage.choices)
    image = models.FileField(upload_to="safety/photos/%Y/%m/")
    original_name = models.CharField(max_length=255)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "隐患照片"
        verbose_name_plural = "隐患照片"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class TrainingSession(models.Model):
    """A training session (第N轮) with its test: who attended, from which enterprise, and their score."""

    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="safety_trainings")
    title = models.CharField("培训名称", max_length=100)
    kind = models.CharField("培训类别", max_length=20, choices=TrainingKind.choices, default=TrainingKind.NEW_ENTRANT)
    round_number = models.PositiveSmallIntegerField("轮次", null=True, blank=True, help_text="第几轮培训")
    held_on = models.DateField("培训日期", default=today)
    place = models.CharField("培训地点", max_length=100, blank=True)
    trainer = models.CharField("授课人", max_length=100, blank=True)
    pass_mark = models.DecimalField("合格分数线", max_digits=5, decimal_places=1, default=60)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "安全培训"
        verbose_name_plural = "安全培训"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title}（{self.held_on:%Y-%m-%d}）"


class Attendance(models.Model):
    session = models.ForeignKey(TrainingSession, verbose_name="培训", on_delete=models.CASCADE, related_name="attendances")
    enterprise = models.ForeignKey("economy.Enterprise", verbose_name="企业库企业", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="safety_trainings")
    enterprise_name = models.CharField("企业名称", max_length=200)
    person_name = models.CharField("姓名", max_length=50)
    role = models.CharField("身份", max_length=20, choices=TraineeRole.choices, default=TraineeRole.LEGAL_PERSON)
    score = models.DecimalField("考试成绩", max_digits=5, decimal_places=1, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "参训人员"
        verbose_name_plural = "参训人员"
        ordering = ["session", "enterprise_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "enterprise_name", "person_name"],
                                               name="attendance_unique_person")]

    def __str__(self) -> str:
        return f"{self.person_name}（{self.enterprise_name}）"


class SafetyRules(models.Model):
    """A park's own settings of 安全生产: whether an enterprise's legal person must have passed the safety
    training's test before its project may be marked 投产 (the seeds: 在项目入园前，开展企业法人安全培训并考试)."""

    park = models.OneToOneField(Park, verbose_name="园区", on_delete=models.CASCADE, related_name="safety_rules")
    training_before_production = models.BooleanField(
        "投产前法定代表人须通过安全培训", default=False,
        help_text="开启后，重点项目或招商项目的企业，其法定代表人须在安全培训考试中合格，才能登记为“投产”")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "安全生产设置"
        verbose_name_plural = "安全生产设置"

    def __str__(self) -> str:
        return f"{self.park}安全生产设置"
