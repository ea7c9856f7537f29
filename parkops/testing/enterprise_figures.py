"""Enterprises with the figures a policy reads, written as the economy and projects modules keep them."""

from __future__ import annotations

from datetime import date, timedelta
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


def bulk_growers(park, count: int, *, start: int = 0, period: date = date(2025, 10, 1)) -> list:
    """`count` 规上 enterprises, each 1-N月 营业收入 20% above the same months a year before, written in bulk."""
    from parkops.economy.models import Enterprise
    from parkops.testing.factories import credit_code

    made = Enterprise.objects.bulk_create([
        Enterprise(park=park, credit_code=credit_code(900000 + n), name=f"增长企业{n:04d}有限公司",
                   normalised_name=f"增长企业{n:04d}有限公司") for n in range(start, start + count)])
    revenue = Indicator.objects.get(code="revenue")
    ScaleMembership.objects.bulk_create([ScaleMembership(enterprise=e, entered_period=date(2020, 1, 1)) for e in made])
    IndicatorValue.objects.bulk_create(
        [IndicatorValue(enterprise=e, indicator=revenue, period=period, cumulative=Decimal("12000")) for e in made]
        + [IndicatorValue(enterprise=e, indicator=revenue, period=date(period.year - 1, period.month, 1),
                          cumulative=Decimal("10000")) for e in made])
    return made


def bulk_applications(clause, enterprises, *, applied_on: date) -> None:
    """A cash-out of `clause` for each enterprise, in every state, with their clocks, written in bulk."""
    from parkops.policies.models import Application

    states = ("submitted", "approved", "paid", "rejected")
    rows = []
    for n, found in enumerate(enterprises):
        state = states[n % len(states)]
        rows.append(Application(
            clause=clause, enterprise=found, source="matched" if n % 2 else "enterprise", status=state,
            applied_on=applied_on, review_due=applied_on + timedelta(days=7),
            reviewed_on=applied_on if state != "submitted" else None,
            amount=Decimal("10") if state in ("approved", "paid") else None,
            payment_due=applied_on + timedelta(days=90) if state in ("approved", "paid") else None,
            paid_on=applied_on + timedelta(days=n % 30) if state == "paid" else None,
            paid_amount=Decimal("10") if state == "paid" else None, figures=["规上工业企业：是"]))
    Application.objects.bulk_create(rows)
