from django import forms
from django.conf import settings

from parkops.core.forms import PeriodField, StyledFormMixin, VersionedFormMixin
from parkops.core.uploads import human_size
from parkops.economy import registry
from parkops.economy.creditcode import credit_code_problem, normalise_code
from parkops.economy.models import Enterprise, IndustryChain
from parkops.org.models import Park, Zone

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EnterpriseForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    """The supervisor's form; the zone and the chain are the park's own."""

    class Meta:
        model = Enterprise
        fields = ["credit_code", "name", "short_name", "legal_representative", "contact_person", "contact_phone",
                  "zone", "industry_code", "industry_name", "chain", "land_mu", "floor_area", "employees",
                  "party_organisation", "party_members", "is_active"]

    def __init__(self, *args, park: Park, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = Zone.objects.filter(park=park).order_by("name")
        self.fields["chain"].queryset = IndustryChain.objects.filter(park=park)
        self.fields["credit_code"].help_text = "18位，末位为校验码；全角、小写、空格会自动转换"
        self.fields["credit_code"].widget.attrs.update(autocomplete="off", spellcheck="false")
        # The model's validator would check the code as typed; clean_credit_code checks it normalised.
        self.fields["credit_code"].validators = []
        self.fields["credit_code"].max_length = None
        self.fields["credit_code"].widget.attrs.pop("maxlength", None)

    def clean_credit_code(self) -> str:
        code = normalise_code(self.cleaned_data["credit_code"])
        problem = credit_code_problem(code) or registry.duplicate_code_problem(code, exclude_pk=self.instance.pk)
        if problem:
            raise forms.ValidationError(problem)
        return code

    def clean_industry_code(self) -> str:
        code = self.cleaned_data["industry_code"].strip().upper()
        problem = registry.industry_code_problem(code)
        if problem:
            raise forms.ValidationError(problem)
        return code


class HonourForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="荣誉称号", max_length=50)
    awarded_on = forms.DateField(label="认定日期", widget=DATE_INPUT)
    expires_on = forms.DateField(label="有效期至", required=False, widget=DATE_INPUT,
                                 help_text="高新技术企业、专精特新等认定一般有效期三年")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["list"] = "honour-names"

    def clean(self):
        data = super().clean()
        if data.get("awarded_on") and data.get("expires_on") and data["expires_on"] < data["awarded_on"]:
            self.add_error("expires_on", "有效期至不能早于认定日期。")
        return data


class ScaleForm(StyledFormMixin, forms.Form):
    """入规 or 退规 from a month."""

    period = PeriodField(label="月份")


class RegistryImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="企业名录（.xlsx）")
    default_scale_period = PeriodField(
        label="未填入规时间的规上企业按此月份入规", required=False,
        help_text="“是否规上”为“是”但没有“入规时间”的新规上企业；不填则按本年1月")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"Excel（.xlsx），不超过{human_size(settings.IMPORT_MAX_BYTES)}"
        self.fields["file"].widget.attrs["accept"] = ".xlsx"
