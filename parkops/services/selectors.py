"""Reads of 企业服务 that are more than a filter: the listing with its lights, the figures by unit and
month (rules.Tally), an enterprise's own monthly figures (economy's, through its selectors)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import QuerySet

from parkops.core.periods import month_start
from parkops.economy import selectors as economy_selectors
from parkops.policies import selectors as policy_selectors
from parkops.services.choices import Category, Rating
from parkops.services.lights import RequestLight, request_light
from parkops.services.models import SelfReport, ServiceRequest
from parkops.services.rules import Difference, Tally, compare


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


def enterprise_policies(*, enterprise, today: date):
    """The policies' clauses the enterprise matches or may apply for, with its own cash-outs (惠企政策兑现's
    selectors, the hand-over .importlinter names)."""
    return policy_selectors.policies_for_enterprise(enterprise=enterprise, as_of=today)


# -- 企业自报 -------------------------------------------------------------------------------------------


@dataclass
class Compared:
    """A self-report beside the bureau's figures of the same enterprise and month."""

    report: SelfReport
    rows: list[Difference]
    earlier: list[SelfReport]  # the revisions it corrected, latest first
    names: dict[str, str] | None = None

    @property
    def earlier_lines(self) -> list[tuple[SelfReport, str]]:
        """Each corrected revision with its figures in words: "营业收入 1200；税收 80"."""
        names = self.names or {}
        return [(old, "；".join(f"{names.get(code, code)} {value}" for code, value in old.figures.items()))
                for old in self.earlier]

    @property
    def flagged(self) -> list[Difference]:
        return [row for row in self.rows if row.flagged]


def compared(reports, *, with_history: bool = False) -> list[Compared]:
    """Current self-reports, each with the bureau's figures (two queries for them all) and, when asked, the
    revisions it replaced (one more)."""
    reports = list(reports)
    bureau = economy_selectors.bureau_figures(enterprise_ids={r.enterprise_id for r in reports},
                                              periods={r.period for r in reports})
    catalogue = economy_selectors.indicator_catalogue()
    earlier: dict[tuple[int, date], list[SelfReport]] = {}
    if with_history and reports:
        for old in SelfReport.objects.filter(enterprise_id__in={r.enterprise_id for r in reports}, is_current=False,
                                             period__in={r.period for r in reports}).order_by("-revision"):
            earlier.setdefault((old.enterprise_id, old.period), []).append(old)
    by_month: dict[tuple[int, date], dict[str, Decimal]] = {}
    for (pk, period, code), value in bureau.items():
        by_month.setdefault((pk, period), {})[code] = value
    found = []
    for report in reports:
        own = by_month.get((report.enterprise_id, report.period), {})
        found.append(Compared(report, compare(report.figures, own, catalogue),
                              earlier.get((report.enterprise_id, report.period), []),
                              {code: name for code, name, *_ in catalogue}))
    return found


def current_self_reports(*, park=None, enterprise=None):
    reports = SelfReport.objects.filter(is_current=True).select_related("enterprise", "reported_by")
    if park is not None:
        reports = reports.filter(enterprise__park=park)
    if enterprise is not None:
        reports = reports.filter(enterprise=enterprise)
    return reports.order_by("-period", "enterprise__name")


def indicator_catalogue():
    return economy_selectors.indicator_catalogue()


@dataclass
class MonthlyBulletin:
    """What the monthly 企业诉求办理通报 says: the month's requests and the year's so far, each with its
    rates, by unit; the requests overdue at the month's end and those rated 不满意."""

    period: date
    as_of: date
    month: Tally
    year: Tally
    by_unit: list[tuple[str, Tally]]
    by_category: list[tuple[str, int]]
    overdue: list[Row]
    unsatisfied: list[ServiceRequest]


def monthly_bulletin(*, park, period: date, today: date) -> MonthlyBulletin:
    start = month_start(period)
    end = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    as_of = min(today, end - timedelta(days=1))
    requests = list(listing(ServiceRequest.objects.filter(park=park, filed_on__lt=end,
                                                          filed_on__gte=date(start.year, 1, 1))))
    in_month = [r for r in requests if r.filed_on >= start]
    categories: dict[str, int] = {}
    for request in in_month:
        categories[request.category] = categories.get(request.category, 0) + 1
    open_rows = with_lights([r for r in requests if r.resolved_on is None or r.resolved_on > as_of], today=as_of)
    return MonthlyBulletin(
        period=start, as_of=as_of, month=total(in_month, today=as_of), year=total(requests, today=as_of),
        by_unit=tallies_by_unit(requests, today=as_of),
        # The most first; a tie in the categories' own order (用工, 融资, 用地 …).
        by_category=[(Category(value).label, count) for value, count in
                     sorted(categories.items(), key=lambda item: (-item[1], Category.values.index(item[0])))],
        overdue=[row for row in open_rows if row.light.overdue],
        unsatisfied=[r for r in in_month if r.rating == Rating.UNSATISFIED])
