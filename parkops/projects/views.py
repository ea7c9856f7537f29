from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django_tables2 import RequestConfig

from parkops.core.exports import XLSX_TYPE, dated_filename, export_response, workbook_bytes
from parkops.core.permissions import require
from parkops.core.views import table_rows
from parkops.projects import lights, permissions, selectors, workdays
from parkops.projects.filtersets import ProjectFilterForm
from parkops.projects.models import Project
from parkops.projects.tables import ProjectTable


def _listed(projects, today) -> list[Project]:
    """Each project with its light and this year's investment figures, from one set of prefetches."""
    rows = lights.with_lights(selectors.with_listing_data(projects), today=today)
    for project in rows:
        project.figures = selectors.investment_figures(project, year=today.year)
    return rows


@login_required
def project_list(request):
    require(permissions.can_use_projects(request.user))
    today = timezone.localdate()
    filters = ProjectFilterForm(request.GET or None)
    projects = filters.filter(permissions.visible_projects(request.user, Project.objects.filter(is_active=True)))
    rows = _listed(projects, today)
    table = ProjectTable(rows)
    if request.GET.get("export") == "xlsx":
        require(permissions.can_export_projects(request.user))
        header, rows = table_rows(table)
        return export_response(workbook_bytes("重点项目", header, rows), dated_filename("重点项目", "xlsx"), XLSX_TYPE,
                               what="重点项目")
    RequestConfig(request, paginate={"per_page": 30}).configure(table)
    query = request.GET.copy()
    query.pop("page", None)
    query["export"] = "xlsx"
    return render(request, "projects/project_list.html", {
        "title": "重点项目", "table": table, "filters": filters, "year": today.year,
        "counts": lights.light_counts(rows), "export_query": query.urlencode(),
    })


@login_required
def project_detail(request, pk):
    project = get_object_or_404(selectors.with_listing_data(Project.objects.all()), pk=pk)
    require(permissions.can_view_project(request.user, project))
    today = timezone.localdate()
    return render(request, "projects/project_detail.html", {
        "title": project.name,
        "project": project,
        "light": lights.compute_project_light(project, today=today),
        "clock": workdays.approval_clock(project, today=today),
        "figures": selectors.investment_figures(project, year=today.year),
        "stage_events": project.stage_events.select_related("recorded_by"),
        "open_problems": selectors.open_problems(project),
        "can_edit": permissions.can_edit_project(request.user, project),
    })
