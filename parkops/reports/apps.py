from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "parkops.reports"
    label = "reports"
    verbose_name = "报告中心"

    def ready(self) -> None:
        # Every app's declared report types, the built-in ones (reports/site.py) among them.
        from parkops.reports import registry

        registry.collect()
