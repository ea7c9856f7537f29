"""The lock-out no one can turn against the administrators (issue 11: five requests from anywhere locked
the security and audit administrators out).

Failures count per (account, address): an attacker's five failures lock the account for the attacker's
address only, and its holder logs in from their own desk. An address with LOGIN_ADDRESS_FAILURE_LIMIT
failures within LOGIN_ADDRESS_WINDOW_MINUTES, on any accounts, unknown ones included, may not try at all
until the window has passed; its attempts then do not reach any account's count. X-Forwarded-For is
believed only from a configured proxy. The security administrator's unlock lifts every address's lock.
"""

import pytest
from django.test import Client
from django.urls import reverse

from parkops.core.models import AuditAction, AuditEntry
from parkops.org.choices import Role
from parkops.org.models import LoginLock
from parkops.testing.factories import PASSWORD, UserFactory

LOGIN = reverse("org:login")
ATTACKER = "10.9.9.9"
SECURITY_DESK = "10.1.1.5"
WRONG = "Wrong#2026"
BLOCKED = "本机登录失败次数过多，已暂停登录"


@pytest.fixture(autouse=True)
def no_second_factor(settings):
    settings.ADMIN_TOTP_REQUIRED = False  # the password step is the story here


@pytest.fixture
def secadmin(db):
    return UserFactory(username="secadmin", role=Role.SECURITY_ADMIN)


def attempt(username: str, password: str, ip: str, **extra):
    client = Client()
    response = client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)
    return client, response


def logs_in(username: str, password: str, ip: str, **extra) -> bool:
    client, _ = attempt(username, password, ip, **extra)
    return "_auth_user_id" in client.session


def test_an_attackers_failures_lock_the_account_only_for_the_attackers_address(secadmin):
    for _ in range(5):
        attempt("secadmin", WRONG, ATTACKER)

    assert not logs_in("secadmin", PASSWORD, ATTACKER)
    assert logs_in("secadmin", PASSWORD, SECURITY_DESK)


def test_a_forged_forwarded_for_header_does_not_move_the_failures_onto_someone_elses_address(secadmin):
    for _ in range(5):
        attempt("secadmin", WRONG, ATTACKER, HTTP_X_FORWARDED_FOR=SECURITY_DESK)

    assert logs_in("secadmin", PASSWORD, SECURITY_DESK)
    assert LoginLock.objects.get(user=secadmin).ip == ATTACKER


def test_behind_a_configured_proxy_the_address_it_appended_is_counted(secadmin, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    for _ in range(5):
        attempt("secadmin", WRONG, "10.0.0.1", HTTP_X_FORWARDED_FOR=f"{SECURITY_DESK}, {ATTACKER}")

    assert not logs_in("secadmin", PASSWORD, "10.0.0.1", HTTP_X_FORWARDED_FOR=ATTACKER)
    assert logs_in("secadmin", PASSWORD, "10.0.0.1", HTTP_X_FORWARDED_FOR=SECURITY_DESK)


def test_an_address_trying_many_accounts_is_blocked_even_with_a_right_password(db, settings, clock):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT, settings.LOGIN_ADDRESS_WINDOW_MINUTES = 6, 10
    users = [UserFactory(username=f"clerk{n}", role=Role.REPORTER) for n in range(3)]
    for user in users:  # two tries each: no account reaches its own five
        attempt(user.username, WRONG, ATTACKER)
        attempt(user.username, WRONG, ATTACKER)

    _, response = attempt("clerk0", PASSWORD, ATTACKER)

    assert BLOCKED in response.content.decode()
    assert "请于09:10后再试" in response.content.decode()  # the first failure was at 09:00 (clock)
    assert not logs_in("clerk0", PASSWORD, ATTACKER)
    assert logs_in("clerk0", PASSWORD, SECURITY_DESK)


def test_failures_on_unknown_accounts_count_for_the_address(db, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 4
    clerk = UserFactory(username="clerk", role=Role.REPORTER)
    for n in range(4):
        attempt(f"guess{n}", WRONG, ATTACKER)

    assert not logs_in(clerk.username, PASSWORD, ATTACKER)


def test_a_blocked_address_no_longer_counts_against_any_account(secadmin, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    for _ in range(3):
        attempt("nobody", WRONG, ATTACKER)

    for _ in range(10):
        attempt("secadmin", WRONG, ATTACKER)

    assert not LoginLock.objects.filter(user=secadmin).exists()
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, username="secadmin").count() == 10


def test_the_address_block_lifts_when_the_window_has_passed(db, settings, clock):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT, settings.LOGIN_ADDRESS_WINDOW_MINUTES = 3, 10
    clerk = UserFactory(username="clerk", role=Role.REPORTER)
    for _ in range(3):
        attempt("nobody", WRONG, ATTACKER)

    clock.advance(minutes=9, seconds=59)
    assert not logs_in(clerk.username, PASSWORD, ATTACKER)
    clock.advance(seconds=2)
    assert logs_in(clerk.username, PASSWORD, ATTACKER)


def test_the_security_admin_lifts_the_lock_of_every_address(secadmin, unit):
    clerk = UserFactory(username="clerk", role=Role.REPORTER, unit=unit)
    for address in (ATTACKER, SECURITY_DESK):
        for _ in range(5):
            attempt("clerk", WRONG, address)
    listed = Client()
    listed.force_login(secadmin)
    assert "2个地址已锁定" in listed.get(reverse("org:user_list")).content.decode()

    listed.post(reverse("org:user_edit", args=[clerk.pk]), {"role": Role.REPORTER, "unlock": "on"})

    assert logs_in("clerk", PASSWORD, ATTACKER) and logs_in("clerk", PASSWORD, SECURITY_DESK)
    line = AuditEntry.objects.get(action=AuditAction.UNLOCKED)
    assert line.username == "secadmin"
    assert line.before == {"locked_addresses": sorted([ATTACKER, SECURITY_DESK])}
