"""Who may do what in 招商引资: this module's rows of the permission matrix (core.permissions).

A 招商 unit (商务局, a town, the park's 招商 office) works its own leads: its 填报员 sees, adds, edits and
moves on the projects whose 招商单位 is his unit, and records his unit's activities; another unit's
leads are not his to see (a lead is commercially sensitive). The committee's supervisor runs the whole
module; leaders and viewers read the whole park.

入园联审: the supervisor holds any meeting; a 招商 unit (one with leads of its own in the pipeline, such as
商务局) holds its own meetings: it creates them, puts projects on them and records the decisions. A member
department's 填报员 reads the meetings his unit sits on and records his own unit's opinion, nobody
else's. The entry criteria are the supervisor's to set.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from parkops.core.permissions import (
    CREATE,
    EDIT,
    EXPORT,
    IMPORT,
    VIEW_LIST,
    VIEW_ONE,
    allows,
    declare,
    rule,
    visible,
)
from parkops.investment.models import InvestmentActivity, InvestmentProject, ReviewItem, ReviewMeeting
from parkops.org.choices import Role

WHOLE_PARK_READERS = {Role.SUPERVISOR, Role.LEADER, Role.VIEWER}
SUPERVISOR = {Role.SUPERVISOR}


def _own_unit(user) -> Q | None:
    return Q(unit_id=user.unit_id) if user.unit_id else None


UNITS_OWN = {Role.REPORTER: _own_unit}

declare("investment", "investment_project", "招商项目", {
    VIEW_LIST: rule(WHOLE_PARK_READERS, UNITS_OWN),
    VIEW_ONE: rule(WHOLE_PARK_READERS, UNITS_OWN),
    CREATE: rule(SUPERVISOR, UNITS_OWN, label="登记招商项目（招商单位登记本单位的）"),
    EDIT: rule(SUPERVISOR, UNITS_OWN, label="修改项目、推进阶段（签约、注册、开工、投产、终止）"),
    EXPORT: rule(WHOLE_PARK_READERS, UNITS_OWN, label="导出招商项目台账"),
    IMPORT: rule(SUPERVISOR, label="导入招商项目台账"),
    "contract_rules": rule(SUPERVISOR, label="设置履约监管规则（达产期限）"),
    "contract_to_task": rule(SUPERVISOR, label="履约红灯项目转督办"),
})


def _investment_unit(user) -> Q | None:
    """The meetings a 招商 unit hosts: a unit with leads of its own in the pipeline."""
    if not user.unit_id or not InvestmentProject.objects.filter(unit_id=user.unit_id).exists():
        return None
    return Q(host_unit_id=user.unit_id)


def _member_or_host(user) -> Q | None:
    return Q(host_unit_id=user.unit_id) | Q(members=user.unit_id) if user.unit_id else None


def _member(user) -> Q | None:
    return Q(members=user.unit_id) if user.unit_id else None


OPINION = "opinion"
DECIDE = "decide"

declare("investment", "review_meeting", "入园联审会议", {
    VIEW_LIST: rule(WHOLE_PARK_READERS, {Role.REPORTER: _member_or_host}),
    VIEW_ONE: rule(WHOLE_PARK_READERS, {Role.REPORTER: _member_or_host}),
    CREATE: rule(SUPERVISOR, {Role.REPORTER: _investment_unit}, label="召开联审会议（招商单位召开本单位牵头的）"),
    EDIT: rule(SUPERVISOR, {Role.REPORTER: _investment_unit}, label="修改会议、安排上会项目、修改项目资料"),
    DECIDE: rule(SUPERVISOR, {Role.REPORTER: _investment_unit}, label="登记会议决定（通过、附条件通过、暂缓、不通过）"),
    OPINION: rule(SUPERVISOR, {Role.REPORTER: _member}, label="登记成员单位意见（成员单位登记本单位的）"),
})
declare("investment", "review_criteria", "入园标准", {
    # The rules of entry are no secret: every department reads them.
    VIEW_ONE: rule(WHOLE_PARK_READERS | {Role.REPORTER}),
    EDIT: rule(SUPERVISOR, label="设置入园标准"),
})
declare("investment", "investment_activity", "招商活动", {
    VIEW_LIST: rule(WHOLE_PARK_READERS, UNITS_OWN),
    CREATE: rule(SUPERVISOR, UNITS_OWN, label="登记招商活动"),
})


def can_use_investment(user) -> bool:
    return allows(user, "investment_project", VIEW_LIST)


def visible_projects(user, projects: QuerySet[InvestmentProject] | None = None) -> QuerySet[InvestmentProject]:
    """The projects a user may see: every list and export of the module starts here."""
    return visible(user, "investment_project", VIEW_LIST,
                   InvestmentProject.objects.all() if projects is None else projects)


def can_view_project(user, project: InvestmentProject) -> bool:
    return allows(user, "investment_project", VIEW_ONE, project)


def can_add_project(user) -> bool:
    return allows(user, "investment_project", CREATE)


def can_edit_project(user, project: InvestmentProject) -> bool:
    return allows(user, "investment_project", EDIT, project)


def can_manage_investment(user) -> bool:
    """The whole park's projects: the supervisor (a unit edits only its own, through can_edit_project)."""
    return user.is_authenticated and user.role in SUPERVISOR and allows(user, "investment_project", EDIT)


def can_import(user) -> bool:
    return allows(user, "investment_project", IMPORT)


def can_export(user) -> bool:
    return allows(user, "investment_project", EXPORT)


def visible_activities(user, activities: QuerySet[InvestmentActivity] | None = None) -> QuerySet[InvestmentActivity]:
    return visible(user, "investment_activity", VIEW_LIST,
                   InvestmentActivity.objects.all() if activities is None else activities)


def can_use_activities(user) -> bool:
    return allows(user, "investment_activity", VIEW_LIST)


def can_add_activity(user) -> bool:
    return allows(user, "investment_activity", CREATE)


def own_unit_only(user):
    """The unit a user's projects and activities must belong to (a 招商 unit's 填报员), or None for the
    committee's staff, who work for every unit."""
    return None if can_manage_investment(user) else user.unit


# --- 入园联审 -------------------------------------------------------------------------------------------


def visible_meetings(user, meetings: QuerySet[ReviewMeeting] | None = None) -> QuerySet[ReviewMeeting]:
    return visible(user, "review_meeting", VIEW_LIST, ReviewMeeting.objects.all() if meetings is None else meetings)


def can_use_review(user) -> bool:
    return allows(user, "review_meeting", VIEW_LIST)


def can_view_meeting(user, meeting: ReviewMeeting) -> bool:
    return allows(user, "review_meeting", VIEW_ONE, meeting)


def can_add_meeting(user) -> bool:
    return allows(user, "review_meeting", CREATE)


def can_edit_meeting(user, meeting: ReviewMeeting) -> bool:
    return allows(user, "review_meeting", EDIT, meeting)


def can_decide(user, meeting: ReviewMeeting) -> bool:
    return allows(user, "review_meeting", DECIDE, meeting)


def opinion_units(user, meeting: ReviewMeeting, members) -> list:
    """The member units whose opinion this user may record on this meeting: every member for the
    supervisor (who records what was said at the table), his own unit for a member's 填报员."""
    if not allows(user, "review_meeting", OPINION, meeting):
        return []
    if user.role in SUPERVISOR:
        return list(members)
    return [unit for unit in members if unit.pk == user.unit_id]


def can_record_opinion(user, item: ReviewItem, unit) -> bool:
    return any(u.pk == unit.pk for u in opinion_units(user, item.meeting, [unit]))


def can_see_criteria(user) -> bool:
    return allows(user, "review_criteria", VIEW_ONE)


def can_set_criteria(user) -> bool:
    return allows(user, "review_criteria", EDIT)
def can_set_contract_rules(user) -> bool:
    return allows(user, "investment_project", "contract_rules")


def can_hand_contract_to_supervision(user, project: InvestmentProject | None = None) -> bool:
    return allows(user, "investment_project", "contract_to_task", project)
