from __future__ import annotations

from django import forms
from django.conf import settings

from parkops.core.forms import PeriodField, StyledFormMixin
from parkops.reports.registry import ReportType
from parkops.supervision.models import Plan

DOCX_MAGIC = b"PK\x03\x04"


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
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(f"文件超过{settings.IMPORT_MAX_BYTES // (1024 * 1024)}MB。")
        content = upload.read()
        if not content.startswith(DOCX_MAGIC):
            raise forms.ValidationError("不是有效的 Word 文件（.docx）。")
        return content
