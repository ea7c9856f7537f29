"""Who may do what in 惠企政策兑现: this module's rows of the permission matrix (core.permissions).

The committee's supervisor (督办员) keeps the policies, their clauses and conditions, confirms the
免申即享 matches, reviews the applications and records the payments; leaders and viewers read them all.
A 企业用户 sees only its own enterprise's cash-outs and applies for its own enterprise only: its account's
tie to the enterprise (services.EnterpriseAccount, reached here through the enterprise's `accounts`)
decides, so this module imports nothing of 企业服务."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from parkops.core.permissions import (
    CREATE,
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
from parkops.policies.choices import Status
from parkops.policies.models import Application

READERS = {Role.SUPERVISOR, Role.LEADER, Role.VIEWER}
SUPERVISOR = {Role.SUPERVISOR}
PAY = "pay"


def _own_enterprise(user) -> Q:
    return Q(enterprise__accounts__user_id=user.pk)


declare("policies", "policy", "惠企政策", {
    VIEW_LIST: rule(READERS, label="查看政策、条款及符合条件的企业"),
    CREATE: rule(SUPERVISOR, label="录入政策"),
    EDIT: rule(SUPERVISOR, label="编辑政策、条款和兑现条件"),
    IMPORT: rule(SUPERVISOR, label="导入政策清单"),
    EXPORT: rule(READERS, label="导出政策清单"),
})
declare("policies", "policy_application", "政策兑现", {
    VIEW_LIST: rule(READERS, {Role.ENTERPRISE: _own_enterprise}),
    VIEW_ONE: rule(READERS, {Role.ENTERPRISE: _own_enterprise}),
    CREATE: rule({Role.SUPERVISOR, Role.ENTERPRISE}, label="确认免申即享、登记或提出兑现申请（企业只为本企业）"),
    REVIEW: rule(SUPERVISOR, condition=lambda a: a.status == Status.SUBMITTED, label="审核兑现申请"),
    PAY: rule(SUPERVISOR, condition=lambda a: a.status == Status.APPROVED, label="登记兑现（拨付）"),
    EXPORT: rule(READERS, label="导出政策兑现台账"),
})


def can_view_policies(user) -> bool:
    return allows(user, "policy", VIEW_LIST)


def can_create_policy(user) -> bool:
    return allows(user, "policy", CREATE)


def can_edit_policy(user) -> bool:
    return allows(user, "policy", EDIT)


def can_import(user) -> bool:
    return allows(user, "policy", IMPORT)


def can_export_policies(user) -> bool:
    return allows(user, "policy", EXPORT)


def visible_applications(user, applications: QuerySet[Application] | None = None) -> QuerySet[Application]:
    return visible(user, "policy_application", VIEW_LIST,
                   Application.objects.all() if applications is None else applications)


def can_view_applications(user) -> bool:
    return allows(user, "policy_application", VIEW_LIST)


def can_view_application(user, application: Application) -> bool:
    return allows(user, "policy_application", VIEW_ONE, application)


def can_apply(user) -> bool:
    return allows(user, "policy_application", CREATE)


def can_review(user, application: Application | None = None) -> bool:
    return allows(user, "policy_application", REVIEW, application)


def can_pay(user, application: Application | None = None) -> bool:
    return allows(user, "policy_application", PAY, application)


def can_export_applications(user) -> bool:
    return allows(user, "policy_application", EXPORT)


def is_enterprise_user(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role == Role.ENTERPRISE)
