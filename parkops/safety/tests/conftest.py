from datetime import date

import pytest
from django.utils import timezone

from parkops.core import events

# A Friday before the 2025 National Day holiday: its 调休 Sunday (9月28日) and Saturday (10月11日) count.
TODAY = date(2025, 9, 26)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def notices(monkeypatch):
    """What the services tell (core.events), as they tell it."""
    told: list[events.Notice] = []
    monkeypatch.setattr(events, "tell", told.append)
    return told
