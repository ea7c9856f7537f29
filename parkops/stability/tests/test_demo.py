"""The demo park's 信访与平安 holds the seeds' figures: 信访件20件 and 12345等56件, 纠纷30余起 化解, and the
两个覆盖 campaign's 摸排353家、攻坚对象288家、已覆盖94家、单建11个、联合12个、覆盖率由11.1%上升到43%, read
through the one selector every page, metric and report uses; a second run adds nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from parkops.core.metrics import get as metric
from parkops.org.demo import build_organisation
from parkops.stability import selectors
from parkops.stability.demo import build_stability
from parkops.stability.models import Case, CoverageEntry, Dispute

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 3)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def test_the_demo_holds_the_seeds_figures():
    park = build_organisation()
    build_stability(park, TODAY)
    build_stability(park, TODAY)
    assert Case.objects.filter(kind="petition").count() == 20
    assert Case.objects.exclude(kind="petition").count() == 56
    assert not Case.objects.filter(kind="petition", closed_on__isnull=True).exists()  # 均已处理完毕
    assert Dispute.objects.count() == 32 and Dispute.objects.filter(result="resolved").count() == 30

    figures = selectors.coverage_figures(selectors.current_campaign(park=park), on=TODAY)
    assert (figures.surveyed, figures.targets, figures.covered_in_campaign) == (353, 288, 94)
    assert (figures.single_branches, figures.joint_branches) == (11, 12)
    assert figures.baseline_pct == Decimal("11.1") and round(figures.rate_pct) == 43
    assert CoverageEntry.objects.count() == 353
    reading = metric("stability.party_coverage_pct").read(park=park, year=2026, as_of=TODAY)
    assert reading.value == figures.rate_pct
