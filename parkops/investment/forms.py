from django import forms
from django.conf import settings
from django.db.models import Q

from parkops.core.forms import BrowserDateInput, StyledFormMixin, VersionedFormMixin
from parkops.core.uploads import human_size
from parkops.investment.choices import CapitalSource, Stage
from parkops.investment.models import ContractRules, InvestmentActivity, InvestmentProject
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
