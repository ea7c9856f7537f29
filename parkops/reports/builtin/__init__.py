"""The built-in report types; importing this package registers them all (ReportsConfig.ready), in the
order the report centre lists them."""

# isort: off
from parkops.reports.builtin import task_ledger  # noqa: F401
from parkops.reports.builtin import supervision_bulletin  # noqa: F401
from parkops.reports.builtin import project_progress  # noqa: F401
from parkops.reports.builtin import project_weekly  # noqa: F401
from parkops.reports.builtin import project_dispatch  # noqa: F401
from parkops.reports.builtin import economic_brief  # noqa: F401
from parkops.reports.builtin import work_summary  # noqa: F401
# isort: on
