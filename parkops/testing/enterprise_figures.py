"""Enterprises with the figures a policy reads, written as the economy and projects modules keep them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from parkops.economy.models import (
    EvaluationResult,
    EvaluationScheme,
    Honour,
    Indicator,
    IndicatorValue,
    ScaleMembership,
)
from parkops.testing.factories import (
    EnterpriseFactory,
    IndustryChainFactory,
    MonthlyProgressFactory,
    ProjectFactory,
)


def enterprise(park, name: str, *, scale_from: date | None = None, scale_until: date | None = None,
               revenue: dict[date, str] | None = None, rnd: dict[date, str] | None = None,
               honours: tuple[tuple[str, date, date | None], ...] = (), grade: str | None = None,
               chain: str | None = None, invested: tuple[str, str] | None = None):
    """An enterprise of the registry with its 规上 stretch, 1-N月 revenue and R&D (万元), honours, 亩均 class,
    chain, and a key project built under its name with (录入前已完成, one month reported) investment."""
    found = EnterpriseFactory(park=park, name=name,
                              chain=IndustryChainFactory(park=park, name=chain) if chain else None)
    if scale_from:
        ScaleMembership.objects.create(enterprise=found, entered_period=scale_from, left_period=scale_until)
    for code, figures in (("revenue", revenue or {}), ("rnd", rnd or {})):
        indicator = Indicator.objects.get(code=code)
        for period, value in figures.items():
            IndicatorValue.objects.create(enterprise=found, indicator=indicator, period=period,
                                          cumulative=Decimal(value))
    for title, awarded, expires in honours:
        Honour.objects.create(enterprise=found, name=title, awarded_on=awarded, expires_on=expires)
    if grade:
        scheme, _ = EvaluationScheme.objects.get_or_create(park=park, year=2024)
        EvaluationResult.objects.create(scheme=scheme, enterprise=found, grade=grade)
    if invested:
        project = ProjectFactory(park=park, name=f"{name}项目", enterprise_name=name, invested_before=Decimal(invested[0]))
        MonthlyProgressFactory(project=project, period=date(2025, 6, 1), invested=Decimal(invested[1]))
    return found
