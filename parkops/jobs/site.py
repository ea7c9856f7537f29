"""What the worker's pages offer the site (core.offerings): 定时推送, for the two roles that keep it."""

from parkops.core.offerings import MenuEntry
from parkops.jobs.permissions import can_manage_jobs

MENU = (
    # After the supervisor's and the system administrator's own pages, the same place for both.
    MenuEntry("jobs:overview", "定时推送", can_manage_jobs, order=200),
)
