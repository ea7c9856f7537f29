"""信访与平安's figures as named metrics (core.metrics), declared in site.py: what a supervision target such
as "非公企业党组织覆盖率达到50%" or "信访件按期办结率100%" is bound to, so its light follows the records."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.urls import reverse

from parkops.core.metrics import Metric, MetricRecord
from parkops.stability import rules, selectors
from parkops.stability.models import Case


def _coverage_rate(*, park, year: int, as_of: date) -> Decimal | None:
    campaign = selectors.current_campaign(park=park)
    return selectors.coverage_figures(campaign, on=as_of).rate_pct if campaign else None


def _coverage_records(*, park, year: int, as_of: date) -> list[MetricRecord]:
    campaign = selectors.current_campaign(park=park)
    if campaign is None:
        return []
    url = reverse("stability:coverage")
    return [MetricRecord(entry.enterprise_name, url, note=f"{entry.get_form_display()}"
                         + (f"，{entry.organisation}" if entry.organisation else "")
                         + (f"，{entry.covered_on:%Y年%-m月%-d日}覆盖" if entry.covered_on else "，攻坚前已覆盖"))
            for entry in campaign.entries.filter(is_target=True).order_by("covered_on", "enterprise_name")
            if entry.covered_before or (entry.covered_on and entry.covered_on <= as_of)]


def _cases_of_year(park, year: int, as_of: date):
    return Case.objects.filter(park=park, received_on__range=(date(year, 1, 1), as_of))


def _closed_on_time(*, park, year: int, as_of: date) -> Decimal | None:
    figures, _ = selectors.case_figures(park=park, start=date(year, 1, 1), end=as_of)
    return None if not figures.received else rules.rate_pct(figures.closed_on_time, figures.received)


def _case_records(*, park, year: int, as_of: date) -> list[MetricRecord]:
    return [MetricRecord(str(case), reverse("stability:case_detail", args=[case.pk]),
                         note=f"受理{case.received_on:%-m月%-d日}，时限{case.due_on:%-m月%-d日}"
                              + (f"，{case.closed_on:%-m月%-d日}办结" if case.closed_on else "，未办结"))
            for case in _cases_of_year(park, year, as_of)]


METRICS = (
    Metric("stability.party_coverage_pct", "非公企业党组织覆盖率", "%", _coverage_rate, _coverage_records,
           accumulates=False, description="两个覆盖攻坚对象中已覆盖（单建、联合或派驻党建指导员）的比重（截至当日）"),
    Metric("stability.cases_on_time_pct", "信访件按期办结率", "%", _closed_on_time, _case_records, accumulates=False,
           description="本年受理的信访件、12345工单中，在办理时限内办结的比重"),
)
