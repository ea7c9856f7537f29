"""Who may do what in 信访与平安: this module's rows of the permission matrix (core.permissions).

The committee's supervisor (管委会, who receives the cases from the platforms) registers them, assigns the
handling unit, makes the 回访 and closes them; the handling unit's 填报员 sees his unit's cases and
records the reply. The petitioner's name and phone number are shown in full only to those two, every
time audited; leaders and viewers read the cases with them masked. Disputes, duty rosters and the party
coverage campaign are kept by the supervisor and read by the whole park."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from parkops.core.permissions import (
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
from parkops.org.choices import Role
from parkops.stability.models import Case

WHOLE_PARK_READERS = {Role.SUPERVISOR, Role.LEADER, Role.VIEWER}
SUPERVISOR = {Role.SUPERVISOR}
VIEW_PERSONAL = "view_personal"


def _cases_of_own_unit(user) -> Q | None:
    return Q(handling_unit_id=user.unit_id) if user.unit_id else None


CASES_OWN = {Role.REPORTER: _cases_of_own_unit}

declare("stability", "citizen_case", "信访件", {
    VIEW_LIST: rule(WHOLE_PARK_READERS, CASES_OWN, label="信访件列表（反映人信息隐去）"),
    VIEW_ONE: rule(WHOLE_PARK_READERS, CASES_OWN),
    CREATE: rule(SUPERVISOR, label="登记信访件、交办承办单位"),
    EDIT: rule(SUPERVISOR, CASES_OWN, label="登记办理结果（承办单位答复本单位的）"),
    REVIEW: rule(SUPERVISOR, label="回访、办结或退回重办"),
    VIEW_PERSONAL: rule(SUPERVISOR, CASES_OWN, label="查看反映人姓名和联系电话（留痕）"),
    IMPORT: rule(SUPERVISOR, label="导入信访件、12345工单台账"),
    EXPORT: rule(WHOLE_PARK_READERS, CASES_OWN, label="导出信访件台账（反映人信息隐去）"),
})
declare("stability", "dispute", "矛盾纠纷", {
    VIEW_LIST: rule(WHOLE_PARK_READERS, label="矛盾纠纷与值班安排"),
    EDIT: rule(SUPERVISOR, label="登记矛盾纠纷、调解结果和值班安排"),
})
declare("stability", "party_coverage", "两个覆盖", {
    VIEW_LIST: rule(WHOLE_PARK_READERS, label="两个覆盖攻坚进度"),
    EDIT: rule(SUPERVISOR, label="登记摸排企业及其党组织覆盖"),
})


def can_use_cases(user) -> bool:
    return allows(user, "citizen_case", VIEW_LIST)


def visible_cases(user, cases: QuerySet[Case] | None = None) -> QuerySet[Case]:
    return visible(user, "citizen_case", VIEW_LIST, Case.objects.all() if cases is None else cases)


def can_view_case(user, case: Case) -> bool:
    return allows(user, "citizen_case", VIEW_ONE, case)


def can_register(user) -> bool:
    return allows(user, "citizen_case", CREATE)


def can_reply(user, case: Case | None = None) -> bool:
    return allows(user, "citizen_case", EDIT, case)


def can_review(user, case: Case | None = None) -> bool:
    return allows(user, "citizen_case", REVIEW, case)


def can_see_personal(user, case: Case | None = None) -> bool:
    return allows(user, "citizen_case", VIEW_PERSONAL, case)


def can_import(user) -> bool:
    return allows(user, "citizen_case", IMPORT)


def can_export(user) -> bool:
    return allows(user, "citizen_case", EXPORT)


def can_use_disputes(user) -> bool:
    return allows(user, "dispute", VIEW_LIST)


def can_edit_disputes(user) -> bool:
    return allows(user, "dispute", EDIT)


def can_use_coverage(user) -> bool:
    return allows(user, "party_coverage", VIEW_LIST)


def can_edit_coverage(user) -> bool:
    return allows(user, "party_coverage", EDIT)


def can_use_stability(user) -> bool:
    return can_use_cases(user) or can_use_disputes(user)
