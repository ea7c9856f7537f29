"""Who may do what in supervision: this module's rows of the permission matrix (core.permissions).

The committee (督办员), its leaders and viewers see the whole park; a 填报员 sees the tasks his unit
leads or cooperates on, their reports and attachments, and reports only for his unit. Views, exports
and the API ask the functions below, which ask the matrix; the generated access test walks the rows.
"""

from __future__ import annotations

from django.db.models import Q

from parkops.core.permissions import (
    API_READ,
    CREATE,
    DOWNLOAD,
    EDIT,
    EXPORT,
    IMPORT,
    REVIEW,
    VIEW_LIST,
    VIEW_ONE,
    allows,
    declare,
    rule,
    visible,
)
from parkops.org.choices import Role
from parkops.supervision.choices import ReportStatus
from parkops.supervision.models import ProgressReport, Task, TaskQuerySet

WHOLE_PARK_READERS = {Role.SUPERVISOR, Role.LEADER, Role.VIEWER}
SUPERVISOR = {Role.SUPERVISOR}


def _unit_scope(path: str):
    """A 填报员's own unit's objects, `path` leading from the object to the unit's id."""
    def scope(user) -> Q | None:
        return Q(**{path: user.unit_id}) if user.unit_id else None
    return scope


OWN_UNIT_TASKS = {Role.REPORTER: _unit_scope("unit_links__unit_id")}
OWN_UNIT_REPORTS = {Role.REPORTER: _unit_scope("task__unit_links__unit_id")}

# A plan is the name of a programme (县《政府工作报告》目标任务), not a unit's data: every reader lists it;
# a plan's page shows only the tasks the reader may see.
PLAN_READERS = WHOLE_PARK_READERS | {Role.REPORTER}
declare("supervision", "plan", "督办计划", {
    VIEW_LIST: rule(PLAN_READERS),
    VIEW_ONE: rule(PLAN_READERS),
    CREATE: rule(SUPERVISOR),
    EDIT: rule(SUPERVISOR),
    API_READ: rule(PLAN_READERS),
})
declare("supervision", "task", "目标任务", {
    VIEW_LIST: rule(WHOLE_PARK_READERS, OWN_UNIT_TASKS),
    VIEW_ONE: rule(WHOLE_PARK_READERS, OWN_UNIT_TASKS),
    EDIT: rule(SUPERVISOR, label="修改任务、目标与责任单位"),
    EXPORT: rule(WHOLE_PARK_READERS, OWN_UNIT_TASKS, label="导出任务清单与一览表"),
    IMPORT: rule(SUPERVISOR, label="导入一览表"),
    "report": rule((), OWN_UNIT_TASKS, label="报送进展"),
    "override_light": rule(SUPERVISOR, label="认定灯色"),
    "comment": rule({Role.LEADER}, label="批示"),
    API_READ: rule(WHOLE_PARK_READERS, OWN_UNIT_TASKS),
})
declare("supervision", "progress_report", "进展报送", {
    VIEW_LIST: rule((), {Role.REPORTER: _unit_scope("unit_id")}, label="我的报送"),
    "review_queue": rule(SUPERVISOR, label="待审核列表"),
    REVIEW: rule(SUPERVISOR, condition=lambda report: report.status == ReportStatus.SUBMITTED),
    EDIT: rule((), {Role.REPORTER: lambda user: Q(unit_id=user.unit_id, status=ReportStatus.RETURNED)
                    if user.unit_id else None}, label="修改被退回的报送"),
    API_READ: rule(WHOLE_PARK_READERS, OWN_UNIT_REPORTS),
})
declare("supervision", "attachment", "报送附件", {
    DOWNLOAD: rule(WHOLE_PARK_READERS, {Role.REPORTER: _unit_scope("report__task__unit_links__unit_id")}),
})


def can_use_supervision(user) -> bool:
    return allows(user, "task", VIEW_LIST)


def visible_tasks(user, tasks: TaskQuerySet | None = None) -> TaskQuerySet:
    """The tasks (of `tasks`, by default all) a user may see: the whole park, or for a reporter only where
    their unit leads or cooperates. Every list, export and API endpoint starts from this."""
    return visible(user, "task", VIEW_LIST, Task.objects.all() if tasks is None else tasks)


def can_view_task(user, task: Task) -> bool:
    return allows(user, "task", VIEW_ONE, task)


def can_report_on(user, task: Task) -> bool:
    return allows(user, "task", "report", task)


def can_review(user, report: ProgressReport | None = None) -> bool:
    return allows(user, "progress_report", REVIEW, report)


def can_manage_plans(user) -> bool:
    """Create and edit plans and tasks, import ledgers, override lights."""
    return allows(user, "plan", EDIT)


def can_comment(user, task: Task) -> bool:
    return allows(user, "task", "comment", task)


def can_export(user) -> bool:
    return allows(user, "task", EXPORT)
