from django import forms

from parkops.core.forms import BrowserDateInput, StyledFormMixin
from parkops.economy.selectors import enterprise_choices
from parkops.org.models import Unit
from parkops.services.choices import Category, Light, Rating, Status
from parkops.services.models import DEFAULT_LIMITS


class RequestForm(StyledFormMixin, forms.Form):
    """A new request. An enterprise user gives only the category, the content and a contact; the park or a
    liaison names the enterprise (from the registry, or as written) and may route it at once."""

    enterprise = forms.ModelChoiceField(label="企业（企业库）", queryset=enterprise_choices(park=None).none(), required=False)
    enterprise_name = forms.CharField(label="或填写企业名称", max_length=200, required=False,
                                      help_text="企业库中没有的企业，按名称登记")
    category = forms.ChoiceField(label="诉求类别", choices=Category.choices)
    content = forms.CharField(label="诉求内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
                              help_text="写明需要解决的问题、时间要求")
    contact = forms.CharField(label="联系人及电话", max_length=100, required=False)
    filed_on = forms.DateField(label="提出日期", required=False, widget=BrowserDateInput(),
                               help_text="代录的诉求按企业实际提出的日期起算时限；不填为今天")
    unit = forms.ModelChoiceField(label="承办单位", queryset=Unit.objects.none(), required=False,
                                  help_text="可稍后分派")

    def __init__(self, *args, park, for_enterprise: bool, may_route: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if for_enterprise:
            for name in ("enterprise", "enterprise_name", "filed_on", "unit"):
                del self.fields[name]
            return
        self.fields["enterprise"].queryset = enterprise_choices(park=park)
        if may_route:
            self.fields["unit"].queryset = Unit.objects.filter(park=park)
        else:
            del self.fields["unit"]

    def clean(self):
        cleaned = super().clean()
        if "enterprise" in self.fields and not cleaned.get("enterprise") and not (cleaned.get("enterprise_name") or "").strip():
            self.add_error("enterprise_name", "请选择企业或填写企业名称。")
        return cleaned


class RouteForm(StyledFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label="承办单位", queryset=Unit.objects.none())

    def __init__(self, *args, park, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(park=park)


class TextForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label="内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class RateForm(StyledFormMixin, forms.Form):
    rating = forms.ChoiceField(label="满意度", choices=Rating.choices, widget=forms.RadioSelect)
    note = forms.CharField(label="评价意见", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AccountForm(StyledFormMixin, forms.Form):
    credit_code = forms.CharField(label="统一社会信用代码", max_length=30)
    username = forms.CharField(label="登录账号", max_length=30, required=False,
                               help_text="不填则按信用代码后八位生成，如 qy12345678")
    phone = forms.CharField(label="手机", max_length=20, required=False)


class LimitsForm(StyledFormMixin, forms.Form):
    accept_days = forms.IntegerField(label="受理时限（工作日）", min_value=1, max_value=60,
                                     initial=DEFAULT_LIMITS["accept_days"])
    reply_days = forms.IntegerField(label="首次答复时限（工作日）", min_value=1, max_value=60,
                                    initial=DEFAULT_LIMITS["reply_days"])
    resolve_days = forms.IntegerField(label="办结时限（工作日）", min_value=1, max_value=120,
                                      initial=DEFAULT_LIMITS["resolve_days"])
    extended_days = forms.IntegerField(label="延期后办结时限（工作日）", min_value=1, max_value=240,
                                       initial=DEFAULT_LIMITS["extended_days"])


class FilterForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label="状态", choices=[("", "全部"), *Status.choices], required=False)
    category = forms.ChoiceField(label="类别", choices=[("", "全部"), *Category.choices], required=False)
    light = forms.ChoiceField(label="亮灯", choices=[("", "全部"), *Light.choices], required=False)
    unit = forms.ModelChoiceField(label="承办单位", queryset=Unit.objects.none(), required=False)
    q = forms.CharField(label="企业或内容", required=False)

    def __init__(self, *args, park, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(park=park)

    def filter(self, requests):
        if not self.is_valid():
            return requests
        data = self.cleaned_data
        if data.get("status"):
            requests = requests.filter(status=data["status"])
        if data.get("category"):
            requests = requests.filter(category=data["category"])
        if data.get("unit"):
            requests = requests.filter(unit=data["unit"])
        if data.get("q"):
            from django.db.models import Q
            requests = requests.filter(Q(enterprise_name__icontains=data["q"]) | Q(content__icontains=data["q"]))
        return requests

    @property
    def wanted_light(self) -> str:
        return self.cleaned_data.get("light", "") if self.is_valid() else ""


class LedgerImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="企业诉求台账")

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        from parkops.core.uploads import human_size

        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"Excel（.xlsx）或Word（.docx），不超过{human_size(settings.IMPORT_MAX_BYTES)}"
        self.fields["file"].widget.attrs["accept"] = ".docx,.xlsx"


class SelfReportForm(StyledFormMixin, forms.Form):
    """企业自报: a month and the registry's indicators (1-N月 cumulative as the bureau's sheet has them; the
    headcount at the month's end), each optional; a correction says why."""

    period = forms.ChoiceField(label="月份")
    reason = forms.CharField(label="更正理由", max_length=300, required=False,
                             help_text="更正已报月份时必填，原数据保留")

    def __init__(self, *args, catalogue, today, **kwargs):
        super().__init__(*args, **kwargs)
        months = []
        year, month = today.year, today.month
        for _ in range(13):
            months.append((f"{year}-{month:02d}", f"{year}年{month}月"))
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        self.fields["period"].choices = months
        self.fields["period"].initial = months[1][0]
        self.codes = []
        for code, name, unit, cumulative in catalogue:
            self.fields[f"figure_{code}"] = forms.DecimalField(
                label=f"{name}（{'本年累计，' if cumulative else '月末，'}{unit}）", required=False, min_value=0,
                max_digits=14, decimal_places=2)
            self.codes.append(code)
        reason = self.fields.pop("reason")
        self.fields["reason"] = reason
        from parkops.core.forms import style_widgets

        style_widgets(self)

    def clean_period(self):
        from datetime import date

        year, month = self.cleaned_data["period"].split("-")
        return date(int(year), int(month), 1)

    def figures(self) -> dict:
        return {code: self.cleaned_data.get(f"figure_{code}") for code in self.codes
                if self.cleaned_data.get(f"figure_{code}") is not None}
