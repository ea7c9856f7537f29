"""Reads that may go to a read replica (DATABASE_REPLICA_URL): the dashboards and the report centre's drafting,
which read much and write little, and can bear a replica's lag of a moment.

Everything else reads from the primary: a page that has just written must see what it wrote (from its first
write on, the rest of it reads from the primary), and a read inside a transaction belongs to it. Without a
replica every read is the primary's, as before."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

@dataclass
class _Reads:
    from_replica: bool = True


_replica_reads: ContextVar[_Reads | None] = ContextVar("replica_reads", default=None)


@contextmanager
def reads_from_replica() -> Iterator[None]:
    token = _replica_reads.set(_Reads())
    try:
        yield
    finally:
        _replica_reads.reset(token)


def replica_reads(view: Callable) -> Callable:
    """A view whose reads may go to the replica."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        with reads_from_replica():
            return view(*args, **kwargs)

    return wrapped


def replica_in_use() -> bool:
    return getattr(settings, "REPLICA_READS", False) and REPLICA in connections.settings


class ReplicaRouter:
    """The primary for every write and every read, but those in reads_from_replica() outside a transaction.

    Each answer is explicit: left to Django, a record read from the replica would be saved back to it and its
    relations read from it long after."""

    def db_for_read(self, model, **hints) -> str:
        reads = _replica_reads.get()
        if (reads is not None and reads.from_replica and replica_in_use()
                and not connections[DEFAULT_DB_ALIAS].in_atomic_block):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints) -> str:
        reads = _replica_reads.get()
        if reads is not None:
            # A save's own reads (its history's last row, the audit) and the page's after it see this write.
            reads.from_replica = False
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the same data on both

    def allow_migrate(self, db, app_label, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS  # a replica is the primary's copy, migrated with it
