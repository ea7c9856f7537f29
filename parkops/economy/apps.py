from django.apps import AppConfig


class EconomyConfig(AppConfig):
    name = "parkops.economy"
    label = "economy"
    verbose_name = "企业与经济运行"
