"""Read access to key projects for other systems; the same permission functions as the pages."""

from rest_framework import viewsets

from parkops.projects.api.serializers import ProblemSerializer, ProjectSerializer
from parkops.projects.models import Problem, Project
from parkops.projects.permissions import visible_projects
from parkops.projects.selectors import with_listing_data


class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProjectSerializer

    def get_queryset(self):
        return with_listing_data(visible_projects(self.request.user, Project.objects.all())).order_by("name")


class ProblemViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProblemSerializer

    def get_queryset(self):
        projects = visible_projects(self.request.user, Project.objects.all())
        return (Problem.objects.filter(project__in=projects).select_related("project", "responsible_unit")
                .order_by("-raised_on", "-pk"))
