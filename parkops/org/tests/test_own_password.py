"""Everyone changes their own password, and must when an administrator set it or it grew old.

The page is one click from the top bar (修改密码). It asks for the current password and the new one
twice, refuses weak ones in Chinese and saves nothing then. A change is audited and ends the user's
other sessions while this one stays logged in. A password an administrator set (a new account, a reset)
sends its holder to the page at once; so does one older than PASSWORD_EXPIRY_DAYS (90; 0 = never).
"""

import pytest
from django.test import Client
from django.urls import reverse

from parkops.core.models import AuditAction, AuditEntry
from parkops.org import services
from parkops.org.choices import Role
from parkops.testing.factories import PASSWORD, UserFactory

CHANGE = reverse("org:password_change")
NEW_PASSWORD = "Lushan#2031"


@pytest.fixture
def clerk(unit):
    return UserFactory(username="clerk", display_name="王填报", role=Role.REPORTER, unit=unit)


def logged_in_with_password(username: str, password: str = PASSWORD) -> Client:
    client = Client()
    client.post(reverse("org:login"), {"username": username, "password": password})
    assert "_auth_user_id" in client.session
    return client


def change(client: Client, old: str, new: str, again: str | None = None):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": again or new})


def still_logged_in(client: Client) -> bool:
    return client.get(reverse("supervision:dashboard")).status_code == 200


def test_the_top_bar_links_to_the_change_page(clerk):
    client = logged_in_with_password("clerk")

    page = client.get(reverse("supervision:dashboard")).content.decode()

    assert f'href="{CHANGE}">修改密码</a>' in page


def test_changing_the_password_keeps_this_session_and_ends_the_others(clerk):
    here, elsewhere = logged_in_with_password("clerk"), logged_in_with_password("clerk")

    response = change(here, PASSWORD, NEW_PASSWORD)

    followed = here.get(response["Location"], follow=True).content.decode()
    assert "密码已修改。您在其他浏览器或设备上的登录已全部退出。" in followed
    assert still_logged_in(here)
    assert not still_logged_in(elsewhere)
    clerk.refresh_from_db()
    assert clerk.check_password(NEW_PASSWORD)


def test_a_change_is_audited_without_the_password(clerk):
    change(logged_in_with_password("clerk"), PASSWORD, NEW_PASSWORD)

    line = AuditEntry.objects.get(action=AuditAction.UPDATE, detail="账号clerk修改了本人密码")
    assert line.username == "clerk" and line.ip == "127.0.0.1"
    assert NEW_PASSWORD not in str(line.before) + str(line.after) + line.detail


@pytest.mark.parametrize(("old", "new", "again", "message"), [
    ("Wrong#2031", NEW_PASSWORD, None, "当前密码不正确，请重新输入。"),
    (PASSWORD, NEW_PASSWORD, "Lushan#2032", "两次输入的新密码不一致。"),
    (PASSWORD, "Clerk#2031", None, "密码不能包含账号名"),
    (PASSWORD, "P@ssw0rd1", None, "密码过于常见"),
    (PASSWORD, "lushan2031", None, "密码须包含大写字母、小写字母、数字、符号中的至少3类。"),
    (PASSWORD, PASSWORD, None, "新密码不能与当前密码相同。"),
])
def test_a_refused_change_says_why_in_chinese_and_changes_nothing(clerk, old, new, again, message):
    client = logged_in_with_password("clerk")

    page = change(client, old, new, again).content.decode()

    assert message in page
    clerk.refresh_from_db()
    assert clerk.check_password(PASSWORD)
    assert not AuditEntry.objects.filter(detail__contains="修改了本人密码").exists()


def test_an_administrator_set_password_must_be_changed_before_anything_else(clerk):
    services.set_password_by_administrator(account=clerk, password="Initial#2031")
    client = logged_in_with_password("clerk", "Initial#2031")

    for page in (reverse("site:home"), reverse("supervision:dashboard"), reverse("projects:project_list")):
        response = client.get(page)
        assert (response.status_code, response["Location"]) == (302, CHANGE)
    prompt = client.get(CHANGE).content.decode()
    assert "您的密码是管理员设置的初始密码，请先改为只有您本人知道的密码" in prompt

    change(client, "Initial#2031", NEW_PASSWORD)

    clerk.refresh_from_db()
    assert not clerk.must_change_password
    assert still_logged_in(client)


def test_a_password_expires_after_the_configured_days(clerk, clock):
    change(logged_in_with_password("clerk"), PASSWORD, NEW_PASSWORD)

    clock.advance(days=89, hours=23)
    assert still_logged_in(logged_in_with_password("clerk", NEW_PASSWORD))

    clock.advance(hours=1)
    client = logged_in_with_password("clerk", NEW_PASSWORD)
    response = client.get(reverse("supervision:dashboard"))
    assert (response.status_code, response["Location"]) == (302, CHANGE)
    assert "您的密码已使用超过90天，请修改后继续使用。" in client.get(CHANGE).content.decode()

    change(client, NEW_PASSWORD, "Lushan#2032")
    assert still_logged_in(client)


def test_expiry_set_to_zero_never_expires(clerk, clock, settings):
    settings.PASSWORD_EXPIRY_DAYS = 0
    change(logged_in_with_password("clerk"), PASSWORD, NEW_PASSWORD)

    clock.advance(days=3650)

    assert still_logged_in(logged_in_with_password("clerk", NEW_PASSWORD))


def test_expiry_days_come_from_the_setting(clerk, clock, settings):
    settings.PASSWORD_EXPIRY_DAYS = 30
    change(logged_in_with_password("clerk"), PASSWORD, NEW_PASSWORD)

    clock.advance(days=29, hours=23)
    assert still_logged_in(logged_in_with_password("clerk", NEW_PASSWORD))
    clock.advance(hours=1)
    assert not still_logged_in(logged_in_with_password("clerk", NEW_PASSWORD))


def test_the_demo_accounts_are_not_sent_to_change_their_password(db):
    from parkops.org.demo import DEMO_PASSWORD, build_organisation

    build_organisation()

    client = logged_in_with_password("duban", DEMO_PASSWORD)
    assert still_logged_in(client)


def test_the_change_page_needs_a_log_in(db):
    response = Client().get(CHANGE)

    assert response.status_code == 302 and response["Location"].startswith(reverse("org:login"))


