from __future__ import annotations

from django import forms

from parkops.core.forms import PeriodField, StyledFormMixin
from parkops.core.imports import ImportFileError, checked_bytes
from parkops.reports.registry import ReportType
from parkops.supervision.models import Plan


class ReportRequestForm(StyledFormMixin, forms.Form):
    """What a report is drawn up for: the fields its type needs, nothing more."""

    period = PeriodField(label="月份", help_text="所报月份；累计数为当年1月至该月")

    def __init__(self, *args, report_type: ReportType, park, **kwargs):
        super().__init__(*args, **kwargs)
        if report_type.needs_plan:
            self.fields["plan"] = forms.ModelChoiceField(
                label="督办计划", queryset=Plan.objects.filter(park=park).order_by("-year", "name"),
                empty_label=None)
            self.fields["plan"].widget.attrs["class"] = "form-select"
        if report_type.uses_day:
            self.fields["day"] = forms.DateField(label="日期", required=False, help_text="默认为今天",
                                                 widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))


class TemplateUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="模板文件（.docx）")
    note = forms.CharField(label="修改说明", max_length=300, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".docx"):
            raise forms.ValidationError("模板须为 Word 文件（.docx）；.doc 或 WPS 格式请先另存为 .docx。")
        # The checks of every uploaded Office file: its type by content, size, encryption, macros, and the
        # size it declares once inflated (the reading itself is limited: reports/validation.py).
        try:
            return checked_bytes(upload, allowed={"docx"})[1]
        except ImportFileError as error:
            raise forms.ValidationError(error.message) from None
