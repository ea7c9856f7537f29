from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from parkops.core.text import normalise_name
from parkops.org.choices import ADMIN_ROLES, LeaderLevel, Role, UnitKind


class Park(models.Model):
    name = models.CharField("园区名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=30, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "园区"
        verbose_name_plural = "园区"

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def committee_name(self) -> str:
        """The 管委会 that signs the park's official documents (发文机关署名): "德安高新区管委会" from the
        short name as the committee calls itself, or the full name's where there is no short one. A name
        that already is the committee's is kept as it is."""
        name = self.short_name or self.name
        if name.endswith(("管委会", "管理委员会")):
            return name
        return f"{name}管委会"


class Zone(models.Model):
    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="zones")
    name = models.CharField("片区名称", max_length=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "片区"
        verbose_name_plural = "片区"
        constraints = [models.UniqueConstraint(fields=["park", "name"], name="zone_unique_name")]

    def __str__(self) -> str:
        return self.name


class NamedQuerySet(models.QuerySet):
    def by_name(self, name: str):
        return self.filter(normalised_name=normalise_name(name))


class Unit(models.Model):
    """单位: a county department, a town, a state company or a park office."""

    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="units")
    name = models.CharField("单位名称", max_length=100)
    normalised_name = models.CharField(max_length=100, editable=False, db_index=True)
    kind = models.CharField("类别", max_length=20, choices=UnitKind.choices, default=UnitKind.DEPARTMENT)
    aliases = models.CharField("别名", max_length=300, blank=True, help_text="其他写法，用顿号分隔，如：中寰集团、工发集团")
    history = HistoricalRecords()

    objects = NamedQuerySet.as_manager()

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["park", "normalised_name"], name="unit_unique_name")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.normalised_name = normalise_name(self.name)
        super().save(*args, **kwargs)

    def alias_list(self) -> list[str]:
        return [normalise_name(a) for a in self.aliases.replace("，", "、").replace(",", "、").split("、") if a.strip()]


class Person(models.Model):
    """A leader named in the ledgers: county or park level."""

    park = models.ForeignKey(Park, verbose_name="园区", on_delete=models.PROTECT, related_name="people")
    name = models.CharField("姓名", max_length=30)
    normalised_name = models.CharField(max_length=30, editable=False, db_index=True)
    title = models.CharField("职务", max_length=100, blank=True)
    level = models.CharField("级别", max_length=10, choices=LeaderLevel.choices, default=LeaderLevel.OTHER)
    unit = models.ForeignKey(Unit, verbose_name="单位", null=True, blank=True, on_delete=models.SET_NULL)
    history = HistoricalRecords()

    objects = NamedQuerySet.as_manager()

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["park", "normalised_name"], name="person_unique_name")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalise_name(self.name)
        self.normalised_name = self.name
        super().save(*args, **kwargs)


class User(AbstractUser):
    display_name = models.CharField("姓名", max_length=30, blank=True)
    # A new account has no role: it can log in and wait, and reads nothing until the security
    # administrator gives it one (三员分立: the system administrator who creates it cannot).
    role = models.CharField("角色", max_length=20, choices=Role.choices, blank=True, default="")
    unit = models.ForeignKey(Unit, verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="users")
    person = models.ForeignKey(Person, verbose_name="对应人员", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="users")
    phone = models.CharField("手机", max_length=20, blank=True)
    # The role the park's 通讯录 asks for: not granted (三员分立: roles are the security administrator's),
    # offered on the security administrator's form.
    requested_role = models.CharField("通讯录中的角色", max_length=20, choices=Role.choices, blank=True,
                                      default="", editable=False)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True, editable=False)
    must_change_password = models.BooleanField("下次登录须修改密码", default=False, editable=False)
    totp_secret = models.CharField("动态口令密钥", max_length=64, blank=True, editable=False)
    # The last 30-second step a code was accepted for: the same code cannot be used twice.
    totp_last_step = models.BigIntegerField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["password", "last_login", "password_changed_at", "totp_secret",
                                                 "totp_last_step"])

    objects = UserManager()

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_admin_role(self) -> bool:
        return self.role in ADMIN_ROLES


class LoginLock(models.Model):
    """An account's failures and lock as seen from one address. Counting per (account, address) keeps an
    attacker from locking the administrators out: their failures lock the account for their own address
    only, and the per-address limit (LoginFailure) stops them from trying many accounts."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="login_locks")
    ip = models.CharField("地址", max_length=45, blank=True)
    failed_count = models.PositiveSmallIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)

    class Meta:
        verbose_name = "登录锁定"
        verbose_name_plural = "登录锁定"
        constraints = [models.UniqueConstraint(fields=["user", "ip"], name="login_lock_unique_user_ip")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.ip}"


class LoginFailure(models.Model):
    """One failed log-in from an address, known account or not: counted for the per-address limit and
    pruned after a day (the audit log keeps every failure for good)."""

    ip = models.CharField("地址", max_length=45)
    username = models.CharField("账号", max_length=150, blank=True)
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "登录失败"
        verbose_name_plural = "登录失败"
        indexes = [models.Index(fields=["ip", "at"], name="login_failure_ip_at")]

    def __str__(self) -> str:
        return f"{self.username} @ {self.ip}"
