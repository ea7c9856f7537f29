from django import forms

from parkops.approvals.choices import CaseStatus, Light
from parkops.approvals.models import Power
from parkops.core.forms import BrowserDateInput, StyledFormMixin
from parkops.economy.selectors import enterprise_choices
from parkops.org.choices import Role
from parkops.org.models import Unit, User

STEP_ROWS = 6


class PowerForm(StyledFormMixin, forms.ModelForm):
    mode_reason = forms.CharField(label="调整办理方式的理由", max_length=300, required=False,
                                  help_text="调整办理方式时必填，如“新下放事项由协同办转为独立办”")
    mode_on = forms.DateField(label="调整日期", required=False, widget=BrowserDateInput(), help_text="不填为今天")

    class Meta:
        model = Power
        fields = ["number", "name", "legal_basis", "source_unit", "mode", "statutory_days", "promised_days",
                  "materials", "note"]
        widgets = {"legal_basis": forms.Textarea(attrs={"rows": 2}), "materials": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, park, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_unit"].queryset = Unit.objects.filter(park=park)
        if self.instance.pk is None:
            del self.fields["mode_reason"], self.fields["mode_on"]


class CaseForm(StyledFormMixin, forms.Form):
    """A case as the 代办员 takes it in: the power (or a project step named as written), the enterprise,
    and the departments that handle it, each with its limit; the same 顺序 runs side by side (并联)."""

    power = forms.ModelChoiceField(label="赋权事项", queryset=Power.objects.none(), required=False)
    title = forms.CharField(label="申请事项", max_length=200, required=False,
                            help_text="不填则用赋权事项名称；项目环节如“二期厂房施工许可”")
    enterprise = forms.ModelChoiceField(label="申请企业（企业库）", queryset=enterprise_choices(park=None).none(),
                                        required=False)
    enterprise_name = forms.CharField(label="或填写企业名称", max_length=200, required=False)
    agent = forms.ModelChoiceField(label="代办员", queryset=User.objects.none(), required=False)
    filed_on = forms.DateField(label="受理日期", required=False, widget=BrowserDateInput(), help_text="不填为今天")
    limit_days = forms.IntegerField(label="承诺时限（工作日）", min_value=1, max_value=365, required=False,
                                    help_text="不填则按赋权事项的承诺时限")

    def __init__(self, *args, park, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["power"].queryset = Power.objects.filter(park=park)
        self.fields["enterprise"].queryset = enterprise_choices(park=park)
        self.fields["agent"].queryset = User.objects.filter(is_active=True, role__in=[Role.SUPERVISOR, Role.REPORTER]) \
            .order_by("display_name", "username")
        units = Unit.objects.filter(park=park)
        self.step_rows = []
        for n in range(1, STEP_ROWS + 1):
            self.fields[f"step{n}_unit"] = forms.ModelChoiceField(label=f"部门{n}", queryset=units, required=False)
            self.fields[f"step{n}_name"] = forms.CharField(label=f"环节{n}", max_length=100, required=False)
            self.fields[f"step{n}_limit"] = forms.IntegerField(label=f"时限{n}", min_value=1, max_value=365,
                                                               required=False)
            self.fields[f"step{n}_position"] = forms.IntegerField(label=f"顺序{n}", min_value=1, max_value=20,
                                                                  required=False, initial=1)
            self.step_rows.append([self[f"step{n}_{part}"] for part in ("unit", "name", "limit", "position")])
        for row in self.step_rows:  # added after the mixin styled the declared fields
            for bound in row:
                css = "form-select" if isinstance(bound.field.widget, forms.Select) else "form-control"
                bound.field.widget.attrs["class"] = f"{css} form-control-sm" if css == "form-control" else \
                    "form-select form-select-sm"

    def main_fields(self):
        return [self[name] for name in ("power", "title", "enterprise", "enterprise_name", "agent", "filed_on",
                                        "limit_days")]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("enterprise") and not (cleaned.get("enterprise_name") or "").strip():
            self.add_error("enterprise_name", "请选择企业或填写企业名称。")
        if not cleaned.get("power") and not (cleaned.get("title") or "").strip():
            self.add_error("title", "请选择赋权事项或填写申请事项。")
        steps = []
        for n in range(1, STEP_ROWS + 1):
            unit = cleaned.get(f"step{n}_unit")
            if unit is None:
                continue
            limit = cleaned.get(f"step{n}_limit")
            if not limit:
                self.add_error(f"step{n}_limit", f"请填写{unit}环节的时限。")
                continue
            steps.append((unit, cleaned.get(f"step{n}_name") or "", limit, cleaned.get(f"step{n}_position") or 1))
        if not steps:
            raise forms.ValidationError("请至少安排一个办理部门。")
        cleaned["steps"] = steps
        return cleaned


class ActForm(StyledFormMixin, forms.Form):
    """补正 (text: the reason), 环节办结 (text: the department's opinion); the day defaults to today."""

    text = forms.CharField(label="内容", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    on = forms.DateField(label="日期", required=False, widget=BrowserDateInput())


class CloseForm(StyledFormMixin, forms.Form):
    document_name = forms.CharField(label="出具文书", max_length=200, help_text="证照或批复名称，如《建设工程规划许可证》")
    document_number = forms.CharField(label="文书编号", max_length=100, required=False)
    on = forms.DateField(label="办结日期", required=False, widget=BrowserDateInput())


class CaseFilterForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label="状态", choices=[("", "全部"), *CaseStatus.choices], required=False)
    power = forms.ModelChoiceField(label="赋权事项", queryset=Power.objects.none(), required=False)
    unit = forms.ModelChoiceField(label="办理部门", queryset=Unit.objects.none(), required=False)
    light = forms.ChoiceField(label="亮灯", choices=[("", "全部"), *Light.choices], required=False)
    q = forms.CharField(label="企业或事项", required=False)

    def __init__(self, *args, park, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["power"].queryset = Power.objects.filter(park=park)
        self.fields["unit"].queryset = Unit.objects.filter(park=park)

    def filter(self, cases):
        if not self.is_valid():
            return cases
        data = self.cleaned_data
        if data.get("status"):
            cases = cases.filter(status=data["status"])
        if data.get("power"):
            cases = cases.filter(power=data["power"])
        if data.get("unit"):
            cases = cases.filter(pk__in=cases.model.objects.filter(steps__unit=data["unit"]).values("pk"))
        if data.get("q"):
            from django.db.models import Q
            cases = cases.filter(Q(enterprise_name__icontains=data["q"]) | Q(title__icontains=data["q"]))
        return cases

    @property
    def wanted_light(self) -> str:
        return self.cleaned_data.get("light", "") if self.is_valid() else ""


class PowerImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="赋权清单")

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        from parkops.core.uploads import human_size

        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"Excel（.xlsx）或Word（.docx），不超过{human_size(settings.IMPORT_MAX_BYTES)}"
        self.fields["file"].widget.attrs["accept"] = ".docx,.xlsx"
