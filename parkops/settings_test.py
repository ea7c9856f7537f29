"""The settings pytest runs with (pyproject.toml): parkops.settings as a server would have them, with a
key of its own, since DEBUG is off by default and then a SECRET_KEY is required."""

import os

os.environ.setdefault("SECRET_KEY", "parkops-tests-only-not-secret")

from parkops.settings import *  # noqa: E402, F403

# On PostgreSQL a second connection to the same test database stands for a read replica (core.replica): the
# router's tests turn REPLICA_READS on; every other test reads from the primary, as with no replica.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
REPLICA_READS = False
