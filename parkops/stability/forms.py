from django import forms
from django.conf import settings
from django.db.models import Q

from parkops.core.forms import BrowserDateInput, StyledFormMixin, VersionedFormMixin
from parkops.core.uploads import human_size
from parkops.org.models import Person, Unit
from parkops.stability.choices import CaseKind, CaseLight, CaseStatus, Satisfaction, Source
from parkops.stability.models import Case, CoverageEntry, Dispute, DutyShift


class CaseForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Case
        fields = ["number", "source", "kind", "received_on", "petitioner_name", "petitioner_phone", "place", "content",
                  "handling_unit", "leader"]
        widgets = {"received_on": BrowserDateInput(), "content": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, park, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handling_unit"].queryset = Unit.objects.filter(park=park)
        self.fields["leader"].queryset = Person.objects.filter(park=park)
        self.fields["kind"].help_text = "类别决定办理时限：应急当日，咨询、求助3个工作日，建议、投诉13个工作日，信访60日"


class ReplyForm(StyledFormMixin, forms.Form):
    reply = forms.CharField(label="办理结果", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    on = forms.DateField(label="答复日期", widget=BrowserDateInput())


class ReviewForm(StyledFormMixin, forms.Form):
    visited_on = forms.DateField(label="回访日期", widget=BrowserDateInput())
    satisfaction = forms.ChoiceField(label="回访满意度", choices=Satisfaction.choices)
    outcome = forms.ChoiceField(label="处理", choices=(("close", "办结"), ("return", "退回承办单位重办")),
                                initial="close", widget=forms.RadioSelect)


class CaseFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="关键词", required=False)
    source = forms.ChoiceField(label="来源", choices=[("", "全部")] + Source.choices, required=False)
    kind = forms.ChoiceField(label="类别", choices=[("", "全部")] + CaseKind.choices, required=False)
    status = forms.ChoiceField(label="状态", choices=[("", "全部")] + CaseStatus.choices, required=False)
    light = forms.ChoiceField(label="亮灯", choices=[("", "全部")] + CaseLight.choices, required=False)

    def filter(self, cases):
        if not self.is_valid():
            return cases
        data = self.cleaned_data
        if data["q"]:
            q = data["q"]
            cases = cases.filter(Q(content__icontains=q) | Q(place__icontains=q) | Q(number__icontains=q))
        for name in ("source", "kind", "status"):
            if data[name]:
                cases = cases.filter(**{name: data[name]})
        return cases

    @property
    def wanted_light(self) -> str:
        return self.cleaned_data.get("light", "") if self.is_valid() else ""


class CaseImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="信访件、12345工单台账")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"Excel（.xlsx）或Word（.docx），不超过{human_size(settings.IMPORT_MAX_BYTES)}"
        self.fields["file"].widget.attrs["accept"] = ".docx,.xlsx"


class DisputeForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Dispute
        fields = ["occurred_on", "kind", "parties", "place", "description", "mediator", "result", "outcome",
                  "resolved_on"]
        widgets = {"occurred_on": BrowserDateInput(), "resolved_on": BrowserDateInput(),
                   "description": forms.Textarea(attrs={"rows": 3}), "outcome": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, park, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediator"].queryset = Unit.objects.filter(park=park)


class ShiftForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = DutyShift
        fields = ["period", "on", "leader", "staff", "phone", "note"]
        widgets = {"on": BrowserDateInput()}


class EntryForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = CoverageEntry
        fields = ["enterprise_name", "employees", "party_members", "is_target", "form", "organisation",
                  "covered_before", "covered_on"]
        widgets = {"covered_on": BrowserDateInput()}
