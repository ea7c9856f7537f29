"""The demo park's organisation: the units and leaders of seed 000, and a user for every role."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from parkops.org.choices import LeaderLevel, Role, UnitKind
from parkops.org.models import Park, Person, Unit, Zone

DEMO_PASSWORD = "Demo#2026"
SUPERVISOR_USERNAME = "duban"

UNITS = [
    ("高新区", UnitKind.PARK_OFFICE, "高新区管委会、德安高新区"),
    ("工信局", UnitKind.DEPARTMENT, "县工信局"),
    ("发改委", UnitKind.DEPARTMENT, "县发改委"),
    ("科技局", UnitKind.DEPARTMENT, "县科技局"),
    ("自然资源局", UnitKind.DEPARTMENT, "县自然资源局"),
    ("商务局", UnitKind.DEPARTMENT, "县商务局"),
    ("生态环境局", UnitKind.DEPARTMENT, "县生态环境局"),
    ("住建局", UnitKind.DEPARTMENT, "县住建局"),
    ("城管局", UnitKind.DEPARTMENT, "县城管局"),
    ("丰林镇", UnitKind.TOWN, ""),
    ("高塘乡", UnitKind.TOWN, ""),
    ("中寰集团", UnitKind.COMPANY, "德安中寰工业发展集团有限公司、工发集团"),
]

PEOPLE = [
    ("周洁", "副县长", LeaderLevel.COUNTY),
    ("周纬华", "常务副县长", LeaderLevel.COUNTY),
    ("刘元勋", "副县长", LeaderLevel.COUNTY),
    ("王晓君", "高新区党工委副书记、管委会主任", LeaderLevel.PARK),
    ("涂志峰", "高新区管委会副主任", LeaderLevel.PARK),
    ("廖国峰", "高新区管委会副主任", LeaderLevel.PARK),
    ("陈明昊", "高新区管委会副主任", LeaderLevel.PARK),
    ("徐舒笠", "高新区管委会副主任", LeaderLevel.PARK),
    ("伍星", "高新区管委会副主任", LeaderLevel.PARK),
]

# (username, name, role, unit name or None, person name or None)
USERS = [
    ("sysadmin", "系统管理员", Role.SYSTEM_ADMIN, "高新区", None),
    ("secadmin", "安全管理员", Role.SECURITY_ADMIN, "高新区", None),
    ("auditor", "审计管理员", Role.AUDIT_ADMIN, "高新区", None),
    (SUPERVISOR_USERNAME, "李督办", Role.SUPERVISOR, "高新区", None),
    ("lingdao", "王晓君", Role.LEADER, "高新区", "王晓君"),
    ("chakan", "赵查看", Role.VIEWER, "高新区", None),
    ("gxq", "高新区填报员", Role.REPORTER, "高新区", None),
    ("gxj", "工信局填报员", Role.REPORTER, "工信局", None),
    ("fgw", "发改委填报员", Role.REPORTER, "发改委", None),
    ("zrzy", "自然资源局填报员", Role.REPORTER, "自然资源局", None),
    ("sthj", "生态环境局填报员", Role.REPORTER, "生态环境局", None),
    ("lianluo", "刘联络", Role.REPORTER, "高新区", None),  # 驻企联络员 of 乾照光电 and 维科
]


def build_organisation() -> Park:
    park, _ = Park.objects.get_or_create(name="德安高新技术产业园区", defaults={"short_name": "德安高新区"})
    for zone in ("宝塔园区", "丰林工业新区"):
        Zone.objects.get_or_create(park=park, name=zone)
    for name, kind, aliases in UNITS:
        Unit.objects.get_or_create(park=park, normalised_name=name,
                                   defaults={"name": name, "kind": kind, "aliases": aliases})
    for name, title, level in PEOPLE:
        Person.objects.get_or_create(park=park, normalised_name=name,
                                     defaults={"name": name, "title": title, "level": level})
    User = get_user_model()
    for username, display_name, role, unit_name, person_name in USERS:
        if User.objects.filter(username=username).exists():
            continue
        user = User(username=username, display_name=display_name, role=role,
                    unit=Unit.objects.get(park=park, name=unit_name) if unit_name else None,
                    person=Person.objects.get(park=park, name=person_name) if person_name else None)
        user.set_password(DEMO_PASSWORD)
        # Set by the demo, not by an administrator: nobody is sent to change it on the first walk-through.
        user.password_changed_at = timezone.now()
        user.save()
    return park
