"""Keeps who is asking and from where at hand for the audit log, which is written far from the view."""

import ipaddress
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.http import parse_header_parameters


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


# A part's headers are a few lines; past this, a header block is passed on as it is.
_MAX_PART_HEADER = 16 * 1024
_READ_SIZE = 64 * 1024


class LegacyFilenameMiddleware:
    """Old IE, Windows' own zip folders and old WPS send an upload's file name in GBK, not UTF-8. Django
    reads a part's headers as UTF-8 and drops the whole part when they are not: the attachment vanished
    without a word. The part headers of a multipart request are re-encoded to UTF-8 as the body streams
    in (GB18030 covers GBK and GB2312), so the file arrives with its Chinese name. Must come before any
    middleware that reads request.POST (the CSRF check)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith("multipart/form-data"):
            boundary = parse_header_parameters(content_type)[1].get("boundary", "")
            if boundary:
                request._stream = _PartHeadersInUtf8(request._stream, b"--" + boundary.encode("latin-1"))
        return self.get_response(request)


class _PartHeadersInUtf8:
    """A request body stream whose multipart part headers come out in UTF-8; the content is untouched."""

    def __init__(self, stream, delimiter: bytes):
        self._stream = stream
        self._delimiter = delimiter
        self._pending = b""  # read, not yet passed on: may end inside a delimiter or a header block
        self._ready = b""
        self._ended = False

    def read(self, size: int = -1) -> bytes:
        while not self._ended and (size is None or size < 0 or len(self._ready) < size):
            self._fill()
        return self._take(len(self._ready) if size is None or size < 0 else size)

    def readline(self, size: int = -1) -> bytes:
        while not self._ended and b"\n" not in self._ready and (size is None or size < 0 or len(self._ready) < size):
            self._fill()
        end = self._ready.find(b"\n") + 1 or len(self._ready)
        return self._take(end if size is None or size < 0 else min(end, size))

    def _fill(self) -> None:
        chunk = self._stream.read(_READ_SIZE)
        self._ended = not chunk
        self._pending += chunk
        self._ready += self._recode_pending(final=self._ended)

    def _take(self, size: int) -> bytes:
        data, self._ready = self._ready[:size], self._ready[size:]
        return data

    def _recode_pending(self, *, final: bool) -> bytes:
        data, out, position = self._pending, [], 0
        while True:
            found = data.find(self._delimiter, position)
            if found < 0:
                # The end may be the start of a delimiter cut by the read: keep it for the next one.
                cut = len(data) if final else max(position, len(data) - len(self._delimiter) + 1)
                out.append(data[position:cut])
                position = cut
                break
            end = data.find(b"\r\n\r\n", found)
            if end < 0 and not final and len(data) - found < _MAX_PART_HEADER:
                out.append(data[position:found])
                position = found
                break
            end = len(data) if end < 0 else end + 4
            out += [data[position:found], _in_utf8(data[found:end])]
            position = end
        self._pending = data[position:]
        return b"".join(out)


def _in_utf8(headers: bytes) -> bytes:
    try:
        headers.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return headers.decode("gb18030").encode("utf-8")
        except UnicodeDecodeError:
            return headers
    return headers
