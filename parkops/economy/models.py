"""企业与经济运行: the enterprise registry, the indicator catalogue, monthly values as reported, period
close, the year's targets, and the per-mu (亩均论英雄) schemes and results.

Money is in 万元 (Decimal) as everywhere in ParkOps. Monthly statistics are kept as the statistics
bureau reports them, 本年累计 (1-N月); a month's own value is derived from two cumulative figures and
stored beside it so that sums over thousands of enterprises stay one query.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from parkops.core.models import SoftDeleteManager, SoftDeleteModel, VersionedModel
from parkops.core.text import normalise_name
from parkops.economy.choices import Grade, MetricCode, PartyOrganisation
from parkops.economy.creditcode import validate_credit_code
from parkops.org.models import Park, Zone

AMOUNT = {"max_digits": 18, "decimal_places": 4}  # 万元 with room for a province's totals and 元 converted
MU = {"max_digits": 12, "decimal_places": 2}


class IndustryChain(models.Model):
    """An industry chain of the park (装备制造, 有色金属 …); the leading ones (主导产业) are marked."""

    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="industry_chains")
    name = models.CharField("产业链", max_length=50)
    is_leading = models.BooleanField("主导产业", default=True)
    position = models.PositiveSmallIntegerField("排序", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "产业链"
        verbose_name_plural = "产业链"
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["park", "name"], name="chain_unique_name")]

    def __str__(self) -> str:
        return self.name


class EnterpriseQuerySet(models.QuerySet):
    def by_name(self, name: str):
        return self.filter(normalised_name=normalise_name(name))


class Enterprise(SoftDeleteModel, VersionedModel):
    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="enterprises")
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True, validators=[validate_credit_code])
    name = models.CharField("企业名称", max_length=200)
    normalised_name = models.CharField(max_length=200, editable=False, db_index=True)
    short_name = models.CharField("简称", max_length=50, blank=True)
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    zone = models.ForeignKey(Zone, verbose_name="片区", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="enterprises")
    industry_code = models.CharField("国民经济行业代码", max_length=5, blank=True,
                                     help_text="GB/T 4754，如 3985（电子专用材料制造）")
    industry_name = models.CharField("国民经济行业", max_length=100, blank=True)
    chain = models.ForeignKey(IndustryChain, verbose_name="产业链", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="enterprises")
    land_mu = models.DecimalField("用地面积（亩）", **MU, null=True, blank=True)
    # Set by 土地与厂房 from the leases in force (economy.services.set_factory_land), never typed in.
    factory_land_mu = models.DecimalField("租赁厂房折算用地（亩）", **MU, null=True, blank=True, editable=False,
                                          help_text="租赁标准厂房的企业：租赁面积÷（容积率×666.67）")
    floor_area = models.DecimalField("建筑面积（平方米）", max_digits=14, decimal_places=2, null=True, blank=True)
    employees = models.PositiveIntegerField("从业人员（人）", null=True, blank=True)
    party_organisation = models.CharField("党组织", max_length=10, choices=PartyOrganisation.choices,
                                          default=PartyOrganisation.NONE)
    party_members = models.PositiveIntegerField("党员人数", default=0)
    is_active = models.BooleanField("在册", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = SoftDeleteManager.from_queryset(EnterpriseQuerySet)()
    all_objects = models.Manager()  # noqa: DJ012 (after `objects`, which must stay the default manager)

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def rated_land_mu(self) -> Decimal | None:
        """The land its 亩均 is measured on: its own, else the 折算亩 of the factory space it leases."""
        for mu in (self.land_mu, self.factory_land_mu):
            if mu and mu > 0:
                return mu
        return None

    def save(self, *args, **kwargs):
        self.normalised_name = normalise_name(self.name)
        super().save(*args, **kwargs)


class ScaleMembership(models.Model):
    """A stretch of time an enterprise is 规上 (入规 in one month, 退规 in another, or still in).
    It is 规上 in month P when entered_period <= P and (left_period is None or P < left_period).

    A stretch is entered by hand (the registry's page or sheet) or follows from the bureau's monthly
    规上 sheets (scale_sheet.py); an enterprise with any stretch entered by hand is left to the hand."""

    class Source(models.TextChoices):
        HAND = "hand", "手工登记"
        SHEET = "sheet", "统计局规上表"

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="scale_memberships")
    entered_period = models.DateField("入规月份")
    left_period = models.DateField("退规月份", null=True, blank=True)
    source = models.CharField("来源", max_length=5, choices=Source.choices, default=Source.HAND)
    history = HistoricalRecords()

    # A deleted enterprise's records leave every count and figure with it.
    objects = SoftDeleteManager()
    all_objects = models.Manager()  # noqa: DJ012 (after `objects`, which must stay the default manager)
    soft_delete_parents = ("enterprise",)

    class Meta:
        verbose_name = "规上企业记录"
        verbose_name_plural = "规上企业记录"
        ordering = ["enterprise", "entered_period"]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.entered_period:%Y-%m}起"


class ScaleListing(models.Model):
    """An enterprise listed in the bureau's 规上 sheet of a month: the months a park has such a sheet
    for, and who each lists, are what the sheet-made ScaleMembership stretches are worked out from."""

    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="scale_listings")
    period = models.DateField("月份")

    class Meta:
        verbose_name = "规上表名单"
        verbose_name_plural = "规上表名单"
        constraints = [models.UniqueConstraint(fields=["enterprise", "period"], name="scale_listing_unique")]
        indexes = [models.Index(fields=["park", "period"])]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.period:%Y-%m}"


class Honour(models.Model):
    """A dated title: 高新技术企业, 专精特新, 省级智能工厂 …"""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="honours")
    name = models.CharField("称号", max_length=50)
    awarded_on = models.DateField("认定日期")
    expires_on = models.DateField("有效期至", null=True, blank=True)
    history = HistoricalRecords()

    # A deleted enterprise's records leave every count and figure with it.
    objects = SoftDeleteManager()
    all_objects = models.Manager()  # noqa: DJ012 (after `objects`, which must stay the default manager)
    soft_delete_parents = ("enterprise",)

    class Meta:
        verbose_name = "企业荣誉"
        verbose_name_plural = "企业荣誉"
        ordering = ["-awarded_on"]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """An indicator of the catalogue. Amounts in money are kept in 万元; the others in their own unit."""

    code = models.SlugField("代码", max_length=30, unique=True)
    name = models.CharField("指标名称", max_length=50, unique=True)
    unit = models.CharField("计量单位", max_length=20)
    is_money = models.BooleanField("金额指标", default=True)
    is_cumulative = models.BooleanField("按累计报送", default=True, help_text="统计报表按“1-N月”累计报送")
    synonyms = models.CharField("其他叫法", max_length=300, blank=True, help_text="表头的其他写法，用顿号分隔")
    position = models.PositiveSmallIntegerField("排序", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "经济指标"
        verbose_name_plural = "经济指标"
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class HeaderMapping(models.Model):
    """A sheet's header the park's user mapped to an indicator by hand ("税收合计" → 税收), remembered
    for the park's next imports. `header` is the header as header_key() reduces it."""

    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="+")
    header = models.CharField("表头", max_length=100)
    indicator = models.ForeignKey(Indicator, verbose_name="指标", on_delete=models.CASCADE, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "表头对应"
        verbose_name_plural = "表头对应"
        constraints = [models.UniqueConstraint(fields=["park", "header"], name="header_mapping_unique")]

    def __str__(self) -> str:
        return f"{self.header} → {self.indicator}"


class IndicatorValue(models.Model):
    """One enterprise's figure for one month, as reported (1-N月 cumulative for cumulative indicators)
    and the month's own value derived from it. closed_cumulative is what the period's close took."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="indicator_values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    period = models.DateField("月份", db_index=True)  # the first of the month
    cumulative = models.DecimalField("本年累计", **AMOUNT)
    # None when the month before is not known (an enterprise first reporting in June reports 1-6月).
    month_value = models.DecimalField("当月", **AMOUNT, null=True, blank=True)
    closed_cumulative = models.DecimalField("关账时本年累计", **AMOUNT, null=True, blank=True)
    closed_month_value = models.DecimalField("关账时当月", **AMOUNT, null=True, blank=True)
    source = models.CharField("来源", max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    # A deleted enterprise's records leave every count and figure with it.
    objects = SoftDeleteManager()
    all_objects = models.Manager()  # noqa: DJ012 (after `objects`, which must stay the default manager)
    soft_delete_parents = ("enterprise",)

    class Meta:
        verbose_name = "指标数据"
        verbose_name_plural = "指标数据"
        constraints = [models.UniqueConstraint(fields=["enterprise", "indicator", "period"],
                                               name="indicator_value_unique")]
        indexes = [models.Index(fields=["indicator", "period"])]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.indicator} {self.period:%Y-%m}"


class PeriodClose(models.Model):
    """A closed month: its reports and dashboards read the values the close took. A correction after
    the close changes the live value, keeps the old one in history and marks the period revised."""

    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="period_closes")
    period = models.DateField("月份")
    closed_at = models.DateTimeField("关账时间")
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="关账人", on_delete=models.PROTECT,
                                  related_name="+")
    is_revised = models.BooleanField("关账后有修订", default=False)
    revised_at = models.DateTimeField("最近修订时间", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "月度关账"
        verbose_name_plural = "月度关账"
        ordering = ["-period"]
        constraints = [models.UniqueConstraint(fields=["park", "period"], name="period_close_unique")]

    def __str__(self) -> str:
        return f"{self.period:%Y年%-m月}"


class IndicatorTarget(models.Model):
    """The year's target for an indicator: an amount (万元 or its unit) and/or a growth rate (%)."""

    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="indicator_targets")
    year = models.PositiveSmallIntegerField("年度")
    indicator = models.ForeignKey(Indicator, verbose_name="指标", on_delete=models.PROTECT, related_name="targets")
    amount = models.DecimalField("目标值", **AMOUNT, null=True, blank=True)
    growth_pct = models.DecimalField("目标增速（%）", max_digits=6, decimal_places=2, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "年度目标"
        verbose_name_plural = "年度目标"
        constraints = [models.UniqueConstraint(fields=["park", "year", "indicator"], name="indicator_target_unique")]

    def __str__(self) -> str:
        return f"{self.year}年{self.indicator}目标"


class EvaluationScheme(models.Model):
    """A park's 亩均论英雄 rules for one year: the metrics with their weights and benchmarks (below),
    the class bounds on the total score, and who is not rated (T)."""

    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="evaluation_schemes")
    year = models.PositiveSmallIntegerField("评价年度")
    a_min = models.DecimalField("A类最低分", max_digits=6, decimal_places=2, default=80)
    b_min = models.DecimalField("B类最低分", max_digits=6, decimal_places=2, default=60)
    c_min = models.DecimalField("C类最低分", max_digits=6, decimal_places=2, default=40)
    min_land_mu = models.DecimalField("参评最小用地（亩）", **MU, default=3,
                                      help_text="用地少于此面积的企业不参评（T类）")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "亩均评价方案"
        verbose_name_plural = "亩均评价方案"
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["park", "year"], name="evaluation_scheme_unique")]

    def __str__(self) -> str:
        return f"{self.year}年度亩均评价"


class EvaluationMetric(models.Model):
    """One metric of a scheme: its score is weight × (value ÷ benchmark), capped at max_ratio; for a
    metric where less is better (energy per output) the ratio is benchmark ÷ value."""

    scheme = models.ForeignKey(EvaluationScheme, on_delete=models.CASCADE, related_name="metrics")
    code = models.CharField("指标", max_length=30, choices=MetricCode.choices)
    weight = models.DecimalField("权重（分）", max_digits=6, decimal_places=2)
    benchmark = models.DecimalField("基准值", max_digits=14, decimal_places=4)
    lower_is_better = models.BooleanField("越低越好", default=False)
    max_ratio = models.DecimalField("得分上限倍数", max_digits=5, decimal_places=2, default=1,
                                    help_text="实际值超过基准值时，得分最多为权重的几倍")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "亩均评价指标"
        verbose_name_plural = "亩均评价指标"
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="evaluation_metric_unique")]

    def __str__(self) -> str:
        return self.get_code_display()


class EvaluationResult(models.Model):
    """An enterprise's score and class under a scheme, with how each metric contributed (details)."""

    scheme = models.ForeignKey(EvaluationScheme, on_delete=models.CASCADE, related_name="results")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="evaluation_results")
    score = models.DecimalField("得分", max_digits=7, decimal_places=2, null=True, blank=True)
    grade = models.CharField("类别", max_length=1, choices=Grade.choices)
    reason = models.CharField("说明", max_length=200, blank=True)
    details = models.JSONField("得分构成", default=list)
    computed_at = models.DateTimeField("计算时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "亩均评价结果"
        verbose_name_plural = "亩均评价结果"
        ordering = ["-score"]
        constraints = [models.UniqueConstraint(fields=["scheme", "enterprise"], name="evaluation_result_unique")]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.grade}"


class ImportRun(models.Model):
    """One upload of the statistics bureau's monthly sheet, read and written by the worker: the page polls
    its progress here, shows its preview, and queues the commit once confirmed. The file is kept under MEDIA_ROOT
    until the run is committed, cancelled or a day old."""

    class Status(models.TextChoices):
        READING = "reading", "读取中"
        PREVIEWED = "previewed", "待确认"
        WRITING = "writing", "写入中"
        DONE = "done", "已导入"
        FAILED = "failed", "失败"
        CANCELLED = "cancelled", "已取消"

    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="+")
    period = models.DateField("月份")
    filename = models.CharField("文件名", max_length=200)
    kept_file = models.CharField(max_length=200, blank=True)
    create_missing = models.BooleanField("登记表中新企业", default=False)
    # None: the sheet's title decides (规模以上 in it); True/False: the user said so.
    scale_sheet = models.BooleanField("规上表", null=True, blank=True)
    mappings = models.JSONField("手工对应的表头", default=dict, blank=True)  # header → indicator code
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.READING)
    # What the worker is doing (import_runs: reading, checking, writing); blank while the run waits for it.
    phase = models.CharField(max_length=10, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    preview = models.JSONField(null=True, blank=True)
    outcome = models.JSONField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "统计数据导入"
        verbose_name_plural = "统计数据导入"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
