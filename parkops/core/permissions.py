from django.core.exceptions import PermissionDenied


def require(allowed: bool) -> None:
    """Refuse with 403 unless the permission function said yes: views call this, never test roles."""
    if not allowed:
        raise PermissionDenied("您没有执行此操作的权限。")
