"""Telling people: the modules say what happened and to whom; the notices app delivers it.

A module below notices (supervision, projects, economy, reports) cannot import it, so it calls tell()
here with a Notice, and notices, which listens (its AppConfig.ready), puts it in each person's 我的消息
and queues it to the named units' robots and mailing lists. Delivery waits until the change that caused
it is committed: a rolled-back return or chase tells no one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction


@dataclass(frozen=True)
class Notice:
    title: str
    body: str = ""
    link: str = ""
    users: tuple = ()  # the accounts to tell (User objects)
    # Units whose channels (group robots, mailing lists) hear it too, with the park they belong to.
    units: tuple = ()
    park: object = None
    key: str = ""  # a person or channel gets a notice with a given non-empty key only once
    exclude: tuple = field(default=())  # those who caused it, who need not be told


_listeners: list[Callable[[Notice], None]] = []


def listen(listener: Callable[[Notice], None]) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def tell(notice: Notice) -> None:
    if not (notice.users or notice.units):
        return
    transaction.on_commit(lambda: _deliver(notice))


def _deliver(notice: Notice) -> None:
    for listener in _listeners:
        listener(notice)
