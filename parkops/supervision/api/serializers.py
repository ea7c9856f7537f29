from django.utils import timezone
from rest_framework import serializers

from parkops.core import metrics
from parkops.core.formatting import format_quantity
from parkops.core.metrics import Readings
from parkops.core.periods import period_key
from parkops.supervision.lights import compute_light
from parkops.supervision.models import Plan, ProgressReport, Target, Task


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = ["id", "name", "year", "cycle", "due_day", "deadline", "ledger_title", "is_active"]


class TargetSerializer(serializers.ModelSerializer):
    display = serializers.SerializerMethodField()
    metric_label = serializers.SerializerMethodField()

    class Meta:
        model = Target
        fields = ["id", "phrase", "comparator", "amount", "unit", "display", "metric_key", "metric_label"]

    def get_display(self, target) -> str:
        return format_quantity(target.amount, target.unit)

    def get_metric_label(self, target) -> str | None:
        """The bound metric's label; null when the target is reported, or its key is no longer declared."""
        metric = metrics.all_metrics().get(target.metric_key) if target.metric_key else None
        return metric.label if metric else None


class TaskSerializer(serializers.ModelSerializer):
    section = serializers.CharField(source="section.heading", default="")
    county_leaders = serializers.SerializerMethodField()
    park_leaders = serializers.SerializerMethodField()
    lead_units = serializers.SerializerMethodField()
    cooperating_units = serializers.SerializerMethodField()
    targets = TargetSerializer(many=True, read_only=True)
    light = serializers.SerializerMethodField()
    light_reason = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = ["id", "plan", "section", "number", "text", "deadline", "county_leaders", "park_leaders",
                  "lead_units", "cooperating_units", "targets", "light", "light_reason"]

    def _light(self, task):
        if not hasattr(task, "_light_result"):
            # One Readings for the whole response (TaskViewSet.get_serializer_context): each bound metric read once.
            readings = self.context.setdefault("readings", Readings())
            task._light_result = compute_light(task, today=timezone.localdate(), readings=readings)
        return task._light_result

    def get_light(self, task) -> str:
        return self._light(task).light

    def get_light_reason(self, task) -> str:
        return self._light(task).reason

    def get_county_leaders(self, task) -> list[str]:
        return [p.name for p in task.county_leaders]

    def get_park_leaders(self, task) -> list[str]:
        return [p.name for p in task.park_leaders]

    def get_lead_units(self, task) -> list[str]:
        return [u.name for u in task.lead_units]

    def get_cooperating_units(self, task) -> list[str]:
        return [u.name for u in task.cooperating_units]


class ProgressReportSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name")
    period = serializers.SerializerMethodField()

    class Meta:
        model = ProgressReport
        fields = ["id", "task", "unit", "period", "text", "claims_done", "status", "return_reason",
                  "submitted_at", "reviewed_at"]

    def get_period(self, report) -> str:
        return period_key(report.period)
