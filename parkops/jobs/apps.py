from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "parkops.jobs"
    label = "jobs"
    verbose_name = "后台任务与定时推送"
