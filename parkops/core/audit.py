"""The audit log: log-ins, failures, imports, exports, and every change to business data.

Business models register with django-simple-history, which already works out each change; one
receiver turns every historical record into an audit line with the before and after values, so a
model gains its audit trail by being registered and no view has to remember to write one. An import
that writes thousands of records at once writes their history rows and these same lines in bulk
(core.bulkwrite, through change_line and values_of).
"""

from __future__ import annotations

import functools
import ipaddress
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.dispatch import receiver
from simple_history.signals import post_create_historical_record

from parkops.core import auditchain
from parkops.core.middleware import client_ip, current_request_context
from parkops.core.models import AuditAction, AuditEntry

_HISTORY_ACTIONS = {"+": AuditAction.CREATE, "~": AuditAction.UPDATE, "-": AuditAction.DELETE}
_HISTORY_FIELDS = {"history_id", "history_date", "history_change_reason", "history_type", "history_user",
                   "history_user_id", "history_relation"}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def snapshot(historical_record: models.Model) -> dict[str, Any]:
    values = {}
    for field in historical_record._meta.concrete_fields:
        if field.name in _HISTORY_FIELDS:
            continue
        values[field.attname] = _plain(getattr(historical_record, field.attname))
    return values


def _as_stored(values: dict | None) -> dict | None:
    """The values as the JSON column gives them back (dates as text, tuples as lists), so that the hash
    taken now matches the line read later."""
    return None if values is None else json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def _address(ip: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address(ip)) if ip else None
    except ValueError:
        return None


def record(
    action: str,
    *,
    obj: models.Model | None = None,
    object_type: str = "",
    detail: str = "",
    before: dict | None = None,
    after: dict | None = None,
    user=None,
    username: str = "",
    ip: str | None = None,
) -> AuditEntry:
    """Write one audit line; who and from where default to the current request's user and address."""
    return auditchain.append(**_line(action, obj=obj, object_type=object_type, detail=detail, before=before,
                                     after=after, user=user, username=username, ip=ip))


def _line(action: str, *, obj: models.Model | None = None, object_type: str = "", detail: str = "",
          before: dict | None = None, after: dict | None = None, user=None, username: str = "",
          ip: str | None = None) -> dict[str, Any]:
    context = current_request_context()
    if user is not None:
        user_id, username = user.pk, user.get_username()
    elif not username and context is not None and context.user_id is not None:
        user_id, username = context.user_id, context.username
    else:
        user_id = None
    if ip is None and context is not None:
        ip = context.ip
    if obj is not None:
        object_type = object_type or obj._meta.verbose_name
    return {
        "user_id": user_id,
        "username": username,
        "ip": _address(ip),
        "action": action,
        "object_type": str(object_type),
        "object_id": str(obj.pk) if obj is not None and obj.pk is not None else "",
        "object_repr": str(obj)[:300] if obj is not None else "",
        "before": _as_stored(before),
        "after": _as_stored(after),
        "detail": detail,
    }


def change_line(instance: models.Model, history_instance: models.Model, before: dict | None) -> dict | None:
    """The audit line of one historical record, `before` being the record's values before it; None
    when nothing but the version changed."""
    action = _HISTORY_ACTIONS[history_instance.history_type]
    after = snapshot(history_instance) if action != AuditAction.DELETE else None
    if action == AuditAction.UPDATE and before is not None and after is not None:
        # The version (core.models.VersionedModel) moves on with every save: it is no change to report.
        changed = {key for key in after if key != "version" and before.get(key) != after.get(key)}
        if not changed:
            return None
        before = {key: before.get(key) for key in changed}
        after = {key: after[key] for key in changed}
    return _line(action, obj=instance, object_type=instance._meta.verbose_name, before=before, after=after,
                 user=history_instance.history_user, detail=history_instance.history_change_reason or "")


@receiver(post_create_historical_record)
def audit_business_change(sender, instance, history_instance, **kwargs) -> None:
    action = _HISTORY_ACTIONS[history_instance.history_type]
    previous = history_instance.prev_record if action != AuditAction.CREATE else None
    line = change_line(instance, history_instance, snapshot(previous) if previous is not None else None)
    if line is not None:
        auditchain.append(**line)


def values_of(instance: models.Model) -> dict[str, Any]:
    """A record's values as snapshot() gives them for its historical record: the `before` of a change
    written in bulk (core.bulkwrite), read from the record as loaded before it was changed."""
    return {name: _plain(getattr(instance, name)) for name in _tracked(type(instance))}


@functools.cache
def _tracked(model: type[models.Model]) -> tuple[str, ...]:
    # The model's `history` manager is built anew at every access: too slow for every record of an import.
    return tuple(field.attname for field in model.history.model.tracked_fields)


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs) -> None:
    record(AuditAction.LOGIN, obj=user, object_type="用户", user=user, ip=client_ip(request) if request else None)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        record(AuditAction.LOGOUT, obj=user, object_type="用户", user=user,
               ip=client_ip(request) if request else None)


@receiver(user_login_failed)
def audit_login_failure(sender, credentials, request=None, **kwargs) -> None:
    username = credentials.get("username", "")
    record(AuditAction.LOGIN_FAILED, object_type="用户", username=username, detail=f"账号 {username} 登录失败",
           ip=client_ip(request) if request else None)
