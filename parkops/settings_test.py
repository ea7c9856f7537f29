"""The settings pytest runs with (pyproject.toml): parkops.settings as a server would have them, with a
key of its own, since DEBUG is off by default and then a SECRET_KEY is required."""

import os

os.environ.setdefault("SECRET_KEY", "parkops-tests-only-not-secret")

from parkops.settings import *  # noqa: E402, F403
