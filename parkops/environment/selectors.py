"""Reads of 生态环境 the pages, the exports and the reports share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from parkops.economy import selectors as economy_selectors
from parkops.environment import rules
from parkops.environment.choices import Disposal, DisposalStatus, FeedbackStatus, InspectionLevel
from parkops.environment.models import FeedbackItem, Outlet, Reading, SmallPolluter


def enterprise_choices(*, park):
    return economy_selectors.enterprise_choices(park=park)


def enterprises_named(*, park, names) -> dict:
    """The registry's enterprises by normalised name (economy's selectors)."""
    return economy_selectors.enterprises_named(park=park, names=names)


# 中央 before 省 before 市, as the ledgers list them.
LEVEL_ORDER = Case(*(When(level=level, then=Value(n)) for n, level in enumerate(InspectionLevel)),
                   output_field=IntegerField())


def feedback_listing(items: QuerySet[FeedbackItem]) -> QuerySet[FeedbackItem]:
    return items.select_related("unit", "task", "task__plan").annotate(level_order=LEVEL_ORDER).order_by(
        "level_order", "pk")


@dataclass(frozen=True)
class Row:
    obj: object
    light: rules.LightResult


def feedback_rows(items, *, today: date) -> list[Row]:
    return [Row(item, rules.feedback_light(status=item.status, deadline=item.deadline, today=today)) for item in items]


def polluter_rows(polluters, *, today: date) -> list[Row]:
    return [Row(p, rules.disposal_light(status=p.status, deadline=p.deadline, today=today)) for p in polluters]


def outlet_listing(outlets: QuerySet[Outlet]) -> QuerySet[Outlet]:
    return outlets.select_related("enterprise").prefetch_related("limits").order_by(
        "enterprise__name", "name", "pk").annotate(
        reading_count=Count("readings", distinct=True),
        over_count=Count("readings", filter=Q(readings__over_limit=True), distinct=True))


def reading_listing(readings: QuerySet[Reading]) -> QuerySet[Reading]:
    return readings.select_related("outlet", "outlet__enterprise", "hazard", "task", "task__plan")


def polluter_listing(polluters: QuerySet[SmallPolluter]) -> QuerySet[SmallPolluter]:
    return polluters.select_related("unit")


@dataclass
class Summary:
    feedback_by_level: list[tuple[str, int, int]]  # label, total, closed
    feedback_open: int
    readings: int
    over: int
    polluters_by_disposal: list[tuple[str, int, int]]


def summary(*, park) -> Summary:
    by_level = {row["level"]: row for row in FeedbackItem.objects.filter(park=park).values("level").annotate(
        total=Count("pk"), closed=Count("pk", filter=Q(status=FeedbackStatus.CLOSED)))}
    by_disposal = {row["disposal"]: row for row in SmallPolluter.objects.filter(park=park).values("disposal").annotate(
        total=Count("pk"), done=Count("pk", filter=Q(status=DisposalStatus.DONE)))}
    readings = Reading.objects.filter(park=park).aggregate(total=Count("pk"), over=Count("pk", filter=Q(over_limit=True)))
    return Summary(
        feedback_by_level=[(level.label, by_level.get(level, {}).get("total", 0), by_level.get(level, {}).get("closed", 0))
                           for level in InspectionLevel],
        feedback_open=FeedbackItem.objects.filter(park=park).exclude(status=FeedbackStatus.CLOSED).count(),
        readings=readings["total"], over=readings["over"],
        polluters_by_disposal=[(d.label, by_disposal.get(d, {}).get("total", 0), by_disposal.get(d, {}).get("done", 0))
                               for d in Disposal])
