"""What projects offers the site (core.offerings): its pages in the menu and the demo's key projects
with their stages, nodes, monthly investment and problems; its figures as named metrics."""

from parkops.core.offerings import DemoPark, DemoStep, MenuEntry
from parkops.org.choices import Role
from parkops.org.permissions import holds_role
from parkops.projects.demo import build_projects
from parkops.projects.metrics import METRICS  # noqa: F401 (core.metrics reads it)
from parkops.projects.today import items_for

MENU = (
    MenuEntry("projects:project_list", "重点项目",
              holds_role(Role.SUPERVISOR, Role.LEADER, Role.VIEWER, Role.REPORTER), order=30),
    MenuEntry("projects:my_projects", "我的项目", holds_role(Role.LEADER, Role.REPORTER), order=40),
    MenuEntry("projects:dispatch", "调度与统计", holds_role(Role.SUPERVISOR, Role.LEADER, Role.VIEWER), order=50),
    MenuEntry("projects:inbox", "催办与问题", holds_role(Role.REPORTER), order=90),
)


def build_demo(demo: DemoPark) -> None:
    build_projects(demo.park, demo.today)


DEMO = DemoStep(order=30, build=build_demo)

TODAY = (items_for,)
