"""Real receivers on 127.0.0.1 for delivery tests: an SMTP server (aiosmtpd) and an HTTP server that stands
in for a WeCom, DingTalk or Feishu robot. They record what arrived, and can be told to fail first.

Use them as context managers anywhere:

    with smtp_receiver() as smtp:            # also points Django's e-mail settings at it
        ...; smtp.messages[0]["Subject"]
    with http_receiver(fail_first=2) as robot:
        channel.address = robot.url         # http://127.0.0.1:<port>/robot/send?access_token=test
        ...; robot.requests[0].json

or as pytest fixtures, by importing them into a test module (`from parkops.notices.tests.receivers
import smtp_server, robot  # noqa: F401`): `smtp_server` is a running smtp_receiver(), `robot` a
running http_receiver() that accepts everything.
"""

from __future__ import annotations

import base64
import email
import email.policy
import hashlib
import hmac
import json
import socket
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings

OK = (200, {"errcode": 0, "errmsg": "ok"})  # WeCom and DingTalk
FEISHU_OK = (200, {"code": 0, "msg": "success", "data": {}})
SERVER_ERROR = (500, "Internal Server Error")


@dataclass
class Received:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)


Reply = tuple[int, dict | str]


@dataclass
class HttpReceiver:
    """Answers each POST with `reply`, except the first `fail_first` (answered with `failure`). `check`, when
    given, may answer a request itself (a platform refusing a bad signature) by returning a reply."""

    reply: Reply = OK
    fail_first: int = 0
    failure: Reply = SERVER_ERROR
    check: Callable[[Received], Reply | None] | None = None
    requests: list[Received] = field(default_factory=list)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/robot/send?access_token=test"

    def answer(self, received: Received) -> Reply:
        self.requests.append(received)
        if len(self.requests) <= self.fail_first:
            return self.failure
        if self.check is not None:
            refused = self.check(received)
            if refused is not None:
                return refused
        return self.reply


@contextmanager
def http_receiver(reply: Reply = OK, *, fail_first: int = 0, failure: Reply = SERVER_ERROR,
                  check: Callable[[Received], Reply | None] | None = None) -> Iterator[HttpReceiver]:
    receiver = HttpReceiver(reply=reply, fail_first=fail_first, failure=failure, check=check)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            parts = urllib.parse.urlsplit(self.path)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            status, content = receiver.answer(Received(
                path=parts.path, query=dict(urllib.parse.parse_qsl(parts.query)),
                headers={k.lower(): v for k, v in self.headers.items()}, body=body,
            ))
            data = (json.dumps(content, ensure_ascii=False) if isinstance(content, dict) else content).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json" if isinstance(content, dict) else "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format, *args):  # keep test output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@dataclass
class SmtpReceiver:
    """Accepts every message except the first `refuse_first`, which get a temporary failure (451)."""

    refuse_first: int = 0
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    tries: int = 0
    port: int = 0

    async def handle_DATA(self, server, session, envelope):
        self.tries += 1
        if self.tries <= self.refuse_first:
            return "451 4.3.0 Mailbox temporarily unavailable"
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_receiver(*, refuse_first: int = 0) -> Iterator[SmtpReceiver]:
    """A running SMTP server, with Django's e-mail settings pointing at it for the duration."""
    receiver = SmtpReceiver(refuse_first=refuse_first, port=_free_port())
    controller = Controller(receiver, hostname="127.0.0.1", port=receiver.port)
    controller.start()
    try:
        # pytest-django swaps in the in-memory backend; these tests want the real one, over the network.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                               EMAIL_HOST="127.0.0.1", EMAIL_PORT=receiver.port, EMAIL_HOST_USER="",
                               EMAIL_HOST_PASSWORD="", EMAIL_USE_TLS=False, EMAIL_USE_SSL=False, EMAIL_TIMEOUT=10):
            yield receiver
    finally:
        controller.stop()


@pytest.fixture
def smtp_server() -> Iterator[SmtpReceiver]:
    with smtp_receiver() as receiver:
        yield receiver


@pytest.fixture
def robot() -> Iterator[HttpReceiver]:
    with http_receiver() as receiver:
        yield receiver


# The platforms' signature checks, written out here from their documentation and independently of
# parkops.notices.transports, so a receiver can refuse what the real platform would refuse.

def dingtalk_expected_sign(timestamp: str, secret: str) -> str:
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def feishu_expected_sign(timestamp: str, secret: str) -> str:
    digest = hmac.new(f"{timestamp}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def dingtalk_check(secret: str) -> Callable[[Received], Reply | None]:
    """DingTalk's answer to a missing or wrong 加签 (errcode 310000)."""
    def check(received: Received) -> Reply | None:
        timestamp = received.query.get("timestamp", "")
        if not timestamp or received.query.get("sign") != dingtalk_expected_sign(timestamp, secret):
            return 200, {"errcode": 310000, "errmsg": "sign not match"}
        return None
    return check


def feishu_check(secret: str) -> Callable[[Received], Reply | None]:
    """Feishu's answer to a missing or wrong 签名校验 (code 19021)."""
    def check(received: Received) -> Reply | None:
        payload = received.json
        timestamp = payload.get("timestamp", "")
        if not timestamp or payload.get("sign") != feishu_expected_sign(timestamp, secret):
            return 200, {"code": 19021, "msg": "sign match fail or timestamp is not within one hour"}
        return None
    return check


@dataclass
class Trickler:
    """Sends one byte every `interval` seconds on each connection, up to `cap` bytes, then hangs up: a
    server that answers too slowly to trip a per-read timeout. The cap only keeps a broken test from
    hanging for ever; `cut_off` counts the connections the client closed before the cap."""

    interval: float = 0.5
    cap: int = 120
    port: int = 0
    connections: int = 0
    cut_off: int = 0
    sent: list[int] = field(default_factory=list)
    ended: threading.Event = field(default_factory=threading.Event)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/robot/send?access_token=test"

    def bytes_sent_before_hangup(self) -> int:
        """Waits until the first connection has ended (either side), then says how much it got."""
        assert self.ended.wait(120), "the connection never ended"
        return self.sent[0]


@contextmanager
def trickle_server(*, interval: float = 0.5, cap: int = 120) -> Iterator[Trickler]:
    trickler = Trickler(interval=interval, cap=cap)
    stop = threading.Event()
    listener = socket.create_server(("127.0.0.1", 0))
    trickler.port = listener.getsockname()[1]
    # Valid beginnings for both: an HTTP status line or an SMTP greeting that never ends.
    drip = b"220-" + b"x" * cap

    def serve(conn: socket.socket) -> None:
        sent = 0
        with conn:
            while sent < cap and not stop.is_set():
                try:
                    conn.sendall(drip[sent:sent + 1])
                except OSError:
                    trickler.cut_off += 1
                    break
                sent += 1
                stop.wait(interval)
            trickler.sent.append(sent)
            trickler.ended.set()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            trickler.connections += 1
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield trickler
    finally:
        stop.set()
        thread.join(5)
        listener.close()
