"""Log-in rules of 等保: password strength, and lock-out after repeated failures."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from parkops.core import audit
from parkops.core.models import AuditAction


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's own rule with its message in Chinese: Django 5.2 reworded the message and its zh-Hans
    catalogue carries only the old wording, so the form showed it in English."""

    def get_error_message(self) -> str:
        return f"密码长度太短。密码必须包含至少 {self.min_length} 个字符。"


class CharacterClassValidator:
    """At least `min_classes` of: lower-case letters, upper-case letters, digits, other characters."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        classes = [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < self.min_classes:
            raise ValidationError(
                f"密码须包含大写字母、小写字母、数字、符号中的至少{self.min_classes}类。",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return f"密码至少8位，包含大写字母、小写字母、数字、符号中的至少{self.min_classes}类。"


def locked_until(user) -> timezone.datetime | None:
    if user.locked_until and user.locked_until > timezone.now():
        return user.locked_until
    return None


def register_failure(user, request=None) -> None:
    user.failed_login_count += 1
    if user.failed_login_count >= settings.LOGIN_FAILURE_LIMIT:
        user.locked_until = timezone.now() + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        user.failed_login_count = 0
        audit.record(AuditAction.LOCKED, obj=user, object_type="用户", username=user.username,
                     detail=f"连续{settings.LOGIN_FAILURE_LIMIT}次登录失败，锁定{settings.LOGIN_LOCKOUT_MINUTES}分钟")
    user.save(update_fields=["failed_login_count", "locked_until"])


class LockoutBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            User().set_password(password)  # same cost as a real check, so timing does not reveal accounts
            return None
        if locked_until(user):
            raise PermissionDenied("account locked")
        if not (user.check_password(password) and self.user_can_authenticate(user)):
            register_failure(user, request)
            return None
        if user.failed_login_count or user.locked_until:
            user.failed_login_count = 0
            user.locked_until = None
            user.save(update_fields=["failed_login_count", "locked_until"])
        return user
