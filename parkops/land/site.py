"""What 土地与厂房 offers the site (core.offerings): its pages in the menu, its part of the demo park and
its named metrics (盘活、闲置、低效 area), which supervision targets may be bound to."""

from parkops.core.offerings import DemoPark, DemoStep, MenuEntry
from parkops.land.demo import build_land
from parkops.land.metrics import METRICS  # noqa: F401 (core.metrics reads it)
from parkops.land.permissions import can_use_land
from parkops.land.today import items_for

MENU = (
    MenuEntry("land:parcel_list", "土地与厂房", can_use_land, order=58),
)


def build_demo(demo: DemoPark) -> None:
    build_land(demo.park, demo.today)
    demo.notes.append("土地与厂房：13宗、536亩低效闲置工业用地的处置台账，按处置方式和亮灯查看；“本年盘活”为领导手机视图")


DEMO = DemoStep(order=47, build=build_demo)

TODAY = (items_for,)
