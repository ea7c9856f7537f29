"""The demo's 生态环境 (seed 001): feedback items of the three levels in every state of the 销号 flow, one reopened
by its 回头看; outlets of registry enterprises with their limits and readings, one over its limit with its hazard
and supervision task; the 小散乱污 list with its three disposals; a second run adds nothing."""

import pytest

from parkops.environment.choices import Disposal, FeedbackStatus
from parkops.environment.demo import FEEDBACK, POLLUTERS, build_environment
from parkops.environment.models import FeedbackItem, Reading, SmallPolluter
from parkops.environment.tests.conftest import TODAY
from parkops.safety.models import Hazard
from parkops.testing.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_the_demo_holds_every_state_and_runs_once(park, supervisor):
    EnterpriseFactory(park=park, name="江西维科技术有限公司")
    EnterpriseFactory(park=park, name="德安金鑫铸造有限公司")
    counts = build_environment(park, TODAY)
    assert counts["feedback"] == len(FEEDBACK) == FeedbackItem.objects.count()
    assert set(FeedbackItem.objects.values_list("status", flat=True)) == set(FeedbackStatus)
    assert FeedbackItem.objects.filter(reopened_count=1).count() == 1
    assert all(item.task_id for item in FeedbackItem.objects.all())
    assert counts["outlets"] == 4 and counts["readings"] == Reading.objects.count() == 4 * 6 * 3
    over = Reading.objects.get(over_limit=True)
    assert over.hazard is not None and over.task is not None and counts["over"] == 1
    assert set(SmallPolluter.objects.values_list("disposal", flat=True)) == set(Disposal)
    assert counts["polluters"] == len(POLLUTERS)

    assert build_environment(park, TODAY) == counts
    assert Hazard.objects.count() == 1 and FeedbackItem.objects.count() == len(FEEDBACK)
