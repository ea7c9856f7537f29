"""The 回收站: business records are deleted by marking them (core.models.SoftDeleteModel), and a
supervisor restores them here. Each module registers the records it lets delete, who may delete and
restore them, and where a record's page is; core itself imports no module.

Deleting and restoring are saves, so django-simple-history keeps them in the record's history (with
who and why), and each also writes its own audit line saying it was a deletion or a restoration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from parkops.core import audit
from parkops.core.models import AuditAction, SoftDeleteModel


@dataclass(frozen=True)
class Bin:
    model: type[SoftDeleteModel]
    module: str  # the module's name in the menu: 督查督办, 重点项目 …
    may_manage: Callable[[object], bool]
    detail_url: str  # the URL name of a record's page, given its pk
    list_url: str  # where to go once a record is deleted

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name)


_BINS: dict[str, Bin] = {}


def register(model: type[SoftDeleteModel], *, module: str, may_manage: Callable[[object], bool],
             detail_url: str, list_url: str) -> None:
    bin_ = Bin(model, module, may_manage, detail_url, list_url)
    _BINS[bin_.key] = bin_


def bins() -> list[Bin]:
    return list(_BINS.values())


def bin_for(key: str) -> Bin | None:
    return _BINS.get(key)


def delete_url(record: models.Model) -> str:
    return reverse("core:trash_delete", args=[record._meta.label_lower, record.pk])


def _when(record: SoftDeleteModel) -> str:
    return f"{timezone.localtime(record.deleted_at):%Y-%m-%d %H:%M}"


@transaction.atomic
def soft_delete(record: SoftDeleteModel, *, user, reason: str = "") -> SoftDeleteModel:
    """Move a record to the 回收站. Done once: of two people deleting it at once, the second is told
    who deleted it and when."""
    model = type(record)
    now = timezone.now()
    claimed = model._base_manager.filter(pk=record.pk, deleted_at__isnull=True).update(
        deleted_at=now, deleted_by=user)
    if not claimed:
        record.refresh_from_db(fields=["deleted_at", "deleted_by"])
        raise ValidationError(f"该{model._meta.verbose_name}已被{record.deleted_by or '他人'}于{_when(record)}删除。")
    record.deleted_at, record.deleted_by = now, user
    _save(record, user=user, reason=f"删除（移入回收站）{('：' + reason) if reason else ''}")
    audit.record(AuditAction.DELETE, obj=record, user=user, detail=f"移入回收站，可由督办员恢复。{reason}".strip())
    return record


@transaction.atomic
def restore(record: SoftDeleteModel, *, user) -> SoftDeleteModel:
    """Bring a record back from the 回收站, with everything that belonged to it."""
    model = type(record)
    claimed = model._base_manager.filter(pk=record.pk, deleted_at__isnull=False).update(
        deleted_at=None, deleted_by=None)
    if not claimed:
        raise ValidationError(f"该{model._meta.verbose_name}未被删除，或已由他人恢复。")
    deleted = f"{record.deleted_by or '他人'}于{_when(record)}删除" if record.deleted_at else "已删除"
    record.deleted_at, record.deleted_by = None, None
    _save(record, user=user, reason="从回收站恢复")
    audit.record(AuditAction.UPDATE, obj=record, user=user, detail=f"从回收站恢复（原由{deleted}）")
    return record


def _save(record: models.Model, *, user, reason: str) -> None:
    record._history_user = user
    record._change_reason = reason
    record.save()


def deleted_records(user) -> list[tuple[Bin, list[SoftDeleteModel]]]:
    """What the user may restore, newest deletion first, module by module."""
    return [(bin_, list(bin_.model.all_objects.filter(deleted_at__isnull=False).select_related("deleted_by")
                        .order_by("-deleted_at")[:200]))
            for bin_ in bins() if bin_.may_manage(user)]
