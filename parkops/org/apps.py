from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "parkops.org"
    label = "org"
    verbose_name = "组织机构"

    def ready(self) -> None:
        from parkops.org import lockout  # noqa: F401  (connects the count's reset on log-in)
