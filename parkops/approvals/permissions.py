"""Who may do what in 审批代办: this module's rows of the permission matrix (core.permissions).

The committee's supervisor (督办员) keeps the 赋权清单, accepts cases and closes them; the 代办员 who carries
a case may close it too. A department's 填报员 handles his unit's steps (补正, 补齐, 办结) and sees the
cases his unit has a step in, or that he carries. Leaders and viewers read everything. A 企业用户 sees
its own enterprise's cases, read only (the enterprise is the one services ties its account to)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from parkops.approvals.choices import CaseStatus, StepStatus
from parkops.approvals.models import ApprovalCase, Power, Step
from parkops.core.permissions import (
    CREATE,
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
from parkops.services.permissions import enterprise_of

WHOLE_PARK_READERS = {Role.SUPERVISOR, Role.LEADER, Role.VIEWER}
SUPERVISOR = {Role.SUPERVISOR}
HANDLE = "handle"
CLOSE = "close"


def _own_enterprise(user) -> Q | None:
    enterprise = enterprise_of(user)
    return Q(enterprise_id=enterprise.pk) if enterprise else None


def _unit_or_carried(user) -> Q:
    where = Q(agent_id=user.pk)
    return where | Q(steps__unit_id=user.unit_id) if user.unit_id else where


def _carried(user) -> Q:
    return Q(agent_id=user.pk)


def _own_unit(user) -> Q | None:
    return Q(unit_id=user.unit_id) if user.unit_id else None


declare("approvals", "approval_power", "赋权事项", {
    VIEW_LIST: rule({*WHOLE_PARK_READERS, Role.REPORTER}),
    VIEW_ONE: rule({*WHOLE_PARK_READERS, Role.REPORTER}),
    CREATE: rule(SUPERVISOR, label="新增赋权事项"),
    EDIT: rule(SUPERVISOR, label="修改赋权事项、调整办理方式"),
    IMPORT: rule(SUPERVISOR, label="导入赋权清单"),
    EXPORT: rule({*WHOLE_PARK_READERS, Role.REPORTER}, label="导出赋权清单"),
})
declare("approvals", "approval_case", "审批案件", {
    VIEW_LIST: rule(WHOLE_PARK_READERS, {Role.REPORTER: _unit_or_carried, Role.ENTERPRISE: _own_enterprise}),
    VIEW_ONE: rule(WHOLE_PARK_READERS, {Role.REPORTER: _unit_or_carried, Role.ENTERPRISE: _own_enterprise}),
    CREATE: rule(SUPERVISOR, label="受理审批申请、安排办理环节"),
    CLOSE: rule(SUPERVISOR, {Role.REPORTER: _carried}, condition=lambda c: c.status == CaseStatus.OPEN,
                label="办结出件（督办员或该案代办员）"),
    EXPORT: rule(WHOLE_PARK_READERS, {Role.REPORTER: _unit_or_carried}, label="导出审批案件台账"),
})
declare("approvals", "approval_step", "办理环节", {
    HANDLE: rule(SUPERVISOR, {Role.REPORTER: _own_unit},
                 condition=lambda s: s.status in (StepStatus.RUNNING, StepStatus.PAUSED)
                 and s.case.status == CaseStatus.OPEN, label="补正、补齐、环节办结（部门办本单位的）"),
})


def visible_powers(user, powers: QuerySet[Power] | None = None) -> QuerySet[Power]:
    return visible(user, "approval_power", VIEW_LIST, Power.objects.all() if powers is None else powers)


def can_use_powers(user) -> bool:
    return allows(user, "approval_power", VIEW_LIST)


def can_view_power(user, power: Power) -> bool:
    return allows(user, "approval_power", VIEW_ONE, power)


def can_add_power(user) -> bool:
    return allows(user, "approval_power", CREATE)


def can_edit_power(user, power: Power | None = None) -> bool:
    return allows(user, "approval_power", EDIT, power)


def can_import_powers(user) -> bool:
    return allows(user, "approval_power", IMPORT)


def can_export_powers(user) -> bool:
    return allows(user, "approval_power", EXPORT)


def visible_cases(user, cases: QuerySet[ApprovalCase] | None = None) -> QuerySet[ApprovalCase]:
    return visible(user, "approval_case", VIEW_LIST, ApprovalCase.objects.all() if cases is None else cases)


def can_use_cases(user) -> bool:
    return allows(user, "approval_case", VIEW_LIST)


def can_view_case(user, case: ApprovalCase) -> bool:
    return allows(user, "approval_case", VIEW_ONE, case)


def can_open_case(user) -> bool:
    return allows(user, "approval_case", CREATE)


def can_close(user, case: ApprovalCase) -> bool:
    return allows(user, "approval_case", CLOSE, case)


def can_export_cases(user) -> bool:
    return allows(user, "approval_case", EXPORT)


def can_handle(user, step: Step) -> bool:
    return allows(user, "approval_step", HANDLE, step)


def is_enterprise_user(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role == Role.ENTERPRISE)


def in_the_park_office(user) -> bool:
    """Everyone who works the cases, not an enterprise: the menu's, the agenda's and the statistics' readers."""
    return can_use_cases(user) and not is_enterprise_user(user)
