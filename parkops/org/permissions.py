"""等保 三员分立: the system administrator keeps the organisation and the ordinary accounts, the security
administrator assigns roles, resets the administrators' passwords and second factors and unlocks
accounts, the audit administrator reads the audit log. None of the three does business work, and none
can act for another: no one but the security administrator touches an administrator's account."""

from collections.abc import Callable

from django.db.models import Q

from parkops.core.permissions import EDIT, EXPORT, IMPORT, VIEW_LIST, allows, declare, rule
from parkops.org.choices import ADMIN_ROLES, Role

declare("org", "unit", "单位与人员", {
    VIEW_LIST: rule({Role.SYSTEM_ADMIN}),
    EDIT: rule({Role.SYSTEM_ADMIN}, label="新增与修改"),
    # The 通讯录: units, people and ordinary accounts, never roles (those stay the security administrator's).
    IMPORT: rule({Role.SYSTEM_ADMIN}, label="导入通讯录"),
})
declare("org", "user", "用户账号", {
    VIEW_LIST: rule({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN}),
    # New accounts and ordinary ones; never an administrator's, his own included (三员分立: only the
    # security administrator touches those; one's own password is changed on the self-service page).
    EDIT: rule((), {Role.SYSTEM_ADMIN: lambda user: ~Q(role__in=ADMIN_ROLES) & ~Q(pk=user.pk)},
               label="新增与修改普通账号"),
    # Nobody raises his own powers: the security administrator sets every role but his own.
    "assign_role": rule((), {Role.SECURITY_ADMIN: lambda user: ~Q(pk=user.pk)},
                        label="分配角色、重置密码与两步验证、解锁（本人除外）"),
})
declare("core", "audit", "审计日志", {
    VIEW_LIST: rule({Role.AUDIT_ADMIN}),
    EXPORT: rule({Role.AUDIT_ADMIN}),
})


def can_manage_org(user) -> bool:
    return allows(user, "unit", EDIT)


def can_import_directory(user) -> bool:
    return allows(user, "unit", IMPORT)


def can_manage_account(user, account) -> bool:
    """The system administrator's account form (account None: a new one)."""
    return allows(user, "user", EDIT, account)


def can_assign_roles(user, account=None) -> bool:
    return allows(user, "user", "assign_role", account)


def can_manage_security_of(user, account) -> bool:
    """Role, password reset, second factor and unlock of another account: the security administrator's."""
    return can_assign_roles(user, account)


def can_list_users(user) -> bool:
    return allows(user, "user", VIEW_LIST)



def holds_role(*roles: Role) -> Callable[[object], bool]:
    """Whether a user holds one of these roles: for what is shown by role alone (a menu entry)."""
    return lambda user: user.role in roles
