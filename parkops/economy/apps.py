from django.apps import AppConfig


class EconomyConfig(AppConfig):
    name = "parkops.economy"
    label = "economy"
    verbose_name = "企业与经济运行"

    def ready(self) -> None:
        from parkops.core import trash
        from parkops.economy.models import Enterprise
        from parkops.economy.permissions import can_manage_economy

        trash.register(Enterprise, module=self.verbose_name, may_manage=can_manage_economy,
                       detail_url="economy:enterprise_detail", list_url="economy:enterprise_list")
