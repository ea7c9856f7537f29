"""The demo's 大排查大整治 (seed 001, one in five): inspections of enterprises and 九小场所, hazards in every state
of the loop, overdue ones escalated and a 重大 one 挂牌督办, a failed recheck, photos before and after; a
second run adds nothing."""

import pytest

from parkops.safety.choices import Status, Step
from parkops.safety.demo import HAZARDS, build_safety
from parkops.safety.models import Hazard, HazardPhoto, HazardStep, Inspection
from parkops.safety.selectors import overdue
from parkops.safety.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_the_demo_holds_every_state_of_the_loop_and_runs_once(park):
    inspected, found = build_safety(park, TODAY)
    assert found == len(HAZARDS) == Hazard.objects.count() == 30
    assert inspected == Inspection.objects.count() >= 30
    assert Inspection.objects.filter(place_kind="small_place").count() >= 5
    assert set(Hazard.objects.values_list("status", flat=True)) == set(Status)
    assert overdue(Hazard.objects.all(), today=TODAY).count() >= 2
    assert Hazard.objects.filter(level="major", listed_on__isnull=False).exclude(status=Status.CLOSED).count() >= 2
    assert HazardStep.objects.filter(step=Step.RECHECK_FAIL).exists()
    assert set(HazardPhoto.objects.values_list("stage", flat=True)) == {"before", "after"}

    assert build_safety(park, TODAY) == (inspected, found)
    assert Hazard.objects.count() == 30
