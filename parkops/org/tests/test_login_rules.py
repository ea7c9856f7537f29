"""The log-in rules 等保 asks for, as a user meets them on the log-in page and the account form.

Passwords: at least 8 characters of three classes (upper, lower, digit, symbol), refused in Chinese.
Lock-out: 5 failures from one address lock the account for 15 minutes from that address; while locked
even the right password is refused there; the lock lifts by itself, or when the security administrator
ticks 解除登录锁定 on the role form. (Other addresses and the per-address limit: test_login_limits.py.)
Idle timeout: a session ends SESSION_COOKIE_AGE after the last request, not after the log-in, and
the cookie does not outlive the browser.
CSRF: the log-in form and a business form refuse a post without the page's token.
The log-in page speaks Chinese.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse

from parkops.core.models import AuditAction, AuditEntry
from parkops.org.choices import Role
from parkops.org.models import LoginLock, Unit, User
from parkops.testing.factories import PASSWORD, UserFactory

LOGIN = reverse("org:login")
WRONG = "Wrong#2026"
TOO_SIMPLE = "密码须包含大写字母、小写字母、数字、符号中的至少3类。"
TOO_SHORT = "密码长度太短。密码必须包含至少 8 个字符。"
LOCKED = "账号因连续登录失败已被锁定"
INVALID = "账号或密码错误。连续失败5次，账号将被锁定15分钟。"


@pytest.fixture
def zhang(db):
    return UserFactory(username="zhang", display_name="张伟", role=Role.SUPERVISOR)


def log_in(client: Client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def is_logged_in_after(client: Client, username: str, password: str) -> bool:
    log_in(client, username, password)
    return is_logged_in(client)


def lock_of(user: User) -> LoginLock | None:
    """The lock on the account from the test client's address (127.0.0.1)."""
    return LoginLock.objects.filter(user=user, ip="127.0.0.1").first()


def fail(client: Client, username: str, times: int) -> None:
    for _ in range(times):
        response = log_in(client, username, WRONG)
        assert not is_logged_in(client)
        assert response.status_code == 200


# --- password strength ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["Lushan2026", "lushan#2026", "LUSHAN#2026", "Lushan#park", "Gx-园区2026a"],
)
def test_password_of_three_classes_and_eight_characters_is_accepted(password):
    validate_password(password)  # raises if refused


@pytest.mark.parametrize(
    "password",
    ["lushan2026", "lushan#park", "LUSHAN2026", "20230815#!", "lushanparkops"],
)
def test_password_of_fewer_than_three_classes_is_refused_in_chinese(password):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert TOO_SIMPLE in refused.value.messages


def test_password_shorter_than_eight_characters_is_refused_in_chinese():
    with pytest.raises(ValidationError) as refused:
        validate_password("Yq#2026")
    assert refused.value.messages == [TOO_SHORT]


def test_account_form_shows_the_password_rules_in_chinese_and_creates_nothing(park):
    admin = UserFactory(username="sysadmin", role=Role.SYSTEM_ADMIN)
    client = Client()
    client.force_login(admin)

    short = client.post(reverse("org:user_create"), {"username": "wang", "password": "Yq#2026", "is_active": "on"})
    simple = client.post(reverse("org:user_create"), {"username": "wang", "password": "lushan2026",
                                                      "is_active": "on"})

    assert TOO_SHORT in short.content.decode()
    assert "too short" not in short.content.decode()
    assert TOO_SIMPLE in simple.content.decode()
    assert not User.objects.filter(username="wang").exists()


def test_account_created_with_a_strong_password_can_log_in(park):
    admin = UserFactory(username="sysadmin", role=Role.SYSTEM_ADMIN)
    client = Client()
    client.force_login(admin)

    client.post(reverse("org:user_create"), {"username": "wang", "password": "Lushan#2026", "is_active": "on"})

    assert User.objects.filter(username="wang").exists()
    assert is_logged_in_after(Client(), "wang", "Lushan#2026")


# --- lock-out ------------------------------------------------------------------------------------------


def test_five_failures_lock_the_account_for_fifteen_minutes(zhang, clock):
    client = Client()
    fail(client, "zhang", 5)

    assert lock_of(zhang).locked_until == clock.now + timedelta(minutes=15)

    response = log_in(client, "zhang", PASSWORD)
    assert not is_logged_in(client)
    page = response.content.decode()
    # The page says until when, in Beijing time: locked at 09:00, so until 09:15.
    assert "账号因连续登录失败已被锁定，请于09:15后再试，或联系安全管理员解锁。" in page


def test_four_failures_do_not_lock_and_a_success_starts_the_count_again(zhang):
    client = Client()
    fail(client, "zhang", 4)
    assert is_logged_in_after(client, "zhang", PASSWORD)
    assert lock_of(zhang) is None

    # Four more failures after the success are four, not eight: still not locked.
    other = Client()
    fail(other, "zhang", 4)
    assert is_logged_in_after(other, "zhang", PASSWORD)


def test_locked_account_is_refused_by_the_backend_itself_not_only_by_the_form(zhang):
    # Anything that authenticates (not only the log-in page) must meet the lock.
    fail(Client(), "zhang", 5)

    request = RequestFactory().post(LOGIN, REMOTE_ADDR="127.0.0.1")
    assert authenticate(request, username="zhang", password=PASSWORD) is None


def test_lock_lifts_by_itself_after_fifteen_minutes(zhang, clock):
    client = Client()
    fail(client, "zhang", 5)

    clock.advance(minutes=14, seconds=59)
    response = log_in(client, "zhang", PASSWORD)
    assert LOCKED in response.content.decode()
    assert not is_logged_in(client)

    clock.advance(seconds=2)
    assert is_logged_in_after(client, "zhang", PASSWORD)
    assert lock_of(zhang) is None


def test_security_admin_unlocks_an_account_at_once(zhang):
    security = UserFactory(username="security", role=Role.SECURITY_ADMIN)
    fail(Client(), "zhang", 5)
    admin_client = Client()
    admin_client.force_login(security)

    admin_client.post(reverse("org:user_edit", args=[zhang.pk]), {"role": zhang.role, "unlock": "on"})

    zhang.refresh_from_db()
    assert lock_of(zhang) is None
    assert zhang.role == Role.SUPERVISOR
    assert is_logged_in_after(Client(), "zhang", PASSWORD)
    unlocked = AuditEntry.objects.get(action=AuditAction.UNLOCKED)
    assert unlocked.username == "security" and "zhang" in unlocked.detail
    assert unlocked.before == {"locked_addresses": ["127.0.0.1"]}
    assert unlocked.after == {"locked_addresses": []}


def test_saving_the_role_form_without_ticking_unlock_keeps_the_lock(zhang):
    security = UserFactory(username="security", role=Role.SECURITY_ADMIN)
    fail(Client(), "zhang", 5)
    admin_client = Client()
    admin_client.force_login(security)

    admin_client.post(reverse("org:user_edit", args=[zhang.pk]), {"role": Role.LEADER})

    zhang.refresh_from_db()
    assert zhang.role == Role.LEADER
    assert lock_of(zhang).locked_until is not None
    assert not is_logged_in_after(Client(), "zhang", PASSWORD)


def test_wrong_password_and_unknown_account_get_the_same_chinese_message(zhang):
    wrong_password = log_in(Client(), "zhang", WRONG).content.decode()
    unknown_account = log_in(Client(), "nobody", WRONG).content.decode()

    assert INVALID in wrong_password
    assert INVALID in unknown_account


def test_the_message_states_the_configured_limits(zhang, settings):
    settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_LOCKOUT_MINUTES = 3, 30

    page = log_in(Client(), "zhang", WRONG).content.decode()

    assert "连续失败3次，账号将被锁定30分钟。" in page
    fail(Client(), "zhang", 2)
    assert not is_logged_in_after(Client(), "zhang", PASSWORD)


def test_failures_on_an_unknown_account_lock_no_one(zhang):
    fail(Client(), "nobody", 6)

    assert is_logged_in_after(Client(), "zhang", PASSWORD)
    assert not User.objects.filter(username="nobody").exists()


# --- idle timeout --------------------------------------------------------------------------------------


def dashboard_shown(client: Client) -> bool:
    response = client.get(reverse("supervision:dashboard"))
    if response.status_code == 302:
        assert response["Location"].startswith(LOGIN)
        return False
    assert "督办看板" in response.content.decode()
    return True


def test_session_ends_after_the_configured_idle_time(zhang, clock, settings):
    settings.SESSION_COOKIE_AGE = 10 * 60
    client = Client()
    assert is_logged_in_after(client, "zhang", PASSWORD)

    clock.advance(minutes=10, seconds=1)

    assert not dashboard_shown(client)


def test_activity_keeps_the_session_alive_past_the_idle_time(zhang, clock, settings):
    settings.SESSION_COOKIE_AGE = 10 * 60
    client = Client()
    assert is_logged_in_after(client, "zhang", PASSWORD)

    # 27 minutes after logging in, but never more than 9 idle: the session is alive.
    for _ in range(3):
        clock.advance(minutes=9)
        assert dashboard_shown(client)

    clock.advance(minutes=10, seconds=1)
    assert not dashboard_shown(client)


def test_shipped_idle_time_is_thirty_minutes(zhang, clock, settings):
    # With SESSION_IDLE_MINUTES unset, as in the test run.
    client = Client()
    assert is_logged_in_after(client, "zhang", PASSWORD)

    clock.advance(minutes=29, seconds=59)
    assert dashboard_shown(client)
    clock.advance(minutes=30, seconds=1)
    assert not dashboard_shown(client)


def test_session_cookie_ends_with_the_browser_and_is_out_of_reach_of_scripts(zhang, settings):
    client = Client()
    log_in(client, "zhang", PASSWORD)

    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert cookie["httponly"] is True


# --- CSRF ----------------------------------------------------------------------------------------------


def test_log_in_without_the_page_token_is_refused(zhang):
    client = Client(enforce_csrf_checks=True)

    response = log_in(client, "zhang", PASSWORD)

    assert response.status_code == 403
    assert not is_logged_in(client)


def test_log_in_with_the_page_token_succeeds(zhang):
    client = Client(enforce_csrf_checks=True)
    page = client.get(LOGIN)

    response = client.post(LOGIN, {"username": "zhang", "password": PASSWORD,
                                   "csrfmiddlewaretoken": str(page.context["csrf_token"])})

    assert response.status_code == 302
    assert is_logged_in(client)


def test_business_form_without_the_page_token_saves_nothing(park):
    admin = UserFactory(username="sysadmin", role=Role.SYSTEM_ADMIN)
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)

    refused = client.post(reverse("org:unit_create"), {"name": "统计局", "kind": "department"})

    assert refused.status_code == 403
    assert not Unit.objects.filter(name="统计局").exists()

    page = client.get(reverse("org:unit_create"))
    client.post(reverse("org:unit_create"), {"name": "统计局", "kind": "department",
                                             "csrfmiddlewaretoken": str(page.context["csrf_token"])})
    assert Unit.objects.filter(name="统计局").exists()


# --- the page ------------------------------------------------------------------------------------------


def test_log_in_page_is_in_chinese(db):
    page = Client().get(LOGIN).content.decode()

    assert '<html lang="zh-CN">' in page
    assert "<title>登录 · 园区通</title>" in page
    assert "园区通 · 登录" in page
    assert ">账号</label>" in page
    assert ">密码</label>" in page
    assert ">登录</button>" in page
    assert "Username" not in page
    assert "Password" not in page
