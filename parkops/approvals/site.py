"""What 审批代办 offers the site (core.offerings): its pages in the menu, its part of the demo park, and its
今日待办 (a department's steps past their limit, the supervisor's overdue cases)."""

from parkops.approvals.demo import build_approvals
from parkops.approvals.permissions import in_the_park_office
from parkops.approvals.today import items_for
from parkops.core.offerings import DemoPark, DemoStep, MenuEntry

MENU = (
    MenuEntry("approvals:case_list", "并联审批", in_the_park_office, order=65),
)


def build_demo(demo: DemoPark) -> None:
    powers, cases = build_approvals(demo.park, demo.today)
    demo.notes.append(f"审批代办：赋权清单{powers}项（6项已由协同办转为独立办），审批案件{cases}件（并联办结、补正中、串联、逾期），"
                      "代办员 gxq；“周二并联审批日”列出到期案件")


DEMO = DemoStep(order=55, build=build_demo)

TODAY = (items_for,)
