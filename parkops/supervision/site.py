"""What supervision offers the site (core.offerings): its pages in the menu, its dashboard as the
business roles' home page, and the demo's plans and tasks with their history of progress."""

from parkops.core.offerings import DemoPark, DemoStep, MenuEntry
from parkops.org.choices import Role
from parkops.org.permissions import holds_role
from parkops.supervision.demo import build_supervision
from parkops.supervision.today import items_for

BUSINESS = (Role.SUPERVISOR, Role.LEADER, Role.VIEWER, Role.REPORTER)

MENU = (
    MenuEntry("supervision:dashboard", "督办看板", holds_role(*BUSINESS), order=10, landing=True),
    MenuEntry("supervision:task_list", "目标任务", holds_role(*BUSINESS), order=20),
    MenuEntry("supervision:my_reports", "我的报送", holds_role(Role.REPORTER), order=100),
    MenuEntry("supervision:review_queue", "待审核", holds_role(Role.SUPERVISOR), order=110),
    MenuEntry("supervision:plan_list", "督办计划", holds_role(Role.SUPERVISOR), order=120),
    MenuEntry("supervision:ledger_import", "导入台账", holds_role(Role.SUPERVISOR), order=130),
)


def build_demo(demo: DemoPark) -> None:
    build_supervision(demo.park)


DEMO = DemoStep(order=20, build=build_demo)

TODAY = (items_for,)
