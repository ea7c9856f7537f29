"""Who may do what with key projects: this module's rows of the permission matrix (core.permissions).

A 驻企联络员 is a 填报员 named as a project's liaison: they report on and raise problems for their own
projects and no others. A unit's reporter sees the projects its unit is responsible for, and works the
problems assigned to the unit. Leaders and viewers read the whole park; leaders chase; the supervisor
runs the module. Views, exports and the API ask the functions below, which ask the matrix.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from parkops.core.permissions import (
    API_READ,
    CREATE,
    DOWNLOAD,
    EDIT,
    EXPORT,
    IMPORT,
    VIEW_LIST,
    VIEW_ONE,
    allows,
    declare,
    rule,
    visible,
)
from parkops.org.choices import Role
from parkops.projects.choices import OPEN_PROBLEM_STATUSES
from parkops.projects.models import Chase, Problem, Project

WHOLE_PARK_READERS = {Role.SUPERVISOR, Role.LEADER, Role.VIEWER}
SUPERVISOR = {Role.SUPERVISOR}


def _projects_of(user, prefix: str = "") -> Q:
    """A reporter's projects: those he is liaison for, those of his unit, those with a problem for it."""
    mine = Q(**{f"{prefix}liaison": user})
    if user.unit_id:
        mine |= Q(**{f"{prefix}responsible_unit_id": user.unit_id})
        mine |= Q(**{f"{prefix}problems__responsible_unit_id": user.unit_id})
    return mine


def _liaison_of(prefix: str = ""):
    return lambda user: Q(**{f"{prefix}liaison": user})


REPORTERS_PROJECTS = {Role.REPORTER: _projects_of}

declare("projects", "project", "重点项目", {
    VIEW_LIST: rule(WHOLE_PARK_READERS, REPORTERS_PROJECTS),
    VIEW_ONE: rule(WHOLE_PARK_READERS, REPORTERS_PROJECTS),
    CREATE: rule(SUPERVISOR),
    EDIT: rule(SUPERVISOR, label="修改项目、领导、联络员与年度计划"),
    "report": rule(SUPERVISOR, {Role.REPORTER: _liaison_of()}, label="报送月度进展、阶段与节点"),
    "raise_problem": rule(SUPERVISOR | {Role.LEADER}, {Role.REPORTER: _liaison_of()}, label="提出困难问题"),
    "chase": rule({Role.LEADER, Role.SUPERVISOR}, label="催办"),
    EXPORT: rule(WHOLE_PARK_READERS, REPORTERS_PROJECTS, label="导出项目清单与进展情况表"),
    IMPORT: rule(SUPERVISOR, label="导入进展情况表"),
    API_READ: rule(WHOLE_PARK_READERS, REPORTERS_PROJECTS),
})
declare("projects", "site_photo", "现场照片", {
    DOWNLOAD: rule(WHOLE_PARK_READERS, {Role.REPORTER: lambda user: _projects_of(user, "progress__project__")}),
})
declare("projects", "problem", "困难问题", {
    "work": rule(SUPERVISOR, {Role.REPORTER: lambda user: Q(responsible_unit_id=user.unit_id,
                                                             status__in=OPEN_PROBLEM_STATUSES)
                              if user.unit_id else None}, label="办理（办理中/已解决/无法解决）"),
    "to_task": rule(SUPERVISOR, label="转督办"),
    API_READ: rule(WHOLE_PARK_READERS, {Role.REPORTER: lambda user: _projects_of(user, "project__")}),
})
# A unit's inbox: the chases sent to it and its open problems, for whoever works for the unit.
declare("projects", "chase", "催办与问题", {
    VIEW_LIST: rule((), {role: (lambda user: Q(unit_id=user.unit_id) if user.unit_id else None)
                         for role in (Role.REPORTER, Role.SUPERVISOR, Role.LEADER, Role.VIEWER)}),
})
declare("projects", "dispatch", "调度与统计、调度会", {
    VIEW_ONE: rule(WHOLE_PARK_READERS, label="查看统计、调度会及其文件"),
    EDIT: rule(SUPERVISOR, label="召开调度会、记录纪要与议定事项"),
})


def can_use_projects(user) -> bool:
    return allows(user, "project", VIEW_LIST)


def visible_projects(user, projects: QuerySet[Project] | None = None) -> QuerySet[Project]:
    """The projects (of `projects`, by default all) a user may see. Every list, export and API endpoint of
    the module starts from this."""
    return visible(user, "project", VIEW_LIST, Project.objects.all() if projects is None else projects)


def can_view_project(user, project: Project) -> bool:
    return allows(user, "project", VIEW_ONE, project)


def own_projects(user, projects: QuerySet[Project]) -> QuerySet[Project]:
    """我的项目: what a person answers for among the projects they see. A 填报员's are those they report on
    as 驻企联络员 (their unit's others are only theirs to read); a leader's are those they are 挂点 for."""
    projects = visible_projects(user, projects)
    if user.role == Role.REPORTER:
        return visible(user, "project", "report", projects)
    if user.person_id:
        return projects.filter(leader_id=user.person_id)
    return projects


def can_manage_projects(user) -> bool:
    """Create projects, change their leader, liaison and plans."""
    return allows(user, "project", EDIT)


def can_edit_project(user, project: Project) -> bool:
    """Stages, milestones and monthly progress: the supervisor, or the project's own liaison."""
    return allows(user, "project", "report", project)


def can_raise_problem(user, project: Project) -> bool:
    return allows(user, "project", "raise_problem", project)


def can_work_problem(user, problem: Problem) -> bool:
    """Move a problem on (办理中 / 已解决 / 无法解决): the unit it is assigned to, or the supervisor."""
    return allows(user, "problem", "work", problem)


def can_chase(user) -> bool:
    """催办 is the leaders' and the supervisor's tool."""
    return allows(user, "project", "chase")


def can_use_inbox(user) -> bool:
    return allows(user, "chase", VIEW_LIST)


def can_mark_chase_read(user, chase: Chase) -> bool:
    """签收 is an act on the unit's behalf: a 查看员 of the unit reads the chase but does not sign for it."""
    return allows(user, "chase", VIEW_LIST, chase) and user.role != Role.VIEWER


def can_see_dispatch(user) -> bool:
    """Statistics, dispatch meetings and their documents: the park-wide readers, not the units."""
    return allows(user, "dispatch", VIEW_ONE)


def can_hold_meetings(user) -> bool:
    """Hold a dispatch meeting, write its minutes and record its decisions."""
    return allows(user, "dispatch", EDIT)


def can_export_projects(user) -> bool:
    return allows(user, "project", EXPORT)
