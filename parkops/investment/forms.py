from decimal import Decimal

from django import forms
from django.conf import settings
from django.db.models import Q

from parkops.core.forms import BrowserDateInput, StyledFormMixin, VersionedFormMixin
from parkops.core.uploads import human_size
from parkops.investment.choices import CapitalSource, Decision, Opinion, ReviewKind, Stage
from parkops.investment.models import (
    ContractRules,
    InvestmentActivity,
    InvestmentProject,
    ReviewCriteria,
    ReviewItem,
    ReviewMeeting,
)
from parkops.org.models import Person, Unit


class ProjectForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    """A unit's 填报员 registers projects for his own unit only: the 招商单位 field is then his unit, fixed."""

    class Meta:
        model = InvestmentProject
        fields = ["name", "investor", "capital_source", "origin_province", "origin_city", "origin_country",
                  "foreign_amount", "exchange_rate", "total_investment", "industry_chain", "land_mu", "factory_area",
                  "unit", "tracker", "contact_name", "contact_phone"]

    def __init__(self, *args, own_unit: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        park = self.instance.park
        self.fields["unit"].queryset = Unit.objects.filter(park=park)
        self.fields["tracker"].queryset = Person.objects.filter(park=park)
        self.fields["total_investment"].required = False
        self.fields["total_investment"].help_text = "外资项目填写万美元金额和汇率后自动折算"
        if own_unit is not None:
            self.fields["unit"].queryset = Unit.objects.filter(pk=own_unit.pk)
            self.fields["unit"].initial = own_unit.pk
            self.fields["unit"].required = True
            self.fields["unit"].empty_label = None

    def clean(self):
        data = super().clean()
        if data.get("capital_source") != CapitalSource.FOREIGN and data.get("total_investment") is None:
            self.add_error("total_investment", "请填写计划总投资（万元）。")
        if data.get("capital_source") == CapitalSource.FOREIGN and data.get("foreign_amount") is None \
                and data.get("total_investment") is None:
            self.add_error("foreign_amount", "请填写外资金额（万美元）或计划总投资（万元）。")
        return data


ADVANCE_CHOICES = [(s.value, s.label) for s in Stage if s != Stage.LEAD]


class StageForm(StyledFormMixin, forms.Form):
    stage = forms.ChoiceField(label="进入阶段", choices=ADVANCE_CHOICES)
    on = forms.DateField(label="日期", widget=BrowserDateInput())
    note = forms.CharField(label="说明", max_length=300, required=False)
    # 签约
    agreement_total = forms.DecimalField(label="协议总投资（万元）", min_value=0, max_digits=14, decimal_places=2,
                                         required=False, help_text="签约时填写；不填按计划总投资")
    first_phase = forms.DecimalField(label="一期投资（万元）", min_value=0, max_digits=14, decimal_places=2,
                                     required=False)
    start_by = forms.DateField(label="承诺开工日期", required=False, widget=BrowserDateInput())
    production_by = forms.DateField(label="承诺投产日期", required=False, widget=BrowserDateInput())
    output_at_full = forms.DecimalField(label="达产后年产值（万元）", min_value=0, max_digits=14, decimal_places=2,
                                        required=False)
    tax_at_full = forms.DecimalField(label="达产后年税收（万元）", min_value=0, max_digits=14, decimal_places=2,
                                     required=False)
    # 注册
    credit_code = forms.CharField(label="统一社会信用代码", max_length=30, required=False,
                                  help_text="进入“注册”时必填：关联企业库中的同一企业（没有则登记）")
    enterprise_name = forms.CharField(label="注册企业名称", max_length=200, required=False,
                                      help_text="企业库中尚无该企业时，以此名称登记")
    # 终止
    terminated_reason = forms.CharField(label="终止原因", max_length=300, required=False)

    SECTIONS = (("签约时填写", ("agreement_total", "first_phase", "start_by", "production_by", "output_at_full",
                                "tax_at_full")),
                ("注册时填写", ("credit_code", "enterprise_name")),
                ("终止时填写", ("terminated_reason",)))

    def __init__(self, *args, current: str = Stage.LEAD, **kwargs):
        super().__init__(*args, **kwargs)
        rank = Stage.rank(current)
        self.fields["stage"].choices = [(value, label) for value, label in ADVANCE_CHOICES
                                        if value == Stage.TERMINATED or Stage.rank(value) > rank]

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]


class ActivityForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = InvestmentActivity
        fields = ["kind", "held_on", "title", "place", "unit", "leads", "note"]
        widgets = {"held_on": BrowserDateInput(), "note": forms.Textarea(attrs={"rows": 3}),
                   "leads": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, leads=None, own_unit: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        park = self.instance.park
        self.fields["unit"].queryset = Unit.objects.filter(Q(pk=own_unit.pk) if own_unit else Q(park=park))
        if own_unit is not None:
            self.fields["unit"].initial = own_unit.pk
            self.fields["unit"].required = True
            self.fields["unit"].empty_label = None
        self.fields["leads"].queryset = leads if leads is not None else InvestmentProject.objects.none()
        self.fields["leads"].help_text = "本次活动新产生或推进的招商项目（按住Ctrl多选）"


class FilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="关键词", required=False)
    unit = forms.ModelChoiceField(label="招商单位", queryset=Unit.objects.all(), required=False, empty_label="全部单位")
    capital_source = forms.ChoiceField(label="内资/外资", choices=[("", "全部"), *CapitalSource.choices], required=False)

    def filter(self, projects):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("q"):
            q = data["q"].strip()
            projects = projects.filter(Q(name__icontains=q) | Q(investor__icontains=q) | Q(industry_chain__icontains=q))
        if data.get("unit"):
            projects = projects.filter(unit=data["unit"])
        if data.get("capital_source"):
            projects = projects.filter(capital_source=data["capital_source"])
        return projects


class LedgerImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="招商引资项目台账")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"Excel（.xlsx）或Word（.docx），不超过{human_size(settings.IMPORT_MAX_BYTES)}"
        self.fields["file"].widget.attrs["accept"] = ".docx,.xlsx"


# --- 入园联审 -------------------------------------------------------------------------------------------

TRI_STATE = [("", "未核查"), ("false", "否"), ("true", "是")]


class TriStateField(forms.TypedChoiceField):
    """A veto as checked: 是, 否, or not yet checked (None, which holds the project back)."""

    def __init__(self, **kwargs):
        super().__init__(choices=TRI_STATE, coerce=lambda v: v == "true", empty_value=None, required=False, **kwargs)

    def prepare_value(self, value):
        return "" if value is None else ("true" if value in (True, "true", "True") else "false")


class MeetingForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ReviewMeeting
        fields = ["kind", "held_on", "number", "host", "host_unit", "members", "place", "other_matters"]
        widgets = {"held_on": BrowserDateInput(), "other_matters": forms.Textarea(attrs={"rows": 3}),
                   "members": forms.CheckboxSelectMultiple()}

    def __init__(self, *args, own_unit: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        park = self.instance.park
        self.fields["host_unit"].queryset = Unit.objects.filter(Q(pk=own_unit.pk) if own_unit else Q(park=park))
        self.fields["members"].queryset = Unit.objects.filter(park=park).order_by("name")
        if own_unit is not None:
            self.fields["host_unit"].initial = own_unit.pk
            self.fields["host_unit"].empty_label = None


class ItemAddForm(StyledFormMixin, forms.Form):
    project = forms.ModelChoiceField(label="上会项目", queryset=InvestmentProject.objects.none(),
                                     empty_label="选择招商项目")

    def __init__(self, *args, projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects if projects is not None else InvestmentProject.objects.none()


class ItemForm(StyledFormMixin, forms.ModelForm):
    dishonest = TriStateField(label="投资方为失信被执行人")
    penalty_open = TriStateField(label="有未结的环保、安监处罚")
    illegal_land = TriStateField(label="有违法用地行为")

    class Meta:
        model = ReviewItem
        fields = ["industry", "investment", "fixed_investment", "land_mu", "factory_area", "converted_mu",
                  "output_per_year", "tax_per_year", "plot_ratio", "building_density", "dishonest",
                  "penalty_open", "illegal_land"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.meeting.kind == ReviewKind.LAND:
            for name in ("factory_area", "converted_mu"):
                del self.fields[name]
        else:
            for name in ("fixed_investment", "land_mu", "plot_ratio", "building_density"):
                del self.fields[name]


class OpinionForm(StyledFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label="成员单位", queryset=Unit.objects.none(), empty_label=None)
    opinion = forms.ChoiceField(label="意见", choices=Opinion.choices, widget=forms.RadioSelect)
    text = forms.CharField(label="具体意见", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="有条件同意写明条件，不同意写明理由")

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("name")


class DecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(label="会议决定", choices=Decision.choices, widget=forms.RadioSelect)
    conditions = forms.CharField(label="通过条件", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                 help_text="附条件通过时填写，多个条件用分号隔开")
    note = forms.CharField(label="决定说明", max_length=300, required=False,
                           help_text="与系统建议不同时必填：写明会议的理由")


class CriteriaForm(StyledFormMixin, forms.ModelForm):
    industry_table = forms.CharField(
        label="行业最低容积率", required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="每行一个行业，写作“行业：容积率”，如“纺织服装：0.8”；未列出的行业按容积率下限")

    class Meta:
        model = ReviewCriteria
        fields = ["min_land_mu", "investment_intensity_min", "tax_per_mu_min", "plot_ratio_min",
                  "building_density_min", "conditional_margin", "negative_list"]
        widgets = {"negative_list": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        table = self.instance.plot_ratio_by_industry or {}
        self.fields["industry_table"].initial = "\n".join(f"{k}：{v}" for k, v in table.items())

    def clean_industry_table(self):
        table = {}
        for number, line in enumerate(self.cleaned_data["industry_table"].splitlines(), start=1):
            if not line.strip():
                continue
            name, sep, value = line.replace(":", "：").replace("=", "：").partition("：")
            try:
                ratio = Decimal(value.strip())
            except ArithmeticError:
                ratio = None
            if not sep or not name.strip() or ratio is None or ratio <= 0:
                raise forms.ValidationError(f"第{number}行“{line.strip()}”应写作“行业：容积率”，如“纺织服装：0.8”。")
            table[name.strip()] = str(ratio)
        return table

    def save(self, commit=True):
        self.instance.plot_ratio_by_industry = self.cleaned_data["industry_table"]
        return super().save(commit=commit)


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2099, required=False)
class ContractFilterForm(FilterForm):
    """The 履约 list: the board's filters and the light."""

    light = forms.ChoiceField(label="履约亮灯", required=False,
                              choices=[("", "全部"), ("red", "红灯"), ("yellow", "黄灯"), ("green", "绿灯")])

    def filter_lights(self, rows):
        light = self.cleaned_data.get("light") if self.is_bound and self.is_valid() else ""
        return [row for row in rows if row.light.light == light] if light else rows


class ContractRulesForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ContractRules
        fields = ["land_months", "factory_months", "from_start"]
