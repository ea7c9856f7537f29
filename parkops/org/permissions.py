"""等保 三员分立: the system administrator keeps the organisation and the accounts, the security
administrator assigns roles and unlocks accounts, the audit administrator reads the audit log.
None of the three does business work, and none can do another's. This module's rows of the
permission matrix (core.permissions), the audit log's included."""

from django.db.models import Q

from parkops.core.permissions import EDIT, EXPORT, VIEW_LIST, allows, declare, rule
from parkops.org.choices import Role

declare("org", "unit", "单位与人员", {
    VIEW_LIST: rule({Role.SYSTEM_ADMIN}),
    EDIT: rule({Role.SYSTEM_ADMIN}, label="新增与修改"),
})
declare("org", "user", "用户账号", {
    VIEW_LIST: rule({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN}),
    EDIT: rule({Role.SYSTEM_ADMIN}, label="新增与修改账号"),
    # Nobody raises his own powers: the security administrator sets every role but his own.
    "assign_role": rule((), {Role.SECURITY_ADMIN: lambda user: ~Q(pk=user.pk)}, label="分配角色与解锁（本人除外）"),
})
declare("core", "audit", "审计日志", {
    VIEW_LIST: rule({Role.AUDIT_ADMIN}),
    EXPORT: rule({Role.AUDIT_ADMIN}),
})


def can_manage_org(user) -> bool:
    return allows(user, "unit", EDIT)


def can_assign_roles(user, account=None) -> bool:
    return allows(user, "user", "assign_role", account)


def can_list_users(user) -> bool:
    return allows(user, "user", VIEW_LIST)


def can_read_audit(user) -> bool:
    return allows(user, "audit", VIEW_LIST)
