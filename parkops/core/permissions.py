"""The permission matrix: role × object kind × action, declared once and asked by every page, export,
attachment download and API endpoint.

Each app declares its rows in its own permissions.py (`declare(...)` at import time); its can_*
functions are one-line questions to `allows()`, and its lists start from `visible()`. The rows are
collected by `matrix()`, which the generated access test (site/tests/test_access_matrix.py) walks: a
row nobody can reach through HTTP, or a view that answers otherwise than its row, fails that test.

A rule says which roles may act on every object of the kind (`everywhere`) and which only on some
(`scoped`: a role mapped to a filter of the kind's model, e.g. a 填报员's unit's tasks, a 驻企联络员's
projects). `condition` is the object's state the action needs whatever the role (only a submitted
report is reviewed). The three administrators (等保 三员分立) appear only in their own rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet

# The actions every kind may have, named once so the matrix reads the same in every app. An app may
# name an action of its own (批示, 催办 …) with its Chinese label in `label`.
VIEW_LIST = "view_list"
VIEW_ONE = "view_one"
CREATE = "create"
EDIT = "edit"
DELETE = "delete"
REVIEW = "review"
IMPORT = "import"
EXPORT = "export"
DOWNLOAD = "download"
API_READ = "api_read"

ACTION_LABELS = {
    VIEW_LIST: "查看列表", VIEW_ONE: "查看详情", CREATE: "新增", EDIT: "修改", DELETE: "删除",
    REVIEW: "审核（采纳/退回）", IMPORT: "导入", EXPORT: "导出", DOWNLOAD: "下载附件", API_READ: "接口读取",
}

# A scope maps a user to the filter of the objects they may act on, or None when they may act on none
# (a 填报员 without a unit).
Scope = Callable[[object], Q | None]


@dataclass(frozen=True)
class Rule:
    everywhere: frozenset[str] = frozenset()
    scoped: Mapping[str, Scope] = field(default_factory=dict)
    condition: Callable[[Model], bool] | None = None
    label: str = ""

    def roles(self) -> frozenset[str]:
        """Every role the row lets act on at least some object."""
        return self.everywhere | frozenset(self.scoped)


def rule(everywhere=(), scoped: Mapping[str, Scope] | None = None, *, condition=None, label="") -> Rule:
    return Rule(frozenset(everywhere), dict(scoped or {}), condition, label)


@dataclass(frozen=True)
class Row:
    module: str
    kind: str
    kind_label: str
    action: str
    rule: Rule

    @property
    def label(self) -> str:
        return f"{self.kind_label}·{self.rule.label or ACTION_LABELS.get(self.action, self.action)}"


_ROWS: dict[tuple[str, str], Row] = {}


def declare(module: str, kind: str, kind_label: str, rules: Mapping[str, Rule]) -> None:
    for action, declared in rules.items():
        key = (kind, action)
        if key in _ROWS and _ROWS[key].module != module:
            raise ValueError(f"{kind}.{action} is declared by {_ROWS[key].module} and {module}")
        _ROWS[key] = Row(module, kind, kind_label, action, declared)


def _discover() -> None:
    """Import every app's permissions module, as the admin autodiscovers: a row is known wherever asked."""
    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name.startswith("parkops.") and find_spec(f"{config.name}.permissions"):
            import_module(f"{config.name}.permissions")


def matrix() -> list[Row]:
    """Every declared row."""
    _discover()
    return sorted(_ROWS.values(), key=lambda row: (row.module, row.kind, row.action))


def _rule(kind: str, action: str) -> Rule:
    if (kind, action) not in _ROWS:
        _discover()
    return _ROWS[(kind, action)].rule


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _scope(user, declared: Rule) -> Q | None:
    """Q() for a role allowed everywhere, its filter for a scoped role, None for a role not in the row."""
    if user.role in declared.everywhere:
        return Q()
    if user.role in declared.scoped:
        return declared.scoped[user.role](user)
    return None


def allows(user, kind: str, action: str, obj: Model | None = None) -> bool:
    """May this user do this to this object (or, without an object, to any object of the kind)?"""
    declared = _rule(kind, action)
    if not _active(user):
        return False
    where = _scope(user, declared)
    if where is None:
        return False
    if obj is None:
        return True
    if where and not type(obj)._default_manager.filter(where, pk=obj.pk).exists():
        return False
    return declared.condition is None or declared.condition(obj)


def visible(user, kind: str, action: str, queryset: QuerySet) -> QuerySet:
    """The part of `queryset` this user may do this to: every list, export and API endpoint starts here."""
    declared = _rule(kind, action)
    where = _scope(user, declared) if _active(user) else None
    if where is None:
        return queryset.none()
    if not where:
        return queryset
    # A filter across a to-many relation (a task's units) would repeat rows; pk__in keeps the
    # queryset's own annotations and ordering intact.
    return queryset.filter(pk__in=queryset.model._default_manager.filter(where).values("pk"))


def require(allowed: bool) -> None:
    """Refuse with 403 unless the permission function said yes: views call this, never test roles."""
    if not allowed:
        raise PermissionDenied("您没有执行此操作的权限。如需办理，请联系督办员或系统管理员开通。")


def require_allowed(user, kind: str, action: str, obj: Model | None = None) -> None:
    require(allows(user, kind, action, obj))


# The audit log is core's page; who may read it is declared with the roles (org.permissions, 三员分立).
def can_read_audit(user) -> bool:
    return allows(user, "audit", VIEW_LIST)


def can_export_audit(user) -> bool:
    return allows(user, "audit", EXPORT)
