"""One at a time: an exclusive lock on a name (an import of a park's month), held for as long as the work
lasts and said to whoever asks meanwhile by whom and since when.

The lock is the kernel's (flock on a file under PARKOPS_DATA_DIR/locks): a process that dies, even by
SIGKILL, lets go of it at once, so a crash never leaves an import "running" that nobody runs. It serves
the set-up this system is built for, web server, worker and command line on one machine. Written by hand:
a dozen lines of the standard library; the filelock package has the same flock underneath but keeps no
word of who holds it, which is what the person refused needs to read.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone


class Busy(Exception):
    """The lock is held: `holder` says by whom and since when, in Chinese."""

    def __init__(self, holder: str):
        super().__init__(holder)
        self.holder = holder


def _path(name: str) -> Path:
    # One folder per database: park 1 of one database is not park 1 of another that shares the data
    # folder (a second installation, the test runs' databases side by side).
    # An in-memory SQLite database lives and dies with its process (the test runs' workers all name
    # theirs alike), so its locks are that process's alone.
    database = connection.settings_dict
    owner = os.getpid() if connection.vendor == "sqlite" and connection.is_in_memory_db() else ""
    identity = f"{database['ENGINE']}|{database.get('HOST')}|{database['NAME']}|{owner}"
    key = hashlib.sha256(identity.encode()).hexdigest()[:16]
    folder = Path(settings.DATA_DIR) / "locks" / key
    folder.mkdir(parents=True, exist_ok=True)
    return folder / (re.sub(r"[^A-Za-z0-9_.-]", "_", name) + ".lock")


def _holder_text(path: Path) -> str:
    try:
        held = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        held = {}
    who, since = held.get("who") or "另一用户", held.get("since") or ""
    return f"{who}（{since}开始）" if since else who


@contextmanager
def exclusive(name: str, *, who: str) -> Iterator[None]:
    """Hold the lock `name` for the block, or raise Busy at once if someone holds it."""
    path = _path(name)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy(_holder_text(path)) from None
        since = f"{timezone.localtime():%Y-%m-%d %H:%M}"
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, json.dumps({"who": who, "since": since}, ensure_ascii=False).encode(), 0)
        yield
    finally:
        os.close(descriptor)  # closing the descriptor is what lets go of the lock


def holder(name: str) -> str | None:
    """Who holds the lock now, or None: for refusing before starting work that would wait for it."""
    try:
        with exclusive(name, who=""):
            return None
    except Busy as busy:
        return busy.holder
