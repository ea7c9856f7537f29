"""What every test run shares, the apps' tests and the browser tests alike."""

import pytest
from django.test import override_settings


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    # The production hasher costs about 0.3 s a password by design; a role matrix builds seven users a
    # test. Tests check who may log in, not how hard a stolen hash is to crack.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session", autouse=True)
def flush_passes_the_audit_triggers():
    # Tests on a transactional database (the browser tests, the worker's) empty every table afterwards;
    # the audit log's triggers refuse exactly that, so the flush lifts them for its own moment.
    from django.core.management.commands import flush
    from django.db import connections

    from parkops.core import audit_triggers

    original = flush.Command.handle

    def handle(self, **options):
        with audit_triggers.dropped(connections[options["database"]]):
            return original(self, **options)

    flush.Command.handle = handle
    yield
    flush.Command.handle = original


@pytest.fixture(autouse=True)
def an_empty_cache():
    # Each test's database starts again from the same ids (SQLite reuses those a rolled-back test took),
    # so figures kept under a stamp of ids by one test must not be found by the next.
    from django.core.cache import cache

    cache.clear()
    yield
