from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from parkops.core.formatting import plain_number
from parkops.core.forms import BrowserDateInput, StyledFormMixin, VersionedFormMixin
from parkops.core.uploads import human_size
from parkops.investment import selectors as investment_selectors
from parkops.land.choices import CaseLight, SupplyState, UseStatus
from parkops.land.models import (
    Building,
    DisposalCase,
    DisposalMethod,
    DisposalStep,
    FactoryUnit,
    Lease,
    Parcel,
)
from parkops.land.plans import parse_points
from parkops.org.models import Person, Unit, Zone
from parkops.projects import selectors as project_selectors

DATE_FIELDS = ("approved_on", "supplied_on", "agreed_delivery_on", "delivered_on", "agreed_start_on", "started_on", "agreed_completion_on",
               "completed_on", "stopped_on")


class ParcelForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Parcel
        fields = ["number", "location", "zone", "area_mu", "use", "approval_number", "approved_on", "supply_method",
                  "supplied_on", "contract_number", "land_price",
                  "holder_name", "holder", "agreed_investment", "invested", "developed_mu", "plot_ratio_min",
                  "plot_ratio_max", "density_min", "greening_max", *DATE_FIELDS, "key_project", "ledger_kind", "cause"]
        widgets = {name: BrowserDateInput() for name in DATE_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        park = self.instance.park
        self.fields["zone"].queryset = Zone.objects.filter(park=park)
        self.fields["holder"].queryset = self.fields["holder"].queryset.filter(park=park)
        # The key project is 重点项目调度's: offered through its selectors (the hand-over .importlinter names).
        self.fields["key_project"].queryset = project_selectors.active_projects(park=park)


class CaseForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = DisposalCase
        fields = ["method", "progress", "responsible_unit", "leader", "opened_on", "deadline"]
        widgets = {"opened_on": BrowserDateInput(), "deadline": BrowserDateInput(),
                   "progress": forms.Textarea(attrs={"rows": 3})}

    new_method = forms.CharField(label="或新增处置方式", max_length=30, required=False,
                                 help_text="上列没有的方式，填写后即加入本园区的处置方式")

    def __init__(self, *args, park, own_unit: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].queryset = DisposalMethod.objects.filter(park=park)
        self.fields["responsible_unit"].queryset = Unit.objects.filter(Q(pk=own_unit.pk) if own_unit else Q(park=park))
        self.fields["leader"].queryset = Person.objects.filter(park=park)
        if own_unit is not None:  # a unit's 填报员 records progress, not who is responsible
            for name in ("responsible_unit", "leader", "method", "opened_on", "deadline"):
                self.fields[name].disabled = True
            self.fields["new_method"].disabled = True


class StepForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = DisposalStep
        fields = ["title", "planned_on", "done_on", "note"]
        widgets = {"planned_on": BrowserDateInput(), "done_on": BrowserDateInput()}


class CloseForm(StyledFormMixin, forms.Form):
    on = forms.DateField(label="办结日期", widget=BrowserDateInput())
    revitalised_mu = forms.DecimalField(label="盘活面积（亩）", min_value=0, max_digits=12, decimal_places=2)
    result = forms.CharField(label="处置结果", max_length=300, required=False)
    credit_code = forms.CharField(label="盘活后用地企业统一社会信用代码", max_length=30, required=False,
                                  help_text="关联企业库中的同一企业（没有则登记）")
    enterprise_name = forms.CharField(label="企业名称", max_length=200, required=False)
    project = forms.ModelChoiceField(label="盘活后建设的重点项目", queryset=None, required=False)

    def __init__(self, *args, park, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = project_selectors.active_projects(park=park)


class FilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="关键词", required=False)
    status = forms.ChoiceField(label="利用状态", choices=[("", "全部"), *UseStatus.choices], required=False)
    supply = forms.ChoiceField(label="供地情况", choices=[("", "全部"), *SupplyState.choices], required=False)
    zone = forms.ModelChoiceField(label="片区", queryset=Zone.objects.all(), required=False, empty_label="全部片区")

    def filter(self, parcels):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("q"):
            q = data["q"].strip()
            parcels = parcels.filter(Q(location__icontains=q) | Q(holder_name__icontains=q) | Q(number__icontains=q)
                                     | Q(holder__name__icontains=q))
        if data.get("zone"):
            parcels = parcels.filter(zone=data["zone"])
        return parcels

    @property
    def wanted_status(self) -> str:
        return self.cleaned_data.get("status", "") if self.is_bound and self.is_valid() else ""

    @property
    def wanted_supply(self) -> str:
        return self.cleaned_data.get("supply", "") if self.is_bound and self.is_valid() else ""


class BoardFilterForm(StyledFormMixin, forms.Form):
    light = forms.ChoiceField(label="亮灯", choices=[("", "全部"), *CaseLight.choices], required=False)


class LedgerImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="低效闲置工业用地处置台账")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"Excel（.xlsx）或Word（.docx），不超过{human_size(settings.IMPORT_MAX_BYTES)}"
        self.fields["file"].widget.attrs["accept"] = ".docx,.xlsx"


class BuildingForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Building
        fields = ["name", "zone", "parcel", "key_project", "floors", "floor_area", "plot_ratio", "completed_on"]
        widgets = {"completed_on": BrowserDateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        park = self.instance.park
        self.fields["zone"].queryset = Zone.objects.filter(park=park)
        self.fields["parcel"].queryset = Parcel.objects.filter(park=park)
        self.fields["key_project"].queryset = project_selectors.active_projects(park=park)


def entrant_label(item) -> str:
    project = item.project
    who = project.enterprise.name if project.enterprise_id else (project.investor or "投资方未填")
    area = f"，拟租{plain_number(item.factory_area)}平方米" if item.factory_area else ""
    return f"{project.name}（{who}；{item.meeting}{item.get_decision_display()}{area}）"


class LeaseForm(StyledFormMixin, forms.ModelForm):
    """A lease: of units in a building divided into them (its area and floor theirs), else of an area. Its
    tenant may be a project the 入园联审 let into a standard factory (investment.selectors.admitted_items,
    the hand-over .importlinter names): the lease is then its registered enterprise's."""

    entrant = forms.TypedChoiceField(label="入园联审通过的租赁厂房项目", required=False, coerce=int, empty_value=None,
                                     help_text="选择后承租企业按该项目的注册企业（未注册的按投资方）登记")
    chosen_units = forms.ModelMultipleChoiceField(label="租赁单元", queryset=FactoryUnit.objects.none(), required=False,
                                                  widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Lease
        fields = ["tenant_name", "floor", "area", "rent", "starts_on", "ends_on", "rent_free_until", "deposit"]
        widgets = {"starts_on": BrowserDateInput(), "ends_on": BrowserDateInput(),
                   "rent_free_until": BrowserDateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tenant_name"].required = False  # or the entrant's (clean)
        building = self.instance.building
        self.entrants = {item.pk: item for item in investment_selectors.factory_entrants(
            park=building.park_id, until=timezone.localdate())}
        if self.entrants:
            self.fields["entrant"].choices = [("", "（不是联审项目）"), *((pk, entrant_label(item))
                                                                    for pk, item in self.entrants.items())]
        else:
            del self.fields["entrant"]
        units = FactoryUnit.objects.filter(building_id=self.instance.building_id)
        if units.exists():
            self.fields["chosen_units"].queryset = units
            self.fields["chosen_units"].required = True
            self.fields["chosen_units"].widget.attrs["class"] = "form-check-input"
            del self.fields["area"], self.fields["floor"]  # the units' own
        else:
            del self.fields["chosen_units"]
        self.order_fields(["entrant", "tenant_name", "chosen_units"])

    def clean(self):
        data = super().clean()
        item = self.entrants.get(data.get("entrant"))
        if item is not None:
            project = item.project
            self.instance.enterprise = project.enterprise
            if not data.get("tenant_name"):
                data["tenant_name"] = project.enterprise.name if project.enterprise_id else (project.investor or project.name)
                self.instance.tenant_name = data["tenant_name"]
        if not data.get("tenant_name"):
            self.add_error("tenant_name", "请填写承租企业，或选择入园联审通过的项目。")
        return data

    @property
    def units(self) -> list[FactoryUnit] | None:
        return list(self.cleaned_data["chosen_units"]) if "chosen_units" in self.fields else None


class UnitForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = FactoryUnit
        fields = ["number", "floor", "area"]


class GiveUpForm(StyledFormMixin, forms.Form):
    on = forms.DateField(label="退租日期", widget=BrowserDateInput())


class PlanUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="园区平面图")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (f"PNG或JPEG图片，不超过{human_size(settings.ATTACHMENT_MAX_BYTES)}；"
                                         f"保存时去除拍摄信息，长边缩至{settings.LAND_PLAN_MAX_PIXELS}像素以内")
        self.fields["file"].widget.attrs["accept"] = ".png,.jpg,.jpeg"


class OutlineForm(StyledFormMixin, forms.Form):
    points = forms.CharField(label="轮廓顶点", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="在平面图上依次点击宗地的各个拐点；也可直接填写“横坐标,纵坐标”，各点以空格分隔。"
                                       "清空后保存即清除轮廓")

    def clean_points(self):
        return parse_points(self.cleaned_data["points"])
