"""What the top app offers in the menu like any other (core.offerings): 今日待办, everyone's home page."""

from parkops.core.offerings import MenuEntry
from parkops.org.choices import Role

MENU = (
    # An enterprise's home is its own page (园企之窗, services.middleware sends it there).
    MenuEntry("site:home", "今日待办", lambda user: user.role != Role.ENTERPRISE, order=1),
)
