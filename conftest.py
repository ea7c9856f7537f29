"""What every test run shares, the apps' tests and the browser tests alike."""

import pytest
from django.test import override_settings


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    # The production hasher costs about 0.3 s a password by design; a role matrix builds seven users a
    # test. Tests check who may log in, not how hard a stolen hash is to crack.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield
