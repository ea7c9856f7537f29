"""What the report centre offers the site (core.offerings): its page in the menu, and its built-in
report types, in the order the report centre lists them."""

from parkops.core.offerings import MenuEntry
from parkops.reports.builtin import (
    approval_statistics,
    economic_brief,
    factory_usage,
    investment_progress,
    land_disposal,
    party_coverage,
    petition_bulletin,
    policy_cashout,
    project_dispatch,
    project_progress,
    project_weekly,
    review_minutes,
    safety_ledger,
    safety_notice,
    service_requests,
    supervision_bulletin,
    task_ledger,
    work_summary,
)
from parkops.reports.permissions import can_use_reports

MENU = (
    MenuEntry("reports:index", "报告中心", can_use_reports, order=80),
)

REPORT_TYPES = (
    task_ledger.TASK_LEDGER,
    supervision_bulletin.SUPERVISION_BULLETIN,
    project_progress.PROJECT_PROGRESS,
    project_weekly.PROJECT_WEEKLY,
    project_dispatch.PROJECT_AGENDA,
    project_dispatch.PROJECT_BULLETIN,
    review_minutes.REVIEW_MINUTES,
    economic_brief.REPORT,
    investment_progress.INVESTMENT_PROGRESS,
    work_summary.WORK_SUMMARY,
    land_disposal.LAND_DISPOSAL,
    safety_notice.RECTIFICATION_NOTICE,
    safety_ledger.HAZARD_LEDGER,
    petition_bulletin.PETITION_BULLETIN,
    party_coverage.PARTY_COVERAGE,
    factory_usage.FACTORY_USAGE,
    service_requests.SERVICE_REQUESTS,
    approval_statistics.APPROVAL_STATISTICS,
    policy_cashout.POLICY_CASHOUT,
)
