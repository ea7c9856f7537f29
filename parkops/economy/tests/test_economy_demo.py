"""The demo park's economy tells the seeds' story, and its 亩均 classes can be worked out by hand."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from parkops.economy import figures
from parkops.economy.models import EvaluationResult, EvaluationScheme, IndicatorValue, PeriodClose
from parkops.org.models import Park

TODAY = date(2026, 11, 20)


@pytest.fixture
def demo(db, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    call_command("load_demo", stdout=StringIO())  # the whole demo, economy included
    return Park.objects.get()


def test_the_demo_economy_follows_seed_001(demo):
    april = figures.economy_summary(park=demo, period=date(2024, 4, 1))
    october = figures.economy_summary(park=demo, period=date(2026, 10, 1))

    # 新增规上企业5家，总数达231家; 主营业务收入增幅16.39%, 研发投入增幅27.22%: near them, not copies.
    assert (april.enterprises, april.new_enterprises) == (231, 5)
    assert Decimal(13) < april.indicators["main_revenue"].yoy_same_basis_pct < Decimal(19)
    assert Decimal(22) < april.indicators["rnd"].yoy_same_basis_pct < Decimal(32)
    assert Decimal(80) < april.leading_share_pct < Decimal(92)  # seed: 87.83%
    # Three years to last month, closed but for the last one.
    assert IndicatorValue.objects.filter(period=date(2023, 1, 1)).exists()
    assert october.enterprises > 231 and not october.closed
    assert PeriodClose.objects.filter(period=date(2026, 9, 1)).exists()
    assert figures.economy_summary(park=demo, period=date(2025, 12, 1)).closed


def _by_hand(result: EvaluationResult) -> Decimal:
    """The default scheme worked out from the enterprise's December figures and its land, as a clerk
    would with a calculator: each metric weight × min(value ÷ benchmark, 1.2), energy the other way
    round, points to two places."""
    enterprise = result.enterprise
    december = {v.indicator.code: v.cumulative for v in IndicatorValue.objects.filter(
        enterprise=enterprise, period=date(2025, 12, 1)).select_related("indicator")}
    land = enterprise.land_mu
    values = {
        "tax_per_mu": (december["tax"] / land, Decimal(15), Decimal(40), False),
        "revenue_per_mu": (december["revenue"] / land, Decimal(300), Decimal(20), False),
        "output_per_employee": (december["output"] / december["employees"], Decimal(100), Decimal(15), False),
        "energy_per_output": (december["energy"] / december["output"], Decimal("0.3"), Decimal(15), True),
        "rnd_share": (december["rnd"] / december["revenue"] * 100, Decimal(3), Decimal(10), False),
    }
    total = Decimal(0)
    for value, benchmark, weight, lower_is_better in values.values():
        ratio = benchmark / value if lower_is_better else value / benchmark
        total += (weight * min(ratio, Decimal("1.2"))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return total


def _grade(score: Decimal) -> str:
    return "A" if score >= 80 else "B" if score >= 60 else "C" if score >= 40 else "D"


def test_the_demo_parks_classes_match_the_scheme_worked_by_hand(demo):
    """Three enterprises of each class (one demo load for all: it takes seconds)."""
    scheme = EvaluationScheme.objects.get(park=demo, year=2025)
    for grade in "ABCD":
        results = list(scheme.results.filter(grade=grade).select_related("enterprise")
                       .order_by("enterprise__name")[:3])
        assert results, f"the demo has no {grade} enterprise"
        for result in results:
            by_hand = _by_hand(result)
            assert abs(result.score - by_hand) <= Decimal("0.02"), (result.enterprise.name, result.score, by_hand)
            assert _grade(by_hand) == grade
    # Not rated (T): a plot under 3亩 or figures missing, each with its reason.
    not_rated = scheme.results.filter(grade="T").select_related("enterprise")
    assert not_rated.exists() and all(r.reason for r in not_rated)
