"""What notices offers the site (core.offerings): everyone's 我的消息, and the system administrator's
channels and deliveries."""

from parkops.core.offerings import MenuEntry
from parkops.notices.today import items_for
from parkops.org.choices import Role
from parkops.org.permissions import holds_role

MENU = (
    MenuEntry("notices:channel_list", "推送通道", holds_role(Role.SYSTEM_ADMIN), order=180),
    MenuEntry("notices:delivery_list", "发送记录", holds_role(Role.SYSTEM_ADMIN), order=190),
    # Last, where the unread count is looked for (base.html).
    MenuEntry("notices:inbox", "我的消息", lambda user: True, order=240),
)

TODAY = (items_for,)
