from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "parkops.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from parkops.core import audit  # noqa: F401  (connects the audit receivers)
