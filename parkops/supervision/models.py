from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from parkops.core.formatting import format_quantity
from parkops.core.models import SoftDeleteManager, SoftDeleteModel, VersionedModel
from parkops.core.periods import period_label
from parkops.org.models import Park, Person, Unit
from parkops.supervision.choices import (
    Comparator,
    Cycle,
    LeaderRole,
    Light,
    ReportAction,
    ReportStatus,
    UnitRole,
)

# "2026年县《政府工作报告》…", "2025年度…": a plan whose name says its year needs no other.
_NAMES_A_YEAR = re.compile(r"(19|20)\d{2}\s*年")


def fetched(instance: models.Model, attribute: str, relation: str) -> list:
    """The related rows a list fetched once into `attribute` (TaskQuerySet.with_listing_data), or, for
    an instance fetched without them, the relation's rows read now."""
    rows = instance.__dict__.get(attribute)
    return rows if rows is not None else list(getattr(instance, relation).all())


class Plan(SoftDeleteModel, VersionedModel):
    """A source of tasks: a year's 《政府工作报告》, an inspection ledger, a list of audit findings."""

    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="plans")
    name = models.CharField("名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    cycle = models.CharField("报送周期", max_length=20, choices=Cycle.choices, default=Cycle.MONTHLY)
    due_day = models.PositiveSmallIntegerField(
        "报送日", default=5, help_text="每期进展在期末次月的第几日前报送（1–28）"
    )
    deadline = models.DateField("完成期限", null=True, blank=True, help_text="一次性任务的统一期限")
    ledger_title = models.CharField("一览表标题", max_length=200, blank=True)
    is_active = models.BooleanField("在用", default=True)
    # The columns of the plan's own ledger, in order: [{"header": "工作任务", "field": "text"}, …]
    # (supervision/layouts.py); empty for the 一览表.
    layout = models.JSONField("台账列", default=list, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "督办计划"
        verbose_name_plural = "督办计划"
        ordering = ["-year", "name"]
        constraints = [models.UniqueConstraint(fields=["park", "name"], name="plan_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def title_for_ledger(self) -> str:
        return self.ledger_title or f"{self.name}完成情况一览表"

    @property
    def label(self) -> str:
        """The plan's name with its year, as a task's reference carries it: a ledger named without a year
        (环保督察反馈问题整改) is told from the same kind of ledger of another year."""
        return self.name if _NAMES_A_YEAR.search(self.name) else f"{self.year}年{self.name}"


class Section(models.Model):
    """A heading of the ledger: 二、… at the top level, （三）… beneath it."""

    plan = models.ForeignKey(Plan, verbose_name="计划", on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey("self", verbose_name="上级", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children")
    heading = models.CharField("标题", max_length=300, help_text="含序号，如：二、坚持以“提质”促“提升”…")
    position = models.PositiveIntegerField("顺序", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "章节"
        verbose_name_plural = "章节"
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return self.heading


class TaskQuerySet(models.QuerySet):
    def for_unit(self, unit: Unit | None):
        if unit is None:
            return self.none()
        return self.filter(unit_links__unit=unit).distinct()

    def with_listing_data(self, *, reports_until: date | None = None):
        """Everything a list, a ledger export or a light needs, in a fixed number of queries.
        With `reports_until`, only reports of that period and before: the ledger of a past month
        shows the lights as they were then."""
        reports = ProgressReport.objects.select_related("unit").prefetch_related(
            models.Prefetch("figures", to_attr="fetched_figures"))
        if reports_until is not None:
            reports = reports.filter(period__lte=reports_until)
        # Into plain lists (to_attr), read through Task's *_list properties: Django's default prefetch
        # builds a queryset per task per relation, which at 2,000 tasks cost four times the fetch itself.
        return self.select_related("plan", "plan__park", "section", "section__parent").prefetch_related(
            models.Prefetch("leader_links", queryset=TaskLeader.objects.select_related("person"),
                            to_attr="fetched_leader_links"),
            models.Prefetch("unit_links", queryset=TaskUnit.objects.select_related("unit"),
                            to_attr="fetched_unit_links"),
            models.Prefetch("targets", to_attr="fetched_targets"),
            models.Prefetch("reports", queryset=reports, to_attr="fetched_reports"),
        )


class Task(SoftDeleteModel, VersionedModel):
    plan = models.ForeignKey(Plan, verbose_name="计划", on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(Section, verbose_name="章节", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="tasks")
    number = models.CharField("序号", max_length=20)
    position = models.PositiveIntegerField("顺序", default=0)
    text = models.TextField("重点工作")
    deadline = models.DateField("完成期限", null=True, blank=True)
    deadline_text = models.CharField("完成时限（原文）", max_length=100, blank=True,
                                     help_text="台账中的写法，如“6月底前”“长期坚持”")
    extra = models.JSONField("附加列", default=dict, blank=True, help_text="台账中系统未识别的列，按表头保存")
    light_override = models.CharField("认定灯色", max_length=20, choices=Light.choices, blank=True)
    light_override_reason = models.CharField("认定理由", max_length=300, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = SoftDeleteManager.from_queryset(TaskQuerySet)()
    all_objects = models.Manager()  # noqa: DJ012 (after `objects`, which must stay the default manager)
    soft_delete_parents = ("plan",)

    class Meta:
        verbose_name = "目标任务"
        verbose_name_plural = "目标任务"
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="task_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:40]}"

    # These read what TaskQuerySet.with_listing_data fetched, so a list of tasks costs no extra query per
    # row; a task fetched without it reads its rows when asked.
    @property
    def target_list(self) -> list[Target]:
        return fetched(self, "fetched_targets", "targets")

    @property
    def report_list(self) -> list[ProgressReport]:
        return fetched(self, "fetched_reports", "reports")

    def leaders(self, role: str) -> list[Person]:
        links = fetched(self, "fetched_leader_links", "leader_links")
        return [link.person for link in sorted((x for x in links if x.role == role), key=lambda x: x.position)]

    def units(self, role: str) -> list[Unit]:
        links = fetched(self, "fetched_unit_links", "unit_links")
        return [link.unit for link in sorted((x for x in links if x.role == role), key=lambda x: x.position)]

    @property
    def county_leaders(self) -> list[Person]:
        return self.leaders(LeaderRole.COUNTY)

    @property
    def park_leaders(self) -> list[Person]:
        return self.leaders(LeaderRole.PARK)

    @property
    def responsible_people(self) -> list[Person]:
        return self.leaders(LeaderRole.RESPONSIBLE)

    @property
    def lead_units(self) -> list[Unit]:
        return self.units(UnitRole.LEAD)

    @property
    def cooperating_units(self) -> list[Unit]:
        return self.units(UnitRole.COOPERATING)

    def accepted_reports(self) -> list[ProgressReport]:
        """Accepted reports, newest period first; at equal periods the lead unit's first."""
        lead_ids = {unit.pk for unit in self.lead_units}
        reports = [r for r in self.report_list if r.status == ReportStatus.ACCEPTED]
        return sorted(reports, key=lambda r: (r.period, r.unit_id in lead_ids, r.reviewed_at or r.submitted_at),
                      reverse=True)

    def latest_progress_text(self) -> str:
        accepted = self.accepted_reports()
        return accepted[0].text if accepted else ""

    @property
    def reference(self) -> str:
        """How a task is named in a list outside its plan's page: two plans may each have a 9号."""
        return f"{self.plan.label} · {self.number}号"

    @property
    def named(self) -> str:
        """How a sentence names the task (messages, reminders, page titles): with its plan and year, for
        the same reason."""
        return f"{self.plan.label}第{self.number}项"


class TaskLeader(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="leader_links")
    person = models.ForeignKey(Person, verbose_name="领导", on_delete=models.PROTECT, related_name="task_links")
    role = models.CharField("身份", max_length=10, choices=LeaderRole.choices)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "任务责任领导"
        verbose_name_plural = "任务责任领导"
        constraints = [models.UniqueConstraint(fields=["task", "person", "role"], name="task_leader_unique")]

    def __str__(self) -> str:
        return f"{self.get_role_display()}：{self.person}"


class TaskUnit(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="unit_links")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="task_links")
    role = models.CharField("身份", max_length=12, choices=UnitRole.choices)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "任务责任单位"
        verbose_name_plural = "任务责任单位"
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="task_unit_unique")]

    def __str__(self) -> str:
        return f"{self.get_role_display()}：{self.unit}"


class Target(models.Model):
    """A quantitative target read from the task's text ("力争工业营业收入达到720亿元")."""

    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.CASCADE, related_name="targets")
    phrase = models.CharField("原文", max_length=100, help_text="任务原文中的目标表述")
    comparator = models.CharField("比较", max_length=10, choices=Comparator.choices, default=Comparator.AT_LEAST)
    amount = models.DecimalField("目标值", max_digits=20, decimal_places=4, help_text="金额以万元计")
    unit = models.CharField("计量单位", max_length=10)
    # A key of core.metrics: the figure is then read live from the module that keeps it, not reported.
    metric_key = models.CharField("绑定指标", max_length=100, blank=True,
                                  help_text="绑定后完成数按该指标实时取数，无需填报")
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "量化目标"
        verbose_name_plural = "量化目标"
        ordering = ["task", "position"]

    def __str__(self) -> str:
        return format_quantity(self.amount, self.unit)

    @property
    def is_bound(self) -> bool:
        return bool(self.metric_key)


class ProgressReport(models.Model):
    """One unit's report on one task for one period; returned reports are revised and resubmitted."""

    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(Unit, verbose_name="报送单位", on_delete=models.PROTECT, related_name="reports")
    period = models.DateField("期间", help_text="所报月份的第一天；数字为当年1月至该月的累计")
    text = models.TextField("完成情况")
    claims_done = models.BooleanField("本任务已全部完成", default=False)
    status = models.CharField("状态", max_length=12, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报送人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    return_reason = models.CharField("退回理由", max_length=500, blank=True)
    history = HistoricalRecords()

    # A deleted task's reports leave the review queue and every count with it.
    objects = SoftDeleteManager()
    all_objects = models.Manager()  # noqa: DJ012 (after `objects`, which must stay the default manager)
    soft_delete_parents = ("task", "task__plan")

    class Meta:
        verbose_name = "进展报告"
        verbose_name_plural = "进展报告"
        ordering = ["-period", "task__position"]
        constraints = [models.UniqueConstraint(fields=["task", "unit", "period"], name="report_unique_period")]

    def __str__(self) -> str:
        return f"{self.task.named} {period_label(self.period)} {self.unit}"

    @property
    def period_label(self) -> str:
        return period_label(self.period)

    @property
    def figure_list(self) -> list[ProgressFigure]:
        return fetched(self, "fetched_figures", "figures")

    def figure_for(self, target: Target):
        for figure in self.figure_list:
            if figure.target_id == target.pk:
                return figure.amount
        return None


class ProgressFigure(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="figures")
    target = models.ForeignKey(Target, verbose_name="目标", on_delete=models.CASCADE, related_name="figures")
    amount = models.DecimalField("完成值", max_digits=20, decimal_places=4, help_text="与目标同一计量单位")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "完成数"
        verbose_name_plural = "完成数"
        constraints = [models.UniqueConstraint(fields=["report", "target"], name="figure_unique_target")]

    def __str__(self) -> str:
        return format_quantity(self.amount, self.target.unit)


def attachment_path(instance: Attachment, filename: str) -> str:
    today = date.today()
    return f"attachments/{today:%Y/%m}/{instance.report.task_id}/{filename}"


class Attachment(models.Model):
    report = models.ForeignKey(ProgressReport, verbose_name="进展报告", on_delete=models.CASCADE,
                               related_name="attachments")
    file = models.FileField("文件", upload_to=attachment_path)
    original_name = models.CharField("文件名", max_length=255)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class ReportEvent(models.Model):
    """The review trail of a report: submitted, returned with a reason, resubmitted, accepted."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=10, choices=ReportAction.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL,
                             related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)
    reason = models.CharField("理由", max_length=500, blank=True)

    class Meta:
        verbose_name = "审核记录"
        verbose_name_plural = "审核记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class Comment(models.Model):
    """领导批示 on a task."""

    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="批示人", on_delete=models.PROTECT,
                               related_name="+")
    text = models.TextField("批示内容")
    created_at = models.DateTimeField("时间", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "领导批示"
        verbose_name_plural = "领导批示"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.author}：{self.text[:30]}"
