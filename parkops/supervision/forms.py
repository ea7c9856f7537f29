from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from parkops.core import metrics
from parkops.core.formatting import WAN_PER_YI, from_canonical, to_canonical
from parkops.core.forms import (
    BrowserDateInput,
    MultipleFileField,
    PeriodField,
    PlainNumberInput,
    StyledFormMixin,
    VersionedFormMixin,
)
from parkops.core.text import split_names
from parkops.org.choices import Role
from parkops.org.models import Unit
from parkops.supervision.choices import Light, ReportAction
from parkops.supervision.models import Plan, Target, Task

TARGET_UNITS = ["亿元", "万元", "亿美元", "万美元", "亩", "平方米", "万平方米", "个", "家", "户", "项", "件", "%"]


class ReportForm(StyledFormMixin, forms.Form):
    """A unit's report: text, a figure toward each target, attachments."""

    period = PeriodField(label="报送期间", help_text="所报月份；完成数填当年1月至该月的累计")
    text = forms.CharField(label="完成情况", widget=forms.Textarea(attrs={"rows": 6}))
    claims_done = forms.BooleanField(label="本任务已全部完成", required=False)
    files = MultipleFileField(label="附件", required=False,
                              help_text="图片、PDF、Word、Excel、WPS；可多选")

    remove_attachments = forms.TypedMultipleChoiceField(
        label="删除已附的文件", required=False, coerce=int, widget=forms.CheckboxSelectMultiple,
        help_text="被退回的报送重新报送时，勾选不再需要的附件；新选的附件会加上去")

    def __init__(self, *args, task: Task, attachments=(), **kwargs):
        super().__init__(*args, **kwargs)
        if attachments:
            self.fields["remove_attachments"].choices = [(a.pk, a.original_name) for a in attachments]
        else:
            del self.fields["remove_attachments"]
        # A bound target's figure is read live (core.metrics): nothing to report for it.
        self.targets = [target for target in task.target_list if not target.is_bound]
        for target in self.targets:
            display_unit = "亿元" if target.unit == "万元" and target.amount >= WAN_PER_YI else target.unit
            self.fields[f"target_{target.pk}"] = forms.DecimalField(
                label=f"完成数：{target.phrase}（{display_unit}）", required=False, min_value=0,
                max_digits=20, decimal_places=4, widget=PlainNumberInput(),
            )
            self.fields[f"target_{target.pk}"].display_unit = display_unit
            key = f"target_{target.pk}"
            if self.initial.get(key) is not None:  # stored figures are canonical (万元); the form speaks 亿元
                self.initial[key] = from_canonical(self.initial[key], display_unit)
        # The mixin styled the widgets before the figure fields existed.
        self.order_fields(["period", "text", *[f"target_{t.pk}" for t in self.targets], "claims_done", "files",
                           "remove_attachments"])
        for target in self.targets:
            self.fields[f"target_{target.pk}"].widget.attrs["class"] = "form-control"

    def figures(self) -> dict[int, Decimal]:
        figures = {}
        for target in self.targets:
            field = self.fields[f"target_{target.pk}"]
            value = self.cleaned_data.get(f"target_{target.pk}")
            if value is not None:
                figures[target.pk] = to_canonical(value, field.display_unit)[0]
        return figures


class ReviewForm(StyledFormMixin, forms.Form):
    action = forms.ChoiceField(label="审核", choices=[(ReportAction.ACCEPT, "采纳"), (ReportAction.RETURN, "退回")])
    reason = forms.CharField(label="退回理由", required=False, max_length=500)

    def clean(self):
        data = super().clean()
        if data.get("action") == ReportAction.RETURN and not (data.get("reason") or "").strip():
            self.add_error("reason", "退回时须填写理由。")
        return data


class LightOverrideForm(StyledFormMixin, forms.Form):
    light = forms.ChoiceField(label="认定灯色", choices=[("", "恢复自动计算"), *Light.choices], required=False)
    reason = forms.CharField(label="认定理由", required=False, max_length=300)

    def clean(self):
        data = super().clean()
        if data.get("light") and not (data.get("reason") or "").strip():
            self.add_error("reason", "人工认定灯色须填写理由。")
        return data


class CommentForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label="批示", widget=forms.Textarea(attrs={"rows": 3}))


class PlanForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["name", "year", "cycle", "due_day", "deadline", "ledger_title", "is_active"]
        widgets = {"deadline": BrowserDateInput()}

    def clean_due_day(self):
        day = self.cleaned_data["due_day"]
        if not 1 <= day <= 28:
            raise ValidationError("报送日应在1至28之间。")
        return day


class NamesField(forms.CharField):
    """Several names in one box, one per line, as the ledgers write them."""

    widget = forms.Textarea(attrs={"rows": 2})

    def to_python(self, value):
        return split_names(super().to_python(value) or "")

    def prepare_value(self, value):
        return "\n".join(str(v) for v in value) if isinstance(value, (list, tuple)) else value


class TaskForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    county_leaders = NamesField(label="县政府责任领导", required=False)
    lead_units = NamesField(label="牵头单位")
    cooperating_units = NamesField(label="配合单位", required=False)
    park_leaders = NamesField(label="高新区责任领导", required=False)

    class Meta:
        model = Task
        fields = ["number", "section", "text", "deadline"]
        widgets = {"deadline": BrowserDateInput(), "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = self.instance.plan.sections.all()
        if self.instance.pk:
            for name in ("county_leaders", "lead_units", "cooperating_units", "park_leaders"):
                self.initial[name] = [str(x) for x in getattr(self.instance, name)]

    def clean_lead_units(self):
        names = self.cleaned_data["lead_units"]
        if not names:
            raise ValidationError("至少填写一个牵头单位。")
        return names

    def clean_number(self):
        number = self.cleaned_data["number"].strip().rstrip(".．、")
        clash = Task.all_objects.filter(plan=self.instance.plan, number=number).exclude(pk=self.instance.pk).first()
        if clash is not None and clash.is_deleted:
            raise ValidationError(f"序号{number}属于已删除的任务，请在回收站恢复该任务，或换一个序号。")
        if clash is not None:
            raise ValidationError(f"本计划已有序号为{number}的任务。")
        return number


UNBOUND = ("", "不绑定（按进展报告填报）")


class TargetForm(StyledFormMixin, forms.ModelForm):
    display_unit = forms.ChoiceField(label="单位", choices=[(u, u) for u in TARGET_UNITS])
    metric_key = forms.ChoiceField(label="绑定指标", required=False)

    class Meta:
        model = Target
        fields = ["phrase", "comparator", "amount", "metric_key"]
        labels = {"amount": "目标值"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        target = self.instance
        self.fields["metric_key"].choices = [UNBOUND, *metrics.choices()]
        if target.metric_key and target.metric_key not in metrics.all_metrics():
            # A key its module no longer declares stays visible, to be replaced or removed.
            self.fields["metric_key"].choices += [(target.metric_key, f"{target.metric_key}（已失效）")]
        if target.pk and target.unit == "万元" and target.amount >= WAN_PER_YI:
            self.initial["amount"] = target.amount / WAN_PER_YI
            self.initial["display_unit"] = "亿元"
        elif target.pk:
            self.initial["display_unit"] = target.unit
            if target.unit not in TARGET_UNITS:
                self.fields["display_unit"].choices += [(target.unit, target.unit)]
        else:
            # The blank row's unit box shows the first unit; as its initial value, a row left blank
            # counts as unchanged and is skipped, instead of refusing the whole page for a missing target.
            self.initial["display_unit"] = TARGET_UNITS[0]

    def save(self, commit=True):
        target = super().save(commit=False)
        target.amount, target.unit = to_canonical(self.cleaned_data["amount"], self.cleaned_data["display_unit"])
        if commit:
            target.save()
        return target


TargetFormSet = forms.inlineformset_factory(Task, Target, form=TargetForm, extra=1, can_delete=True)


class PlanChoiceField(forms.ModelChoiceField):
    """Plans in use first, newest year first; an archived one says so, so it is not taken for this year's."""

    def __init__(self, **kwargs):
        super().__init__(Plan.objects.order_by("-is_active", "-year", "pk"), **kwargs)

    def label_from_instance(self, plan: Plan) -> str:
        return plan.label if plan.is_active else f"{plan.label}（已归档）"


class LedgerExportForm(StyledFormMixin, forms.Form):
    plan = PlanChoiceField(label="计划")
    period = PeriodField(label="期间", required=False, help_text="显示该月采纳的完成情况；不填则为最近一期")
    unit = forms.ModelChoiceField(Unit.objects.all(), label="单位", required=False,
                                  help_text="只导出该单位牵头或配合的任务")
    lights = forms.MultipleChoiceField(label="灯色", choices=Light.choices, required=False,
                                       help_text="只导出这些灯色的任务；不选则全部")
    with_light = forms.BooleanField(label="增加“亮灯”一列", required=False)
    format = forms.ChoiceField(label="格式", choices=[("docx", "Word（横版公文格式）"), ("xlsx", "Excel")],
                               initial="docx")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.role == Role.REPORTER:
            self.fields["unit"].queryset = Unit.objects.filter(pk=user.unit_id)
        self.fields["lights"].widget.attrs["size"] = len(Light.choices)
