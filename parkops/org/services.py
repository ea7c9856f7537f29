"""Finding units and people by the names the ledgers write, creating them when new; the writes on
accounts that the audit log must see (passwords, the second factor)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from parkops.core import audit
from parkops.core.imports import NewName
from parkops.core.middleware import current_request_context
from parkops.core.models import AuditAction
from parkops.core.text import normalise_name
from parkops.org.choices import Role, UnitKind
from parkops.org.models import Park, Person, Unit, User


def find_unit(park: Park, name: str) -> Unit | None:
    """By normalised name, then by any of a unit's aliases (中寰集团 for its full name)."""
    wanted = normalise_name(name)
    unit = Unit.objects.filter(park=park, normalised_name=wanted).first()
    if unit is not None:
        return unit
    for candidate in Unit.objects.filter(park=park).exclude(aliases=""):
        if wanted in candidate.alias_list():
            return candidate
    return None


def unit_for_name(park: Park, name: str, **defaults) -> Unit:
    return find_unit(park, name) or Unit.objects.create(park=park, name=normalise_name(name), **defaults)


def person_for_name(park: Park, name: str, **defaults) -> Person:
    person = Person.objects.filter(park=park).by_name(name).first()
    return person or Person.objects.create(park=park, name=name, **defaults)


def create_named(park: Park, *, people: Iterable[NewName], units: Iterable[NewName]) -> tuple[int, int]:
    """The people and units an import's preview found new, made at its commit unless someone made them
    in between: how many people and units were made."""
    made_people = made_units = 0
    for new in people:
        if not Person.objects.filter(park=park).by_name(new.name).exists():
            person_for_name(park, new.name, level=new.kind)
            made_people += 1
    for new in units:
        if find_unit(park, new.name) is None:
            unit_for_name(park, new.name, kind=new.kind)
            made_units += 1
    return made_people, made_units


def unit_kind_for(name: str, park: Park | None) -> str:
    if name.endswith(("镇", "乡", "街道")):
        return UnitKind.TOWN
    if name.endswith(("集团", "公司")):
        return UnitKind.COMPANY
    if park and name in {park.name, park.short_name} or any(w in name for w in ("高新区", "园区", "管委会", "开发区")):
        return UnitKind.PARK_OFFICE
    return UnitKind.DEPARTMENT


# --- who is told (core.events.Notice's users) ----------------------------------------------------------


def unit_reporters(unit: Unit | None):
    """The unit's reporters: the people who write its reports and answer its chases."""
    if unit is None:
        return User.objects.none()
    return User.objects.filter(unit=unit, role=Role.REPORTER, is_active=True)


def supervisors():
    return User.objects.filter(role=Role.SUPERVISOR, is_active=True)


def accounts_of(person: Person | None):
    """The accounts of a leader named in a ledger (a User linked to that Person)."""
    if person is None:
        return User.objects.none()
    return User.objects.filter(person=person, is_active=True)


def served_park() -> Park:
    """The park the pages show: the only one, in the embedded set-up this serves (404 before there is one)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Park.objects.order_by("pk")[:1])


# --- the first run -----------------------------------------------------------------------------------

FIRST_ADMINISTRATORS = (
    ("sysadmin", "系统管理员", Role.SYSTEM_ADMIN),
    ("secadmin", "安全管理员", Role.SECURITY_ADMIN),
    ("auditadmin", "审计管理员", Role.AUDIT_ADMIN),
)


class AlreadyInitialised(Exception):
    """The database already has a park or an account: the first run is over."""


def initialise_park(*, name: str, short_name: str = "") -> tuple[Park, list[tuple[User, str]]]:
    """An empty database's park and its three administrators (三员分立), each with a one-time password
    to be changed at the first log-in (and the second factor bound then). Nothing else: the system
    administrator creates the units and accounts, the security administrator gives them roles."""
    name, short_name = name.strip(), short_name.strip()
    if not name:
        raise ValueError("请给出园区名称。")
    with transaction.atomic():
        existing = Park.objects.order_by("pk").first()
        if existing is not None or User.objects.exists():
            what = f"园区“{existing.name}”" if existing else "用户账号"
            raise AlreadyInitialised(f"系统中已有{what}，init-park 只用于新建的空数据库；本次未作任何修改。")
        park = Park.objects.create(name=name, short_name=short_name)
        accounts = []
        for username, display_name, role in FIRST_ADMINISTRATORS:
            account = User.objects.create(username=username, display_name=display_name, role=role)
            password = one_time_password(account)
            set_password_by_administrator(account=account, password=password, new=True)
            accounts.append((account, password))
        audit.record(AuditAction.CREATE, obj=park, object_type="园区",
                     detail=f"初始化园区“{park.name}”及系统管理员、安全管理员、审计管理员账号")
    return park, accounts


def one_time_password(account: User) -> str:
    """Random, easy to read aloud or type from paper (no 0/O, 1/l/I), and passing the password rules."""
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"
    while True:
        password = "".join(secrets.choice(letters) for _ in range(12)) + secrets.choice("#@%+=") + \
            secrets.choice("23456789")
        try:
            validate_password(password, account)
        except ValidationError:
            continue
        return password


# --- accounts: passwords, roles, the second factor ----------------------------------------------------
# Password hashes and TOTP secrets stay out of the user's history, so each change to them is written to
# the audit log here, as the act of whoever made it.


def password_change_due(user: User) -> str:
    """Why the user must change their password before anything else: "first" (an administrator set
    it), "expired" (older than PASSWORD_EXPIRY_DAYS), or "" when nothing is due."""
    if user.must_change_password:
        return "first"
    days = settings.PASSWORD_EXPIRY_DAYS
    if days and user.password_changed_at and user.password_changed_at + timedelta(days=days) <= timezone.now():
        return "expired"
    return ""


def change_own_password(*, user: User, password: str) -> None:
    """The user's own change. The caller keeps the current session (update_session_auth_hash); every
    other session of the user ends, since Django checks each against the password hash."""
    user.set_password(password)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    audit.record(AuditAction.UPDATE, obj=user, object_type="用户", detail=f"账号{user.username}修改了本人密码")


def set_password_by_administrator(*, account: User, password: str, new: bool = False) -> None:
    """An initial or reset password, which its holder must change at the next log-in: the administrator
    who chose it must not keep knowing it. Every session of the account ends."""
    account.set_password(password)
    account.must_change_password = True
    account.password_changed_at = timezone.now()
    account.save(update_fields=["password", "must_change_password", "password_changed_at"])
    what = "设置了新账号" if new else "重置了账号"
    context = current_request_context()
    by = context.username if context and context.username else "系统"
    audit.record(AuditAction.UPDATE, obj=account, object_type="用户",
                 detail=f"{by}{what}{account.username}的密码，该账号下次登录须修改密码")


def reset_second_factor(*, account: User) -> None:
    """The lost phone: the account sets up a new authenticator at its next log-in."""
    account.totp_secret = ""
    account.totp_last_step = None
    account.save(update_fields=["totp_secret", "totp_last_step"])
    audit.record(AuditAction.UPDATE, obj=account, object_type="用户",
                 detail=f"重置了账号{account.username}的两步验证，下次登录须重新绑定")


def disable_second_factor(*, user: User) -> None:
    """The user's own choice, proven by a current code (the administrators may not: views check)."""
    user.totp_secret = ""
    user.totp_last_step = None
    user.save(update_fields=["totp_secret", "totp_last_step"])
    audit.record(AuditAction.UPDATE, obj=user, object_type="用户", user=user,
                 detail=f"账号{user.username}关闭了两步验证（动态口令）")


def enable_second_factor(*, user: User, secret: str, step: int) -> None:
    user.totp_secret = secret
    user.totp_last_step = step
    user.save(update_fields=["totp_secret", "totp_last_step"])
    audit.record(AuditAction.UPDATE, obj=user, object_type="用户", user=user,
                 detail=f"账号{user.username}绑定了两步验证（动态口令）")
