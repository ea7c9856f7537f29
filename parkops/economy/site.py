"""What the economy offers the site (core.offerings): its pages in the menu and the demo's enterprises
with three years of monthly statistics (the slow part of the demo: `load_demo --skip economy` leaves it out); its figures as named metrics."""

from django.contrib.auth import get_user_model

from parkops.core.offerings import DemoPark, DemoStep, MenuEntry
from parkops.economy.demo import build_economy
from parkops.economy.metrics import METRICS  # noqa: F401 (core.metrics reads it)
from parkops.economy.permissions import can_view_economy
from parkops.org.demo import SUPERVISOR_USERNAME

MENU = (
    MenuEntry("economy:dashboard", "经济运行", can_view_economy, order=60),
    MenuEntry("economy:enterprise_list", "企业库", can_view_economy, order=70),
)


def build_demo(demo: DemoPark) -> None:
    # The statistics, the months closed and the 亩均 rating are recorded as the demo supervisor's work.
    supervisor = get_user_model().objects.filter(username=SUPERVISOR_USERNAME).first()
    build_economy(demo.park, demo.today, user=supervisor)


DEMO = DemoStep(order=40, build=build_demo)
