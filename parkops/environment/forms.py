from django import forms
from django.conf import settings
from django.db.models import Q

from parkops.core.forms import BrowserDateInput, MultipleFileField, StyledFormMixin
from parkops.core.uploads import human_size
from parkops.environment import selectors
from parkops.environment.choices import (
    Disposal,
    DisposalStatus,
    FeedbackStatus,
    InspectionLevel,
    ReviewResult,
)
from parkops.environment.models import FeedbackItem, Outlet, PollutantLimit, SmallPolluter
from parkops.org.models import Unit


class FeedbackForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = FeedbackItem
        fields = ["level", "batch", "number", "problem", "goal", "measures", "unit", "deadline", "deadline_text",
                  "progress"]
        widgets = {"deadline": BrowserDateInput(), "problem": forms.Textarea(attrs={"rows": 3}),
                   "goal": forms.Textarea(attrs={"rows": 2}), "measures": forms.Textarea(attrs={"rows": 3}),
                   "progress": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(park=self.instance.park)


class FeedbackFilter(StyledFormMixin, forms.Form):
    q = forms.CharField(label="关键词", required=False)
    level = forms.ChoiceField(label="督察级别", choices=[("", "全部"), *InspectionLevel.choices], required=False)
    status = forms.ChoiceField(label="状态", choices=[("", "全部"), *FeedbackStatus.choices], required=False)

    def filter(self, items):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("q"):
            q = data["q"].strip()
            items = items.filter(Q(problem__icontains=q) | Q(measures__icontains=q) | Q(unit_text__icontains=q))
        for name in ("level", "status"):
            if data.get(name):
                items = items.filter(**{name: data[name]})
        return items


def _evidence_field(required: bool) -> MultipleFileField:
    return MultipleFileField(label="佐证材料", required=required,
                             help_text=f"整改前后照片、验收报告等，可多选；每个不超过{human_size(settings.ATTACHMENT_MAX_BYTES)}")


class ApplyForm(StyledFormMixin, forms.Form):
    progress = forms.CharField(label="整改完成情况", widget=forms.Textarea(attrs={"rows": 3}))
    applied_on = forms.DateField(label="申请日期", required=False, widget=BrowserDateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"] = _evidence_field(required=False)


class EvidenceForm(StyledFormMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"] = _evidence_field(required=True)


class AcceptForm(StyledFormMixin, forms.Form):
    passed = forms.TypedChoiceField(label="验收结论", choices=[("1", "验收通过"), ("0", "验收不通过")],
                                    coerce=lambda v: v == "1", widget=forms.RadioSelect)
    accepted_by = forms.CharField(label="验收人", required=False, max_length=100)
    note = forms.CharField(label="验收意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    accepted_on = forms.DateField(label="验收日期", required=False, widget=BrowserDateInput())


class CloseForm(StyledFormMixin, forms.Form):
    closed_on = forms.DateField(label="销号日期", required=False, widget=BrowserDateInput())
    review_on = forms.DateField(label="回头看计划日期", required=False, widget=BrowserDateInput(),
                                help_text="不填时安排在销号后90天")


class ScheduleForm(StyledFormMixin, forms.Form):
    planned_on = forms.DateField(label="回头看计划日期", widget=BrowserDateInput())


class ReviewForm(StyledFormMixin, forms.Form):
    review = forms.IntegerField(widget=forms.HiddenInput)
    result = forms.ChoiceField(label="回头看结果", choices=ReviewResult.choices, widget=forms.RadioSelect)
    checked_by = forms.CharField(label="检查人", required=False, max_length=100)
    note = forms.CharField(label="检查情况", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="问题反弹时须写明发现的问题")
    checked_on = forms.DateField(label="检查日期", required=False, widget=BrowserDateInput())


class FeedbackImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="反馈问题整改清单")
    level = forms.ChoiceField(label="督察级别", choices=[("", "按清单标题判断"), *InspectionLevel.choices], required=False,
                              help_text="清单中有“督察级别”（或“来源”）列时按各行所写")
    batch = forms.CharField(label="督察批次", required=False, max_length=100, help_text="如“第三轮中央生态环境保护督察”")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"Excel（.xlsx）或Word（.docx），不超过{human_size(settings.IMPORT_MAX_BYTES)}"
        self.fields["file"].widget.attrs["accept"] = ".docx,.xlsx"


class MonitoringImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="监测结果")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"Excel（.xlsx）或CSV（.csv），不超过{human_size(settings.IMPORT_MAX_BYTES)}"
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"


class OutletForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Outlet
        fields = ["enterprise", "name", "kind", "location"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The registry's enterprises, offered through this module's selectors (economy's, handed over).
        self.fields["enterprise"].queryset = selectors.enterprise_choices(park=self.instance.park)


class LimitForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = PollutantLimit
        fields = ["pollutant", "unit", "limit_value", "lower_limit"]


class ReadingFilter(StyledFormMixin, forms.Form):
    q = forms.CharField(label="企业或排放口", required=False)
    over = forms.BooleanField(label="只看超标", required=False)

    def filter(self, readings):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("q"):
            q = data["q"].strip()
            readings = readings.filter(Q(outlet__enterprise__name__icontains=q) | Q(outlet__name__icontains=q)
                                       | Q(pollutant__icontains=q))
        if data.get("over"):
            readings = readings.filter(over_limit=True)
        return readings


class PolluterForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = SmallPolluter
        fields = ["name", "address", "problem", "disposal", "deadline", "unit", "progress", "status", "done_on",
                  "found_on"]
        widgets = {"deadline": BrowserDateInput(), "done_on": BrowserDateInput(), "found_on": BrowserDateInput(),
                   "problem": forms.Textarea(attrs={"rows": 2}), "progress": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(park=self.instance.park)


class PolluterFilter(StyledFormMixin, forms.Form):
    q = forms.CharField(label="关键词", required=False)
    disposal = forms.ChoiceField(label="处置方式", choices=[("", "全部"), *Disposal.choices], required=False)
    status = forms.ChoiceField(label="状态", choices=[("", "全部"), *DisposalStatus.choices], required=False)

    def filter(self, polluters):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("q"):
            q = data["q"].strip()
            polluters = polluters.filter(Q(name__icontains=q) | Q(address__icontains=q))
        for name in ("disposal", "status"):
            if data.get(name):
                polluters = polluters.filter(**{name: data[name]})
        return polluters
