"""What 生态环境 offers the site (core.offerings): its pages in the menu and its part of the demo park."""

from parkops.core.offerings import DemoPark, DemoStep, MenuEntry
from parkops.environment.demo import build_environment
from parkops.environment.permissions import can_use_environment

MENU = (
    MenuEntry("environment:home", "生态环境", can_use_environment, order=61),
)


def build_demo(demo: DemoPark) -> None:
    counts = build_environment(demo.park, demo.today)
    demo.notes.append(f"生态环境：环保督察反馈问题{counts['feedback']}条（整改中、待验收、已销号、回头看重新整改都有），"
                      f"排放口{counts['outlets']}个、监测结果{counts['readings']}条（超标{counts['over']}条，已自动生成隐患和督办任务），"
                      f"小散乱污企业{counts['polluters']}家")


DEMO = DemoStep(order=49, build=build_demo)
