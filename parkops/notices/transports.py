"""One small class per kind of channel, each knowing its platform's format and what success looks like.

A transport sends one delivery and returns, or raises DeliveryError with a message an administrator can
act on (the HTTP status, the platform's errcode and errmsg, the SMTP server's reply). Retrying is not
its business: services.deliver_due decides when to try again.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import smtplib
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend

from parkops.notices.choices import ChannelKind
from parkops.notices.models import Channel, Delivery

HTTP_TIMEOUT = 10  # seconds: a robot that has not answered by then is treated as down, and retried later
# WeCom refuses markdown over 4096 bytes; DingTalk and Feishu take more, but a group message is read on a
# phone: the body is cut there for all three, and the link leads to the rest.
MAX_TEXT_BYTES = 4000
# A robot's answer is a few dozen bytes of JSON; more is not read.
MAX_ANSWER_BYTES = 64 * 1024


class DeliveryError(Exception):
    """A delivery that did not go through; the message (Chinese) is shown to the administrator."""


class Deadline:
    """The whole time one delivery may take on the network, however the other end drips its answer.

    The timeouts of urllib and smtplib are per socket operation: a server that sends one byte every few
    seconds never trips them and holds a worker process for as long as it likes. Here every socket the
    delivery opens is watched, and when the deadline passes a timer thread shuts it down, which wakes the
    blocked read with an error. Written by hand: neither the standard library nor requests/urllib3/httpx
    has a total deadline, and signal-based ones (alarm) work only in a process's main thread.
    """

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.expires_at = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._timer.cancel()
        with self._lock:
            for watched in self._sockets:
                watched.close()
            self._sockets.clear()

    def remaining(self) -> float:
        return max(0.1, self.expires_at - time.monotonic())

    def watch(self, sock: socket.socket) -> None:
        """Shut `sock` down at the deadline. A duplicate of it is kept: TLS (and STARTTLS) wrap the
        descriptor in a new object, and a shutdown on any copy ends the one connection they share."""
        with self._lock:
            duplicate = sock.dup()
            if self.expired:
                duplicate.shutdown(socket.SHUT_RDWR)
            self._sockets.append(duplicate)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for watched in self._sockets:
                try:
                    watched.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass  # already closed by its owner

    def failure(self, what: str) -> DeliveryError:
        return DeliveryError(f"{what}在{self.seconds:g}秒内没有完成（对方响应过慢或只发送了部分数据），已中止，稍后自动重试。")


def delivery_deadline() -> Deadline:
    return Deadline(settings.NOTICE_DELIVERY_DEADLINE)


def _watched_connection(connection_class, deadline: Deadline):
    """An http.client connection class whose sockets the deadline watches (TLS handshake included)."""

    def make(*args, **kwargs) -> http.client.HTTPConnection:
        connection = connection_class(*args, **kwargs)
        create = connection._create_connection

        def create_and_watch(*create_args, **create_kwargs):
            sock = create(*create_args, **create_kwargs)
            deadline.watch(sock)
            return sock

        connection._create_connection = create_and_watch
        return connection

    return make


class _WatchedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: Deadline):
        super().__init__()
        self.deadline = deadline

    def http_open(self, req):
        return self.do_open(_watched_connection(http.client.HTTPConnection, self.deadline), req)


class _WatchedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: Deadline):
        super().__init__()
        self.deadline = deadline

    def https_open(self, req):
        return self.do_open(_watched_connection(http.client.HTTPSConnection, self.deadline), req,
                            context=self._context)


class _WatchedSMTPBackend(SMTPBackend):
    """Django's SMTP backend, with the SMTP connection's socket watched by the deadline."""

    def __init__(self, deadline: Deadline, **kwargs):
        super().__init__(**kwargs)
        self.deadline = deadline
        self.timeout = min(self.timeout or deadline.seconds, deadline.remaining())

    @property
    def connection_class(self):
        deadline = self.deadline

        class Watched(super().connection_class):
            def _get_socket(self, host, port, timeout):
                sock = super()._get_socket(host, port, timeout)
                deadline.watch(sock)
                return sock

        return Watched


def absolute_url(link: str) -> str:
    """Links are stored as the site's own paths; a robot's message needs the whole address."""
    if not link or link.startswith(("http://", "https://")):
        return link
    return settings.SITE_URL.rstrip("/") + "/" + link.lstrip("/")


def _cut(text: str, limit: int = MAX_TEXT_BYTES) -> str:
    encoded = text.encode()
    if len(encoded) <= limit:
        return text
    return encoded[: limit - len("…".encode())].decode(errors="ignore") + "…"


class Transport:
    def __init__(self, channel: Channel):
        self.channel = channel

    def deliver(self, delivery: Delivery) -> None:
        raise NotImplementedError


class Email(Transport):
    def deliver(self, delivery: Delivery) -> None:
        recipients = self.channel.recipients()
        if not recipients:
            raise DeliveryError("通道没有填写收件地址。")
        body = delivery.body
        if delivery.link:
            body += f"\n\n详情：{absolute_url(delivery.link)}"
        body += "\n\n（本邮件由园区通系统自动发送，请勿直接回复。）"
        message = EmailMessage(subject=delivery.subject, body=body, to=recipients)
        if delivery.attachment is not None:
            message.attach(delivery.attachment_name or "附件", bytes(delivery.attachment),
                           delivery.attachment_type or "application/octet-stream")
        with delivery_deadline() as deadline:
            try:
                self._send(message, deadline)
            except (smtplib.SMTPException, OSError) as error:
                if deadline.expired:
                    raise deadline.failure(f"通过邮件服务器{settings.EMAIL_HOST}:{settings.EMAIL_PORT}发送") from error
                raise self._failure(error) from error

    @staticmethod
    def _send(message: EmailMessage, deadline: Deadline) -> None:
        backend = get_connection(fail_silently=False)
        if isinstance(backend, SMTPBackend):
            backend = _WatchedSMTPBackend(deadline, fail_silently=False)
        message.connection = backend
        message.send(fail_silently=False)

    @staticmethod
    def _failure(error: Exception) -> DeliveryError:
        try:
            raise error
        except smtplib.SMTPRecipientsRefused as error:
            refused = "；".join(f"{address}（{code} {_smtp_text(reply)}）"
                               for address, (code, reply) in error.recipients.items())
            return DeliveryError(f"邮件服务器拒收：{refused}")
        except smtplib.SMTPResponseException as error:
            return DeliveryError(f"邮件服务器返回错误 {error.smtp_code}：{_smtp_text(error.smtp_error)}")
        except (smtplib.SMTPException, OSError) as error:
            return DeliveryError(f"无法通过邮件服务器{settings.EMAIL_HOST}:{settings.EMAIL_PORT}发送：{error}")


def _read_quietly(error: urllib.error.HTTPError) -> bytes:
    try:
        return error.read(MAX_ANSWER_BYTES)
    except (OSError, http.client.HTTPException):
        return b""


def _smtp_text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)


class Webhook(Transport):
    """A group robot: one JSON POST, answered with JSON that says whether the platform took it."""

    platform = ""

    def post(self, url: str, payload: dict[str, Any]) -> dict[str, Any]:
        # The form checks the address, but a channel saved any other way must not make urlopen read a
        # file:// path or another scheme on the server: only web addresses go out (bandit B310).
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise DeliveryError(f"{self.platform}的Webhook地址无效（须以https://开头）：{url[:100]}，请在推送渠道中改正。")
        request = urllib.request.Request(
            url, data=json.dumps(payload, ensure_ascii=False).encode(), method="POST",
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
        with delivery_deadline() as deadline:
            opener = urllib.request.build_opener(_WatchedHTTPHandler(deadline), _WatchedHTTPSHandler(deadline))
            try:
                with opener.open(request, timeout=min(HTTP_TIMEOUT, deadline.remaining())) as response:
                    raw = response.read(MAX_ANSWER_BYTES)
            except urllib.error.HTTPError as error:
                detail = _read_quietly(error)[:200].decode(errors="replace").strip()
                raise DeliveryError(f"{self.platform}返回HTTP {error.code}" + (f"：{detail}" if detail else "")) from error
            except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
                if deadline.expired:
                    raise deadline.failure(f"向{self.platform}发送") from error
                reason = getattr(error, "reason", error)
                raise DeliveryError(f"无法连接{self.platform}：{reason}") from error
            if deadline.expired:  # cut off mid-answer: what arrived is not the answer
                raise deadline.failure(f"向{self.platform}发送")
        try:
            answer = json.loads(raw)
        except ValueError as error:
            raise DeliveryError(f"{self.platform}的应答不是JSON：{raw[:200].decode(errors='replace')}") from error
        if not isinstance(answer, dict):
            raise DeliveryError(f"{self.platform}的应答无法识别：{raw[:200].decode(errors='replace')}")
        return answer

    @staticmethod
    def text_lines(delivery: Delivery) -> list[str]:
        """The body, then what a file would have been: a robot cannot carry one, so the message says where it is."""
        lines = delivery.body.splitlines() or [""]
        if delivery.attachment_name:
            lines.append(f"附件《{delivery.attachment_name}》请登录园区通查看下载。")
        return lines

    def check_errcode(self, answer: dict[str, Any]) -> None:
        if answer.get("errcode") != 0:
            raise DeliveryError(f"{self.platform}返回错误 errcode={answer.get('errcode')}：{answer.get('errmsg', '')}")


class WeCom(Webhook):
    platform = "企业微信"

    def deliver(self, delivery: Delivery) -> None:
        text = f"**{delivery.subject}**\n" + "\n".join(self.text_lines(delivery))
        if delivery.link:
            text += f"\n[查看详情]({absolute_url(delivery.link)})"
        self.check_errcode(self.post(self.channel.address, {"msgtype": "markdown", "markdown": {"content": _cut(text)}}))


def dingtalk_signed_url(url: str, secret: str, timestamp_ms: int) -> str:
    """钉钉 加签: HMAC-SHA256 of "timestamp\\nsecret" keyed by the secret, base64, URL-encoded, in the query."""
    string_to_sign = f"{timestamp_ms}\n{secret}"
    digest = hmac.new(secret.encode(), string_to_sign.encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}timestamp={timestamp_ms}&sign={sign}"


class DingTalk(Webhook):
    platform = "钉钉"

    def deliver(self, delivery: Delivery) -> None:
        # DingTalk's markdown joins single line breaks; a blank line between lines keeps them apart.
        text = f"#### {delivery.subject}\n\n" + "\n\n".join(self.text_lines(delivery))
        if delivery.link:
            text += f"\n\n[查看详情]({absolute_url(delivery.link)})"
        url = self.channel.address
        if self.channel.secret:
            url = dingtalk_signed_url(url, self.channel.secret, int(time.time() * 1000))
        payload = {"msgtype": "markdown", "markdown": {"title": delivery.subject, "text": _cut(text)}}
        self.check_errcode(self.post(url, payload))


def feishu_sign(secret: str, timestamp: int) -> str:
    """飞书 签名校验: "timestamp\\nsecret" is the HMAC-SHA256 key, over an empty message, base64."""
    key = f"{timestamp}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


class Feishu(Webhook):
    platform = "飞书"

    def deliver(self, delivery: Delivery) -> None:
        lines = _cut("\n".join(self.text_lines(delivery))).split("\n")
        if delivery.link:
            paragraphs = [[{"tag": "text", "text": line}] for line in lines]
            paragraphs.append([{"tag": "a", "text": "查看详情", "href": absolute_url(delivery.link)}])
            payload: dict[str, Any] = {"msg_type": "post", "content": {"post": {"zh_cn": {
                "title": delivery.subject, "content": paragraphs}}}}
        else:
            payload = {"msg_type": "text", "content": {"text": "\n".join([delivery.subject, *lines])}}
        if self.channel.secret:
            timestamp = int(time.time())
            payload = {"timestamp": str(timestamp), "sign": feishu_sign(self.channel.secret, timestamp), **payload}
        answer = self.post(self.channel.address, payload)
        # The current API answers {"code": 0, "msg": "success"}; older robots answered StatusCode.
        code = answer.get("code", answer.get("StatusCode"))
        if code != 0:
            message = answer.get("msg", answer.get("StatusMessage", ""))
            raise DeliveryError(f"飞书返回错误 code={code}：{message}")


TRANSPORTS: dict[str, type[Transport]] = {
    ChannelKind.EMAIL: Email,
    ChannelKind.WECOM: WeCom,
    ChannelKind.DINGTALK: DingTalk,
    ChannelKind.FEISHU: Feishu,
}


def transport_for(channel: Channel) -> Transport:
    return TRANSPORTS[channel.kind](channel)
