from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "parkops.supervision"
    label = "supervision"
    verbose_name = "督查督办"

    def ready(self) -> None:
        from parkops.core import trash
        from parkops.supervision.models import Plan, Task
        from parkops.supervision.permissions import can_manage_plans

        trash.register(Plan, module=self.verbose_name, may_manage=can_manage_plans,
                       detail_url="supervision:plan_detail", list_url="supervision:plan_list")
        trash.register(Task, module=self.verbose_name, may_manage=can_manage_plans,
                       detail_url="supervision:task_detail", list_url="supervision:task_list")
