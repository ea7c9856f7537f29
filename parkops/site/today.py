"""今日待办: a person's day, gathered from what each app declares it owes them (TODAY in its site.py,
functions (user, today) -> list[TodayItem]), what needs acting on first, each part newest first. Which items a person gets is each app's rule,
computed in its own selectors; this module only puts them together."""

from __future__ import annotations

from datetime import date

from parkops.core.offerings import TodayItem, declared


def items_for(user, *, today: date) -> list[TodayItem]:
    items = [item for _config, functions in declared("TODAY") for function in functions
             for item in function(user, today)]
    # What is late, returned or chased before what is merely due or news: on a phone the first screen
    # must hold what needs the person, not seven routine "待报送" due in two days.
    return sorted(items, key=lambda item: (item.urgent, item.on), reverse=True)
