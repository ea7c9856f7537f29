from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "parkops.services"
    label = "services"
    verbose_name = "企业服务"
