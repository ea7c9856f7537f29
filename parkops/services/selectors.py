"""Reads of 企业服务 that are more than a filter: the listing with its lights, the figures by unit and
month (rules.Tally), an enterprise's own monthly figures (economy's, through its selectors)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from parkops.core.periods import month_start
from parkops.economy import selectors as economy_selectors
from parkops.services.lights import RequestLight, request_light
from parkops.services.models import ServiceRequest
from parkops.services.rules import Tally


@dataclass
class Row:
    request: ServiceRequest
    light: RequestLight


def listing(requests: QuerySet[ServiceRequest]) -> QuerySet[ServiceRequest]:
    return requests.select_related("enterprise", "unit", "park", "supervision_task", "supervision_task__plan")


def with_lights(requests, *, today: date) -> list[Row]:
    return [Row(request, request_light(request, today=today)) for request in requests]


def tallies_by_unit(requests, *, today: date) -> list[tuple[str, Tally]]:
    """办结率, 按时办结率, 满意率 of each unit (未分派 for those not routed yet), the most requests first."""
    found: dict[str, Tally] = {}
    for request in requests:
        found.setdefault(str(request.unit) if request.unit_id else "未分派", Tally()).add(request, today=today)
    return sorted(found.items(), key=lambda item: (-item[1].total, item[0]))


def tallies_by_month(requests, *, today: date) -> list[tuple[date, Tally]]:
    """The same by the month filed, latest first."""
    found: dict[date, Tally] = {}
    for request in requests:
        found.setdefault(month_start(request.filed_on), Tally()).add(request, today=today)
    return sorted(found.items(), reverse=True)


def total(requests, *, today: date) -> Tally:
    tally = Tally()
    for request in requests:
        tally.add(request, today=today)
    return tally


def month_requests(requests: QuerySet[ServiceRequest], *, month: date) -> QuerySet[ServiceRequest]:
    """The requests filed in a month, and those still open from before it (the 通报's subject)."""
    start = month_start(month)
    end = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return requests.filter(filed_on__gte=start, filed_on__lt=end)


def enterprise_figures(*, enterprise, year: int):
    return economy_selectors.enterprise_months(enterprise_id=enterprise.pk, year=year)
