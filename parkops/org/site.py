"""What org offers the site (core.offerings): the three administrators' pages, and the demo park's
organisation and accounts, built first because every other part of the demo hangs on them."""

from django.conf import settings

from parkops.core.offerings import DemoPark, DemoStep, MenuEntry
from parkops.core.permissions import can_read_audit
from parkops.org.choices import Role
from parkops.org.demo import DEMO_PASSWORD, USERS, build_organisation
from parkops.org.permissions import holds_role
from parkops.org.today import items_for

MENU = (
    MenuEntry("org:unit_list", "单位", holds_role(Role.SYSTEM_ADMIN), order=150, landing=True),
    MenuEntry("org:person_list", "人员", holds_role(Role.SYSTEM_ADMIN), order=160),
    MenuEntry("org:user_list", "用户", holds_role(Role.SYSTEM_ADMIN), order=170),
    MenuEntry("org:user_list", "用户与角色", holds_role(Role.SECURITY_ADMIN), order=210, landing=True),
    # The audit log is core's page; who reads it is org's rule (the audit administrator alone).
    MenuEntry("core:audit_list", "审计日志", can_read_audit, order=220, landing=True),
)


def build_demo(demo: DemoPark) -> None:
    demo.park = build_organisation()
    demo.notes.append(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
    for username, name, role, unit, _person in USERS:
        demo.notes.append(f"  {username:<10} {role.label}　{name}" + (f"（{unit}）" if unit else ""))
    if settings.ADMIN_TOTP_REQUIRED:
        demo.notes.append("三个管理员账号首次登录时，须用手机验证器（如 Google/Microsoft Authenticator）"
                          "扫描页面上的二维码绑定两步验证，此后每次登录输入验证器上的6位数字。")


DEMO = DemoStep(order=10, build=build_demo)

TODAY = (items_for,)
