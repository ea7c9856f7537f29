"""What core offers the site (core.offerings): the 回收站, to whoever may restore something in it."""

from parkops.core import trash
from parkops.core.offerings import MenuEntry


def _may_use_trash(user) -> bool:
    return any(bin_.may_manage(user) for bin_ in trash.bins())


MENU = (
    MenuEntry("core:trash_list", "回收站", _may_use_trash, order=230),
)
