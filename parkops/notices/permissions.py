"""Who may do what with notices: everyone reads their own messages; the system administrator keeps the
channels and watches the deliveries (it is configuration, like units and accounts, not business work)."""

from parkops.org.choices import Role


def can_read_messages(user) -> bool:
    return user.is_authenticated and user.is_active


def can_manage_channels(user) -> bool:
    return user.is_authenticated and user.is_active and user.role == Role.SYSTEM_ADMIN
