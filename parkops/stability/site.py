"""What 信访与平安 offers the site (core.offerings): its pages in the menu, its part of the demo park, its
今日待办 (overdue cases) and its named metrics (the party coverage rate, cases closed on time)."""

from parkops.core.offerings import DemoPark, DemoStep, MenuEntry
from parkops.stability.demo import build_stability
from parkops.stability.metrics import METRICS  # noqa: F401 (core.metrics reads it)
from parkops.stability.permissions import can_use_stability
from parkops.stability.today import items_for

MENU = (
    MenuEntry("stability:case_list", "信访与平安", can_use_stability, order=62),
)


def build_demo(demo: DemoPark) -> None:
    build_stability(demo.park, demo.today)
    demo.notes.append("信访与平安：信访部门等平台移送信访件20件、12345热线等56件、化解纠纷30余起、“两会”值班表；"
                      "两个覆盖：摸排353家、攻坚对象288家、已覆盖94家，覆盖率由11.1%上升到43%")


DEMO = DemoStep(order=48, build=build_demo)

TODAY = (items_for,)
