"""What org puts on the security administrator's 今日待办 (core.offerings.TodayItem, declared as TODAY in
site.py): accounts waiting for a role, and accounts locked by failed log-ins."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.timezone import localdate

from parkops.core.offerings import TodayItem
from parkops.org.choices import Role
from parkops.org.models import LoginLock, User


def items_for(user, today: date) -> list[TodayItem]:
    if user.role != Role.SECURITY_ADMIN:
        return []
    items = []
    waiting = User.objects.filter(is_active=True, role="").order_by("-date_joined")
    if waiting.exists():
        names = "、".join(str(account) for account in waiting[:5])
        items.append(TodayItem(kind="待分配角色", title=f"{waiting.count()}个新账号尚未分配角色",
                               url=reverse("org:user_list") + "?role=", on=localdate(waiting.first().date_joined),
                               detail=names, urgent=True))
    locks = LoginLock.objects.filter(locked_until__gt=timezone.now()).select_related("user").order_by("-locked_until")
    for lock in locks[:10]:
        items.append(TodayItem(kind="账号锁定", title=f"{lock.user}（{lock.user.username}）",
                               url=reverse("org:user_list") + f"?username={lock.user.username}", on=today,
                               detail=f"从{lock.ip or '未知地址'}连续登录失败，锁定至{timezone.localtime(lock.locked_until):%H:%M}",
                               urgent=True))
    return items
