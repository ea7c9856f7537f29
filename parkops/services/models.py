"""企业服务: the enterprises' own accounts (园企之窗) and their requests (企业诉求, 政企直通车).

An enterprise account is an ordinary account with the 企业用户 role, tied here to exactly one enterprise of
the registry (economy): org knows nothing of enterprises, so the tie lives in this module. A request is
timed on Chinese working days (core.workdays): its due days are worked out when it is filed, extended or
reopened, by the park's limits then in force (ServiceRules), and stored, so a later change of the limits
does not move a promise already made and the overdue ones are found by a query.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from parkops.core.models import VersionedModel
from parkops.org.models import Park, Unit
from parkops.services.choices import Category, EventKind, Rating, Source, Status

# The 政企直通车 limits most provinces publish (Shandong: 1 working day to verify, 3 to reply, 15 to
# resolve, extendable once to 30); a park sets its own (Zaozhuang: 1/2/10, 25).
DEFAULT_LIMITS = {"accept_days": 1, "reply_days": 3, "resolve_days": 15, "extended_days": 30}


class ServiceRules(models.Model):
    park = models.OneToOneField(Park, verbose_name="园区", on_delete=models.CASCADE, related_name="service_rules")
    accept_days = models.PositiveSmallIntegerField("受理时限（工作日）", default=DEFAULT_LIMITS["accept_days"])
    reply_days = models.PositiveSmallIntegerField("首次答复时限（工作日）", default=DEFAULT_LIMITS["reply_days"])
    resolve_days = models.PositiveSmallIntegerField("办结时限（工作日）", default=DEFAULT_LIMITS["resolve_days"])
    extended_days = models.PositiveSmallIntegerField("延期后办结时限（工作日）", default=DEFAULT_LIMITS["extended_days"],
                                                     help_text="可延期一次，须说明理由；自提出之日起计算")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "诉求办理时限"
        verbose_name_plural = "诉求办理时限"

    def __str__(self) -> str:
        return f"{self.park}诉求办理时限"


class EnterpriseAccount(models.Model):
    """The tie of a 企业用户 account to its one enterprise: all it may see follows from it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="账号", on_delete=models.CASCADE,
                                related_name="enterprise_account")
    enterprise = models.ForeignKey("economy.Enterprise", verbose_name="企业", on_delete=models.PROTECT,
                                   related_name="accounts")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "企业账号"
        verbose_name_plural = "企业账号"
        ordering = ["enterprise__name", "pk"]

    def __str__(self) -> str:
        return f"{self.enterprise}（{self.user.username}）"


class ServiceRequest(VersionedModel):
    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="service_requests")
    enterprise = models.ForeignKey("economy.Enterprise", verbose_name="企业", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="service_requests")
    enterprise_name = models.CharField("企业名称", max_length=200,
                                       help_text="台账所写的企业名称；企业库中有该企业时另行关联")
    contact = models.CharField("联系人及电话", max_length=100, blank=True)
    content = models.TextField("诉求内容")
    category = models.CharField("类别", max_length=20, choices=Category.choices, default=Category.OTHER)
    source = models.CharField("来源", max_length=20, choices=Source.choices, default=Source.SUPERVISOR)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    filed_on = models.DateField("提出日期", default=timezone.localdate)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提出人", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name="承办单位", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="service_requests")
    routed_on = models.DateField("分派日期", null=True, blank=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    replied_on = models.DateField("首次答复日期", null=True, blank=True)
    reply = models.TextField("答复意见", blank=True)
    resolved_on = models.DateField("办结日期", null=True, blank=True)
    result = models.TextField("办理结果", blank=True)
    # The clock: counted from clock_from (the day filed, or reopened) on the park's limits at that time.
    clock_from = models.DateField("起算日期", null=True, blank=True)
    accept_due = models.DateField("受理期限", null=True, blank=True)
    reply_due = models.DateField("答复期限", null=True, blank=True)
    resolve_due = models.DateField("办结期限", null=True, blank=True)
    extended_on = models.DateField("延期日期", null=True, blank=True)
    extension_reason = models.CharField("延期理由", max_length=300, blank=True)
    rating = models.CharField("满意度", max_length=20, choices=Rating.choices, blank=True)
    rating_note = models.CharField("评价意见", max_length=300, blank=True)
    rated_on = models.DateField("评价日期", null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField("重新办理次数", default=0)
    supervision_task = models.ForeignKey("supervision.Task", verbose_name="督办任务", on_delete=models.SET_NULL,
                                         null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "企业诉求"
        verbose_name_plural = "企业诉求"
        ordering = ["-filed_on", "-pk"]
        indexes = [models.Index(fields=["park", "status"]), models.Index(fields=["park", "filed_on"])]

    def __str__(self) -> str:
        head = " ".join(self.content.split())[:20]
        return f"{self.enterprise_label}：{head}"

    @property
    def enterprise_label(self) -> str:
        return self.enterprise.name if self.enterprise_id and self.enterprise else self.enterprise_name

    @property
    def is_open(self) -> bool:
        return self.status != Status.RESOLVED


class RequestEvent(models.Model):
    """One step of a request's handling, shown as its timeline (the audit log has the same, for the auditor)."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="events")
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


class SelfReport(models.Model):
    """企业自报: an enterprise's own monthly key figures as it reported them on 园企之窗, kept beside the
    statistics bureau's (economy's IndicatorValue) and never written into them. One report a month; a
    correction is a new revision with its reason, the one before kept (is_current False), so nothing is
    overwritten unseen. Figures are {indicator code: "value"}, 1-N月 cumulative as the bureau's sheet
    reports them (the month's headcount for 从业人员), codes of the registry's catalogue only."""

    enterprise = models.ForeignKey("economy.Enterprise", verbose_name="企业", on_delete=models.PROTECT,
                                   related_name="self_reports")
    period = models.DateField("月份")  # the first of the month
    revision = models.PositiveSmallIntegerField("版次", default=1)
    is_current = models.BooleanField("现行", default=True)
    figures = models.JSONField("自报数据", default=dict)
    reason = models.CharField("更正理由", max_length=300, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填报人", on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    reported_at = models.DateTimeField("填报时间", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "企业自报"
        verbose_name_plural = "企业自报"
        ordering = ["-period", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "period", "revision"], name="self_report_revision"),
            models.UniqueConstraint(fields=["enterprise", "period"], condition=models.Q(is_current=True),
                                    name="self_report_one_current"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.period:%Y-%m}自报（第{self.revision}版）"
