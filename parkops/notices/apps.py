from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "parkops.notices"
    label = "notices"
    verbose_name = "提醒与推送"
