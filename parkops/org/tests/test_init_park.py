"""The first run of a real park: `parkops init-park` on an empty database gives the park and its three
administrators, each with a one-time password printed once and changed at the first log-in; a second
run changes nothing."""

import json
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from parkops.core.models import AuditEntry
from parkops.org.choices import Role
from parkops.org.models import Park, User

NAME = "江西某某高新技术产业开发区"


def init_park(*args) -> str:
    out = StringIO()
    call_command("init_park", *args, stdout=out)
    return out.getvalue()


def printed_passwords(output: str) -> dict[str, str]:
    accounts = json.loads(output)["accounts"]
    return {account["username"]: account["password"] for account in accounts}


def test_an_empty_database_gets_the_park_and_the_three_administrators(db):
    passwords = printed_passwords(init_park(NAME, "--short-name", "高新区", "--json"))

    park = Park.objects.get()
    assert (park.name, park.short_name) == (NAME, "高新区")
    roles = dict(User.objects.values_list("username", "role"))
    assert roles == {"sysadmin": Role.SYSTEM_ADMIN, "secadmin": Role.SECURITY_ADMIN, "auditadmin": Role.AUDIT_ADMIN}
    assert len(set(passwords.values())) == 3
    for username, password in passwords.items():
        account = authenticate(username=username, password=password)
        assert account is not None and account.must_change_password
    assert AuditEntry.objects.filter(detail__contains=f"初始化园区“{NAME}”").exists()


def test_the_system_administrators_first_log_in_asks_for_the_second_factor_then_a_new_password(db, settings):
    settings.ADMIN_TOTP_REQUIRED = False  # the second factor has its own tests; here: the password change
    passwords = printed_passwords(init_park(NAME, "--json"))
    client = Client()

    client.post(reverse("org:login"), {"username": "sysadmin", "password": passwords["sysadmin"]})

    assert client.get(reverse("org:unit_list"))["Location"] == reverse("org:password_change")


def test_the_text_output_prints_each_password_once(db):
    output = init_park(NAME)
    for account in User.objects.all():
        assert output.count(f"账号 {account.username}  初始密码 ") == 1


def test_a_second_run_refuses_and_changes_nothing(db):
    init_park(NAME)
    before = (list(User.objects.values_list("username", "password")), Park.objects.count())

    with pytest.raises(CommandError, match=f"系统中已有园区“{NAME}”.*本次未作任何修改"):
        init_park("另一个园区")

    assert (list(User.objects.values_list("username", "password")), Park.objects.count()) == before


def test_a_database_with_accounts_but_no_park_is_refused_too(db):
    User.objects.create(username="someone")

    with pytest.raises(CommandError, match="系统中已有用户账号"):
        init_park(NAME)

    assert not Park.objects.exists()
