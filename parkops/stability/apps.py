from django.apps import AppConfig


class StabilityConfig(AppConfig):
    name = "parkops.stability"
    label = "stability"
    verbose_name = "信访与平安"
