"""The dashboard's and the wall's figures, worked out once per state of the data and kept in the cache.

Every write that can change a figure leaves a new row behind it: a history row (simple-history, also
written by the bulk imports) for values, enterprises, 规上 memberships, month closes, targets, chains
and evaluation results, or a new id for a value or a 规上 listing. The highest of those ids, read in
one query, is the figures' stamp: an import, a close or a correction changes it, and the next visit
works the figures out again. A cache shared by several web processes (Redis) or one per process
(the default) both stay right, since the stamp is read from the database, not from the cache.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection

from parkops.economy.models import (
    Enterprise,
    EvaluationResult,
    IndicatorTarget,
    IndicatorValue,
    IndustryChain,
    PeriodClose,
    ScaleListing,
    ScaleMembership,
)

T = TypeVar("T")
KEPT_SECONDS = 24 * 3600

_HISTORY_OF = (IndicatorValue, Enterprise, ScaleMembership, PeriodClose, IndicatorTarget, IndustryChain,
               EvaluationResult)
_NEW_ROWS_OF = (IndicatorValue, ScaleListing, EvaluationResult)


def figures_stamp() -> str:
    """One query: the newest history row of each model the figures read, and the newest value and listing."""
    quote = connection.ops.quote_name
    parts = [f"(SELECT MAX({quote('history_id')}) FROM {quote(model.history.model._meta.db_table)})"
             for model in _HISTORY_OF]
    parts += [f"(SELECT MAX({quote('id')}) FROM {quote(model._meta.db_table)})" for model in _NEW_ROWS_OF]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))  # nosec B608: table names from the models, no input
        return "-".join(str(part or 0) for part in cursor.fetchone())


def cached_figures(key: str, work_out: Callable[[], T]) -> T:
    """work_out()'s result for this key and this state of the data, from the cache when it is there."""
    full_key = f"economy-figures:{figures_stamp()}:{key}"
    found = cache.get(full_key)
    if found is None:
        found = work_out()
        cache.set(full_key, found, KEPT_SECONDS)
    return found
