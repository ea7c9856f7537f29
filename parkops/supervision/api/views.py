"""Read access to supervision for other systems: the same rows of the permission matrix as the pages."""

from rest_framework import viewsets

from parkops.core.metrics import Readings
from parkops.core.permissions import API_READ, visible
from parkops.supervision.api.serializers import PlanSerializer, ProgressReportSerializer, TaskSerializer
from parkops.supervision.models import Plan, ProgressReport, Task


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PlanSerializer

    def get_queryset(self):
        return visible(self.request.user, "plan", API_READ, Plan.objects.order_by("-year", "name"))


class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TaskSerializer

    def get_queryset(self):
        tasks = Task.objects.with_listing_data().order_by("plan", "position")
        return visible(self.request.user, "task", API_READ, tasks)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "readings": Readings()}


class ProgressReportViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProgressReportSerializer

    def get_queryset(self):
        reports = ProgressReport.objects.select_related("unit").order_by("-period", "id")
        return visible(self.request.user, "progress_report", API_READ, reports)
