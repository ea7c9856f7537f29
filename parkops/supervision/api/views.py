"""Read access to supervision for other systems; the same permission functions as the pages."""

from rest_framework import viewsets

from parkops.supervision.api.serializers import PlanSerializer, ProgressReportSerializer, TaskSerializer
from parkops.supervision.models import Plan, ProgressReport, Task
from parkops.supervision.permissions import can_use_supervision, visible_tasks


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PlanSerializer

    def get_queryset(self):
        if not can_use_supervision(self.request.user):
            return Plan.objects.none()
        return Plan.objects.all()


class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TaskSerializer

    def get_queryset(self):
        return visible_tasks(self.request.user, Task.objects.with_listing_data()).order_by("plan", "position")


class ProgressReportViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProgressReportSerializer

    def get_queryset(self):
        tasks = visible_tasks(self.request.user, Task.objects.all())
        return ProgressReport.objects.filter(task__in=tasks).select_related("unit").order_by("-period", "id")
