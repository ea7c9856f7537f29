from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "parkops.reports"
    label = "reports"
    verbose_name = "报告中心"

    def ready(self) -> None:
        # The built-in report types register themselves when their modules are imported.
        from parkops.reports import builtin  # noqa: F401
