"""Who may do what in the report centre. Reports gather every unit's data, so they are for the
committee, its leaders and viewers; the supervisor, who writes the reports today, owns the templates."""

from __future__ import annotations

from parkops.org.choices import Role

READERS = {Role.SUPERVISOR, Role.LEADER, Role.VIEWER}


def can_use_reports(user) -> bool:
    return user.is_authenticated and user.is_active and user.role in READERS


def can_manage_templates(user) -> bool:
    return user.is_authenticated and user.is_active and user.role == Role.SUPERVISOR
