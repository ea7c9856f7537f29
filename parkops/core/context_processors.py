from parkops.core import trash
from parkops.core.permissions import can_read_audit
from parkops.economy.permissions import can_view_economy
from parkops.org.choices import Role
from parkops.reports.permissions import can_use_reports


def navigation(request):
    """The menu a user sees follows their role; the server checks every page again."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    role = user.role
    items = []
    if role in {Role.SUPERVISOR, Role.LEADER, Role.VIEWER, Role.REPORTER}:
        items += [
            ("supervision:dashboard", "督办看板"),
            ("supervision:task_list", "目标任务"),
        ]
    if role in {Role.SUPERVISOR, Role.LEADER, Role.VIEWER, Role.REPORTER}:
        items.append(("projects:project_list", "重点项目"))
    if role in {Role.LEADER, Role.REPORTER}:
        items.append(("projects:my_projects", "我的项目"))
    if role in {Role.SUPERVISOR, Role.LEADER, Role.VIEWER}:
        items.append(("projects:dispatch", "调度与统计"))
    if can_view_economy(user):
        items += [("economy:dashboard", "经济运行"), ("economy:enterprise_list", "企业库")]
    if can_use_reports(user):
        items.append(("reports:index", "报告中心"))
    if role == Role.REPORTER:
        items.append(("projects:inbox", "催办与问题"))
    if role == Role.REPORTER:
        items.append(("supervision:my_reports", "我的报送"))
    if role == Role.SUPERVISOR:
        items += [("supervision:review_queue", "待审核"), ("supervision:plan_list", "督办计划"),
                  ("supervision:ledger_import", "导入台账"), ("jobs:overview", "定时推送")]
    if role == Role.SYSTEM_ADMIN:
        items += [("org:unit_list", "单位"), ("org:person_list", "人员"), ("org:user_list", "用户"),
                  ("notices:channel_list", "推送通道"), ("notices:delivery_list", "发送记录"),
                  ("jobs:overview", "定时推送")]
    if role == Role.SECURITY_ADMIN:
        items += [("org:user_list", "用户与角色")]
    if can_read_audit(user):
        items += [("core:audit_list", "审计日志")]
    if any(bin_.may_manage(user) for bin_ in trash.bins()):
        items.append(("core:trash_list", "回收站"))
    items.append(("notices:inbox", "我的消息"))
    return {"nav_items": items}
