"""Personal data shown only to those whose work needs it (个人信息保护法 第五、六条: the minimum needed;
等保 2.0 8.1.4.11 个人信息保护): everyone else sees a phone number masked, and every time a number is
shown or exported in full, the audit log says who read whose."""

from __future__ import annotations

from django.db import models

from parkops.core import audit
from parkops.core.models import AuditAction

MASK = "****"


def mask_phone(phone: str) -> str:
    """138****1234: enough to tell two numbers apart on a list, not enough to call. Short numbers keep
    only their last two characters."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    if len(phone) >= 8:
        return f"{phone[:3]}{MASK}{phone[-4:]}"
    return f"{MASK}{phone[-2:]}"


def mask_name(name: str) -> str:
    """张** / 欧阳**: the surname (its first character) kept, the rest starred, as 12345 工单 print it."""
    name = "".join((name or "").split())
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def is_masked(text: str) -> bool:
    """A value as a list or export printed it (138****5678, 张**), not the value itself."""
    return "*" in (text or "")


def record_read(*, what: str, detail: str, obj: models.Model | None = None) -> None:
    """One audit line for one page, export or API answer that showed personal data in full."""
    audit.record(AuditAction.VIEW_PERSONAL, obj=obj, object_type=what, detail=detail)
