"""Who may do what in 企业服务: this module's rows of the permission matrix (core.permissions).

The committee's supervisor (督办员) keeps the enterprise accounts, routes every request and sets the
limits; a unit's 填报员 handles the requests routed to his unit (受理, 答复, 办结, 延期) and may file one
for an enterprise he serves; leaders and viewers read them all. A 企业用户 sees and acts only on its own
enterprise's requests: files them, rates the answer and reopens it."""

from __future__ import annotations

from django.db.models import Q, QuerySet

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
from parkops.services.choices import Status
from parkops.services.models import EnterpriseAccount, ServiceRequest

WHOLE_PARK_READERS = {Role.SUPERVISOR, Role.LEADER, Role.VIEWER}
SUPERVISOR = {Role.SUPERVISOR}
ROUTE = "route"
HANDLE = "handle"
RATE = "rate"
TO_TASK = "to_task"


def enterprise_of(user):
    """The enterprise a 企业用户 acts for, or None (any other account, or one not yet tied)."""
    if not getattr(user, "is_authenticated", False) or user.role != Role.ENTERPRISE:
        return None
    if not hasattr(user, "_service_enterprise"):
        account = EnterpriseAccount.objects.filter(user=user).select_related("enterprise").first()
        user._service_enterprise = account.enterprise if account else None
    return user._service_enterprise


def _own_enterprise(user) -> Q | None:
    enterprise = enterprise_of(user)
    return Q(enterprise_id=enterprise.pk) if enterprise else None


def _own_unit(user) -> Q | None:
    return Q(unit_id=user.unit_id) if user.unit_id else None


declare("services", "service_request", "企业诉求", {
    VIEW_LIST: rule(WHOLE_PARK_READERS, {Role.REPORTER: _own_unit, Role.ENTERPRISE: _own_enterprise}),
    VIEW_ONE: rule(WHOLE_PARK_READERS, {Role.REPORTER: _own_unit, Role.ENTERPRISE: _own_enterprise}),
    CREATE: rule({Role.SUPERVISOR, Role.REPORTER, Role.ENTERPRISE}, label="提出或代录诉求"),
    ROUTE: rule(SUPERVISOR, condition=lambda r: r.status != Status.RESOLVED, label="分派承办单位"),
    HANDLE: rule(SUPERVISOR, {Role.REPORTER: _own_unit}, condition=lambda r: r.unit_id is not None
                 and r.status != Status.RESOLVED, label="受理、答复、延期、办结（承办单位办本单位的）"),
    RATE: rule((), {Role.ENTERPRISE: _own_enterprise}, condition=lambda r: r.status == Status.RESOLVED,
               label="评价办理结果、申请重新办理"),
    TO_TASK: rule(SUPERVISOR, condition=lambda r: r.status != Status.RESOLVED and r.unit_id is not None
                  and r.supervision_task_id is None, label="转督办"),
    EXPORT: rule(WHOLE_PARK_READERS, {Role.REPORTER: _own_unit}, label="导出企业诉求台账"),
    IMPORT: rule(SUPERVISOR, label="导入企业诉求台账"),
})
declare("services", "enterprise_account", "企业账号", {
    VIEW_LIST: rule(SUPERVISOR, label="查看企业账号"),
    CREATE: rule(SUPERVISOR, label="按统一社会信用代码开通企业账号、重置一次性密码"),
})
declare("services", "self_report", "企业自报", {
    VIEW_LIST: rule(WHOLE_PARK_READERS, {Role.ENTERPRISE: _own_enterprise}, label="查看企业自报数据及与统计数据的差异"),
    CREATE: rule((), {Role.ENTERPRISE: _own_enterprise}, label="填报、更正本企业的月度数据"),
})
declare("services", "service_rules", "诉求办理时限", {
    EDIT: rule(SUPERVISOR, label="设定受理、答复、办结时限"),
})


def visible_requests(user, requests: QuerySet[ServiceRequest] | None = None) -> QuerySet[ServiceRequest]:
    return visible(user, "service_request", VIEW_LIST, ServiceRequest.objects.all() if requests is None else requests)


def can_use_requests(user) -> bool:
    return allows(user, "service_request", VIEW_LIST)


def can_view_request(user, request: ServiceRequest) -> bool:
    return allows(user, "service_request", VIEW_ONE, request)


def can_file(user) -> bool:
    if getattr(user, "role", None) == Role.ENTERPRISE and enterprise_of(user) is None:
        return False
    return allows(user, "service_request", CREATE)


def can_route(user, request: ServiceRequest | None = None) -> bool:
    return allows(user, "service_request", ROUTE, request)


def can_handle(user, request: ServiceRequest) -> bool:
    return allows(user, "service_request", HANDLE, request)


def can_rate(user, request: ServiceRequest) -> bool:
    return allows(user, "service_request", RATE, request)


def may_rate_own(user, request: ServiceRequest) -> bool:
    """For a request already found among the user's own (visible_requests): awaiting its rating. No query."""
    return allows(user, "service_request", RATE) and request.status == Status.RESOLVED and not request.rating


def can_hand_to_supervision(user, request: ServiceRequest | None = None) -> bool:
    return allows(user, "service_request", TO_TASK, request)


def can_export(user) -> bool:
    return allows(user, "service_request", EXPORT)


def can_import(user) -> bool:
    return allows(user, "service_request", IMPORT)


def can_manage_accounts(user) -> bool:
    return allows(user, "enterprise_account", CREATE)


def can_set_rules(user) -> bool:
    return allows(user, "service_rules", EDIT)


def is_enterprise_user(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role == Role.ENTERPRISE)


def can_view_self_reports(user) -> bool:
    """The park's view of every enterprise's self-reports (the clerk's list of differences)."""
    return allows(user, "self_report", VIEW_LIST) and not is_enterprise_user(user)


def can_self_report(user) -> bool:
    return allows(user, "self_report", CREATE) and enterprise_of(user) is not None
