"""惠企政策兑现: policies, their clauses, each clause's conditions as stored rows, and the cash-outs.

A condition is a row (field, operator, value) over a closed vocabulary (choices.Field, choices.Operator),
checked by rules.validate_condition before it is stored: never code, never a free expression, since a
policy list typed or uploaded is anyone's input. A cash-out (Application) keeps its review and payment
due days, worked out on Chinese working days when its clock starts and stored, so a later change of a
policy's limits does not move a promise already made.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from parkops.core.models import VersionedModel
from parkops.org.models import Park
from parkops.policies.choices import AmountKind, Field, Mode, Operator, Source, Status

MONEY = {"max_digits": 14, "decimal_places": 2}
# 快申快享 as the provinces publish it: reviewed within 5 working days, paid within 60 at most.
DEFAULT_REVIEW_DAYS = 5
DEFAULT_PAYMENT_DAYS = 60


class Policy(VersionedModel):
    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="policies")
    name = models.CharField("政策名称", max_length=200)
    issuer = models.CharField("发布单位", max_length=100)
    document_number = models.CharField("文号", max_length=100, blank=True)
    year = models.PositiveSmallIntegerField("年度")
    mode = models.CharField("兑现方式", max_length=10, choices=Mode.choices, default=Mode.FAST)
    review_days = models.PositiveSmallIntegerField("审核时限（工作日）", default=DEFAULT_REVIEW_DAYS)
    payment_days = models.PositiveSmallIntegerField("兑现时限（工作日）", default=DEFAULT_PAYMENT_DAYS,
                                                    help_text="自审核通过之日起计算")
    is_active = models.BooleanField("有效", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "惠企政策"
        verbose_name_plural = "惠企政策"
        ordering = ["-year", "name", "pk"]
        constraints = [models.UniqueConstraint(fields=["park", "name", "year"], name="policy_unique_name_year")]

    def __str__(self) -> str:
        return self.name


class Clause(models.Model):
    """One article of a policy: what it pays (a fixed sum, or a rate over one of the enterprise's figures up
    to a cap) and, in its conditions, to whom."""

    policy = models.ForeignKey(Policy, verbose_name="政策", on_delete=models.CASCADE, related_name="clauses")
    position = models.PositiveSmallIntegerField("条款序号", default=1)
    title = models.CharField("条款", max_length=300)
    amount_kind = models.CharField("奖补方式", max_length=10, choices=AmountKind.choices, default=AmountKind.FIXED)
    amount = models.DecimalField("奖补金额（万元）", **MONEY, null=True, blank=True)
    rate_pct = models.DecimalField("奖补比例（%）", max_digits=6, decimal_places=2, null=True, blank=True)
    base_field = models.CharField("计算基数", max_length=20, choices=Field.choices, blank=True)
    cap = models.DecimalField("上限（万元）", **MONEY, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "政策条款"
        verbose_name_plural = "政策条款"
        ordering = ["policy", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.policy}·{self.title}"


class Condition(models.Model):
    clause = models.ForeignKey(Clause, verbose_name="条款", on_delete=models.CASCADE, related_name="conditions")
    field = models.CharField("数据项", max_length=20, choices=Field.choices)
    operator = models.CharField("比较", max_length=5, choices=Operator.choices)
    value = models.CharField("值", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "兑现条件"
        verbose_name_plural = "兑现条件"
        ordering = ["clause", "pk"]

    def __str__(self) -> str:
        from parkops.policies.rules import describe

        return describe(self.field, self.operator, self.value)


class Application(VersionedModel):
    """One enterprise's cash-out of one clause: a 免申即享 match the park confirmed, or an application."""

    clause = models.ForeignKey(Clause, verbose_name="条款", on_delete=models.PROTECT, related_name="applications")
    enterprise = models.ForeignKey("economy.Enterprise", verbose_name="企业", on_delete=models.PROTECT,
                                   related_name="policy_applications")
    source = models.CharField("来源", max_length=10, choices=Source.choices)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    applied_on = models.DateField("申请（确认）日期")
    note = models.TextField("申请说明", blank=True)
    figures = models.JSONField("符合条件的数据", default=list, blank=True)
    review_due = models.DateField("审核期限", null=True, blank=True)
    reviewed_on = models.DateField("审核日期", null=True, blank=True)
    review_note = models.CharField("审核意见", max_length=300, blank=True)
    amount = models.DecimalField("核定金额（万元）", **MONEY, null=True, blank=True)
    payment_due = models.DateField("兑现期限", null=True, blank=True)
    paid_on = models.DateField("兑现日期", null=True, blank=True)
    paid_amount = models.DecimalField("兑现金额（万元）", **MONEY, null=True, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "政策兑现"
        verbose_name_plural = "政策兑现"
        ordering = ["-applied_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["clause", "enterprise"], name="application_one_per_clause")]
        indexes = [models.Index(fields=["status", "applied_on"])]

    def __str__(self) -> str:
        return f"{self.enterprise}·{self.clause.title}"
