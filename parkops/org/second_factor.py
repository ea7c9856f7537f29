"""The second factor (等保 三级: two kinds of proof for the administrators): a TOTP code from any
authenticator app (RFC 6238: 微信小程序, 阿里云 App, Google/Microsoft Authenticator), set up at the first
log-in by scanning a QR code drawn on the server (segno; nothing loads from outside the intranet).

Between the right password and the right code the session is not logged in: it only remembers, for five
minutes, who is half-way. Logging in without the form (the tests' force_login, the shell) skips it.
"""

from __future__ import annotations

import hmac
from datetime import datetime, timedelta

import pyotp
import segno
from django.conf import settings
from django.contrib.auth import login
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from parkops.org.models import User

PENDING = "parkops_second_factor"
ENROLLING = "parkops_second_factor_enrolling"
PENDING_MINUTES = 5
ISSUER = "园区通"


def required(user: User) -> bool:
    return bool(user.totp_secret) or (settings.ADMIN_TOTP_REQUIRED and user.is_admin_role)


def may_turn_off(user: User) -> bool:
    """Business users choose the second factor for themselves; the administrators must keep it."""
    return not (settings.ADMIN_TOTP_REQUIRED and user.is_admin_role)


def enrolment_secret(request: HttpRequest, *, renew: bool = False) -> str:
    """The secret a logged-in user is binding on the self-service page, kept in the session until a code
    proves the phone holds it."""
    if renew or not request.session.get(ENROLLING):
        request.session[ENROLLING] = pyotp.random_base32()
    return request.session[ENROLLING]


def begin(request: HttpRequest, user: User, next_url: str) -> None:
    request.session[PENDING] = {"user": user.pk, "backend": user.backend, "next": next_url,
                                "at": timezone.now().isoformat(), "secret": ""}


def pending_user(request: HttpRequest) -> User | None:
    pending = request.session.get(PENDING)
    if not pending:
        return None
    if datetime.fromisoformat(pending["at"]) + timedelta(minutes=PENDING_MINUTES) < timezone.now():
        request.session.pop(PENDING, None)
        return None
    return User.objects.filter(pk=pending["user"], is_active=True).first()


def setup_secret(request: HttpRequest) -> str:
    """The secret being set up, kept in the session until a code proves the phone holds it."""
    pending = request.session[PENDING]
    if not pending["secret"]:
        pending["secret"] = pyotp.random_base32()
        request.session.modified = True
    return pending["secret"]


def matching_step(secret: str, code: str, *, after: int | None) -> int | None:
    """The 30-second step the code belongs to (this one or either neighbour, for a phone's clock that
    is a little off), provided it is later than the last step used: a code works once."""
    code = code.strip().replace(" ", "")
    if not (len(code) == 6 and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret)
    now_step = totp.timecode(timezone.now())
    for step in (now_step - 1, now_step, now_step + 1):
        if (after is None or step > after) and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def finish(request: HttpRequest, user: User) -> str:
    pending = request.session.pop(PENDING)
    login(request, user, backend=pending["backend"])
    return pending["next"]


def abandon(request: HttpRequest) -> None:
    request.session.pop(PENDING, None)


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)


def qr_svg(uri: str) -> SafeString:
    return mark_safe(segno.make(uri, error="m").svg_inline(scale=5, title="两步验证二维码"))  # noqa: S308


def grouped(secret: str) -> str:
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
