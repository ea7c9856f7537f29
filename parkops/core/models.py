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
    # 个人信息保护法 / 等保 8.1.4.3: reading someone's personal data (a phone number in full) is on record.
    VIEW_PERSONAL = "view_personal", "查看个人信息"
    PURGE = "purge", "清理过期日志"


class AuditEntryQuerySet(models.QuerySet):
    """Every way the ORM changes or removes rows refuses; the database's triggers refuse the rest
    (raw SQL, a cascade). Only core.auditchain.purge_expired removes lines, past the retention period."""

    def update(self, **kwargs):
        raise PermissionError("审计日志不可修改")

    def _update(self, values):
        raise PermissionError("审计日志不可修改")

    def bulk_update(self, objs, fields, batch_size=None):
        raise PermissionError("审计日志不可修改")

    def delete(self):
        raise PermissionError("审计日志不可删除")

    def _raw_delete(self, using):
        raise PermissionError("审计日志不可删除")


class AuditEntry(models.Model):
    """One line of the audit log. Append-only: no role, and no code path, changes or deletes it."""

    at = models.DateTimeField("时间", db_index=True)
    # DO_NOTHING: deleting an account must not rewrite its lines (SET_NULL would UPDATE them, which the
    # database refuses); the id stays as it was hashed, and the name is kept as text below.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", null=True, blank=True, on_delete=models.DO_NOTHING,
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
    # The hash chain (tamper evidence): each line's sha256 covers its own fields and the previous line's
    # hash, so a changed, removed or inserted line breaks every link after it. See core.auditchain.
    prev_hash = models.CharField("上一条哈希", max_length=64, editable=False)
    hash = models.CharField("哈希", max_length=64, editable=False, unique=True)

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


class AuditChain(models.Model):
    """The one row that serialises appends to the audit log (SELECT … FOR UPDATE on PostgreSQL) and
    remembers both ends of the chain: the last line written, and the anchor left by the last purge
    (the hash of the newest line purged), so the chain still verifies after old lines are removed."""

    last_id = models.BigIntegerField("最后一条ID", default=0)
    last_hash = models.CharField("最后一条哈希", max_length=64, blank=True)
    anchor_id = models.BigIntegerField("锚点ID", default=0)
    anchor_hash = models.CharField("锚点哈希", max_length=64, blank=True)
    # Set only inside purge_expired's transaction: the database's delete trigger lets through lines
    # older than this, and nothing else.
    purge_before = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "审计日志链"
        verbose_name_plural = "审计日志链"

    def __str__(self) -> str:
        return f"审计日志链：最后一条 ID {self.last_id}，锚点 ID {self.anchor_id}"
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
