"""招商引资: investment projects from the first lead to production, their stage changes, the agreement
signed at 签约, and the 招商活动 that produce leads.

One record all the way: at 注册 the project links to the enterprise of the registry (economy), at 开工
to the key project of 重点项目调度 (projects); both are the other modules' own records, reached by a
foreign key, never copied. Money is in 万元 (Decimal); a foreign project's amount is kept in 万美元 too,
with the exchange rate used.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from parkops.core.models import SoftDeleteModel, VersionedModel
from parkops.investment.choices import ActivityKind, CapitalSource, Stage
from parkops.org.models import Park, Person, Unit

MONEY = {"max_digits": 14, "decimal_places": 2}


class InvestmentProject(SoftDeleteModel, VersionedModel):
    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="investment_projects")
    name = models.CharField("项目名称", max_length=200)
    investor = models.CharField("投资方", max_length=200, blank=True)
    origin_province = models.CharField("来源地（省）", max_length=30, blank=True)
    origin_city = models.CharField("来源地（市）", max_length=30, blank=True)
    origin_country = models.CharField("国别（地区）", max_length=30, blank=True, help_text="外资项目填写，如“中国香港”“新加坡”")
    capital_source = models.CharField("内资/外资", max_length=10, choices=CapitalSource.choices,
                                      default=CapitalSource.DOMESTIC)
    foreign_amount = models.DecimalField("外资金额（万美元）", **MONEY, null=True, blank=True)
    exchange_rate = models.DecimalField("折算汇率（元/美元）", max_digits=8, decimal_places=4, null=True, blank=True,
                                        help_text="外资金额折算为人民币所用的汇率")
    industry_chain = models.CharField("产业链", max_length=50, blank=True)
    total_investment = models.DecimalField("计划总投资（万元）", **MONEY)
    land_mu = models.DecimalField("用地需求（亩）", max_digits=10, decimal_places=2, null=True, blank=True)
    factory_area = models.DecimalField("厂房需求（平方米）", max_digits=12, decimal_places=2, null=True, blank=True)
    tracker = models.ForeignKey(Person, verbose_name="跟踪责任人", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="tracked_investments")
    unit = models.ForeignKey(Unit, verbose_name="招商单位", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="investment_projects")
    contact_name = models.CharField("投资方联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    # The latest StageChange's stage, kept here so the board can group on it; StageChange is the record.
    stage = models.CharField("当前阶段", max_length=20, choices=Stage.choices, default=Stage.LEAD, editable=False)
    terminated_reason = models.CharField("终止原因", max_length=300, blank=True, editable=False)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True, editable=False)
    enterprise = models.ForeignKey("economy.Enterprise", verbose_name="注册企业", on_delete=models.PROTECT, null=True,
                                   blank=True, editable=False, related_name="investment_projects")
    key_project = models.OneToOneField("projects.Project", verbose_name="重点项目", on_delete=models.PROTECT,
                                       null=True, blank=True, editable=False, related_name="investment_project")
    # 履约监管's 转督办: the supervision task a project behind its contract was handed to.
    contract_task = models.ForeignKey("supervision.Task", verbose_name="履约转督办任务", on_delete=models.SET_NULL,
                                      null=True, blank=True, editable=False, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "招商项目"
        verbose_name_plural = "招商项目"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["park", "name"], name="investment_project_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def origin(self) -> str:
        return "".join(part for part in (self.origin_country if self.origin_country != "中国" else "",
                                         self.origin_province, self.origin_city) if part)


class StageChange(models.Model):
    """A step of the project's life, appended, never edited: a correction is a new change."""

    project = models.ForeignKey(InvestmentProject, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField("原阶段", max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField("新阶段", max_length=20, choices=Stage.choices)
    on = models.DateField("日期")
    note = models.CharField("说明", max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "阶段变更"
        verbose_name_plural = "阶段变更"
        ordering = ["project", "on", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.project} {self.on:%Y-%m-%d} {self.get_to_stage_display()}"


class Agreement(models.Model):
    """The investment agreement signed at 签约, with what the investor committed to: watched later (履约)."""

    project = models.OneToOneField(InvestmentProject, on_delete=models.CASCADE, related_name="agreement")
    signed_on = models.DateField("签约日期")
    total_investment = models.DecimalField("协议总投资（万元）", **MONEY)
    first_phase_investment = models.DecimalField("一期投资（万元）", **MONEY, null=True, blank=True)
    start_by = models.DateField("承诺开工日期", null=True, blank=True)
    production_by = models.DateField("承诺投产日期", null=True, blank=True)
    output_at_full = models.DecimalField("达产后年产值（万元）", **MONEY, null=True, blank=True)
    tax_at_full = models.DecimalField("达产后年税收（万元）", **MONEY, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "投资协议"
        verbose_name_plural = "投资协议"

    def __str__(self) -> str:
        return f"{self.project}投资协议"


class InvestmentActivity(models.Model):
    """招商活动: a visit, a fair, an event through enterprises or a chamber of commerce, a resident team."""

    park = models.ForeignKey(Park, on_delete=models.PROTECT, related_name="investment_activities")
    kind = models.CharField("活动类型", max_length=20, choices=ActivityKind.choices)
    held_on = models.DateField("日期")
    title = models.CharField("活动名称", max_length=200)
    place = models.CharField("地点", max_length=100, blank=True)
    unit = models.ForeignKey(Unit, verbose_name="组织单位", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="investment_activities")
    leads = models.ManyToManyField(InvestmentProject, verbose_name="产生的线索", blank=True, related_name="activities")
    note = models.TextField("情况说明", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "招商活动"
        verbose_name_plural = "招商活动"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class ContractRules(models.Model):
    """履约监管's rules for a park: how long after 签约 (or 开工) a project is to reach full output (达产),
    for land projects and leased-factory projects. A park without a row uses the defaults."""

    park = models.OneToOneField(Park, on_delete=models.CASCADE, related_name="contract_rules")
    land_months = models.PositiveSmallIntegerField("用地项目达产期限（月）", default=36)
    factory_months = models.PositiveSmallIntegerField("租用厂房项目达产期限（月）", default=24)
    from_start = models.BooleanField("从实际开工起算", default=False,
                                     help_text="不勾选则从签约日期起算；勾选后已开工的项目从实际开工日期起算")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "履约监管规则"
        verbose_name_plural = "履约监管规则"

    def __str__(self) -> str:
        return f"{self.park}履约监管规则"
