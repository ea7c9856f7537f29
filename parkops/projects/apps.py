from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "parkops.projects"
    label = "projects"
    verbose_name = "重点项目调度"

    def ready(self) -> None:
        from parkops.core import trash
        from parkops.projects.models import Project
        from parkops.projects.permissions import can_manage_projects

        trash.register(Project, module=self.verbose_name, may_manage=can_manage_projects,
                       detail_url="projects:project_detail", list_url="projects:project_list")
