"""招商引资: investment projects from the first lead to production, their stage changes, the agreement
signed at 签约, the 招商活动 that produce leads, and 入园联审: the meetings that admit projects to the
park against the entry criteria of the year.

One record all the way: at 注册 the project links to the enterprise of the registry (economy), at 开工
to the key project of 重点项目调度 (projects); both are the other modules' own records, reached by a
foreign key, never copied. Money is in 万元 (Decimal); a foreign project's amount is kept in 万美元 too,
with the exchange rate used.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from parkops.core.models import SoftDeleteModel, VersionedModel
from parkops.investment.choices import ActivityKind, CapitalSource, Decision, Opinion, ReviewKind, Stage
from parkops.investment.review import ratio_text
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


# --- 入园联审 -------------------------------------------------------------------------------------------

# 《工业项目建设用地控制指标》(国土资发〔2008〕24号): the lowest 容积率 by industry, named as the park names
# its chains. An industry not listed is held to the general minimum.
DEFAULT_PLOT_RATIO_BY_INDUSTRY = {
    "纺织服装": "0.8", "有色金属": "0.6", "装备制造": "0.7", "电子信息": "1.0", "新能源电池": "0.7",
    "化工": "0.6", "医药": "0.7", "食品": "1.0", "建材": "0.7",
}
# Industries no park of the province admits (the "小乱散污" seed 004 says are kept out).


def default_plot_ratios() -> dict:
    return dict(DEFAULT_PLOT_RATIO_BY_INDUSTRY)


DEFAULT_NEGATIVE_LIST = "小冶炼\n小化工\n小造纸\n电镀\n印染\n制革\n农药原药\n铅酸蓄电池"


class ReviewCriteria(models.Model):
    """入园标准: what a project must meet to enter the park, set per park and year by the supervisor.
    The defaults are the rules parks apply (seed 004: no land for a need under 15亩; 投资强度, 容积率);
    investment.review is the one function that holds a project against them."""

    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="review_criteria")
    year = models.PositiveSmallIntegerField("年度")
    min_land_mu = models.DecimalField("单个项目最小用地（亩）", max_digits=8, decimal_places=2, default=15,
                                      help_text="用地需求不足此数的不再单独供地（可租赁标准厂房）")
    investment_intensity_min = models.DecimalField("投资强度下限（万元/亩）", max_digits=10, decimal_places=2,
                                                   default=300)
    tax_per_mu_min = models.DecimalField("亩均税收下限（万元/亩·年）", max_digits=10, decimal_places=2, default=30,
                                         help_text="按达产后年税收计")
    plot_ratio_min = models.DecimalField("容积率下限", max_digits=5, decimal_places=2, default=1,
                                         help_text="行业另有规定的按下方行业容积率表")
    building_density_min = models.DecimalField("建筑系数下限（%）", max_digits=5, decimal_places=2, default=40)
    plot_ratio_by_industry = models.JSONField("行业最低容积率", default=default_plot_ratios, blank=True)
    negative_list = models.TextField("负面清单行业", blank=True, default=DEFAULT_NEGATIVE_LIST,
                                     help_text="每行一个行业；项目所属行业含其中任一词即不得入园")
    conditional_margin = models.DecimalField("可附条件通过的差距（%）", max_digits=5, decimal_places=2, default=20,
                                             help_text="投资强度、亩均税收低于下限不超过此比例的，可附条件通过")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    history = HistoricalRecords()

    # Set by selectors.criteria_for on an unsaved copy of an earlier year's criteria: that year.
    inherited_from: int | None = None

    class Meta:
        verbose_name = "入园标准"
        verbose_name_plural = "入园标准"
        ordering = ["park", "-year"]
        constraints = [models.UniqueConstraint(fields=["park", "year"], name="review_criteria_unique_year")]

    def __str__(self) -> str:
        return f"{self.year}年入园标准"

    @property
    def plot_ratio_min_text(self) -> str:
        """容积率 as planners write it (1.0, not 1)."""
        return ratio_text(self.plot_ratio_min)

    def negative_industries(self) -> list[str]:
        text = self.negative_list.replace("、", "\n").replace("，", "\n").replace(",", "\n")
        return [line.strip() for line in text.splitlines() if line.strip()]


class ReviewMeeting(models.Model):
    """联审会议: 第N次 of its kind in the year, hosted by a unit (商务局 or the park's 招商 office), with the
    member departments that give their opinion on each project."""

    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="review_meetings")
    kind = models.CharField("会议类别", max_length=10, choices=ReviewKind.choices)
    held_on = models.DateField("会议日期")
    year = models.PositiveSmallIntegerField("年度", editable=False)
    number = models.PositiveSmallIntegerField("次序", help_text="本年度同类会议第几次")
    host = models.CharField("主持人", max_length=50, help_text="如：管委会主任 王晓君")
    host_unit = models.ForeignKey(Unit, verbose_name="牵头单位", on_delete=models.PROTECT,
                                  related_name="hosted_review_meetings")
    members = models.ManyToManyField(Unit, verbose_name="成员单位", related_name="review_meetings",
                                     help_text="提出意见的部门（自然资源、生态环境、应急管理、税务等）")
    place = models.CharField("会议地点", max_length=100, blank=True)
    other_matters = models.TextField("其他议定事项", blank=True, help_text="写入会议纪要“其他事项”")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "联审会议"
        verbose_name_plural = "联审会议"
        ordering = ["-held_on", "-number", "-pk"]
        constraints = [models.UniqueConstraint(fields=["park", "kind", "year", "number"],
                                               name="review_meeting_unique_number")]

    def __str__(self) -> str:
        return f"{self.year}年第{self.number}次{self.get_kind_display()}入园联审会议"

    def save(self, *args, **kwargs):
        self.year = self.held_on.year
        super().save(*args, **kwargs)


class ReviewItem(models.Model):
    """A project on a meeting's agenda, with the figures of its application the criteria are held
    against (copied from the project when it is put on, corrected here), and what the meeting decided."""

    meeting = models.ForeignKey(ReviewMeeting, on_delete=models.CASCADE, related_name="items")
    project = models.ForeignKey(InvestmentProject, verbose_name="招商项目", on_delete=models.PROTECT,
                                related_name="review_items")
    order = models.PositiveSmallIntegerField("上会顺序", default=0)
    industry = models.CharField("所属行业", max_length=50, blank=True)
    investment = models.DecimalField("总投资（万元）", **MONEY, null=True, blank=True)
    fixed_investment = models.DecimalField("固定资产投资（万元）", **MONEY, null=True, blank=True,
                                           help_text="投资强度按此计；不填按总投资")
    land_mu = models.DecimalField("拟用地（亩）", max_digits=10, decimal_places=2, null=True, blank=True)
    factory_area = models.DecimalField("租赁厂房面积（平方米）", max_digits=12, decimal_places=2, null=True, blank=True)
    converted_mu = models.DecimalField("折算用地（亩）", max_digits=10, decimal_places=2, null=True, blank=True,
                                       help_text="租赁厂房项目按厂房占地折算，用于计算亩均税收")
    output_per_year = models.DecimalField("达产后年主营业务收入（万元）", **MONEY, null=True, blank=True)
    tax_per_year = models.DecimalField("达产后年税收（万元）", **MONEY, null=True, blank=True)
    plot_ratio = models.DecimalField("容积率", max_digits=5, decimal_places=2, null=True, blank=True)
    building_density = models.DecimalField("建筑系数（%）", max_digits=5, decimal_places=2, null=True, blank=True)
    # One-vote vetoes: None is "not yet checked", which holds the project back until it is.
    dishonest = models.BooleanField("投资方为失信被执行人", null=True, blank=True)
    penalty_open = models.BooleanField("有未结的环保、安监处罚", null=True, blank=True)
    illegal_land = models.BooleanField("有违法用地行为", null=True, blank=True)
    decision = models.CharField("会议决定", max_length=20, choices=Decision.choices, blank=True)
    conditions = models.TextField("通过条件", blank=True)
    decision_note = models.CharField("决定说明", max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField("登记时间", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "上会项目"
        verbose_name_plural = "上会项目"
        ordering = ["meeting", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "project"], name="review_item_unique_project")]

    def __str__(self) -> str:
        return f"{self.meeting}：{self.project}"


class ReviewOpinion(models.Model):
    """A member department's opinion on one project, one per department, corrected in place (the history
    keeps what it said before)."""

    item = models.ForeignKey(ReviewItem, on_delete=models.CASCADE, related_name="opinions")
    unit = models.ForeignKey(Unit, verbose_name="成员单位", on_delete=models.PROTECT, related_name="+")
    opinion = models.CharField("意见", max_length=20, choices=Opinion.choices)
    text = models.TextField("具体意见", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "成员单位意见"
        verbose_name_plural = "成员单位意见"
        ordering = ["item", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["item", "unit"], name="review_opinion_unique_unit")]

    def __str__(self) -> str:
        return f"{self.unit}：{self.get_opinion_display()}"
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
