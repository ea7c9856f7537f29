"""The `parkops` command run as a real process, against a database file of its own: for the tests of what
only a separate process shows (a worker stopped by a signal, an import killed halfway).

`migrated_sqlite_file(folder)` gives a freshly migrated SQLite file (migrated once per test session, then
copied); `parkops_process(args, env)` starts `parkops ARGS…` with that database.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

_MIGRATED: dict[str, Path] = {}


def command_environment(database_url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    environment = {name: value for name, value in os.environ.items()
                   if not name.startswith(("PYTEST_", "DJANGO_"))}
    environment.update(DJANGO_SETTINGS_MODULE="parkops.settings", DATABASE_URL=database_url,
                       PARKOPS_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1", **extra)
    return environment


def parkops_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "parkops.cli", *args]


def migrated_sqlite_file(folder: Path, cache: Path) -> Path:
    """A migrated SQLite database file in `folder`; `cache` keeps the first one for the session's others."""
    template = _MIGRATED.get(str(cache))
    if template is None:
        cache.mkdir(parents=True, exist_ok=True)
        template = cache / "migrated.sqlite3"
        subprocess.run(parkops_command("migrate", "--noinput"), check=True, capture_output=True, timeout=600,
                       env=command_environment(f"sqlite:///{template}", cache))
        _MIGRATED[str(cache)] = template
    target = folder / "parkops.sqlite3"
    shutil.copyfile(template, target)
    return target


def wait_for(condition: Callable[[], object], *, what: str, limit: float = 120) -> object:
    """Polls until `condition()` is true and returns it. The limit only stops a broken test from hanging:
    no assertion depends on how long the wait took."""
    give_up_at = time.monotonic() + limit
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > give_up_at:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)
