"""Who may do what in the report centre: this module's rows of the permission matrix (core.permissions).

Reports gather every unit's data, so they are for the committee, its leaders and viewers; the
supervisor, who writes the reports today, owns the templates."""

from __future__ import annotations

from parkops.core.permissions import CREATE, DOWNLOAD, EDIT, VIEW_ONE, allows, declare, rule
from parkops.org.choices import Role

READERS = {Role.SUPERVISOR, Role.LEADER, Role.VIEWER}

declare("reports", "report", "报告", {
    VIEW_ONE: rule(READERS, label="查看报告类型、预览与已生成的报告"),
    CREATE: rule(READERS, label="生成报告"),
    DOWNLOAD: rule(READERS, label="下载报告"),
})
declare("reports", "report_template", "报告模板", {
    DOWNLOAD: rule(READERS, label="下载模板"),
    EDIT: rule({Role.SUPERVISOR}, label="上传与启用模板"),
})


def can_use_reports(user) -> bool:
    return allows(user, "report", VIEW_ONE)


def can_manage_templates(user) -> bool:
    return allows(user, "report_template", EDIT)
