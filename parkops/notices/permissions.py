"""Who may do what with notices: this module's rows of the permission matrix (core.permissions).

Everyone reads their own messages and nobody else's; the system administrator keeps the channels and
watches the deliveries (it is configuration, like units and accounts, not business work)."""

from django.db.models import Q

from parkops.core.permissions import EDIT, VIEW_LIST, VIEW_ONE, allows, declare, rule
from parkops.org.choices import Role


def _own(user) -> Q:
    return Q(user=user)


declare("notices", "message", "我的消息", {
    VIEW_ONE: rule((), {role: _own for role in Role}, label="阅读与标为已读"),
})
declare("notices", "channel", "推送通道与发送记录", {
    VIEW_LIST: rule({Role.SYSTEM_ADMIN}),
    EDIT: rule({Role.SYSTEM_ADMIN}, label="新增、修改、测试通道，重发"),
})


def can_read_messages(user) -> bool:
    return allows(user, "message", VIEW_ONE)


def can_manage_channels(user) -> bool:
    return allows(user, "channel", EDIT)
