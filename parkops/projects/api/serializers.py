from django.utils import timezone
from rest_framework import serializers

from parkops.projects.lights import compute_project_light
from parkops.projects.models import Problem, Project
from parkops.projects.selectors import investment_figures


class ProjectSerializer(serializers.ModelSerializer):
    """A project with its light and this year's investment; money in 万元 as stored."""

    kind = serializers.CharField(source="get_kind_display")
    stage = serializers.CharField(source="get_stage_display")
    # Null until assigned: the schema says so (allow_null), as the responses do.
    leader = serializers.StringRelatedField(allow_null=True)
    responsible_unit = serializers.StringRelatedField(allow_null=True)
    planned_this_year = serializers.SerializerMethodField()
    invested_this_year = serializers.SerializerMethodField()
    light = serializers.SerializerMethodField()
    light_reason = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = ["id", "name", "enterprise_name", "credit_code", "industry_chain", "kind", "level", "stage",
                  "total_investment", "planned_this_year", "invested_this_year", "leader", "responsible_unit",
                  "light", "light_reason"]

    def _figures(self, project):
        if not hasattr(project, "_figures"):
            project._figures = investment_figures(project, year=timezone.localdate().year)
        return project._figures

    def _light(self, project):
        if not hasattr(project, "_light"):
            project._light = compute_project_light(project, today=timezone.localdate())
        return project._light

    def get_planned_this_year(self, project) -> str | None:
        value = self._figures(project).planned_this_year
        return None if value is None else str(value)

    def get_invested_this_year(self, project) -> str:
        return str(self._figures(project).invested_this_year)

    def get_light(self, project) -> str:
        return self._light(project).light

    def get_light_reason(self, project) -> str:
        return self._light(project).reason


class ProblemSerializer(serializers.ModelSerializer):
    project = serializers.StringRelatedField()
    responsible_unit = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = Problem
        fields = ["id", "project", "category", "description", "source", "raised_on", "responsible_unit",
                  "deadline", "status", "resolution", "resolved_on", "escalation"]
