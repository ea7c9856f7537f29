"""Who may do what with enterprises and economic figures: this module's rows of the permission matrix
(core.permissions). Views, exports and the API ask the functions below, which ask the matrix.

The park's figures are read by the committee, its leaders, viewers and the departments' reporters (the
economic development and statistics offices report from them); only the supervisor changes the
registry, imports statistics, closes a month and sets targets and per-mu schemes. The three
administrators see no business data.
"""

from __future__ import annotations

from parkops.core.permissions import (
    API_READ,
    CREATE,
    EDIT,
    EXPORT,
    IMPORT,
    VIEW_LIST,
    VIEW_ONE,
    allows,
    declare,
    rule,
)
from parkops.org.choices import Role

READERS = {Role.SUPERVISOR, Role.LEADER, Role.VIEWER, Role.REPORTER}
SUPERVISOR = {Role.SUPERVISOR}

declare("economy", "economy", "经济运行（看板、大屏、月度、目标、亩均、培育库）", {
    VIEW_ONE: rule(READERS),
    EDIT: rule(SUPERVISOR, label="关账、设定目标与亩均评价方案"),
    IMPORT: rule(SUPERVISOR, label="导入统计局月报"),
    EXPORT: rule(READERS, label="导出亩均分类名单"),
})
declare("economy", "enterprise", "企业", {
    VIEW_LIST: rule(READERS),
    VIEW_ONE: rule(READERS),
    CREATE: rule(SUPERVISOR),
    EDIT: rule(SUPERVISOR, label="修改企业、规上记录与荣誉"),
    IMPORT: rule(SUPERVISOR, label="导入企业名录"),
    EXPORT: rule(READERS, label="导出企业名录"),
    API_READ: rule(READERS),
})


def can_view_economy(user) -> bool:
    return allows(user, "economy", VIEW_ONE)


def can_see_contact_phones(user) -> bool:
    """An enterprise contact's phone in full: the supervisor, who calls enterprises about their figures
    and problems, and the leaders who visit them. Reporters and viewers read the registry for its
    figures and see the number masked (138****1234). Every full number shown is audited."""
    return user.is_authenticated and user.is_active and user.role in {Role.SUPERVISOR, Role.LEADER}


def can_manage_economy(user) -> bool:
    """Edit the registry, import statistics, close a month, set targets and per-mu schemes."""
    return allows(user, "economy", EDIT)
