"""The demo park's land: the seeds' 13 parcels, 536 亩 under the seven methods, the idle ones found idle by
the rule, five cases closed this year against the 350 亩 target, and a second run adds nothing."""

from datetime import date
from decimal import Decimal

import pytest

from parkops.core.metrics import get
from parkops.land import selectors
from parkops.land.choices import BUILTIN_METHODS, UseStatus
from parkops.land.demo import build_land
from parkops.land.models import DisposalCase, DisposalStep, Parcel, RevitaliseTarget
from parkops.org.demo import build_organisation

pytestmark = pytest.mark.django_db


def test_the_demo_park_has_the_seed_ledger_and_adds_nothing_the_second_time():
    park = build_organisation()
    today = date.today()
    build_land(park, today)

    assert Parcel.objects.count() == 13
    assert sum((p.area_mu for p in Parcel.objects.all()), Decimal(0)) == Decimal("536")
    assert set(DisposalCase.objects.values_list("method__name", flat=True)) == set(BUILTIN_METHODS)
    rows = selectors.with_findings(selectors.park_parcels(park=park), today=today, park=park)
    statuses = {row.parcel.holder_name: row.finding.status for row in rows}
    assert statuses["江西恒达化纤有限公司"] == UseStatus.IDLE  # agreed to start long ago, never started
    assert statuses["江西德源发新能源有限公司"] == UseStatus.NORMAL  # collected (收回) this year
    assert get("land.revitalised_mu").read(park=park, year=today.year, as_of=today).value == Decimal("273.3")
    assert RevitaliseTarget.objects.get(park=park, year=today.year).target_mu == Decimal("350")
    steps = DisposalStep.objects.count()

    build_land(park, today)

    assert Parcel.objects.count() == 13 and DisposalStep.objects.count() == steps
