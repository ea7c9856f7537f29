from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "parkops.projects"
    label = "projects"
    verbose_name = "重点项目调度"
