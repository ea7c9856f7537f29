"""What 安全生产 offers the site (core.offerings): its pages in the menu, its part of the demo park and
its 今日待办 (overdue hazards, rechecks due, 挂牌督办)."""

from parkops.core.offerings import DemoPark, DemoStep, MenuEntry
from parkops.safety.demo import build_safety, build_training
from parkops.safety.permissions import can_use_safety
from parkops.safety.today import items_for

MENU = (
    MenuEntry("safety:hazard_list", "安全生产", can_use_safety, order=59),
)


def build_demo(demo: DemoPark) -> None:
    counts = build_safety(demo.park, demo.today)
    demo.notes.append(f"安全生产：大排查大整治，检查企业和九小场所{counts[0]}处，排查隐患{counts[1]}条，"
                      "各环节（登记、下达整改、整改中、待复查、复查关闭、逾期、挂牌督办）都有")
    rounds = build_training(demo.park, demo.today)
    demo.notes.append(f"安全培训：新入园企业法人安全培训{rounds}轮、42家企业，含考试成绩")


DEMO = DemoStep(order=48, build=build_demo)

TODAY = (items_for,)
