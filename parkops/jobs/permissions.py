"""Who keeps the 定时推送 page: the system administrator, who keeps the channels, and the supervisor,
whose bulletin it sends. Both see the schedules' results; both choose which channels get which report.
This module's row of the permission matrix (core.permissions)."""

from parkops.core.permissions import EDIT, allows, declare, rule
from parkops.org.choices import Role

declare("jobs", "schedule", "定时推送", {
    EDIT: rule({Role.SYSTEM_ADMIN, Role.SUPERVISOR}, label="查看与订阅、取消订阅"),
})


def can_manage_jobs(user) -> bool:
    return allows(user, "schedule", EDIT)
