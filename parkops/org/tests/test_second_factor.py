"""The administrators' second factor (TOTP), set up at their first log-in.

After the right password an administrator is not logged in: a page shows a QR code and the secret (first
time) or asks for the code (after). A right code logs in, once: the same code cannot be used again. Wrong
codes count towards the (account, address) lock like wrong passwords. The half-way state lasts five
minutes. ADMIN_TOTP_REQUIRED=false leaves it out; business users are never asked unless they set one up.
The security administrator resets a lost phone, audited.
"""

from datetime import timedelta
from io import StringIO

import pyotp
import pytest
from django.test import Client
from django.urls import reverse

from parkops.core.models import AuditAction, AuditEntry
from parkops.org.choices import Role
from parkops.testing.factories import PASSWORD, UserFactory

LOGIN = reverse("org:login")
STEP = reverse("org:second_factor")


@pytest.fixture
def secadmin(db):
    return UserFactory(username="secadmin", role=Role.SECURITY_ADMIN)


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def password_step(client: Client, username: str = "secadmin"):
    return client.post(LOGIN, {"username": username, "password": PASSWORD})


def code_for(secret: str, when) -> str:
    return pyotp.TOTP(secret).at(when)


def set_up(client: Client, clock) -> str:
    """The first log-in: the password, then the code of the secret the page showed."""
    password_step(client)
    secret = client.get(STEP).context["secret"].replace(" ", "")
    client.post(STEP, {"code": code_for(secret, clock.now)})
    assert logged_in(client)
    return secret


def test_after_the_password_an_administrator_is_not_yet_logged_in(secadmin):
    client = Client()

    response = password_step(client)

    assert (response.status_code, response["Location"]) == (302, STEP)
    assert not logged_in(client)
    assert client.get(reverse("org:user_list"))["Location"].startswith(LOGIN)


def test_the_first_log_in_shows_a_qr_code_and_the_secret_and_binds_it(secadmin, clock):
    client = Client()
    password_step(client)

    page = client.get(STEP)
    html = page.content.decode()
    secret = page.context["secret"].replace(" ", "")

    assert "<svg" in html and "两步验证二维码" in html
    assert page.context["secret"] in html
    assert "请用手机上的验证器" in html
    client.post(STEP, {"code": code_for(secret, clock.now)})

    assert logged_in(client)
    secadmin.refresh_from_db()
    assert secadmin.totp_secret == secret
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, username="secadmin",
                                     detail="账号secadmin绑定了两步验证（动态口令）").exists()


def test_later_log_ins_ask_for_the_code_and_take_the_phones_neighbouring_step(secadmin, clock):
    secret = set_up(Client(), clock)

    clock.advance(minutes=1)
    client = Client()
    password_step(client)
    page = client.get(STEP).content.decode()
    assert "<svg" not in page and "请输入账号" in page
    client.post(STEP, {"code": code_for(secret, clock.now - timedelta(seconds=30))})  # the phone runs late

    assert logged_in(client)


def test_a_code_works_only_once(secadmin, clock):
    secret = set_up(Client(), clock)
    clock.advance(minutes=1)
    code = code_for(secret, clock.now)
    first = Client()
    password_step(first)
    first.post(STEP, {"code": code})
    assert logged_in(first)

    second = Client()
    password_step(second)
    response = second.post(STEP, {"code": code})

    assert not logged_in(second)
    assert "动态口令不正确或已使用过" in response.content.decode()


def test_wrong_codes_are_audited_and_lock_the_account_for_that_address(secadmin, clock):
    secret = set_up(Client(), clock)
    clock.advance(minutes=1)
    client = Client()
    password_step(client)

    for _ in range(4):
        response = client.post(STEP, {"code": "000000"})
        assert "动态口令不正确" in response.content.decode()
    locked = client.post(STEP, {"code": "000001"}, follow=True)

    assert "动态口令连续错误，账号已被锁定" in locked.content.decode()
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, detail="账号 secadmin 动态口令错误").count() == 5
    assert AuditEntry.objects.filter(action=AuditAction.LOCKED, username="secadmin").exists()
    again = Client()
    password_step(again)
    again.post(STEP, {"code": code_for(secret, clock.now)})
    assert not logged_in(again)


def test_the_half_way_state_lasts_five_minutes(secadmin, clock):
    client = Client()
    password_step(client)
    secret = client.get(STEP).context["secret"].replace(" ", "")

    clock.advance(minutes=5, seconds=1)
    response = client.post(STEP, {"code": code_for(secret, clock.now)}, follow=True)

    assert not logged_in(client)
    assert "登录已超时，请重新输入账号和密码。" in response.content.decode()


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN])
def test_all_three_administrators_need_the_second_factor(db, role):
    UserFactory(username="admin", role=role)
    client = Client()

    assert password_step(client, "admin")["Location"] == STEP
    assert not logged_in(client)


def test_business_users_log_in_with_the_password_alone(db):
    UserFactory(username="clerk", role=Role.REPORTER)
    client = Client()

    password_step(client, "clerk")

    assert logged_in(client)


def test_the_setting_turns_it_off(secadmin, settings):
    settings.ADMIN_TOTP_REQUIRED = False
    client = Client()

    password_step(client)

    assert logged_in(client)


def test_the_security_admin_resets_a_lost_phone(secadmin, clock):
    auditor = UserFactory(username="auditor", role=Role.AUDIT_ADMIN)
    auditor.totp_secret = pyotp.random_base32()
    auditor.save(update_fields=["totp_secret"])
    client = Client()
    client.force_login(secadmin)

    client.post(reverse("org:user_edit", args=[auditor.pk]), {"role": Role.AUDIT_ADMIN, "reset_second_factor": "on"})

    auditor.refresh_from_db()
    assert auditor.totp_secret == ""
    line = AuditEntry.objects.get(detail__contains="重置了账号auditor的两步验证")
    assert line.username == "secadmin"
    fresh = Client()
    password_step(fresh, "auditor")
    assert "<svg" in fresh.get(STEP).content.decode()  # sets up a new phone at the next log-in


def test_the_security_admins_own_lost_phone_is_reset_on_the_server(secadmin):
    from django.core.management import call_command

    secadmin.totp_secret = pyotp.random_base32()
    secadmin.save(update_fields=["totp_secret"])

    call_command("reset_second_factor", "secadmin", stdout=StringIO())

    secadmin.refresh_from_db()
    assert secadmin.totp_secret == ""
    assert AuditEntry.objects.filter(detail__contains="重置了账号secadmin的两步验证").exists()


# --- anyone's own choice: the self-service page ------------------------------------------------------------

OWN = reverse("org:own_second_factor")


def test_a_business_user_binds_a_second_factor_and_is_then_asked_for_it(db, clock):
    clerk = UserFactory(username="clerk", role=Role.REPORTER)
    client = Client()
    client.force_login(clerk)
    page = client.get(OWN)
    secret = page.context["secret"].replace(" ", "")
    assert "second-factor-qr" in page.content.decode()

    wrong = client.post(OWN, {"code": "000000" if code_for(secret, clock.now) != "000000" else "111111"})
    assert "动态口令不正确" in wrong.content.decode()
    clerk.refresh_from_db()
    assert clerk.totp_secret == ""

    client.post(OWN, {"code": code_for(secret, clock.now)})
    clerk.refresh_from_db()
    assert clerk.totp_secret == secret
    assert AuditEntry.objects.filter(detail="账号clerk绑定了两步验证（动态口令）").exists()

    again = Client()
    assert password_step(again, "clerk")["Location"] == STEP
    assert not logged_in(again)


def test_a_business_user_turns_it_off_only_with_a_current_code(db, clock):
    secret = pyotp.random_base32()
    clerk = UserFactory(username="clerk", role=Role.REPORTER, totp_secret=secret)
    client = Client()
    client.force_login(clerk)

    client.post(OWN, {"code": "12345"})
    clerk.refresh_from_db()
    assert clerk.totp_secret == secret

    client.post(OWN, {"code": code_for(secret, clock.now)})
    clerk.refresh_from_db()
    assert clerk.totp_secret == ""
    assert AuditEntry.objects.filter(detail="账号clerk关闭了两步验证（动态口令）").exists()
    again = Client()
    password_step(again, "clerk")
    assert logged_in(again)


def test_an_administrator_cannot_turn_it_off(secadmin, clock):
    secret = pyotp.random_base32()
    secadmin.totp_secret = secret
    secadmin.save(update_fields=["totp_secret"])
    client = Client()
    client.force_login(secadmin)

    page = client.get(OWN).content.decode()
    client.post(OWN, {"code": code_for(secret, clock.now)})

    assert "管理员账号必须使用两步验证，不能关闭" in page
    secadmin.refresh_from_db()
    assert secadmin.totp_secret == secret
