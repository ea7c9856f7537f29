"""Who keeps the 定时推送 page: the system administrator, who keeps the channels, and the supervisor,
whose bulletin it sends. Both see the schedules' results; both choose which channels get which report."""

from parkops.org.choices import Role


def can_manage_jobs(user) -> bool:
    return user.is_authenticated and user.is_active and user.role in {Role.SYSTEM_ADMIN, Role.SUPERVISOR}
