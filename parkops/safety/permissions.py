"""Who may do what in 安全生产: this module's rows of the permission matrix (core.permissions).

The committee's supervisor (安全生产 office) plans and records inspections, registers hazards, issues the
整改通知书, rechecks and closes, and lists 重大 hazards (挂牌督办); the 填报员 of the unit responsible for
a hazard (监管责任单位) sees its hazards and records the enterprise's rectification with photos after;
leaders and viewers read the whole park. Enterprise accounts come later (issue 19)."""

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
from parkops.org.choices import Role
from parkops.safety.models import Hazard, HazardPhoto, Inspection

WHOLE_PARK_READERS = {Role.SUPERVISOR, Role.LEADER, Role.VIEWER}
SUPERVISOR = {Role.SUPERVISOR}


def _own_unit(field: str):
    def scope(user) -> Q | None:
        return Q(**{field: user.unit_id}) if user.unit_id else None
    return scope


HAZARDS_OWN = {Role.REPORTER: _own_unit("responsible_unit_id")}
INSPECTIONS_OWN = {Role.REPORTER: _own_unit("unit_id")}
PHOTOS_OWN = {Role.REPORTER: _own_unit("hazard__responsible_unit_id")}

declare("safety", "inspection", "安全检查", {
    VIEW_LIST: rule(WHOLE_PARK_READERS, INSPECTIONS_OWN),
    VIEW_ONE: rule(WHOLE_PARK_READERS, INSPECTIONS_OWN),
    CREATE: rule(SUPERVISOR, label="登记安全检查（检查计划、日期、人员、企业或九小场所、检查内容）"),
})
declare("safety", "hazard", "隐患", {
    VIEW_LIST: rule(WHOLE_PARK_READERS, HAZARDS_OWN, label="隐患清单、统计"),
    VIEW_ONE: rule(WHOLE_PARK_READERS, HAZARDS_OWN, label="查看隐患、下载整改通知书"),
    CREATE: rule(SUPERVISOR, label="登记隐患"),
    EDIT: rule(SUPERVISOR, HAZARDS_OWN, label="登记整改（开始整改、报告已整改、上传照片）"),
    REVIEW: rule(SUPERVISOR, label="下达整改、复查（通过关闭或退回）、挂牌督办、修改隐患"),
    IMPORT: rule(SUPERVISOR, label="导入隐患排查整改台账"),
    EXPORT: rule(WHOLE_PARK_READERS, HAZARDS_OWN, label="导出隐患排查整改台账"),
})
declare("safety", "training", "安全培训", {
    VIEW_LIST: rule(WHOLE_PARK_READERS, label="培训场次、参训人员和考试成绩"),
    CREATE: rule(SUPERVISOR, label="登记培训场次"),
    EDIT: rule(SUPERVISOR, label="登记参训人员和考试成绩"),
})
declare("safety", "safety_rules", "安全生产设置", {
    EDIT: rule(SUPERVISOR, label="设置“投产前法定代表人须通过安全培训”"),
})
declare("safety", "hazard_photo", "隐患照片", {
    DOWNLOAD: rule(WHOLE_PARK_READERS, PHOTOS_OWN),
})


def can_use_safety(user) -> bool:
    return allows(user, "hazard", VIEW_LIST)


def visible_hazards(user, hazards: QuerySet[Hazard] | None = None) -> QuerySet[Hazard]:
    return visible(user, "hazard", VIEW_LIST, Hazard.objects.all() if hazards is None else hazards)


def can_view_hazard(user, hazard: Hazard) -> bool:
    return allows(user, "hazard", VIEW_ONE, hazard)


def can_add_hazard(user) -> bool:
    return allows(user, "hazard", CREATE)


def can_rectify(user, hazard: Hazard) -> bool:
    return allows(user, "hazard", EDIT, hazard)


def can_review(user, hazard: Hazard | None = None) -> bool:
    return allows(user, "hazard", REVIEW, hazard)


def can_import(user) -> bool:
    return allows(user, "hazard", IMPORT)


def can_export(user) -> bool:
    return allows(user, "hazard", EXPORT)


def can_download_photo(user, photo: HazardPhoto) -> bool:
    return allows(user, "hazard_photo", DOWNLOAD, photo)


def can_use_inspections(user) -> bool:
    return allows(user, "inspection", VIEW_LIST)


def visible_inspections(user, inspections: QuerySet[Inspection] | None = None) -> QuerySet[Inspection]:
    return visible(user, "inspection", VIEW_LIST, Inspection.objects.all() if inspections is None else inspections)


def can_view_inspection(user, inspection: Inspection) -> bool:
    return allows(user, "inspection", VIEW_ONE, inspection)


def can_add_inspection(user) -> bool:
    return allows(user, "inspection", CREATE)


def can_use_training(user) -> bool:
    return allows(user, "training", VIEW_LIST)


def can_add_training(user) -> bool:
    return allows(user, "training", CREATE)


def can_record_attendance(user) -> bool:
    return allows(user, "training", EDIT)


def can_set_rules(user) -> bool:
    return allows(user, "safety_rules", EDIT)
