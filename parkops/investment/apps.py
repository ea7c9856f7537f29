from django.apps import AppConfig


class InvestmentConfig(AppConfig):
    name = "parkops.investment"
    label = "investment"
    verbose_name = "招商引资"

    def ready(self) -> None:
        from parkops.core import trash
        from parkops.investment.models import InvestmentProject
        from parkops.investment.permissions import can_manage_investment

        trash.register(InvestmentProject, module=self.verbose_name, may_manage=can_manage_investment,
                       detail_url="investment:project_detail", list_url="investment:board")
