"""三员分立 that holds against the administrators themselves (issue 11: the system administrator could set
the other administrators' passwords, log in as them and grant roles).

The system administrator keeps ordinary accounts only: no administrator's account (their own included)
opens for them, and a password they set is an initial one its holder must change. Only the security
administrator resets an administrator's password or grants an administrator role, and granting one
takes a new password, so whoever created the account cannot log in as the new administrator. Every
password set by an administrator is in the audit log. A new account has no role and sees only a page
saying it waits for one.
"""

import pytest
from django.test import Client
from django.urls import reverse

from parkops.core.models import AuditAction, AuditEntry
from parkops.org.choices import Role
from parkops.org.models import User
from parkops.testing.factories import PASSWORD, UserFactory

NEW_PASSWORD = "Lushan#2031"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("target_role", [Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.SYSTEM_ADMIN])
def test_system_admin_cannot_set_an_administrators_password(sysadmin, target_role):
    target = sysadmin if target_role == Role.SYSTEM_ADMIN else UserFactory(username="target", role=target_role)
    client = logged_in(sysadmin)

    page = client.get(reverse("org:user_edit", args=[target.pk]))
    posted = client.post(reverse("org:user_edit", args=[target.pk]),
                         {"username": target.username, "password": NEW_PASSWORD, "is_active": "on"})

    assert page.status_code == posted.status_code == 403
    target.refresh_from_db()
    assert target.check_password(PASSWORD)
    assert not target.must_change_password
    assert not Client().login(username=target.username, password=NEW_PASSWORD)


def test_system_admin_cannot_deactivate_or_rename_the_security_admin(sysadmin, security):
    logged_in(sysadmin).post(reverse("org:user_edit", args=[security.pk]),
                             {"username": "renamed", "display_name": "x", "password": ""})

    security.refresh_from_db()
    assert security.username == "security" and security.is_active


def test_system_admin_resets_an_ordinary_password_which_must_then_be_changed_and_is_audited(sysadmin, unit):
    clerk = UserFactory(username="clerk", role=Role.REPORTER, unit=unit)

    logged_in(sysadmin).post(reverse("org:user_edit", args=[clerk.pk]), {
        "username": "clerk", "display_name": "王填报", "unit": unit.pk, "is_active": "on", "password": NEW_PASSWORD})

    clerk.refresh_from_db()
    assert clerk.check_password(NEW_PASSWORD)
    assert clerk.must_change_password
    line = AuditEntry.objects.get(action=AuditAction.UPDATE, detail__contains="重置了账号clerk的密码")
    assert line.username == "sysadmin"
    assert "下次登录须修改密码" in line.detail


def test_new_account_has_no_role_and_waits_for_the_security_admin(sysadmin, unit):
    logged_in(sysadmin).post(reverse("org:user_create"), {
        "username": "newcomer", "password": NEW_PASSWORD, "unit": unit.pk, "is_active": "on"})
    newcomer = User.objects.get(username="newcomer")
    assert newcomer.role == ""
    assert AuditEntry.objects.filter(detail__contains="设置了新账号newcomer的密码").exists()
    newcomer.must_change_password = False  # the first change is another test's story
    newcomer.save(update_fields=["must_change_password"])

    client = Client()
    assert client.login(username="newcomer", password=NEW_PASSWORD)
    home = client.get(reverse("site:home"), follow=True)
    dashboard = client.get(reverse("supervision:dashboard"))
    tasks = client.get(reverse("supervision:task_list"))
    api = client.get("/api/supervision/tasks/")

    assert "您的账号尚未分配角色" in home.content.decode()
    assert "请联系本单位的安全管理员" in home.content.decode()
    for refused in (dashboard, tasks, api):
        assert (refused.status_code, refused.get("Location")) == (302, reverse("org:awaiting_role")), refused.request


def test_an_account_given_a_role_leaves_the_waiting_page(security, unit):
    waiting = UserFactory(username="waiting", role="", unit=unit)
    client = logged_in(waiting)
    assert client.get(reverse("supervision:dashboard")).status_code == 302

    logged_in(security).post(reverse("org:user_edit", args=[waiting.pk]), {"role": Role.REPORTER})

    assert client.get(reverse("supervision:dashboard")).status_code == 200
    assert client.get(reverse("org:awaiting_role"))["Location"] == reverse("site:home")


def test_security_admin_resets_the_auditors_password_audited_and_to_be_changed(security, auditor):
    logged_in(security).post(reverse("org:user_edit", args=[auditor.pk]),
                             {"role": Role.AUDIT_ADMIN, "new_password": NEW_PASSWORD})

    auditor.refresh_from_db()
    assert auditor.check_password(NEW_PASSWORD)
    assert auditor.must_change_password
    line = AuditEntry.objects.get(detail__contains="重置了账号auditor的密码")
    assert line.username == "security"


def test_granting_an_administrator_role_needs_a_new_password_from_the_security_admin(sysadmin, security, unit):
    # The system administrator created the account and knows its password.
    insider = UserFactory(username="insider", role=Role.REPORTER, unit=unit)
    client = logged_in(security)

    refused = client.post(reverse("org:user_edit", args=[insider.pk]), {"role": Role.AUDIT_ADMIN})
    insider.refresh_from_db()
    assert insider.role == Role.REPORTER
    assert "授予管理员角色须同时重置密码" in refused.content.decode()

    client.post(reverse("org:user_edit", args=[insider.pk]), {"role": Role.AUDIT_ADMIN, "new_password": NEW_PASSWORD})

    insider.refresh_from_db()
    assert insider.role == Role.AUDIT_ADMIN
    assert insider.must_change_password
    assert not Client().login(username="insider", password=PASSWORD)  # the password the creator knew
    role_change = AuditEntry.objects.get(action=AuditAction.UPDATE, object_repr="insider", after__role=Role.AUDIT_ADMIN)
    assert role_change.username == "security"


def test_security_admin_cannot_reset_their_own_password_or_role_through_the_form(security):
    response = logged_in(security).post(reverse("org:user_edit", args=[security.pk]),
                                        {"role": Role.SYSTEM_ADMIN, "new_password": NEW_PASSWORD})

    security.refresh_from_db()
    assert response.status_code == 403
    assert security.role == Role.SECURITY_ADMIN and security.check_password(PASSWORD)


def test_a_weak_reset_password_is_refused_and_nothing_is_saved(security, auditor):
    response = logged_in(security).post(reverse("org:user_edit", args=[auditor.pk]),
                                        {"role": Role.SUPERVISOR, "new_password": "Admin@123"})

    auditor.refresh_from_db()
    assert "密码过于常见" in response.content.decode()
    assert auditor.role == Role.AUDIT_ADMIN and auditor.check_password(PASSWORD)


def test_system_admin_sees_administrators_in_the_list_but_cannot_open_them(sysadmin, security):
    client = logged_in(sysadmin)

    listed = client.get(reverse("org:user_list")).content.decode()
    opened = client.get(reverse("org:user_edit", args=[security.pk]))

    assert "security" in listed
    assert opened.status_code == 403
