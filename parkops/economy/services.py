"""Writing economic data: monthly values with their derived month values, and the period close.

Every writer of IndicatorValue (the statistics import, the demo, a correction) goes through
record_values(), so the month's own value is derived one way and a correction after a close marks the
period revised. History is written in bulk (simple-history) and the caller writes one audit line for
the whole batch, as the imports do: a sheet of 30,000 enterprises is one event, not 300,000.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from parkops.core.periods import period_label, previous_month
from parkops.economy.models import Indicator, IndicatorValue, PeriodClose
from parkops.org.models import Park

BATCH = 2000


@dataclass(frozen=True)
class Reported:
    """One figure as a sheet reports it: 1-N月 cumulative for cumulative indicators, in 万元 for money."""

    enterprise_id: int
    indicator_id: int
    value: Decimal


@dataclass
class RecordOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    revised_periods: list[date] | None = None


def _next_month(period: date) -> date:
    return date(period.year + 1, 1, 1) if period.month == 12 else date(period.year, period.month + 1, 1)


def month_value_of(cumulative: Decimal, before: Decimal | None, *, period: date, is_cumulative: bool) -> Decimal | None:
    """The month's own value: the cumulative less last month's, the whole of it in January, and the
    figure itself for an indicator reported as a level (employees). None when last month is unknown."""
    if not is_cumulative or period.month == 1:
        return cumulative
    return None if before is None else cumulative - before


@transaction.atomic
def record_values(*, park: Park, period: date, rows: Iterable[Reported], source: str = "", user=None,
                  reason: str = "") -> RecordOutcome:
    """Write one month's figures: create or update each (enterprise, indicator, period), derive its
    month value from last month's cumulative, and re-derive next month's month value from it.
    Unchanged figures are left alone (no history line)."""
    rows = list(rows)
    outcome = RecordOutcome(revised_periods=[])
    if not rows:
        return outcome
    cumulative_ids = set(Indicator.objects.filter(is_cumulative=True).values_list("id", flat=True))
    before, after = previous_month(period), _next_month(period)
    indicator_ids = {row.indicator_id for row in rows}
    near = IndicatorValue.objects.filter(enterprise__park=park, indicator_id__in=indicator_ids,
                                         period__in=[before, period, after])
    existing: dict[tuple[date, int, int], IndicatorValue] = {
        (v.period, v.enterprise_id, v.indicator_id): v for v in near.only(
            "id", "period", "enterprise_id", "indicator_id", "cumulative", "month_value")
    }
    to_create, to_update, next_updates = [], [], []
    for row in rows:
        key = (row.enterprise_id, row.indicator_id)
        is_cumulative = row.indicator_id in cumulative_ids
        previous = existing.get((before, *key)) if period.month > 1 else None
        month_value = month_value_of(row.value, previous.cumulative if previous else None, period=period,
                                     is_cumulative=is_cumulative)
        current = existing.get((period, *key))
        if current is None:
            to_create.append(IndicatorValue(enterprise_id=row.enterprise_id, indicator_id=row.indicator_id,
                                            period=period, cumulative=row.value, month_value=month_value,
                                            source=source[:200]))
        elif current.cumulative != row.value or current.month_value != month_value:
            current.cumulative, current.month_value, current.source = row.value, month_value, source[:200]
            to_update.append(current)
        else:
            outcome.unchanged += 1
            continue
        following = existing.get((after, *key)) if after.year == period.year else None
        if following is not None and is_cumulative:
            derived = following.cumulative - row.value
            if following.month_value != derived:
                following.month_value = derived
                next_updates.append(following)

    options = {"default_user": user, "default_change_reason": reason or source}
    if to_create:
        bulk_create_with_history(to_create, IndicatorValue, batch_size=BATCH, **options)
    if to_update:
        bulk_update_with_history(to_update, IndicatorValue, ["cumulative", "month_value", "source"],
                                 batch_size=BATCH, **options)
    if next_updates:
        bulk_update_with_history(next_updates, IndicatorValue, ["month_value"], batch_size=BATCH, **options)
    outcome.created, outcome.updated = len(to_create), len(to_update)
    touched = ({period} if to_update or to_create else set()) | ({after} if next_updates else set())
    for close in PeriodClose.objects.filter(park=park, period__in=touched):
        close.is_revised, close.revised_at = True, timezone.now()
        close._change_reason = f"关账后修订：{source or reason}"
        close.save()
        outcome.revised_periods.append(close.period)
    return outcome


def closed_periods(park: Park) -> set[date]:
    return set(PeriodClose.objects.filter(park=park).values_list("period", flat=True))


@transaction.atomic
def close_period(*, park: Park, period: date, user) -> PeriodClose:
    """Close a month (or close it again, taking the corrections made since): its reports and
    dashboards read the values taken now, whatever changes later."""
    values = IndicatorValue.objects.filter(enterprise__park=park, period=period)
    if not values.exists():
        raise ValueError(f"{period_label(period)}还没有任何企业数据，不能关账。")
    # Values removed since an earlier close are no longer part of the period.
    values.update(closed_cumulative=None, closed_month_value=None)
    values.update(closed_cumulative=F("cumulative"), closed_month_value=F("month_value"))
    close = PeriodClose.objects.filter(park=park, period=period).first()
    again = close is not None
    if close is None:
        close = PeriodClose(park=park, period=period, closed_at=timezone.now(), closed_by=user)
    else:
        close.closed_at, close.closed_by, close.is_revised, close.revised_at = timezone.now(), user, False, None
    # The history line (and with it the audit line) says what was taken.
    close._change_reason = f"{'重新关账，采用关账后的修订' if again else '关账'}：{values.count()}条企业数据"
    close._history_user = user
    close.save()
    return close
