"""Keeps who is asking and from where at hand for the audit log, which is written far from the view."""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class RequestContext:
    user_id: int | None
    username: str
    ip: str | None


_current: ContextVar[RequestContext | None] = ContextVar("parkops_request", default=None)


def client_ip(request: HttpRequest) -> str | None:
    # Behind the intranet's reverse proxy the first X-Forwarded-For hop is the user's machine.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")


def current_request_context() -> RequestContext | None:
    return _current.get()


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        authenticated = bool(user and user.is_authenticated)
        token = _current.set(
            RequestContext(
                user_id=user.pk if authenticated else None,
                username=user.get_username() if authenticated else "",
                ip=client_ip(request),
            )
        )
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
