"""重点项目调度: projects, their stages, milestones, monthly progress, problems, chases and dispatch meetings.

Money is in 万元 (Decimal) as everywhere in ParkOps; pages print it in 亿元.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from parkops.core.models import SoftDeleteManager, SoftDeleteModel, VersionedModel
from parkops.org.models import Park, Person, Unit, Zone
from parkops.projects.choices import (
    Escalation,
    ProblemCategory,
    ProblemSource,
    ProblemStatus,
    ProjectKind,
    ProjectLevel,
    Stage,
)

MONEY = {"max_digits": 14, "decimal_places": 2}


class Project(SoftDeleteModel, VersionedModel):
    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="projects")
    name = models.CharField("项目名称", max_length=200)
    enterprise_name = models.CharField("建设企业", max_length=200, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True,
                                   help_text="企业库建立后据此关联企业档案")
    industry_chain = models.CharField("产业链", max_length=50, blank=True)
    kind = models.CharField("项目类别", max_length=20, choices=ProjectKind.choices, default=ProjectKind.INDUSTRIAL)
    level = models.CharField("项目级别", max_length=20, choices=ProjectLevel.choices, default=ProjectLevel.COUNTY)
    zone = models.ForeignKey(Zone, verbose_name="片区", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="projects")
    land_mu = models.DecimalField("用地（亩）", max_digits=10, decimal_places=2, null=True, blank=True)
    total_investment = models.DecimalField("总投资（万元）", **MONEY)
    invested_before = models.DecimalField("录入前已完成投资（万元）", **MONEY, default=0,
                                          help_text="纳入系统前开工以来累计完成的投资")
    expected_revenue = models.DecimalField("达产后年营业收入（万元）", **MONEY, null=True, blank=True)
    expected_tax = models.DecimalField("达产后年税收（万元）", **MONEY, null=True, blank=True)
    planned_start = models.DateField("计划开工", null=True, blank=True)
    planned_completion = models.DateField("计划竣工", null=True, blank=True)
    leader = models.ForeignKey(Person, verbose_name="挂点领导", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="led_projects")
    liaison = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="驻企联络员", on_delete=models.PROTECT,
                                null=True, blank=True, related_name="liaison_projects")
    responsible_unit = models.ForeignKey(Unit, verbose_name="责任单位", on_delete=models.PROTECT, null=True,
                                         blank=True, related_name="projects")
    # The latest StageEvent's stage, kept here so lists can filter on it; StageEvent is the record.
    stage = models.CharField("当前阶段", max_length=30, choices=Stage.choices, default=Stage.NEGOTIATING,
                             editable=False)
    is_active = models.BooleanField("在调度中", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "重点项目"
        verbose_name_plural = "重点项目"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["park", "name"], name="project_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def stage_rank(self) -> int:
        """Where the project is in its life (洽谈 0 … 投产 8): sorting by it follows the life, not the alphabet."""
        return Stage.rank(self.stage)


class ProjectYearPlan(models.Model):
    """The investment planned for a project in one year (年度计划投资)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="year_plans")
    year = models.PositiveSmallIntegerField("年度")
    planned_investment = models.DecimalField("年度计划投资（万元）", **MONEY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "年度投资计划"
        verbose_name_plural = "年度投资计划"
        ordering = ["project", "year"]
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="year_plan_unique")]

    def __str__(self) -> str:
        return f"{self.project} {self.year}年计划"


class StageEvent(models.Model):
    """A dated step of the project's life. Stage changes are added, never overwritten."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_events")
    stage = models.CharField("阶段", max_length=30, choices=Stage.choices)
    on = models.DateField("日期")
    note = models.CharField("说明", max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "阶段变更"
        verbose_name_plural = "阶段变更"
        ordering = ["project", "on", "recorded_at"]

    def __str__(self) -> str:
        return f"{self.project} {self.on:%Y-%m-%d} {self.get_stage_display()}"


class MilestoneTemplate(models.Model):
    """The nodes every project of a kind goes through (立项备案, 环评, … 投产), in order."""

    kind = models.CharField("项目类别", max_length=20, choices=ProjectKind.choices)
    name = models.CharField("节点", max_length=50)
    position = models.PositiveSmallIntegerField("顺序")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "节点模板"
        verbose_name_plural = "节点模板"
        ordering = ["kind", "position"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="milestone_template_unique")]

    def __str__(self) -> str:
        return self.name


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField("节点", max_length=50)
    position = models.PositiveSmallIntegerField("顺序")
    planned_on = models.DateField("计划完成", null=True, blank=True)
    actual_on = models.DateField("实际完成", null=True, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "项目节点"
        verbose_name_plural = "项目节点"
        ordering = ["project", "position"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="milestone_unique")]

    def __str__(self) -> str:
        return self.name


class MonthlyProgress(models.Model):
    """A month's report on a project: investment completed that month and the 形象进度."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="progress")
    period = models.DateField("月份", help_text="该月1日")
    invested = models.DecimalField("本月完成投资（万元）", **MONEY)
    image_progress = models.TextField("形象进度")
    image_progress_pct = models.PositiveSmallIntegerField("形象进度（%）", null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    reported_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "月度进展"
        verbose_name_plural = "月度进展"
        ordering = ["project", "-period"]
        constraints = [models.UniqueConstraint(fields=["project", "period"], name="progress_unique_period")]

    def __str__(self) -> str:
        return f"{self.project} {self.period:%Y年%-m月}进展"


class SitePhoto(models.Model):
    """现场照片: resized and stripped of its location on upload."""

    progress = models.ForeignKey(MonthlyProgress, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to="projects/photos/%Y/%m/")
    original_name = models.CharField(max_length=255)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "现场照片"
        verbose_name_plural = "现场照片"

    def __str__(self) -> str:
        return self.original_name


class Problem(models.Model):
    """困难问题: raised on a project, owned by a unit, escalated when overdue."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="problems")
    category = models.CharField("类别", max_length=20, choices=ProblemCategory.choices)
    description = models.TextField("问题描述")
    source = models.CharField("提出方", max_length=20, choices=ProblemSource.choices, default=ProblemSource.LIAISON)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提出人", on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="raised_problems")
    raised_on = models.DateField("提出日期")
    responsible_unit = models.ForeignKey(Unit, verbose_name="责任单位", on_delete=models.PROTECT, null=True,
                                         blank=True, related_name="project_problems")
    leader = models.ForeignKey(Person, verbose_name="责任领导", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="project_problems")
    deadline = models.DateField("办结期限", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=ProblemStatus.choices, default=ProblemStatus.OPEN)
    resolution = models.TextField("办理结果", blank=True)
    resolved_on = models.DateField("办结日期", null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="确认人", on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="confirmed_problems")
    escalation = models.PositiveSmallIntegerField("升级", choices=Escalation.choices, default=Escalation.NONE)
    supervision_task = models.ForeignKey("supervision.Task", verbose_name="转督办任务", on_delete=models.SET_NULL,
                                         null=True, blank=True, related_name="project_problems")
    history = HistoricalRecords()

    # A deleted project's problems are not chased, escalated or counted.
    objects = SoftDeleteManager()
    all_objects = models.Manager()  # noqa: DJ012 (after `objects`, which must stay the default manager)
    soft_delete_parents = ("project",)

    class Meta:
        verbose_name = "困难问题"
        verbose_name_plural = "困难问题"
        ordering = ["-raised_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.project}：{self.description[:30]}"


class Chase(models.Model):
    """催办: a leader's nudge to the unit responsible, with its read receipt."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="chases")
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, null=True, blank=True, related_name="chases")
    unit = models.ForeignKey(Unit, verbose_name="催办单位", on_delete=models.PROTECT, related_name="chases")
    message = models.CharField("催办内容", max_length=300)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="chases_sent")
    sent_at = models.DateTimeField(auto_now_add=True)
    read_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="chases_read")
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "催办"
        verbose_name_plural = "催办"
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"催办{self.unit}：{self.message[:30]}"

    @property
    def is_signed(self) -> bool:
        """Signed for by the unit: a receipt whose time was not kept (signed before it was) is still one."""
        return self.read_at is not None or self.read_by_id is not None


class DispatchMeeting(models.Model):
    """周调度: a weekly dispatch meeting; its agenda is generated, its minutes are written."""

    park = models.ForeignKey(Park, on_delete=models.PROTECT, related_name="dispatch_meetings")
    held_on = models.DateField("会议日期")
    title = models.CharField("会议名称", max_length=200)
    minutes = models.TextField("会议纪要", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "调度会"
        verbose_name_plural = "调度会"
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    """A decision of a dispatch meeting; each becomes a problem with an owner and a deadline."""

    meeting = models.ForeignKey(DispatchMeeting, on_delete=models.CASCADE, related_name="decisions")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="decisions")
    text = models.TextField("议定事项")
    unit = models.ForeignKey(Unit, verbose_name="责任单位", on_delete=models.PROTECT, related_name="decisions")
    deadline = models.DateField("完成期限")
    problem = models.OneToOneField(Problem, on_delete=models.SET_NULL, null=True, blank=True, related_name="decision")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "议定事项"
        verbose_name_plural = "议定事项"
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.text[:40]
