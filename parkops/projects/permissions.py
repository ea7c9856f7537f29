"""Who may do what with key projects. Views, exports and the API ask these functions only.

A 驻企联络员 is any user named as a project's liaison: they report on and raise problems for their own
projects and no others. A unit's reporter sees the projects its unit is responsible for, and works the
problems assigned to the unit. Leaders and viewers read the whole park; leaders chase; the supervisor
runs the module.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from parkops.org.choices import Role
from parkops.projects.choices import OPEN_PROBLEM_STATUSES
from parkops.projects.models import Chase, Problem, Project

WHOLE_PARK_READERS = {Role.SUPERVISOR, Role.LEADER, Role.VIEWER}


def _active(user) -> bool:
    return user.is_authenticated and user.is_active


def can_use_projects(user) -> bool:
    return _active(user) and (user.role in WHOLE_PARK_READERS or user.role == Role.REPORTER)


def visible_projects(user, projects: QuerySet[Project]) -> QuerySet[Project]:
    """Every list, export and API endpoint of the module starts from this."""
    if not can_use_projects(user):
        return projects.none()
    if user.role in WHOLE_PARK_READERS:
        return projects
    mine = Q(liaison=user)
    if user.unit_id:
        mine |= Q(responsible_unit_id=user.unit_id) | Q(problems__responsible_unit_id=user.unit_id)
    return projects.filter(mine).distinct()


def can_view_project(user, project: Project) -> bool:
    return visible_projects(user, Project.objects.filter(pk=project.pk)).exists()


def is_liaison(user, project: Project) -> bool:
    return _active(user) and project.liaison_id == user.pk


def can_manage_projects(user) -> bool:
    """Create projects, change their leader, liaison and plans, hold dispatch meetings."""
    return _active(user) and user.role == Role.SUPERVISOR


def can_edit_project(user, project: Project) -> bool:
    """Stages, milestones and monthly progress: the supervisor, or the project's own liaison."""
    return can_manage_projects(user) or is_liaison(user, project)


def can_raise_problem(user, project: Project) -> bool:
    return can_edit_project(user, project) or (_active(user) and user.role == Role.LEADER)


def can_work_problem(user, problem: Problem) -> bool:
    """Move a problem on (办理中 / 已解决 / 无法解决): the unit it is assigned to, or the supervisor."""
    if can_manage_projects(user):
        return True
    return (
        _active(user)
        and user.role == Role.REPORTER
        and user.unit_id is not None
        and problem.responsible_unit_id == user.unit_id
        and problem.status in OPEN_PROBLEM_STATUSES
    )


def can_chase(user) -> bool:
    """催办 is the leaders' and the supervisor's tool."""
    return _active(user) and user.role in {Role.LEADER, Role.SUPERVISOR}


def can_mark_chase_read(user, chase: Chase) -> bool:
    """签收 is an act on the unit's behalf: a 查看员 of the unit reads the chase but does not sign for it."""
    return (_active(user) and user.role != Role.VIEWER and user.unit_id is not None
            and chase.unit_id == user.unit_id)


def can_see_dispatch(user) -> bool:
    """Statistics, dispatch meetings and their documents: the park-wide readers, not the units."""
    return _active(user) and user.role in WHOLE_PARK_READERS


def can_hold_meetings(user) -> bool:
    """Hold a dispatch meeting, write its minutes and record its decisions."""
    return can_manage_projects(user)


def can_export_projects(user) -> bool:
    return can_use_projects(user)
