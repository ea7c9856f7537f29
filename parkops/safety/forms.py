from django import forms
from django.conf import settings
from django.db.models import Q

from parkops.core.forms import BrowserDateInput, MultipleFileField, StyledFormMixin
from parkops.core.uploads import human_size
from parkops.org.models import Unit
from parkops.safety import selectors
from parkops.safety.choices import Level, Light, PhotoStage, Status
from parkops.safety.models import Attendance, Hazard, Inspection, TrainingSession

PHOTO_HELP = "可多选；上传后自动压缩，并去除照片中的位置信息"


def _photos(label: str, required: bool = False) -> MultipleFileField:
    field = MultipleFileField(label=label, required=required, help_text=PHOTO_HELP)
    field.widget.attrs["accept"] = "image/*"
    return field


class InspectionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Inspection
        fields = ["plan", "inspected_on", "inspectors", "unit", "place_kind", "enterprise", "place_name",
                  "place_address", "checklist", "note"]
        widgets = {"inspected_on": BrowserDateInput(), "checklist": forms.Textarea(attrs={"rows": 4}),
                   "note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"place_name": "检查企业库中的企业时可不填；九小场所填写名称"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        park = self.instance.park
        self.fields["unit"].queryset = Unit.objects.filter(park=park)
        # The registry's enterprises, offered through this module's selectors (economy's, handed over).
        self.fields["enterprise"].queryset = selectors.enterprise_choices(park=park)
        self.fields["place_name"].required = False


class HazardForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Hazard
        fields = ["enterprise_name", "enterprise", "place", "description", "level", "major_category", "measures",
                  "deadline", "responsible_person", "responsible_unit", "found_on"]
        widgets = {"deadline": BrowserDateInput(), "found_on": BrowserDateInput(),
                   "description": forms.Textarea(attrs={"rows": 3}), "measures": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"enterprise_name": "已选检查或企业库企业时可不填", "deadline": "不填时，下达整改时按工作日自动计算"}

    def __init__(self, *args, with_photos: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        park = self.instance.park
        self.fields["enterprise"].queryset = selectors.enterprise_choices(park=park)
        self.fields["responsible_unit"].queryset = Unit.objects.filter(park=park)
        self.fields["enterprise_name"].required = False
        if with_photos:
            self.fields["photos"] = _photos("整改前照片")


class IssueForm(StyledFormMixin, forms.Form):
    measures = forms.CharField(label="整改措施（整改要求）", widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label="整改时限", required=False, widget=BrowserDateInput(),
                               help_text="不填时一般隐患按10个工作日、重大隐患按30个工作日计算（含调休）")
    responsible_person = forms.CharField(label="整改责任人", max_length=50, required=False)


class NoteForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReportForm(StyledFormMixin, forms.Form):
    rectification = forms.CharField(label="整改情况", widget=forms.Textarea(attrs={"rows": 3}))
    rectified_on = forms.DateField(label="整改完成日期", required=False, widget=BrowserDateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"] = _photos("整改后照片")


class RecheckForm(StyledFormMixin, forms.Form):
    result = forms.ChoiceField(label="复查结论", choices=[("", "请选择"), ("pass", "复查通过，关闭"),
                                                        ("fail", "复查不通过，退回整改")])
    rechecked_by = forms.CharField(label="复查人", max_length=100, required=False)
    note = forms.CharField(label="复查意见", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="不通过时写明仍存在的问题")


class PhotoForm(StyledFormMixin, forms.Form):
    stage = forms.ChoiceField(label="照片类别", choices=PhotoStage.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"] = _photos("照片", required=True)


class FilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="关键词", required=False)
    level = forms.ChoiceField(label="等级", choices=[("", "全部"), *Level.choices], required=False)
    status = forms.ChoiceField(label="状态", choices=[("", "全部"), *Status.choices], required=False)
    light = forms.ChoiceField(label="亮灯", choices=[("", "全部"), *Light.choices], required=False)
    unit = forms.ModelChoiceField(label="责任单位", queryset=Unit.objects.all(), required=False, empty_label="全部单位")
    listed = forms.BooleanField(label="挂牌督办", required=False)

    def filter(self, hazards, *, today):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("q"):
            q = data["q"].strip()
            hazards = hazards.filter(Q(enterprise_name__icontains=q) | Q(description__icontains=q)
                                     | Q(place__icontains=q) | Q(notice_number__icontains=q))
        for name in ("level", "status"):
            if data.get(name):
                hazards = hazards.filter(**{name: data[name]})
        if data.get("unit"):
            hazards = hazards.filter(responsible_unit=data["unit"])
        if data.get("listed"):
            hazards = hazards.filter(listed_on__isnull=False)
        if data.get("light"):
            hazards = selectors.light_filter(hazards, data["light"], today=today)
        return hazards


class LedgerImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="隐患排查整改台账")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"Excel（.xlsx）或Word（.docx），不超过{human_size(settings.IMPORT_MAX_BYTES)}"
        self.fields["file"].widget.attrs["accept"] = ".docx,.xlsx"


class TrainingForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["title", "kind", "round_number", "held_on", "place", "trainer", "pass_mark"]
        widgets = {"held_on": BrowserDateInput()}


class AttendanceForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Attendance
        fields = ["enterprise_name", "person_name", "role", "score"]
