from django import forms
from django.db.models import Q

from parkops.core.forms import StyledFormMixin
from parkops.org.models import Person, Unit, Zone
from parkops.projects.choices import ProjectKind, ProjectLevel, ProjectLight, Stage


class ProjectFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="关键词", required=False)
    kind = forms.ChoiceField(label="类别", choices=[("", "全部类别"), *ProjectKind.choices], required=False)
    level = forms.ChoiceField(label="级别", choices=[("", "全部级别"), *ProjectLevel.choices], required=False)
    stage = forms.ChoiceField(label="阶段", choices=[("", "全部阶段"), *Stage.choices], required=False)
    zone = forms.ModelChoiceField(label="片区", queryset=Zone.objects.all(), required=False, empty_label="全部片区")
    leader = forms.ModelChoiceField(label="挂点领导", queryset=Person.objects.all(), required=False,
                                    empty_label="全部领导")
    unit = forms.ModelChoiceField(label="责任单位", queryset=Unit.objects.all(), required=False,
                                  empty_label="全部单位")
    light = forms.ChoiceField(label="亮灯", choices=[("", "全部灯色"), *ProjectLight.choices], required=False)

    def filter(self, projects):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("q"):
            q = data["q"].strip()
            projects = projects.filter(Q(name__icontains=q) | Q(enterprise_name__icontains=q)
                                       | Q(industry_chain__icontains=q))
        for field in ("kind", "level", "stage", "zone", "leader"):
            if data.get(field):
                projects = projects.filter(**{field: data[field]})
        if data.get("unit"):
            projects = projects.filter(responsible_unit=data["unit"])
        return projects.order_by("name")

    def filter_lights(self, projects: list) -> list:
        """Lights are worked out, not stored: the projects already lit are filtered here (a report's
        count of red projects links to this list)."""
        light = self.cleaned_data.get("light") if self.is_bound and self.is_valid() else ""
        return [p for p in projects if p.light.light == light] if light else projects
