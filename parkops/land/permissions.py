"""Who may do what in 土地与厂房: this module's rows of the permission matrix (core.permissions).

The committee's supervisor (管委会) keeps the parcels and the 处置台账 and closes cases; a responsible
unit's 填报员 sees the parcels his unit disposes of and records their progress and steps; leaders and
viewers read the whole park (the leader's phone view among it)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from parkops.core.permissions import (
    API_READ,
    CREATE,
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
from parkops.land.models import DisposalCase, Parcel
from parkops.org.choices import Role

WHOLE_PARK_READERS = {Role.SUPERVISOR, Role.LEADER, Role.VIEWER}
SUPERVISOR = {Role.SUPERVISOR}


def _parcels_of_own_unit(user) -> Q | None:
    return Q(case__responsible_unit_id=user.unit_id) if user.unit_id else None


def _cases_of_own_unit(user) -> Q | None:
    return Q(responsible_unit_id=user.unit_id) if user.unit_id else None


PARCELS_OWN = {Role.REPORTER: _parcels_of_own_unit}
CASES_OWN = {Role.REPORTER: _cases_of_own_unit}

declare("land", "parcel", "宗地", {
    VIEW_LIST: rule(WHOLE_PARK_READERS, PARCELS_OWN),
    VIEW_ONE: rule(WHOLE_PARK_READERS, PARCELS_OWN),
    CREATE: rule(SUPERVISOR, label="登记宗地"),
    EDIT: rule(SUPERVISOR, label="修改宗地（面积、日期、用地企业、重点项目）"),
    EXPORT: rule(WHOLE_PARK_READERS, PARCELS_OWN, label="导出低效闲置工业用地处置台账"),
    IMPORT: rule(SUPERVISOR, label="导入低效闲置工业用地处置台账"),
    API_READ: rule(WHOLE_PARK_READERS, PARCELS_OWN, label="通过接口读取宗地及其利用状态"),
})
declare("land", "disposal_case", "处置台账", {
    VIEW_LIST: rule(WHOLE_PARK_READERS, CASES_OWN, label="处置看板、盘活进度"),
    CREATE: rule(SUPERVISOR, label="为宗地建立处置台账"),
    EDIT: rule(SUPERVISOR, CASES_OWN, label="登记处置进展与步骤（责任单位登记本单位的）"),
    REVIEW: rule(SUPERVISOR, label="办结处置（登记盘活面积、新企业或项目）"),
    API_READ: rule(WHOLE_PARK_READERS, CASES_OWN, label="通过接口读取处置台账及亮灯"),
})

declare("land", "factory", "标准厂房", {
    VIEW_LIST: rule(WHOLE_PARK_READERS, label="厂房、租约与空置率"),
    EDIT: rule(SUPERVISOR, label="登记厂房、划分单元、登记租约，办理退租"),
})

declare("land", "land_plan", "园区平面图", {
    VIEW_ONE: rule(WHOLE_PARK_READERS | {Role.REPORTER}, label="查看园区平面图与宗地分布（填报员只见本单位的宗地）"),
    EDIT: rule(SUPERVISOR, label="上传园区平面图"),
})


def can_see_plan(user) -> bool:
    return allows(user, "land_plan", VIEW_ONE)


def can_upload_plan(user) -> bool:
    return allows(user, "land_plan", EDIT)


def can_use_factories(user) -> bool:
    return allows(user, "factory", VIEW_LIST)


def can_edit_factories(user) -> bool:
    return allows(user, "factory", EDIT)


def can_use_land(user) -> bool:
    return allows(user, "parcel", VIEW_LIST)


def visible_parcels(user, parcels: QuerySet[Parcel] | None = None) -> QuerySet[Parcel]:
    return visible(user, "parcel", VIEW_LIST, Parcel.objects.all() if parcels is None else parcels)


def can_view_parcel(user, parcel: Parcel) -> bool:
    return allows(user, "parcel", VIEW_ONE, parcel)


def can_add_parcel(user) -> bool:
    return allows(user, "parcel", CREATE)


def can_edit_parcel(user, parcel: Parcel | None = None) -> bool:
    return allows(user, "parcel", EDIT, parcel)


def can_manage_land(user) -> bool:
    return user.is_authenticated and user.role in SUPERVISOR and allows(user, "parcel", EDIT)


def can_import(user) -> bool:
    return allows(user, "parcel", IMPORT)


def can_export(user) -> bool:
    return allows(user, "parcel", EXPORT)


def can_use_cases(user) -> bool:
    return allows(user, "disposal_case", VIEW_LIST)


def visible_cases(user, cases: QuerySet[DisposalCase] | None = None) -> QuerySet[DisposalCase]:
    return visible(user, "disposal_case", VIEW_LIST, DisposalCase.objects.all() if cases is None else cases)


def can_open_case(user) -> bool:
    return allows(user, "disposal_case", CREATE)


def can_work_case(user, case: DisposalCase) -> bool:
    return allows(user, "disposal_case", EDIT, case)


def can_close_case(user, case: DisposalCase | None = None) -> bool:
    return allows(user, "disposal_case", REVIEW, case)
