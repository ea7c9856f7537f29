"""How tasks are filtered: one definition for the task list, its export and the ledger export."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from parkops.core.forms import StyledFormMixin
from parkops.org.choices import Role
from parkops.org.models import Person, Unit
from parkops.supervision.choices import Light
from parkops.supervision.models import Plan, TaskQuerySet


class TaskFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="关键词", required=False)
    plan = forms.ModelChoiceField(label="计划", queryset=Plan.objects.all(), required=False, empty_label="全部计划")
    unit = forms.ModelChoiceField(label="责任单位", queryset=Unit.objects.all(), required=False, empty_label="全部单位")
    leader = forms.ModelChoiceField(label="责任领导", queryset=Person.objects.all(), required=False,
                                    empty_label="全部领导")
    light = forms.MultipleChoiceField(label="灯色", choices=Light.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["light"].widget.attrs["class"] = "form-check-input"
        if user is not None and user.role == Role.REPORTER:
            # A reporter sees only their own unit's tasks: a choice of unit would be a false promise.
            del self.fields["unit"]

    def _data(self) -> dict:
        return self.cleaned_data if self.is_bound and self.is_valid() else {}

    def filter(self, tasks: TaskQuerySet) -> TaskQuerySet:
        data = self._data()
        if data.get("q"):
            q = data["q"].strip()
            tasks = tasks.filter(Q(text__icontains=q) | Q(number=q) | Q(reports__text__icontains=q))
        if data.get("plan"):
            tasks = tasks.filter(plan=data["plan"])
        if data.get("unit"):
            tasks = tasks.filter(unit_links__unit=data["unit"])
        if data.get("leader"):
            tasks = tasks.filter(leader_links__person=data["leader"])
        return tasks.distinct().order_by("plan__year", "plan__name", "position")

    def lights(self) -> list[str]:
        return self._data().get("light") or []
