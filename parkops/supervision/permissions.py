"""Who may do what in supervision. Views, exports and the API all ask these functions, so the
role matrix is defined here once and tested here once (tests/test_role_matrix.py)."""

from __future__ import annotations

from parkops.org.choices import Role
from parkops.supervision.choices import ReportStatus
from parkops.supervision.models import ProgressReport, Task, TaskQuerySet

WHOLE_PARK_READERS = {Role.SUPERVISOR, Role.LEADER, Role.VIEWER}


def can_use_supervision(user) -> bool:
    return user.is_authenticated and user.is_active and (
        user.role in WHOLE_PARK_READERS or (user.role == Role.REPORTER and user.unit_id is not None)
    )


def visible_tasks(user, tasks: TaskQuerySet) -> TaskQuerySet:
    """The tasks a user may see: the whole park, or for a reporter only where their unit leads or
    cooperates. Every list, export and API endpoint starts from this."""
    if not can_use_supervision(user):
        return tasks.none()
    if user.role == Role.REPORTER:
        return tasks.for_unit(user.unit)
    return tasks


def can_view_task(user, task: Task) -> bool:
    if not can_use_supervision(user):
        return False
    if user.role == Role.REPORTER:
        return task.unit_links.filter(unit_id=user.unit_id).exists()
    return True


def can_report(user) -> bool:
    return user.is_authenticated and user.role == Role.REPORTER and user.unit_id is not None


def can_report_on(user, task: Task) -> bool:
    return can_report(user) and can_view_task(user, task)


def can_edit_report(user, report: ProgressReport) -> bool:
    return (
        user.is_authenticated
        and user.role == Role.REPORTER
        and user.unit_id == report.unit_id
        and report.status == ReportStatus.RETURNED
    )


def can_review(user, report: ProgressReport | None = None) -> bool:
    return user.is_authenticated and user.role == Role.SUPERVISOR and (
        report is None or report.status == ReportStatus.SUBMITTED
    )


def can_manage_plans(user) -> bool:
    """Create and edit plans and tasks, import ledgers, override lights."""
    return user.is_authenticated and user.is_active and user.role == Role.SUPERVISOR


def can_comment(user, task: Task) -> bool:
    return user.is_authenticated and user.role == Role.LEADER


def can_export(user) -> bool:
    return can_use_supervision(user)

