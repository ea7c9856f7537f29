from django.apps import AppConfig


class NewModuleConfig(AppConfig):
    name = "parkops.site.tests.newmodule"
    label = "newmodule"
    verbose_name = "招商引资"
