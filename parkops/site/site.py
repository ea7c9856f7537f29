"""What the top app offers in the menu like any other (core.offerings): 今日待办, everyone's home page."""

from parkops.core.offerings import MenuEntry

MENU = (
    MenuEntry("site:home", "今日待办", lambda user: True, order=1),
)
