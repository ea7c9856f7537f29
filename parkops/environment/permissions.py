"""Who may do what in 生态环境: this module's rows of the permission matrix (core.permissions).

The committee's supervisor (安全环保 office) registers and imports the feedback items, accepts (验收) and
closes (销号) them, schedules and records 回头看, keeps the outlets and their limits, imports monitoring
results and keeps the 小散乱污 list; the 填报员 of an item's 责任单位 sees its items and applies for 销号
with evidence; leaders and viewers read the whole park."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from parkops.core.permissions import (
    CREATE,
    DOWNLOAD,
    EDIT,
    EXPORT,
    IMPORT,
    REVIEW,
    VIEW_LIST,
    VIEW_ONE,
    allows,
    declare,
    rule,
    visible,
)
from parkops.environment.models import Evidence, FeedbackItem, Outlet, Reading, SmallPolluter
from parkops.org.choices import Role

WHOLE_PARK_READERS = {Role.SUPERVISOR, Role.LEADER, Role.VIEWER}
SUPERVISOR = {Role.SUPERVISOR}


def _own_unit(field: str):
    def scope(user) -> Q | None:
        return Q(**{field: user.unit_id}) if user.unit_id else None
    return scope


FEEDBACK_OWN = {Role.REPORTER: _own_unit("unit_id")}
EVIDENCE_OWN = {Role.REPORTER: _own_unit("item__unit_id")}
POLLUTERS_OWN = {Role.REPORTER: _own_unit("unit_id")}

declare("environment", "env_feedback", "环保督察反馈问题", {
    VIEW_LIST: rule(WHOLE_PARK_READERS, FEEDBACK_OWN, label="反馈问题清单（灯色、销号进度）"),
    VIEW_ONE: rule(WHOLE_PARK_READERS, FEEDBACK_OWN, label="查看反馈问题、销号记录和回头看"),
    CREATE: rule(SUPERVISOR, label="登记反馈问题（列入督办计划）"),
    EDIT: rule(SUPERVISOR, FEEDBACK_OWN, label="申请销号、上传佐证材料"),
    REVIEW: rule(SUPERVISOR, label="验收、销号、安排和登记回头看（问题反弹时重新打开）、修改问题"),
    IMPORT: rule(SUPERVISOR, label="导入反馈问题整改清单"),
    EXPORT: rule(WHOLE_PARK_READERS, FEEDBACK_OWN, label="导出反馈问题整改台账"),
})
declare("environment", "env_evidence", "销号佐证材料", {
    DOWNLOAD: rule(WHOLE_PARK_READERS, EVIDENCE_OWN),
})
declare("environment", "env_outlet", "排放口与监测", {
    VIEW_LIST: rule(WHOLE_PARK_READERS, label="排放口、污染物限值、监测结果"),
    VIEW_ONE: rule(WHOLE_PARK_READERS, label="查看排放口及其监测结果"),
    CREATE: rule(SUPERVISOR, label="登记排放口、污染物及限值"),
    IMPORT: rule(SUPERVISOR, label="导入监测结果（超标自动生成隐患和督办任务）"),
    EXPORT: rule(WHOLE_PARK_READERS, label="导出监测结果"),
})
declare("environment", "small_polluter", "小散乱污", {
    VIEW_LIST: rule(WHOLE_PARK_READERS, POLLUTERS_OWN, label="小散乱污清单"),
    CREATE: rule(SUPERVISOR, label="登记小散乱污企业及处置方式"),
    EDIT: rule(SUPERVISOR, POLLUTERS_OWN, label="更新整治进展、完成处置"),
    EXPORT: rule(WHOLE_PARK_READERS, POLLUTERS_OWN, label="导出小散乱污清单"),
})


def can_use_environment(user) -> bool:
    return any(allows(user, kind, VIEW_LIST) for kind in ("env_feedback", "env_outlet", "small_polluter"))


def visible_feedback(user, items: QuerySet[FeedbackItem] | None = None) -> QuerySet[FeedbackItem]:
    return visible(user, "env_feedback", VIEW_LIST, FeedbackItem.objects.all() if items is None else items)


def can_list_feedback(user) -> bool:
    return allows(user, "env_feedback", VIEW_LIST)


def can_view_feedback(user, item: FeedbackItem) -> bool:
    return allows(user, "env_feedback", VIEW_ONE, item)


def can_add_feedback(user) -> bool:
    return allows(user, "env_feedback", CREATE)


def can_apply(user, item: FeedbackItem) -> bool:
    return allows(user, "env_feedback", EDIT, item)


def can_review_feedback(user, item: FeedbackItem | None = None) -> bool:
    return allows(user, "env_feedback", REVIEW, item)


def can_import_feedback(user) -> bool:
    return allows(user, "env_feedback", IMPORT)


def can_export_feedback(user) -> bool:
    return allows(user, "env_feedback", EXPORT)


def can_download_evidence(user, evidence: Evidence) -> bool:
    return allows(user, "env_evidence", DOWNLOAD, evidence)


def can_list_outlets(user) -> bool:
    return allows(user, "env_outlet", VIEW_LIST)


def can_view_outlet(user, outlet: Outlet) -> bool:
    return allows(user, "env_outlet", VIEW_ONE, outlet)


def can_add_outlet(user) -> bool:
    return allows(user, "env_outlet", CREATE)


def can_import_monitoring(user) -> bool:
    return allows(user, "env_outlet", IMPORT)


def can_export_readings(user) -> bool:
    return allows(user, "env_outlet", EXPORT)


def visible_readings(user, readings: QuerySet[Reading] | None = None) -> QuerySet[Reading]:
    return visible(user, "env_outlet", VIEW_LIST, Reading.objects.all() if readings is None else readings)


def visible_polluters(user, polluters: QuerySet[SmallPolluter] | None = None) -> QuerySet[SmallPolluter]:
    return visible(user, "small_polluter", VIEW_LIST, SmallPolluter.objects.all() if polluters is None else polluters)


def can_list_polluters(user) -> bool:
    return allows(user, "small_polluter", VIEW_LIST)


def can_add_polluter(user) -> bool:
    return allows(user, "small_polluter", CREATE)


def can_edit_polluter(user, polluter: SmallPolluter) -> bool:
    return allows(user, "small_polluter", EDIT, polluter)


def can_export_polluters(user) -> bool:
    return allows(user, "small_polluter", EXPORT)


def can_edit_some_polluters(user) -> bool:
    """Whether the list links its rows to their edit page: the rows a 填报员 sees are his unit's own."""
    return allows(user, "small_polluter", EDIT)
