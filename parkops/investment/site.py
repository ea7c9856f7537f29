"""What 招商引资 offers the site (core.offerings): its pages in the menu and the demo's investment projects."""

from parkops.core.offerings import DemoPark, DemoStep, MenuEntry
from parkops.investment.demo import build_investment
from parkops.investment.metrics import METRICS  # noqa: F401 (core.metrics reads it)
from parkops.investment.permissions import can_use_investment
from parkops.org.choices import Role


def _leader(user) -> bool:
    return can_use_investment(user) and user.role == Role.LEADER


MENU = (
    MenuEntry("investment:board", "招商引资", can_use_investment, order=55),
    # The leader's phone view: the week's signings and the contracts in red.
    MenuEntry("investment:week", "本周招商", _leader, order=57),
)


def build_demo(demo: DemoPark) -> None:
    build_investment(demo.park, demo.today)
    demo.notes.append("招商引资：商务局填报员 swj（密码同上）登记、推进本单位的招商项目")
    demo.notes.append("入园联审：招商引资 › 入园联审，已有一次五个项目的工业用地项目联审会议；成员单位填报员（如 sthj）登记本单位意见")


DEMO = DemoStep(order=45, build=build_demo)
