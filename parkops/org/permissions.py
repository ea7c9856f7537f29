"""等保 三员分立: the system administrator keeps the organisation and the accounts, the security
administrator assigns roles and unlocks accounts, the audit administrator reads the audit log.
None of the three does business work, and none can do another's."""

from parkops.org.choices import Role


def can_manage_org(user) -> bool:
    return user.is_authenticated and user.role == Role.SYSTEM_ADMIN


def can_assign_roles(user) -> bool:
    return user.is_authenticated and user.role == Role.SECURITY_ADMIN


def can_list_users(user) -> bool:
    return can_manage_org(user) or can_assign_roles(user)


def can_read_audit(user) -> bool:
    return user.is_authenticated and user.role == Role.AUDIT_ADMIN
