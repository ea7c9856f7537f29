from django import forms
from django.conf import settings

from parkops.core.forms import (
    BrowserDateInput,
    MultipleFileField,
    PeriodField,
    StyledFormMixin,
    VersionedFormMixin,
)
from parkops.core.uploads import human_size
from parkops.org.models import Unit
from parkops.projects.choices import ProblemCategory, ProblemStatus, Stage
from parkops.projects.models import DispatchMeeting, Project


class ProgressForm(StyledFormMixin, forms.Form):
    period = PeriodField(label="月份")
    invested = forms.DecimalField(label="本月完成投资（万元）", min_value=0, max_digits=14, decimal_places=2)
    image_progress = forms.CharField(label="形象进度", widget=forms.Textarea(attrs={"rows": 4}))
    image_progress_pct = forms.IntegerField(label="形象进度（%）", min_value=0, max_value=100, required=False)
    photos = MultipleFileField(label="现场照片", required=False,
                               help_text="可多选；上传后自动压缩，并去除照片中的位置信息")
    # The month whose report the form was opened on to correct ("2026-11"), empty for a new one.
    editing = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].widget.attrs["accept"] = "image/*"


class ProblemForm(StyledFormMixin, forms.Form):
    category = forms.ChoiceField(label="类别", choices=ProblemCategory.choices)
    description = forms.CharField(label="问题描述", widget=forms.Textarea(attrs={"rows": 3}))
    responsible_unit = forms.ModelChoiceField(label="责任单位", queryset=Unit.objects.all(), required=False,
                                              empty_label="（项目责任单位）")
    deadline = forms.DateField(label="办结期限", required=False, widget=BrowserDateInput())


class ProblemStatusForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label="办理状态", choices=[
        (ProblemStatus.IN_PROGRESS, ProblemStatus.IN_PROGRESS.label),
        (ProblemStatus.SOLVED, ProblemStatus.SOLVED.label),
        (ProblemStatus.UNSOLVABLE, ProblemStatus.UNSOLVABLE.label),
    ])
    resolution = forms.CharField(label="办理结果", widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                 help_text="办结（已解决或无法解决）时必填")


class ChaseForm(StyledFormMixin, forms.Form):
    message = forms.CharField(label="催办内容", max_length=300,
                              initial="请抓紧协调解决，并于3个工作日内反馈办理情况。")


class ProjectForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    """The supervisor's form: who the project is, who looks after it, and this year's investment plan."""

    planned_this_year = forms.DecimalField(label="本年度计划投资（万元）", min_value=0, max_digits=14, decimal_places=2,
                                           required=False)

    class Meta:
        model = Project
        fields = ["name", "enterprise_name", "credit_code", "industry_chain", "kind", "level", "zone", "land_mu",
                  "total_investment", "invested_before", "expected_revenue", "expected_tax", "planned_start",
                  "planned_completion", "leader", "liaison", "responsible_unit", "is_active"]
        widgets = {"planned_start": BrowserDateInput(),
                   "planned_completion": BrowserDateInput()}


class StageForm(StyledFormMixin, forms.Form):
    stage = forms.ChoiceField(label="进入阶段", choices=Stage.choices)
    on = forms.DateField(label="日期", widget=BrowserDateInput())
    note = forms.CharField(label="说明", max_length=300, required=False)


class MilestoneForm(StyledFormMixin, forms.Form):
    planned_on = forms.DateField(label="计划完成", required=False, widget=BrowserDateInput())
    actual_on = forms.DateField(label="实际完成", required=False, widget=BrowserDateInput())


class MeetingForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = DispatchMeeting
        fields = ["held_on", "title", "minutes"]
        widgets = {"held_on": BrowserDateInput(),
                   "minutes": forms.Textarea(attrs={"rows": 5})}


class DecisionForm(StyledFormMixin, forms.Form):
    project = forms.ModelChoiceField(label="项目", queryset=Project.objects.filter(is_active=True))
    text = forms.CharField(label="议定事项", widget=forms.Textarea(attrs={"rows": 2}))
    unit = forms.ModelChoiceField(label="责任单位", queryset=Unit.objects.all())
    deadline = forms.DateField(label="完成期限", widget=BrowserDateInput())


class ProjectImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="重点项目进展情况表")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2099, required=False,
                              help_text="不填则取标题中的年份（如“2025年重点项目进展情况表”）")
    period = PeriodField(label="期间", required=False,
                         help_text="本年完成投资截至的月份；不填则取表头“日期”的上一个月，或表头“1-N月”")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"Word（.docx）或Excel（.xlsx），不超过{human_size(settings.IMPORT_MAX_BYTES)}"
        self.fields["file"].widget.attrs["accept"] = ".docx,.xlsx"
