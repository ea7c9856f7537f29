"""等保 三员分立: the system administrator keeps the organisation and the ordinary accounts, the security
administrator assigns roles, resets the administrators' passwords and second factors and unlocks
accounts, the audit administrator reads the audit log. None of the three does business work, and none
can act for another: no one but the security administrator touches an administrator's account."""

from parkops.org.choices import Role


def can_manage_org(user) -> bool:
    return user.is_authenticated and user.role == Role.SYSTEM_ADMIN


def can_manage_account(user, account) -> bool:
    """The system administrator's account form: new accounts and ordinary ones, never an administrator's
    (their own included: their password is changed on the self-service page)."""
    return can_manage_org(user) and (account is None or not (account.is_admin_role or account == user))


def can_assign_roles(user) -> bool:
    return user.is_authenticated and user.role == Role.SECURITY_ADMIN


def can_manage_security_of(user, account) -> bool:
    """Role, password reset, second factor and unlock of another account: the security administrator's."""
    return can_assign_roles(user) and account != user


def can_list_users(user) -> bool:
    return can_manage_org(user) or can_assign_roles(user)


def can_read_audit(user) -> bool:
    return user.is_authenticated and user.role == Role.AUDIT_ADMIN
