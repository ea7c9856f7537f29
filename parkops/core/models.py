from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    LOGIN = "login", "登录"
    LOGOUT = "logout", "退出"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOCKED = "locked", "账号锁定"
    UNLOCKED = "unlocked", "解除锁定"
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    IMPORT = "import", "导入"
    EXPORT = "export", "导出"


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("审计日志不可修改")

    def delete(self):
        raise PermissionError("审计日志不可删除")


class AuditEntry(models.Model):
    """One line of the audit log. Append-only: no role, and no code path, changes or deletes it."""

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", db_constraint=False,
    )
    # The name is kept as text too, so the line still says who it was if the account is renamed.
    username = models.CharField("账号", max_length=150, blank=True, db_index=True)
    ip = models.GenericIPAddressField("IP地址", null=True, blank=True)
    action = models.CharField("操作", max_length=20, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField("对象类型", max_length=100, blank=True, db_index=True)
    object_id = models.CharField("对象ID", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=300, blank=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    detail = models.TextField("说明", blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("审计日志不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计日志不可删除")


class VersionedModel(models.Model):
    """A record several people edit through a form: every save moves `version` on by one (imports,
    the worker and the services included), and an edit made from a page checks the version the page
    was loaded at (parkops.core.versioning.save_unless_changed), so no one overwrites a change unseen."""

    version = models.PositiveIntegerField("版本", default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if getattr(self, "_version_claimed", False):
            self._version_claimed = False  # save_unless_changed has already moved the version on
        elif not self._state.adding:
            self.version += 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "version" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "version"]
        super().save(*args, **kwargs)


class SoftDeleteQuerySet(models.QuerySet):
    def deleted(self):
        return self.filter(deleted_at__isnull=False)


class SoftDeleteManager(models.Manager.from_queryset(SoftDeleteQuerySet)):
    """The default manager of a soft-deleted model, and of the records that belong to one: deleted
    rows, and rows whose parent (named in the model's `soft_delete_parents`) is deleted, are not
    there for lists, figures, exports or the API."""

    def get_queryset(self):
        rows = super().get_queryset()
        if issubclass(self.model, SoftDeleteModel):
            rows = rows.filter(deleted_at__isnull=True)
        for parent in getattr(self.model, "soft_delete_parents", ()):
            rows = rows.filter(**{f"{parent}__deleted_at__isnull": True})
        return rows


class SoftDeleteModel(models.Model):
    """A business record that is deleted by marking it: it leaves every list and count, stays in the
    database and its history, and a supervisor restores it from the 回收站 (parkops.core.trash).

    `objects` hides deleted rows and must stay the default manager; `all_objects` sees every row."""

    deleted_at = models.DateTimeField("删除时间", null=True, blank=True, editable=False, db_index=True)
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="删除人", null=True, blank=True,
                                   editable=False, on_delete=models.SET_NULL, related_name="+")

    soft_delete_parents: tuple[str, ...] = ()

    objects = SoftDeleteManager()
    all_objects = models.Manager()  # noqa: DJ012 (after `objects`, which must stay the default manager)

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
