"""What 惠企政策兑现 offers the site (core.offerings): its pages in the menu and its part of the demo park."""

from parkops.core.offerings import DemoPark, DemoStep, MenuEntry
from parkops.policies.demo import build_policies
from parkops.policies.permissions import can_view_policies

MENU = (
    MenuEntry("policies:policy_list", "惠企政策", can_view_policies, order=66),
)


def build_demo(demo: DemoPark) -> None:
    clauses = build_policies(demo.park, demo.today)
    if clauses:
        demo.notes.append(f"惠企政策：4项政策{clauses}个条款，“惠企政策”里每个条款列出数据符合条件的企业（免申即享确认即兑现），"
                          "“兑现台账”有待审核、待兑现、已兑现、逾期的记录")


DEMO = DemoStep(order=55, build=build_demo)
