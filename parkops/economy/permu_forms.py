"""Forms of the per-mu scheme page and the cultivation pool's distance."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.forms import inlineformset_factory

from parkops.core.forms import StyledFormMixin
from parkops.economy.choices import MetricCode
from parkops.economy.cultivation import DEFAULT_DISTANCE_WAN
from parkops.economy.models import EvaluationMetric, EvaluationScheme


class SchemeForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = EvaluationScheme
        fields = ["a_min", "b_min", "c_min", "min_land_mu"]

    def clean(self):
        data = super().clean()
        a_min, b_min, c_min = data.get("a_min"), data.get("b_min"), data.get("c_min")
        if c_min is not None and c_min < 0:
            self.add_error("c_min", "C类最低分不能为负数。")
        if None not in (a_min, b_min, c_min) and not a_min > b_min > c_min:
            raise forms.ValidationError("类别分数线应满足：A类最低分 > B类最低分 > C类最低分。")
        if data.get("min_land_mu") is not None and data["min_land_mu"] < 0:
            self.add_error("min_land_mu", "参评最小用地不能为负数。")
        return data


class MetricForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = EvaluationMetric
        fields = ["code", "weight", "benchmark", "lower_is_better", "max_ratio"]

    def clean_weight(self):
        weight = self.cleaned_data["weight"]
        if weight is not None and weight <= 0:
            raise forms.ValidationError("权重必须大于0。")
        return weight

    def clean_benchmark(self):
        benchmark = self.cleaned_data["benchmark"]
        if benchmark is not None and benchmark <= 0:
            raise forms.ValidationError("基准值必须大于0。")
        return benchmark

    def clean_max_ratio(self):
        max_ratio = self.cleaned_data["max_ratio"]
        if max_ratio is not None and max_ratio < 1:
            raise forms.ValidationError("得分上限倍数不能小于1。")
        return max_ratio


class BaseMetricFormSet(forms.BaseInlineFormSet):
    def kept_forms(self) -> list[forms.Form]:
        """The metrics the scheme keeps: filled in, and not marked for deletion."""
        return [form for form in self.forms if form.cleaned_data and not self._should_delete_form(form)]

    def clean(self):
        super().clean()
        if not any(form.errors for form in self.forms) and not self.kept_forms():
            raise forms.ValidationError("评价方案至少需要一项指标。")

    def validate_unique(self):
        # In place of Django's own check, whose message names the field's code rather than the metric.
        seen = set()
        for form in self.kept_forms():
            code = form.cleaned_data.get("code")
            if code in seen:
                raise forms.ValidationError(f"指标“{MetricCode(code).label}”重复，每项指标只能设置一次。")
            seen.add(code)

    def total_weight(self) -> Decimal:
        return sum((form.cleaned_data["weight"] for form in self.kept_forms()), Decimal(0))


MetricFormSet = inlineformset_factory(EvaluationScheme, EvaluationMetric, form=MetricForm, formset=BaseMetricFormSet,
                                      extra=1, can_delete=True)


class DistanceForm(StyledFormMixin, forms.Form):
    distance = forms.DecimalField(label="距规上标准（万元）", min_value=0, max_value=2000, max_digits=8,
                                  decimal_places=2, initial=DEFAULT_DISTANCE_WAN,
                                  help_text="折算全年收入距2000万元在此范围内的企业列入培育库")

    def chosen_distance(self) -> Decimal:
        if self.is_bound and self.is_valid() and self.cleaned_data["distance"] is not None:
            return self.cleaned_data["distance"]
        return DEFAULT_DISTANCE_WAN
