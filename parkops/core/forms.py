from decimal import Decimal

from django import forms

from parkops.core.formatting import plain_number
from parkops.core.periods import parse_period, period_key


class StyledFormMixin:
    """Gives every widget Bootstrap's class, so templates render fields without per-field markup."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


def style_widgets(form: forms.BaseForm) -> None:
    """Bootstrap's classes on every widget of a form, including forms built by other libraries."""
    for field in form.fields.values():
        if isinstance(field, forms.DecimalField) and type(field.widget) is forms.NumberInput:
            field.widget = PlainNumberInput(attrs=field.widget.attrs)
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class PlainNumberInput(forms.NumberInput):
    """A stored figure as people write it: 418, not the column's 418.0000. What a person typed is shown
    back as typed."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            return plain_number(value)
        return super().format_value(value)


class BrowserDateInput(forms.DateInput):
    """A date picker: the browser's <input type="date"> takes and gives only 2026-12-02, whatever the
    language's own date format (zh-hans renders 2026/12/02, which the picker throws away, leaving it blank)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input: cleans to a list, empty when none were chosen."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class PeriodField(forms.CharField):
    """A month, entered as YYYY-MM (the browser's month picker), cleaned to its first day."""

    widget = forms.TextInput(attrs={"type": "month"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_period(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def prepare_value(self, value):
        return period_key(value) if hasattr(value, "year") else value


class VersionedFormMixin:
    """The edit form of a VersionedModel carries, hidden, the version it was loaded at, so the service
    can refuse the save if someone else saved in between (core.versioning)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, initial=self.instance.version if self.instance.pk else None)

    def clean(self):
        data = super().clean()
        # Said above the form: the error of a hidden field would show nowhere.
        if self.instance.pk is not None and data.get("loaded_version") is None:
            raise forms.ValidationError("页面缺少版本信息，无法确认您看到的是最新内容，请刷新页面后重新编辑。")
        return data

    @property
    def loaded_version(self) -> int | None:
        return self.cleaned_data.get("loaded_version")

    def show_conflict(self, conflict) -> None:
        """Put the conflict above the user's own input, kept as typed; the form now carries the
        current version, so saving again after reading the message is a deliberate overwrite."""
        self.add_error(None, conflict)
        data = self.data.copy()
        data[self.add_prefix("loaded_version")] = str(conflict.current_version)
        self.data = data
