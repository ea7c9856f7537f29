"""The audit log as its administrator reads it: each change a line "字段：前 → 后" with the field's Chinese
name (its verbose_name), choices by their label, times in Beijing time, yes/no for flags; not the raw
dictionaries the log stores (and hashes) with their English keys and UTC times."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone

from parkops.core.models import AuditEntry

# Stored values that say nothing to a reader: the row's own id and the optimistic-lock counter.
_HIDDEN = {"id", "version"}
# Fields left with Django's default (English) verbose name, named by their verb: reported_by 报送人,
# reported_at 报送时间.
_VERBS = {"reported": "报送", "submitted": "报送", "recorded": "登记", "uploaded": "上传", "created": "创建",
          "updated": "更新", "sent": "发送", "read": "签收", "confirmed": "确认", "raised": "提出",
          "reviewed": "审核", "resolved": "办结", "computed": "计算", "changed": "修改"}


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@functools.cache
def _models_by_name() -> dict[str, type[models.Model]]:
    """Models by the verbose_name the log records as the object's type (the first one wins)."""
    found: dict[str, type[models.Model]] = {}
    for model in apps.get_models():
        found.setdefault(str(model._meta.verbose_name), model)
    return found


def _field(model: type[models.Model] | None, key: str) -> models.Field | None:
    if model is None:
        return None
    return next((f for f in model._meta.concrete_fields if key in (f.attname, f.name)), None)


def _label(field: models.Field | None, key: str) -> str:
    if field is None:
        return key
    label = str(field.verbose_name)
    if label != field.name.replace("_", " "):
        return label  # given in Chinese by the model
    verb, _, suffix = field.name.rpartition("_")
    if verb in _VERBS and suffix in ("by", "at", "on"):
        return _VERBS[verb] + {"by": "人", "at": "时间", "on": "日期"}[suffix]
    if field.is_relation and field.related_model is not None:
        return str(field.related_model._meta.verbose_name)
    return label


def _related_name(model: type[models.Model], pk: Any) -> str:
    """What a stored id points at, by its name now ("厦门乾照光电项目", "李督办"): one query per reference,
    read only by the audit administrator's pages of 50 lines; a cache would show a renamed record by its
    old name."""
    found = model._base_manager.filter(pk=pk).first()
    return str(found) if found is not None else f"#{pk}（已删除）"


def _shown(value: Any, field: models.Field | None) -> str:
    if value is None or value == "":
        return "（空）"
    if field is not None and field.is_relation and field.related_model is not None and not isinstance(value, (dict, list)):
        try:
            return _related_name(field.related_model, value)
        except (ValueError, TypeError):
            return str(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, str) and isinstance(field, models.DateTimeField):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return f"{moment:%Y-%m-%d %H:%M}"
    if isinstance(value, (dict, list)):
        return "、".join(str(v) for v in value) if isinstance(value, list) else "；".join(
            f"{k}：{v}" for k, v in value.items())
    return str(value)


def readable_changes(entry: AuditEntry) -> list[Change]:
    """What changed, field by field: for an update only the fields whose value changed; for a creation
    or a deletion every field it had a value in (a new account's twenty empty fields say nothing)."""
    before, after = entry.before or {}, entry.after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [Change("内容", _shown(before, None), _shown(after, None))]
    model = _models_by_name().get(entry.object_type)
    changes = []
    for key in dict.fromkeys([*before, *after]):
        if key in _HIDDEN or (key in before and key in after and before[key] == after[key]):
            continue
        if (key in before) != (key in after) and before.get(key, after.get(key)) in (None, ""):
            continue
        field = _field(model, key)
        changes.append(Change(_label(field, key), _shown(before.get(key), field) if key in before else "",
                              _shown(after.get(key), field) if key in after else ""))
    return changes
