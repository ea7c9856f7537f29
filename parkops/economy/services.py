"""Writing economic data: monthly values with their derived month values, and the period close.

Every writer of IndicatorValue (the statistics import, the demo, a correction) goes through
record_values(), so the month's own value is derived one way and a correction after a close marks the
period revised. History is written in bulk (simple-history) and the caller writes one audit line for
the whole batch, as the imports do: a sheet of 30,000 enterprises is one event, not 300,000.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from parkops.core import bulkwrite
from parkops.core.periods import period_label, previous_month
from parkops.economy.creditcode import credit_code_problem, normalise_code
from parkops.economy.models import Enterprise, Indicator, IndicatorTarget, IndicatorValue, PeriodClose
from parkops.economy.registry import enterprise_save
from parkops.org.models import Park

BATCH = 2000  # rows a bulk statement writes at once


@dataclass(frozen=True)
class Reported:
    """One figure as a sheet reports it: 1-N月 cumulative for cumulative indicators, in 万元 for money."""

    enterprise_id: int
    indicator_id: int
    value: Decimal


class NewValue(NamedTuple):
    enterprise_id: int
    indicator_id: int
    cumulative: Decimal
    month_value: Decimal | None


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


@dataclass
class ValuesPlan:
    """What record_values writes for a month, worked out from the values read: made outside the
    transaction by an import, which then only writes it (write_values). A new enterprise's values may
    name it by its credit code until it is registered in the same transaction."""

    park: Park
    period: date
    to_create: list[NewValue] = field(default_factory=list)
    to_update: list[tuple[int, dict]] = field(default_factory=list)
    next_updates: list[tuple[int, dict]] = field(default_factory=list)  # next month's month values re-derived
    unchanged: int = 0

    @property
    def read_periods(self) -> list[date]:
        return [previous_month(self.period), self.period, _next_month(self.period)]


@transaction.atomic
def record_values(*, park: Park, period: date, rows: Iterable[Reported], source: str = "", user=None,
                  reason: str = "") -> RecordOutcome:
    """Write one month's figures: create or update each (enterprise, indicator, period), derive its
    month value from last month's cumulative, and re-derive next month's month value from it.
    Unchanged figures are left alone (no history line)."""
    plan = ValuesPlan(park=park, period=period)
    plan_values(plan, rows, source=source)
    return write_values(plan, source=source, user=user, reason=reason)


def plan_values(plan: ValuesPlan, rows: Iterable[Reported], *, source: str = "") -> None:
    """Add to the plan what writing `rows` takes, from the values of the month and the two around it
    as they are now: reads only, so an import does it before its transaction."""
    rows = list(rows)
    if not rows:
        return
    park, period = plan.park, plan.period
    cumulative_ids = set(Indicator.objects.filter(is_cumulative=True).values_list("id", flat=True))
    before, after = previous_month(period), _next_month(period)
    indicator_ids = {row.indicator_id for row in rows}
    near = IndicatorValue.objects.filter(enterprise__park=park, indicator_id__in=indicator_ids,
                                         period__in=[before, period, after])
    # Plain tuples, not model instances: a province's sheet brings 300,000 of them.
    existing: dict[tuple[date, int, int], tuple[int, Decimal, Decimal | None]] = {
        (p, e, i): (pk, cumulative, month_value) for pk, p, e, i, cumulative, month_value in near.values_list(
            "pk", "period", "enterprise_id", "indicator_id", "cumulative", "month_value")
    }
    source = source[:200]
    for row in rows:
        key = (row.enterprise_id, row.indicator_id)
        is_cumulative = row.indicator_id in cumulative_ids
        previous = existing.get((before, *key)) if period.month > 1 else None
        month_value = month_value_of(row.value, previous[1] if previous else None, period=period,
                                     is_cumulative=is_cumulative)
        current = existing.get((period, *key))
        if current is None:
            plan.to_create.append(NewValue(row.enterprise_id, row.indicator_id, row.value, month_value))
        elif current[1] != row.value or current[2] != month_value:
            plan.to_update.append((current[0], {"cumulative": row.value, "month_value": month_value,
                                                "source": source}))
        else:
            plan.unchanged += 1
            continue
        following = existing.get((after, *key)) if after.year == period.year else None
        if following is not None and is_cumulative:
            derived = following[1] - row.value
            if following[2] != derived:
                plan.next_updates.append((following[0], {"month_value": derived}))


def plan_new_values(plan: ValuesPlan, rows: Iterable[Reported]) -> None:
    """Add the values of enterprises not yet registered: nothing of theirs to read, every value new."""
    cumulative_ids = set(Indicator.objects.filter(is_cumulative=True).values_list("id", flat=True))
    for row in rows:
        # No last month for a new enterprise: a cumulative's month value is known in January only.
        month_value = month_value_of(row.value, None, period=plan.period,
                                     is_cumulative=row.indicator_id in cumulative_ids)
        plan.to_create.append(NewValue(row.enterprise_id, row.indicator_id, row.value, month_value))


def write_values(plan: ValuesPlan, *, source: str = "", user=None, reason: str = "",
                 enterprise_ids: dict[str, int] | None = None) -> RecordOutcome:
    """Write a plan, in a number of statements that does not grow with its rows, and mark the closed
    months it changes revised. `enterprise_ids`: the ids, by credit code, of the enterprises the plan
    names by their code."""
    park, period, after = plan.park, plan.period, _next_month(plan.period)
    outcome = RecordOutcome(revised_periods=[], unchanged=plan.unchanged)
    source = source[:200]
    to_create = plan.to_create
    if enterprise_ids:
        to_create = [value._replace(enterprise_id=enterprise_ids[value.enterprise_id])
                     if isinstance(value.enterprise_id, str) else value for value in to_create]
    options = {"default_user": user, "default_change_reason": (reason or source)[:100]}
    if to_create:
        _insert_with_history(to_create, park=park, period=period, source=source, **options)
    _update_with_history(plan.to_update, park=park, period=period, **options)
    _update_with_history(plan.next_updates, park=park, period=after, **options)
    outcome.created, outcome.updated = len(to_create), len(plan.to_update)
    bulkwrite.analyse_after_commit(IndicatorValue, IndicatorValue.history.model,
                                   rows=len(to_create) + len(plan.to_update) + len(plan.next_updates))
    touched = ({period} if plan.to_update or to_create else set()) | ({after} if plan.next_updates else set())
    for close in PeriodClose.objects.filter(park=park, period__in=touched):
        close.is_revised, close.revised_at = True, timezone.now()
        close._change_reason = f"关账后修订：{source or reason}"
        close.save()
        outcome.revised_periods.append(close.period)
    return outcome


def _update_with_history(changes: list[tuple[int, dict]], *, park: Park, period: date, default_user,
                         default_change_reason: str) -> None:
    """Apply {field: value} changes (the same fields for all) to the values of one period with these pks,
    and write each changed row whole into the history, as plain rows: Django's bulk_update builds one
    CASE per field over every row, which took minutes for a province's corrected sheet."""
    if not changes:
        return
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(timezone.now())
    fields = list(changes[0][1])

    def adapt(name: str, value):
        if name == "source" or value is None:
            return value
        return ops.adapt_decimalfield_value(value, 18, 4)

    table = ops.quote_name(IndicatorValue._meta.db_table)
    assignments = ", ".join(f"{name} = %s" for name in (*fields, "updated_at"))
    with connection.cursor() as cursor:
        # bandit B608 (SQL built from strings): the table and column names come from the models, every value is bound.
        cursor.executemany(f"UPDATE {table} SET {assignments} WHERE id = %s",  # nosec B608
                           [(*(adapt(name, values[name]) for name in fields), stamp, pk) for pk, values in changes])
    changed = {pk for pk, _ in changes}
    columns = ("id", "enterprise_id", "indicator_id", "period", "cumulative", "month_value", "closed_cumulative",
               "closed_month_value", "source", "updated_at")
    user_id = default_user.pk if default_user is not None else None
    # Read back by period, not by a list of ids: a province's sheet changes more ids than a query may hold.
    history_rows = [
        (*row[:3], ops.adapt_datefield_value(row[3]), *(adapt("amount", value) for value in row[4:8]), row[8],
         stamp, stamp, default_change_reason, "~", user_id)
        for row in IndicatorValue.objects.filter(enterprise__park=park, period=period).values_list(
            "pk", "enterprise_id", "indicator_id", "period", "cumulative", "month_value", "closed_cumulative",
            "closed_month_value", "source", "updated_at")
        if row[0] in changed
    ]
    history_table = ops.quote_name(IndicatorValue.history.model._meta.db_table)
    history_columns = (*columns, "history_date", "history_change_reason", "history_type", "history_user_id")
    placeholders = ", ".join(["%s"] * len(history_columns))
    with connection.cursor() as cursor:
        # bandit B608 (SQL built from strings): the table and column names come from the models, every value is bound.
        cursor.executemany(f"INSERT INTO {history_table} ({', '.join(history_columns)}) VALUES ({placeholders})",  # nosec B608
                           history_rows)


_VALUE_COLUMNS = ("enterprise_id", "indicator_id", "period", "cumulative", "month_value", "source", "updated_at")


def _insert_with_history(values: list[NewValue], *, park: Park, period: date, source: str, default_user,
                         default_change_reason: str) -> None:
    """Insert new values and their creation history as plain rows (executemany): what
    bulk_create_with_history writes, without the ORM compiling each field of each row, which made a
    sheet of 30,000 enterprises take minutes. The history rows are simple-history's own table."""
    ops = connection.ops
    now = timezone.now()
    stamp = ops.adapt_datetimefield_value(now)
    day = ops.adapt_datefield_value(period)

    def amount(value: Decimal | None):
        return None if value is None else ops.adapt_decimalfield_value(value, 18, 4)

    rows = [(v.enterprise_id, v.indicator_id, day, amount(v.cumulative), amount(v.month_value), source, stamp)
            for v in values]
    table = connection.ops.quote_name(IndicatorValue._meta.db_table)
    placeholders = ", ".join(["%s"] * len(_VALUE_COLUMNS))
    with connection.cursor() as cursor:
        # bandit B608 (SQL built from strings): the table and column names come from the models, every value is bound.
        cursor.executemany(f"INSERT INTO {table} ({', '.join(_VALUE_COLUMNS)}) VALUES ({placeholders})", rows)  # nosec B608
    created = {(v.enterprise_id, v.indicator_id) for v in values}
    ids = {
        (enterprise_id, indicator_id): pk
        for pk, enterprise_id, indicator_id in IndicatorValue.objects.filter(
            enterprise__park=park, period=period, indicator_id__in={v.indicator_id for v in values},
        ).values_list("pk", "enterprise_id", "indicator_id")
        if (enterprise_id, indicator_id) in created
    }
    history_columns = ("id", *_VALUE_COLUMNS, "history_date", "history_change_reason", "history_type",
                       "history_user_id")
    user_id = default_user.pk if default_user is not None else None
    history_rows = [(ids[v.enterprise_id, v.indicator_id], *row, stamp, default_change_reason, "+", user_id)
                    for v, row in zip(values, rows, strict=True)]
    history_table = connection.ops.quote_name(IndicatorValue.history.model._meta.db_table)
    placeholders = ", ".join(["%s"] * len(history_columns))
    with connection.cursor() as cursor:
        # bandit B608 (SQL built from strings): the table and column names come from the models, every value is bound.
        cursor.executemany(f"INSERT INTO {history_table} ({', '.join(history_columns)}) VALUES ({placeholders})",  # nosec B608
                           history_rows)


@transaction.atomic
def close_period(*, park: Park, period: date, user) -> PeriodClose:
    """Close a month (or close it again, taking the corrections made since): its reports and
    dashboards read the values taken now, whatever changes later."""
    # The park's enterprises as a subquery, not a join: Django turns an update across a join into
    # "id IN (SELECT … FROM economy_indicatorvalue JOIN …)", which PostgreSQL, on statistics older than
    # the rows just imported, ran as a nested loop for sixteen minutes (the demo's 36 closes in a test).
    # all_objects: the default manager would bring the join back (it leaves out deleted enterprises' rows,
    # which the subquery already does).
    enterprises = Enterprise.objects.filter(park=park).values("pk")
    values = IndicatorValue.all_objects.filter(enterprise_id__in=enterprises, period=period)
    if not values.exists():
        raise ValueError(f"{period_label(period)}还没有任何企业数据，不能关账。")
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


@transaction.atomic
def set_targets(*, park: Park, year: int, targets: dict[int, tuple[Decimal | None, Decimal | None]], user) -> int:
    """Set the year's target (amount, growth %) of each indicator id; both empty removes it.
    Returns how many targets changed."""
    existing = {t.indicator_id: t for t in IndicatorTarget.objects.filter(park=park, year=year)}
    changed = 0
    for indicator_id, (amount, growth) in targets.items():
        target = existing.get(indicator_id)
        if amount is None and growth is None:
            if target is not None:
                target._history_user = user
                target.delete()
                changed += 1
            continue
        if target is not None and (target.amount, target.growth_pct) == (amount, growth):
            continue
        target = target or IndicatorTarget(park=park, year=year, indicator_id=indicator_id)
        target.amount, target.growth_pct = amount, growth
        target._history_user = user
        target.save()
        changed += 1
    return changed


# --- hand-overs from other modules (named in .importlinter) --------------------------------------------


@transaction.atomic
def enterprise_for_credit_code(*, park: Park, credit_code: str, name: str, user, reason: str = "") -> Enterprise:
    """The registry's enterprise with this credit code, registered under `name` if it is not there yet:
    a project reaching 注册 (招商引资) links to the same enterprise the statistics and the 亩均 score
    know, never to a copy. A code that belongs to another park's, or to a deleted enterprise, is refused
    with the reason (ValidationError), as is a code whose check character is wrong."""
    code = normalise_code(credit_code)
    problem = credit_code_problem(code)
    if problem:
        raise ValidationError(problem)
    found = Enterprise.all_objects.filter(credit_code=code).first()
    if found is not None:
        if found.is_deleted:
            raise ValidationError(f"统一社会信用代码{code}属于已删除的企业“{found.name}”，请先在回收站恢复该企业。")
        if found.park_id != park.pk:
            raise ValidationError(f"统一社会信用代码{code}已登记为其他园区的企业“{found.name}”。")
        return Enterprise.objects.get(pk=found.pk)
    return enterprise_save(enterprise=Enterprise(park=park, credit_code=code, name=name), user=user,
                           reason=reason or "由招商项目注册登记")


def set_factory_land(*, enterprise_id: int, mu: Decimal | None, user, reason: str) -> None:
    """土地与厂房's hand-over: the 折算亩 of the standard-factory space an enterprise leases now, on which
    its 亩均 is measured when it has no land of its own (Enterprise.rated_land_mu)."""
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise_id)
    mu = mu.quantize(Decimal("0.01")) if mu else None
    if enterprise.factory_land_mu == mu:
        return
    enterprise.factory_land_mu = mu
    enterprise_save(enterprise=enterprise, user=user, reason=reason)
