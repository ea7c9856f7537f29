"""信访与平安: petitions and hotline cases (信访件、12345工单) on the clock of their type, disputes and their
mediation (矛盾纠纷), duty rosters for sensitive periods (值班), and the party-coverage campaign (两个覆盖).

A petitioner's name and phone number are personal information (个人信息保护法): they are stored as given
and shown in full only to the roles that handle the case, each time audited (core.privacy); lists and
exports show them masked. A case's due day is stored when it is registered (rules.due_on), so a later
change of the park's clocks does not move the day a unit was given.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from parkops.core.models import VersionedModel
from parkops.org.models import Park, Person, Unit
from parkops.stability.choices import (
    CaseKind,
    CaseStatus,
    DisputeKind,
    Escalation,
    MediationResult,
    PartyForm,
    Satisfaction,
    Source,
)


class CaseRules(models.Model):
    """A park's own clocks, over the defaults in settings (STABILITY_CASE_CLOCKS)."""

    park = models.OneToOneField(Park, verbose_name="园区", on_delete=models.CASCADE, related_name="case_rules")
    consult_days = models.PositiveSmallIntegerField("咨询办理时限（工作日）", null=True, blank=True)
    help_days = models.PositiveSmallIntegerField("求助办理时限（工作日）", null=True, blank=True)
    suggestion_days = models.PositiveSmallIntegerField("建议办理时限（工作日）", null=True, blank=True)
    complaint_days = models.PositiveSmallIntegerField("投诉办理时限（工作日）", null=True, blank=True)
    petition_days = models.PositiveSmallIntegerField("信访办理时限（日）", null=True, blank=True,
                                                     help_text="《信访工作条例》：自受理之日起60日内办结")
    emergency_days = models.PositiveSmallIntegerField("应急办理时限（工作日）", null=True, blank=True,
                                                      help_text="0为当日办结")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "信访件办理时限"
        verbose_name_plural = "信访件办理时限"

    def __str__(self) -> str:
        return f"{self.park}信访件办理时限"


class Case(VersionedModel):
    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="citizen_cases")
    number = models.CharField("编号", max_length=50, blank=True, help_text="信访件编号或12345工单号")
    source = models.CharField("来源", max_length=20, choices=Source.choices, default=Source.HOTLINE)
    kind = models.CharField("类别", max_length=20, choices=CaseKind.choices, default=CaseKind.COMPLAINT)
    received_on = models.DateField("受理日期", default=timezone.localdate)
    petitioner_name = models.CharField("反映人", max_length=50, blank=True)
    petitioner_phone = models.CharField("联系电话", max_length=30, blank=True)
    place = models.CharField("涉及地点或企业", max_length=200, blank=True)
    content = models.TextField("反映问题")
    handling_unit = models.ForeignKey(Unit, verbose_name="承办单位", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="citizen_cases")
    leader = models.ForeignKey(Person, verbose_name="包案领导", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="citizen_cases")
    due_on = models.DateField("办理时限", editable=False)
    status = models.CharField("状态", max_length=20, choices=CaseStatus.choices, default=CaseStatus.HANDLING,
                              editable=False)
    reply = models.TextField("办理结果", blank=True, editable=False)
    replied_on = models.DateField("答复日期", null=True, blank=True, editable=False)
    visited_on = models.DateField("回访日期", null=True, blank=True, editable=False)
    satisfaction = models.CharField("回访满意度", max_length=20, choices=Satisfaction.choices, blank=True,
                                    editable=False)
    closed_on = models.DateField("办结日期", null=True, blank=True, editable=False)
    escalation = models.PositiveSmallIntegerField("升级", choices=Escalation.choices, default=Escalation.NONE,
                                                  editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "信访件"
        verbose_name_plural = "信访件"
        ordering = ["-received_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["park", "number"], condition=~models.Q(number=""),
                                               name="citizen_case_unique_number")]
        indexes = [models.Index(fields=["park", "status", "due_on"])]

    def __str__(self) -> str:
        summary = " ".join(self.content.split())[:30]
        return f"{self.number}：{summary}" if self.number else summary

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED


class Dispute(models.Model):
    """A dispute found in the park (深入企业排查矛盾纠纷) and its mediation."""

    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="disputes")
    occurred_on = models.DateField("发现日期", default=timezone.localdate)
    kind = models.CharField("纠纷类型", max_length=20, choices=DisputeKind.choices, default=DisputeKind.LABOUR)
    parties = models.CharField("当事各方", max_length=200)
    place = models.CharField("涉及地点或企业", max_length=200, blank=True)
    description = models.TextField("纠纷情况")
    mediator = models.ForeignKey(Unit, verbose_name="调解单位", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="disputes")
    result = models.CharField("调解结果", max_length=20, choices=MediationResult.choices,
                              default=MediationResult.MEDIATING)
    outcome = models.TextField("调解情况", blank=True)
    resolved_on = models.DateField("化解日期", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "矛盾纠纷"
        verbose_name_plural = "矛盾纠纷"
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.parties}"


class DutyShift(models.Model):
    """One day of a sensitive period's roster (“两会”期间24小时值班)."""

    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="duty_shifts")
    period = models.CharField("敏感时期", max_length=50, help_text="如“全国两会”“国庆”")
    on = models.DateField("值班日期")
    leader = models.CharField("带班领导", max_length=50)
    staff = models.CharField("值班人员", max_length=200)
    phone = models.CharField("值班电话", max_length=30)
    note = models.CharField("备注", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "值班安排"
        verbose_name_plural = "值班安排"
        ordering = ["on", "pk"]
        constraints = [models.UniqueConstraint(fields=["park", "on"], name="duty_shift_unique_day")]

    def __str__(self) -> str:
        return f"{self.period} {self.on:%Y-%m-%d}"


class CoverageCampaign(models.Model):
    """A 两个覆盖 campaign (集中攻坚): the enterprises surveyed, its targets, and who is covered when."""

    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.CASCADE, related_name="coverage_campaigns")
    name = models.CharField("攻坚行动", max_length=100)
    started_on = models.DateField("启动日期")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "两个覆盖攻坚行动"
        verbose_name_plural = "两个覆盖攻坚行动"
        ordering = ["-started_on", "pk"]

    def __str__(self) -> str:
        return self.name


class CoverageEntry(models.Model):
    """One surveyed (摸排) enterprise: the registry's when it is there, else as the survey names it."""

    campaign = models.ForeignKey(CoverageCampaign, verbose_name="攻坚行动", on_delete=models.CASCADE,
                                 related_name="entries")
    enterprise = models.ForeignKey("economy.Enterprise", verbose_name="企业库企业", on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="coverage_entries")
    enterprise_name = models.CharField("企业名称", max_length=200)
    employees = models.PositiveIntegerField("从业人员（人）", null=True, blank=True)
    party_members = models.PositiveIntegerField("党员人数", default=0)
    is_target = models.BooleanField("攻坚对象", default=False)
    form = models.CharField("覆盖方式", max_length=20, choices=PartyForm.choices, default=PartyForm.NONE)
    organisation = models.CharField("党组织名称", max_length=100, blank=True,
                                    help_text="联合党支部写同一名称，按名称计支部数")
    covered_before = models.BooleanField("攻坚前已覆盖", default=False)
    covered_on = models.DateField("覆盖日期", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "摸排企业"
        verbose_name_plural = "摸排企业"
        ordering = ["enterprise_name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "enterprise_name"], name="coverage_entry_unique")]

    def __str__(self) -> str:
        return self.enterprise_name

    @property
    def is_covered(self) -> bool:
        return self.covered_before or self.covered_on is not None
