"""Log-in failure handling (等保 登录失败处理) that an attacker cannot turn against the administrators.

A failure counts against the pair (account, address): LOGIN_FAILURE_LIMIT of them in a row lock that
account for LOGIN_LOCKOUT_MINUTES, from that address only, so five requests from anywhere no longer lock
the security administrator out of their own desk. An address with LOGIN_ADDRESS_FAILURE_LIMIT failures
within LOGIN_ADDRESS_WINDOW_MINUTES, on any accounts (unknown ones included), may not try at all until
the oldest of them leaves the window: one machine cannot guess through the accounts one by one.

Written by hand rather than with django-axes: axes applies one failure limit to every parameter it
counts, keeps its own tables and messages, and these two rules with their Chinese messages and the
security administrator's audited unlock are forty lines.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from parkops.core import audit
from parkops.core.middleware import client_ip
from parkops.core.models import AuditAction
from parkops.org.models import LoginFailure, LoginLock, User

# Failures older than this are of no use to any limit; the audit log keeps them all.
KEEP_FAILURES = timedelta(days=1)


def login_address(request: HttpRequest | None) -> str:
    """The address the limits count against: the same as the audit log's (core.middleware.client_ip),
    which believes X-Forwarded-For only from TRUSTED_PROXIES, so nobody picks whose address their
    failures count against."""
    if request is None:
        return ""
    return client_ip(request) or ""


def address_blocked_until(ip: str) -> datetime | None:
    if not ip:
        return None
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    window = timedelta(minutes=settings.LOGIN_ADDRESS_WINDOW_MINUTES)
    recent = list(LoginFailure.objects.filter(ip=ip, at__gt=timezone.now() - window)
                  .order_by("-at").values_list("at", flat=True)[:limit])
    if len(recent) < limit:
        return None
    return recent[-1] + window


def account_locked_until(user: User, ip: str) -> datetime | None:
    lock = LoginLock.objects.filter(user=user, ip=ip, locked_until__gt=timezone.now()).first()
    return lock.locked_until if lock else None


def register_failure(*, username: str, user: User | None, ip: str) -> None:
    now = timezone.now()
    if ip:
        LoginFailure.objects.create(ip=ip, username=username[:150], at=now)
        LoginFailure.objects.filter(at__lt=now - KEEP_FAILURES).delete()
    if user is None:
        return
    lock, _ = LoginLock.objects.get_or_create(user=user, ip=ip)
    LoginLock.objects.filter(pk=lock.pk).update(failed_count=F("failed_count") + 1)
    lock.refresh_from_db()
    if lock.failed_count >= settings.LOGIN_FAILURE_LIMIT:
        lock.locked_until = now + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        lock.failed_count = 0
        lock.save(update_fields=["failed_count", "locked_until"])
        audit.record(AuditAction.LOCKED, obj=user, object_type="用户", username=user.username, ip=ip or None,
                     detail=f"从{ip or '未知地址'}连续{settings.LOGIN_FAILURE_LIMIT}次登录失败，"
                            f"该地址锁定{settings.LOGIN_LOCKOUT_MINUTES}分钟")


@receiver(user_logged_in)
def count_again_after_a_log_in(sender, request, user, **kwargs) -> None:
    # On log-in, not on the right password: an administrator's wrong TOTP codes after a right password
    # keep counting towards the lock.
    LoginLock.objects.filter(user=user, ip=login_address(request)).delete()


def unlock(user: User) -> int:
    """The security administrator's unlock: every address's lock and count on the account, audited."""
    locked = LoginLock.objects.filter(user=user, locked_until__gt=timezone.now())
    addresses = sorted(locked.values_list("ip", flat=True))
    LoginLock.objects.filter(user=user).delete()
    if addresses:
        audit.record(AuditAction.UNLOCKED, obj=user, detail=f"解除账号{user.username}的登录锁定",
                     before={"locked_addresses": addresses}, after={"locked_addresses": []})
    return len(addresses)


class LockoutBackend(ModelBackend):
    """Anything that authenticates (not only the log-in page) meets both limits."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        ip = login_address(request)
        if address_blocked_until(ip):
            raise PermissionDenied("address blocked")
        UserModel = get_user_model()
        try:
            user = UserModel.objects.get_by_natural_key(username)
        except UserModel.DoesNotExist:
            UserModel().set_password(password)  # same cost as a real check, so timing does not reveal accounts
            register_failure(username=username, user=None, ip=ip)
            return None
        if account_locked_until(user, ip):
            raise PermissionDenied("account locked")
        if not (user.check_password(password) and self.user_can_authenticate(user)):
            register_failure(username=username, user=user, ip=ip)
            return None
        return user
