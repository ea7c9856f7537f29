from django import forms

from parkops.core.forms import BrowserDateInput, StyledFormMixin, style_widgets
from parkops.policies.choices import AmountKind, Field, Mode, Operator, Status
from parkops.policies.models import DEFAULT_PAYMENT_DAYS, DEFAULT_REVIEW_DAYS
from parkops.policies.rules import BASE_FIELDS

CONDITION_ROWS = 4


class PolicyForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="政策名称", max_length=200)
    issuer = forms.CharField(label="发布单位", max_length=100)
    document_number = forms.CharField(label="文号", max_length=100, required=False)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    mode = forms.ChoiceField(label="兑现方式", choices=Mode.choices, initial=Mode.FAST)
    review_days = forms.IntegerField(label="审核时限（工作日）", min_value=1, max_value=365, initial=DEFAULT_REVIEW_DAYS)
    payment_days = forms.IntegerField(label="兑现时限（工作日）", min_value=1, max_value=365,
                                      initial=DEFAULT_PAYMENT_DAYS, help_text="自审核通过（免申即享自确认）之日起计算")


def _field_choices():
    return [("", "（不设）"), *Field.choices]


class ClauseForm(StyledFormMixin, forms.Form):
    """A clause and up to four conditions, each a data item, a comparison and a value (never an expression)."""

    title = forms.CharField(label="条款内容", max_length=300)
    amount_kind = forms.ChoiceField(label="奖补方式", choices=AmountKind.choices)
    amount = forms.DecimalField(label="奖补金额（万元）", max_digits=14, decimal_places=2, required=False, min_value=0)
    rate_pct = forms.DecimalField(label="奖补比例（%）", max_digits=6, decimal_places=2, required=False, min_value=0)
    base_field = forms.ChoiceField(label="计算基数", required=False,
                                   choices=[("", "（定额奖补不填）"), *[(f.value, f.label) for f in BASE_FIELDS]])
    cap = forms.DecimalField(label="上限（万元）", max_digits=14, decimal_places=2, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, CONDITION_ROWS + 1):
            self.fields[f"field_{n}"] = forms.ChoiceField(label=f"条件{n}：数据项", choices=_field_choices(),
                                                          required=False)
            self.fields[f"operator_{n}"] = forms.ChoiceField(label=f"条件{n}：比较", choices=Operator.choices,
                                                             required=False)
            self.fields[f"value_{n}"] = forms.CharField(label=f"条件{n}：值", max_length=200, required=False)
        style_widgets(self)

    def conditions(self) -> list[tuple[str, str, str]]:
        data = self.cleaned_data
        return [(data[f"field_{n}"], data[f"operator_{n}"], data[f"value_{n}"])
                for n in range(1, CONDITION_ROWS + 1) if data.get(f"field_{n}")]


class ConditionForm(StyledFormMixin, forms.Form):
    field_name = forms.ChoiceField(label="数据项", choices=Field.choices)
    operator = forms.ChoiceField(label="比较", choices=Operator.choices)
    value = forms.CharField(label="值", max_length=200, required=False, help_text="多个值用顿号分隔；是/否不填")


class ApplyForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label="申请说明", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="可写明企业的实际情况、联系人及电话")


class ReviewForm(StyledFormMixin, forms.Form):
    amount = forms.DecimalField(label="核定金额（万元）", max_digits=14, decimal_places=2, required=False, min_value=0)
    note = forms.CharField(label="审核意见", max_length=300, required=False)


class PayForm(StyledFormMixin, forms.Form):
    amount = forms.DecimalField(label="兑现金额（万元）", max_digits=14, decimal_places=2, required=False, min_value=0)
    paid_on = forms.DateField(label="兑现日期", required=False, widget=BrowserDateInput())


class FilterForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label="状态", choices=[("", "全部"), *Status.choices], required=False)
    q = forms.CharField(label="企业", max_length=50, required=False)

    def filter(self, applications):
        if not self.is_valid():
            return applications
        if self.cleaned_data["status"]:
            applications = applications.filter(status=self.cleaned_data["status"])
        if self.cleaned_data["q"].strip():
            applications = applications.filter(enterprise__name__contains=self.cleaned_data["q"].strip())
        return applications


class PolicyImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="政策清单")

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        from parkops.core.uploads import human_size

        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"Excel（.xlsx）或Word（.docx），不超过{human_size(settings.IMPORT_MAX_BYTES)}"
        self.fields["file"].widget.attrs["accept"] = ".docx,.xlsx"
