"""土地与厂房: the park's parcels (宗地) and the disposal case (处置台账) of each idle or inefficient one.

A parcel's holder is the registry's enterprise (economy) and the key project built on it is 重点项目调度's
(projects): both the other modules' own records, reached by a foreign key, never copied. The ledger's
原用地单位 is kept as written too, for a holder not (or no longer) in the registry. Areas are in 亩 (the
unit every ledger and report uses), money in 万元. A parcel's use status is not stored: land.rules works
it out from the dates and figures whenever it is read, so it turns 闲置 on the day the rule says.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from parkops.core.models import SoftDeleteModel, VersionedModel
from parkops.land.choices import LandUse, LedgerKind, SupplyMethod
from parkops.land.rules import SQM_PER_MU
from parkops.org.models import Park, Person, Unit, Zone

MU = {"max_digits": 12, "decimal_places": 2}
MONEY = {"max_digits": 14, "decimal_places": 2}
RATIO = {"max_digits": 6, "decimal_places": 2}


class LandRules(models.Model):
    """A park's own thresholds for the use-status rule, over the defaults in settings (LAND_RULES). The
    statutory ones (one and two full years, one third of the area, 25% of the investment, the 20% fee)
    are 《闲置土地处置办法》's and not a park's to change."""

    park = models.OneToOneField(Park, verbose_name="园区", on_delete=models.CASCADE, related_name="land_rules")
    suspect_days = models.PositiveIntegerField("疑似闲置提前预警天数", null=True, blank=True,
                                               help_text="距认定闲置还有多少天起标为“疑似闲置”；不填按系统默认")
    tax_per_mu_floor = models.DecimalField("低效用地亩均税收下限（万元/亩）", **MONEY, null=True, blank=True,
                                           help_text="已建成投产的宗地，用地企业亩均税收低于此数即为“低效”")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "土地利用认定标准"
        verbose_name_plural = "土地利用认定标准"

    def __str__(self) -> str:
        return f"{self.park}土地利用认定标准"


class Parcel(SoftDeleteModel, VersionedModel):
    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="parcels")
    number = models.CharField("宗地编号", max_length=50, blank=True)
    location = models.CharField("宗地位置", max_length=200)
    zone = models.ForeignKey(Zone, verbose_name="片区", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="parcels")
    area_mu = models.DecimalField("面积（亩）", **MU)
    use = models.CharField("用途", max_length=20, choices=LandUse.choices, default=LandUse.INDUSTRIAL)
    supply_method = models.CharField("供地方式", max_length=20, choices=SupplyMethod.choices,
                                     default=SupplyMethod.TRANSFER)
    approval_number = models.CharField("批准文号", max_length=80, blank=True,
                                       help_text="农用地转用、土地征收的批准文件文号（批准用地）")
    approved_on = models.DateField("批准日期", null=True, blank=True)
    supplied_on = models.DateField("供地日期", null=True, blank=True,
                                   help_text="签订出让合同或核发划拨决定书之日；未供地的不填")
    contract_number = models.CharField("出让合同号", max_length=80, blank=True)
    land_price = models.DecimalField("土地出让价款（万元）", **MONEY, null=True, blank=True,
                                     help_text="土地闲置费按出让价款的20%计")
    holder_name = models.CharField("原用地单位", max_length=200, blank=True,
                                   help_text="台账所写的用地单位名称；企业库中有该企业时另行关联")
    holder = models.ForeignKey("economy.Enterprise", verbose_name="用地企业", on_delete=models.PROTECT,
                               null=True, blank=True, related_name="parcels")
    agreed_investment = models.DecimalField("约定总投资（万元）", **MONEY, null=True, blank=True)
    invested = models.DecimalField("已完成投资（万元）", **MONEY, null=True, blank=True)
    developed_mu = models.DecimalField("已动工开发面积（亩）", **MU, null=True, blank=True)
    plot_ratio_min = models.DecimalField("容积率下限", **RATIO, null=True, blank=True)
    plot_ratio_max = models.DecimalField("容积率上限", **RATIO, null=True, blank=True)
    density_min = models.DecimalField("建筑密度下限（%）", **RATIO, null=True, blank=True)
    greening_max = models.DecimalField("绿地率上限（%）", **RATIO, null=True, blank=True)
    agreed_delivery_on = models.DateField("约定交地日期", null=True, blank=True)
    delivered_on = models.DateField("实际交地日期", null=True, blank=True)
    agreed_start_on = models.DateField("约定开工日期", null=True, blank=True)
    started_on = models.DateField("实际开工日期", null=True, blank=True)
    agreed_completion_on = models.DateField("约定竣工日期", null=True, blank=True)
    completed_on = models.DateField("实际竣工日期", null=True, blank=True)
    stopped_on = models.DateField("中止开发建设日期", null=True, blank=True,
                                  help_text="已开工后停工的，填写停工之日；复工后清空")
    key_project = models.ForeignKey("projects.Project", verbose_name="重点项目", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="parcels")
    outline = models.JSONField("宗地轮廓", default=list, blank=True,
                               help_text="园区平面图上的多边形顶点 [[x, y], …]，按平面图（处理后）的像素坐标")
    ledger_kind = models.CharField("台账类型", max_length=20, choices=LedgerKind.choices, blank=True)
    cause = models.CharField("形成原因", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "宗地"
        verbose_name_plural = "宗地"
        ordering = ["location", "pk"]
        constraints = [models.UniqueConstraint(fields=["park", "number"], condition=~models.Q(number=""),
                                               name="parcel_unique_number")]

    def __str__(self) -> str:
        holder = self.holder_label
        return f"{holder}（{self.location}）" if holder else self.location

    @property
    def holder_label(self) -> str:
        return self.holder.name if self.holder_id and self.holder else self.holder_name

    @property
    def area_sqm(self) -> Decimal:
        return (Decimal(self.area_mu) * SQM_PER_MU).quantize(Decimal("0.01"))


class ParkPlan(models.Model):
    """The park's own plan (总平面图), uploaded: no online map service is reachable on a government intranet,
    so a parcel's outline is drawn on this picture, in its pixels. Stored re-encoded from its pixels alone
    (land.plans): no EXIF, no location, no larger than settings.LAND_PLAN_MAX_PIXELS."""

    park = models.OneToOneField(Park, verbose_name="园区", on_delete=models.CASCADE, related_name="land_plan")
    image = models.FileField("平面图", upload_to="land/plans/")
    original_name = models.CharField(max_length=255)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "园区平面图"
        verbose_name_plural = "园区平面图"

    def __str__(self) -> str:
        return f"{self.park}平面图"


class DisposalMethod(models.Model):
    """处置方式: the seven every park has (choices.BUILTIN_METHODS) and those a park adds."""

    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.CASCADE, related_name="disposal_methods")
    name = models.CharField("处置方式", max_length=30)
    position = models.PositiveIntegerField("排序", default=100)

    class Meta:
        verbose_name = "处置方式"
        verbose_name_plural = "处置方式"
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["park", "name"], name="disposal_method_unique_name")]

    def __str__(self) -> str:
        return self.name


class DisposalCase(VersionedModel):
    """The 处置台账's line for one parcel: how it is to be disposed of, by whom, by when, and its result
    once closed (the 亩 盘活 and the enterprise or key project now on it)."""

    parcel = models.OneToOneField(Parcel, verbose_name="宗地", on_delete=models.CASCADE, related_name="case")
    method = models.ForeignKey(DisposalMethod, verbose_name="处置方式", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="cases")
    progress = models.TextField("处置进展", blank=True)
    responsible_unit = models.ForeignKey(Unit, verbose_name="责任单位", on_delete=models.PROTECT, null=True,
                                         blank=True, related_name="disposal_cases")
    leader = models.ForeignKey(Person, verbose_name="责任领导", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="disposal_cases")
    opened_on = models.DateField("立案日期", default=timezone.localdate)
    deadline = models.DateField("完成时限", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True, editable=False)
    revitalised_mu = models.DecimalField("盘活面积（亩）", **MU, null=True, blank=True, editable=False)
    new_enterprise = models.ForeignKey("economy.Enterprise", verbose_name="盘活后用地企业", on_delete=models.PROTECT,
                                       null=True, blank=True, editable=False, related_name="disposal_cases")
    new_project = models.ForeignKey("projects.Project", verbose_name="盘活后项目", on_delete=models.PROTECT,
                                    null=True, blank=True, editable=False, related_name="disposal_cases")
    result = models.CharField("处置结果", max_length=300, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "处置台账"
        verbose_name_plural = "处置台账"
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return f"{self.parcel}处置"

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None


class DisposalStep(models.Model):
    """A step of a case (约谈, 评估, 挂牌, 签约 …), planned and done: a step past its day undone is 滞后."""

    case = models.ForeignKey(DisposalCase, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField("工作步骤", max_length=200)
    planned_on = models.DateField("计划完成日期", null=True, blank=True)
    done_on = models.DateField("完成日期", null=True, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "处置步骤"
        verbose_name_plural = "处置步骤"
        ordering = ["case", "planned_on", "pk"]

    def __str__(self) -> str:
        return self.title


class RevitaliseTarget(models.Model):
    """The year's 盘活 target in 亩 (the 政府工作报告's "盘活土地350亩以上"), against which the leader's view
    sets the year's progress. A supervision task may bind the same figure (land.revitalised_mu) itself."""

    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.CASCADE, related_name="revitalise_targets")
    year = models.PositiveSmallIntegerField("年度")
    target_mu = models.DecimalField("盘活目标（亩）", **MU)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "盘活目标"
        verbose_name_plural = "盘活目标"
        constraints = [models.UniqueConstraint(fields=["park", "year"], name="revitalise_target_unique")]

    def __str__(self) -> str:
        return f"{self.year}年盘活目标"


class Building(models.Model):
    """标准厂房: a building the park lets to enterprises (轻资产 entry), on a parcel, built as a key project."""

    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="factory_buildings")
    name = models.CharField("厂房名称", max_length=100, help_text="如“标准厂房3号楼”")
    zone = models.ForeignKey(Zone, verbose_name="片区", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="factory_buildings")
    parcel = models.ForeignKey(Parcel, verbose_name="所在宗地", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="buildings")
    key_project = models.ForeignKey("projects.Project", verbose_name="建设项目", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="factory_buildings")
    floors = models.PositiveSmallIntegerField("层数", default=1)
    floor_area = models.DecimalField("建筑面积（平方米）", max_digits=12, decimal_places=2)
    plot_ratio = models.DecimalField("容积率", **RATIO, null=True, blank=True,
                                     help_text="所在宗地的容积率：入驻企业按“租赁面积÷（容积率×666.67）”折算用地亩数")
    completed_on = models.DateField("竣工日期", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "标准厂房"
        verbose_name_plural = "标准厂房"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["park", "name"], name="factory_building_unique_name")]

    def __str__(self) -> str:
        return self.name


class FactoryUnit(models.Model):
    """A unit of space (单元/房间) on a floor of a building: a building divided into units is let unit by unit,
    and its vacancy is worked out from them (land.selectors.buildings_on)."""

    building = models.ForeignKey(Building, verbose_name="厂房", on_delete=models.CASCADE, related_name="units")
    number = models.CharField("单元号", max_length=30, help_text="如“101”“2F-东”")
    floor = models.PositiveSmallIntegerField("楼层")
    area = models.DecimalField("面积（平方米）", max_digits=12, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "厂房单元"
        verbose_name_plural = "厂房单元"
        ordering = ["building", "floor", "number", "pk"]
        constraints = [models.UniqueConstraint(fields=["building", "number"], name="factory_unit_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}（{self.floor}层，{self.area.normalize():f}平方米）"


class Lease(models.Model):
    """A lease of space in a building to an enterprise: in force from its start to its end (or the day it
    was given up), the space vacant otherwise."""

    building = models.ForeignKey(Building, verbose_name="厂房", on_delete=models.CASCADE, related_name="leases")
    floor = models.PositiveSmallIntegerField("楼层", null=True, blank=True)
    tenant_name = models.CharField("承租企业", max_length=200)
    enterprise = models.ForeignKey("economy.Enterprise", verbose_name="企业库企业", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="factory_leases")
    area = models.DecimalField("租赁面积（平方米）", max_digits=12, decimal_places=2)  # of units: theirs
    units = models.ManyToManyField(FactoryUnit, verbose_name="租赁单元", blank=True, related_name="leases")
    rent = models.DecimalField("租金（元/平方米·月）", max_digits=8, decimal_places=2, null=True, blank=True)
    starts_on = models.DateField("起租日期")
    ends_on = models.DateField("到期日期")
    rent_free_until = models.DateField("免租期至", null=True, blank=True)
    deposit = models.DecimalField("保证金（万元）", **MONEY, null=True, blank=True)
    given_up_on = models.DateField("退租日期", null=True, blank=True, help_text="提前退租的，填写交还厂房之日")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "厂房租约"
        verbose_name_plural = "厂房租约"
        ordering = ["building", "starts_on", "pk"]

    def __str__(self) -> str:
        return f"{self.tenant_name}（{self.building}）"

    @property
    def last_day(self):
        """The last day the space is let: the day before it was given up, else its end."""
        return self.given_up_on - timedelta(days=1) if self.given_up_on else self.ends_on

    def in_force(self, on) -> bool:
        return self.starts_on <= on <= self.last_day
