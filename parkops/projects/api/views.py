"""Read access to key projects for other systems: the same rows of the permission matrix as the pages."""

from rest_framework import viewsets

from parkops.core.permissions import API_READ, visible
from parkops.projects.api.serializers import ProblemSerializer, ProjectSerializer
from parkops.projects.models import Problem, Project
from parkops.projects.selectors import with_listing_data


class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProjectSerializer

    def get_queryset(self):
        projects = with_listing_data(Project.objects.all()).order_by("name")
        return visible(self.request.user, "project", API_READ, projects)


class ProblemViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProblemSerializer

    def get_queryset(self):
        problems = Problem.objects.select_related("project", "responsible_unit").order_by("-raised_on", "-pk")
        return visible(self.request.user, "problem", API_READ, problems)
