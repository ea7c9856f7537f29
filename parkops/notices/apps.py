from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "parkops.notices"
    label = "notices"
    verbose_name = "提醒与推送"

    def ready(self):
        from parkops.core import events
        from parkops.notices import services

        events.listen(services.deliver_notice)
