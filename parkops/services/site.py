"""What 企业服务 offers the site (core.offerings): its pages in the menu (the park's 企业诉求; an
enterprise's own 园企之窗, its landing page), its part of the demo park, and its 今日待办."""

from parkops.core.offerings import DemoPark, DemoStep, MenuEntry
from parkops.services.demo import build_services
from parkops.services.permissions import can_use_requests, is_enterprise_user
from parkops.services.today import items_for

MENU = (
    MenuEntry("services:request_list", "企业诉求", lambda user: can_use_requests(user) and not is_enterprise_user(user),
              order=64),
    MenuEntry("services:mine", "园企之窗", is_enterprise_user, order=2),
)


def build_demo(demo: DemoPark) -> None:
    accounts = build_services(demo.park, demo.today)
    if accounts:
        demo.notes.append(f"企业服务：企业账号 {'、'.join(accounts)}（密码同上）在手机上提出诉求、评价办理结果；"
                          "“企业诉求”有分派、受理、答复、逾期、办结、重新办理各状态的诉求")


DEMO = DemoStep(order=50, build=build_demo)

TODAY = (items_for,)
