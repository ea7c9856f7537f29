"""Password rules beyond length and classes (issue 11: 9 of 14 weak passwords were accepted), and the
hash they are kept in.

Refused, in Chinese: the account name inside the password in any case (Sysadmin#1 for sysadmin), a
common word dressed up with capitals, symbols, look-alike digits and numbers (Admin@123, P@ssw0rd,
Welcome@2026), keyboard walks (1qaz@WSX, Qwer@1234), number runs (Aa123456!) and repeats (Aaaa1111!).
Accepted: passwords of three classes that are none of these, the demo password among them.
Length and classes come from PASSWORD_MIN_LENGTH and PASSWORD_MIN_CLASSES.
Hashing: the production setting makes Argon2 hashes, and a PBKDF2 hash of an existing account still
logs in and is re-hashed with Argon2 (the tests themselves run on MD5 for speed: conftest.py).
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse

from parkops.org.choices import Role
from parkops.org.demo import DEMO_PASSWORD
from parkops.testing.factories import UserFactory

WEAK = "密码过于常见，容易被猜中"
HAS_USERNAME = "密码不能包含账号名（不区分大小写），请换一个。"
SYSADMIN = SimpleNamespace(username="sysadmin")


def refusals(password: str, user=SYSADMIN) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as refused:
        return refused.messages
    return []


@pytest.mark.parametrize("password", [
    "Admin@123", "Password1!", "P@ssw0rd", "P@ssw0rd1", "Root@2026", "Welcome@2026", "Woaini@1314", "Huawei@123",
    "Test@12345", "Abc@123456", "Qwer@1234", "1qaz@WSX", "Zxcvbnm#1", "Asdf!2026", "Aa123456!", "Aaaa1111!",
    "Gaoxin@2026",
])
def test_common_weak_passwords_are_refused_in_chinese(password):
    assert any(WEAK in message for message in refusals(password))


@pytest.mark.parametrize("password", ["Sysadmin#1", "sYSADMIN#2031", "My-sysadmin-9"])
def test_a_password_holding_the_account_name_is_refused_whatever_the_case(password):
    assert HAS_USERNAME in refusals(password)


def test_the_account_name_rule_applies_on_the_account_form_of_a_new_account(park):
    admin = UserFactory(username="admin1", role=Role.SYSTEM_ADMIN)
    client = Client()
    client.force_login(admin)

    page = client.post(reverse("org:user_create"), {"username": "wangwei", "password": "Wangwei#2031",
                                                    "is_active": "on"}).content.decode()

    assert HAS_USERNAME in page


@pytest.mark.parametrize("password", ["Lushan#2031", "Tiger#Lake58", "Hx7#pq2Lm", "Gx-园区2026a", DEMO_PASSWORD])
def test_passwords_that_are_none_of_these_are_accepted(password):
    assert refusals(password) == []


def test_length_and_classes_come_from_the_settings(settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "parkops.core.auth.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
        {"NAME": "parkops.core.auth.CharacterClassValidator", "OPTIONS": {"min_classes": 4}},
    ]

    assert refusals("Lushan#2031") == ["密码长度太短。密码必须包含至少 12 个字符。"]
    assert refusals("Lushanpark2031") == ["密码须包含大写字母、小写字母、数字、符号中的至少4类。"]


def test_the_settings_read_length_and_classes_from_the_environment(monkeypatch):
    import importlib

    import parkops.settings as production

    monkeypatch.setenv("PASSWORD_MIN_LENGTH", "12")
    monkeypatch.setenv("PASSWORD_MIN_CLASSES", "4")
    try:
        reloaded = importlib.reload(production)
        options = {v["NAME"].rsplit(".", 1)[1]: v.get("OPTIONS") for v in reloaded.AUTH_PASSWORD_VALIDATORS}
        assert options["MinimumLengthValidator"] == {"min_length": 12}
        assert options["CharacterClassValidator"] == {"min_classes": 4}
    finally:
        monkeypatch.undo()
        importlib.reload(production)


def test_the_production_setting_hashes_with_argon2():
    import parkops.settings as production

    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        assert make_password("Lushan#2031").startswith("argon2$argon2id$")


def test_an_existing_pbkdf2_hash_logs_in_and_is_rehashed_with_argon2(db):
    import parkops.settings as production

    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        user = UserFactory(username="old", role=Role.REPORTER)
        user.password = make_password("Lushan#2031", hasher="pbkdf2_sha256")
        user.save(update_fields=["password"])

        client = Client()
        client.post(reverse("org:login"), {"username": "old", "password": "Lushan#2031"})

        assert "_auth_user_id" in client.session
        user.refresh_from_db()
        assert user.password.startswith("argon2$argon2id$")
