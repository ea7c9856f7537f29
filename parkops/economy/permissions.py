"""Who may do what with enterprises and economic figures. Views, exports and the API ask these only.

The park's figures are read by the committee, its leaders, viewers and the departments' reporters (the
economic development and statistics offices report from them); only the supervisor changes the
registry, imports statistics, closes a month and sets targets and per-mu schemes. The three
administrators see no business data.
"""

from __future__ import annotations

from parkops.org.choices import Role

READERS = {Role.SUPERVISOR, Role.LEADER, Role.VIEWER, Role.REPORTER}


def _active(user) -> bool:
    return user.is_authenticated and user.is_active


def can_view_economy(user) -> bool:
    return _active(user) and user.role in READERS


def can_see_contact_phones(user) -> bool:
    """An enterprise contact's phone in full: the supervisor, who calls enterprises about their figures
    and problems, and the leaders who visit them. Reporters and viewers read the registry for its
    figures and see the number masked (138****1234). Every full number shown is audited."""
    return _active(user) and user.role in {Role.SUPERVISOR, Role.LEADER}


def can_manage_economy(user) -> bool:
    """Edit the registry, import statistics, close a month, set targets and per-mu schemes."""
    return _active(user) and user.role == Role.SUPERVISOR
