"""No lost updates: an edit saves only if no one else saved the record since the page was loaded.

The page carries the version it was loaded at (core.forms.VersionedFormMixin); the service saves
through save_unless_changed(), which moves the version on in one conditional UPDATE. When that UPDATE
finds no row at the loaded version, someone else saved first: the edit is refused with an
EditConflict that says who saved, when, and which fields they changed to what, read from the
record's django-simple-history records, which carry the version too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from parkops.core.formatting import plain_number

# Book-keeping the person editing the form never sees.
_NOT_SHOWN = {"id", "version", "deleted_by", "normalised_name", "created_at"}
_LONGEST_VALUE = 60


@dataclass(frozen=True)
class Edit:
    who: str
    at: datetime

    def __str__(self) -> str:
        return f"{self.who}于{timezone.localtime(self.at):%Y-%m-%d %H:%M}"


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.label}：{self.before} → {self.after}"


class EditConflict(ValidationError):
    """Someone else saved the record after the page was loaded. A ValidationError, so a view that
    already puts a service's refusal on the form shows this one there too, above the user's input."""

    def __init__(self, *, record: models.Model, loaded_version: int, current_version: int,
                 edits: list[Edit], changes: list[FieldChange]):
        self.record = record
        self.loaded_version = loaded_version
        self.current_version = current_version
        self.edits = edits
        self.changes = changes
        super().__init__(self.describe(), code="edit_conflict")

    def describe(self) -> str:
        what = self.record._meta.verbose_name
        who = "、".join(str(edit) for edit in self.edits) or "其他人"
        changed = "；".join(str(change) for change in self.changes) or "未改动本页的字段（可能修改了关联内容）"
        return (f"未保存：您打开此页面后，{who}保存了对该{what}的修改（{changed}）。"
                f"您填写的内容仍保留在下方，请核对后再次点击保存；再次保存将以您的内容为准。")

    def as_dict(self) -> dict:
        """The same information for the API (409 Conflict)."""
        return {
            "detail": self.describe(),
            "loaded_version": self.loaded_version,
            "current_version": self.current_version,
            "edits": [{"user": edit.who, "at": edit.at.isoformat()} for edit in self.edits],
            "changes": [{"field": c.label, "before": c.before, "after": c.after} for c in self.changes],
        }


def save_unless_changed(record: models.Model, *, loaded_version: int | None, user, reason: str) -> None:
    """Save an edit of a VersionedModel made from a page loaded at `loaded_version`, or refuse it.
    Call inside the service's transaction: the UPDATE keeps the row locked until it commits."""
    record._history_user = user
    record._change_reason = reason
    if record.pk is None:
        record.save()
        return
    if loaded_version is None:
        raise ValidationError("页面缺少版本信息，无法确认您看到的是最新内容，请刷新页面后重新编辑。")
    manager = type(record)._base_manager  # a deleted record's row too: restoring it is an edit
    claimed = manager.filter(pk=record.pk, version=loaded_version).update(version=loaded_version + 1)
    if claimed != 1:
        raise edit_conflict(record, loaded_version=loaded_version)
    record.version = loaded_version + 1
    record._version_claimed = True
    record.save()


def edit_conflict(record: models.Model, *, loaded_version: int) -> EditConflict:
    """What happened to the record since `loaded_version`, from its history records."""
    history = record.history.model.objects.filter(id=record.pk)
    later = list(history.filter(version__gt=loaded_version).select_related("history_user")
                 .order_by("history_date", "history_id"))
    seen = history.filter(version=loaded_version).order_by("-history_date", "-history_id").first()
    current_version = type(record)._base_manager.filter(pk=record.pk).values_list("version", flat=True).first()
    edits = [Edit(str(r.history_user) if r.history_user else "系统", r.history_date) for r in later]
    changes = _changes(type(record), seen, later[-1]) if seen is not None and later else []
    return EditConflict(record=record, loaded_version=loaded_version, current_version=current_version or 0,
                        edits=edits, changes=changes)


def _changes(model: type[models.Model], before, after) -> list[FieldChange]:
    changes = []
    for field in model._meta.concrete_fields:
        if field.name in _NOT_SHOWN:
            continue
        old, new = getattr(before, field.attname), getattr(after, field.attname)
        if old != new:
            changes.append(FieldChange(str(field.verbose_name), _shown(field, old), _shown(field, new)))
    return changes


def _shown(field: models.Field, value) -> str:
    if value is None or value == "":
        return "（空）"
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        value = related if related is not None else value
    elif field.choices:
        value = dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    text = str(value)
    return text if len(text) <= _LONGEST_VALUE else text[:_LONGEST_VALUE] + "…"
