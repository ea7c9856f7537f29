"""What an app offers the layers above it, declared in the app's own `site.py` and collected from there.

An app never calls up into the app that shows its pages or lists its documents: it declares, in
`parkops/<app>/site.py`, module-level names that the layer above reads when it needs them:

    MENU          menu entries (MenuEntry), gathered by the top app (parkops.site) into the menu and the home page
    DEMO          its part of the demo park (DemoStep), run in order by `parkops load-demo`
    REPORT_TYPES  report types, gathered by the report centre (parkops.reports.registry)
    TODAY         functions (user, today) -> list[TodayItem]: what the person must act on or know today,
                  gathered by the top app into the home page (今日待办)
    METRICS       named metrics (core.metrics.Metric): its live figures, with the records behind each, which
                  a supervision target may be bound to (core.metrics)

So a new module appears in the menu, the demo and the report centre by writing its `site.py`; nothing
below it, and not the top app, is edited. This module imports no parkops app: it is the vocabulary only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module
from typing import Any

from django.apps import AppConfig, apps
from django.utils.module_loading import module_has_submodule

DECLARATIONS_MODULE = "site"


@dataclass(frozen=True)
class MenuEntry:
    """One link of the top menu. `order` places it among every app's entries (tens, gaps left for the
    next modules); `landing` marks the pages the home page may send a user to: the first one they see."""

    url_name: str
    label: str
    shown_to: Callable[[Any], bool]
    order: int
    landing: bool = False


@dataclass
class DemoPark:
    """What the demo's steps hand on to each other: the park the first step builds, and the lines the
    command prints at the end (the demo accounts, what to do at the first log-in)."""

    today: date
    park: Any = None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DemoStep:
    """An app's part of the demo park; steps run by `order`, in one transaction, and add only what is
    missing so that a second run changes nothing."""

    order: int
    build: Callable[[DemoPark], None]


@dataclass(frozen=True)
class TodayItem:
    """One line of a person's 今日待办: what it is (`kind`, a few characters: 逾期未报送, 催办 …), what it is
    about, where to act on it, and the day it is dated by (due, returned, sent), newest first on the page.
    `urgent` items (late, returned, red) are marked."""

    kind: str
    title: str
    url: str
    on: date
    detail: str = ""
    urgent: bool = False


def declared(name: str) -> Iterator[tuple[AppConfig, Any]]:
    """Each installed app's `site.NAME`, in INSTALLED_APPS order, for the apps that declare one."""
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, DECLARATIONS_MODULE):
            continue
        value = getattr(import_module(f"{config.name}.{DECLARATIONS_MODULE}"), name, None)
        if value is not None:
            yield config, value
