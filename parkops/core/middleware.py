"""Keeps who is asking and from where at hand for the audit log, which is written far from the view."""

import ipaddress
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class RequestContext:
    user_id: int | None
    username: str
    ip: str | None


_current: ContextVar[RequestContext | None] = ContextVar("parkops_request", default=None)


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The user's address. X-Forwarded-For is anyone's to write, so it is read only when the connection
    comes from one of TRUSTED_PROXIES, and then from the right: the nearest hop not itself a trusted
    proxy is the user's machine (what the user put further left is not believed)."""
    peer = request.META.get("REMOTE_ADDR")
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not forwarded or not _trusted(_address(peer or ""), networks):
        return peer
    hops = [_address(hop) for hop in forwarded.split(",")]
    for address in reversed(hops):
        if address is None:
            return peer  # a garbled header: the proxy's own address is the most we know
        if not _trusted(address, networks):
            return str(address)
    return str(hops[0])  # every hop a proxy of ours: the request began at the first


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
