"""Overdue hazards, chased like a project's problems: the light turns 临期 then 逾期; past the days the rules
allow they go to the supervisors and a 重大 one is 挂牌督办, once; 今日待办 lists them for the supervisor and the
unit responsible, and the 挂牌督办 ones for the leaders."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command

from parkops.safety import services
from parkops.safety.choices import Escalation, Level
from parkops.safety.lights import hazard_light
from parkops.safety.tests.conftest import TODAY
from parkops.safety.tests.helpers import hazard
from parkops.safety.today import items_for
from parkops.testing.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def _issued(park, user, *, deadline: date, **fields):
    found = hazard(park, user, found_on=deadline - timedelta(days=40), **fields)
    return services.hazard_issue(hazard=found, user=user, measures="限期整改", deadline=deadline,
                                 on=deadline - timedelta(days=40))


def test_the_light_turns_due_soon_then_overdue(park, supervisor):
    issued = services.hazard_issue(hazard=hazard(park, supervisor), user=supervisor, measures="整改",
                                   deadline=TODAY + timedelta(days=2))
    assert hazard_light(issued, today=TODAY).label == "临期"
    assert hazard_light(issued, today=TODAY + timedelta(days=3)).label == "逾期"
    assert "1天" in hazard_light(issued, today=TODAY + timedelta(days=3)).reason


def test_overdue_hazards_reach_the_supervisors_and_a_major_one_is_listed_once(park, unit, supervisor, notices):
    general = _issued(park, supervisor, deadline=TODAY - timedelta(days=10), responsible_unit=unit)
    major = _issued(park, supervisor, deadline=TODAY - timedelta(days=10), level=Level.MAJOR, description="重大隐患")
    recent = _issued(park, supervisor, deadline=TODAY - timedelta(days=1), description="昨天到期")

    changes = services.escalate_overdue_hazards(today=TODAY)
    assert {c.hazard.pk for c in changes} == {general.pk, major.pk}
    major.refresh_from_db(), general.refresh_from_db(), recent.refresh_from_db()
    assert (major.escalation, major.listed_on) == (Escalation.SUPERVISOR, TODAY)
    assert (general.escalation, general.listed_on, recent.escalation) == (Escalation.SUPERVISOR, None, Escalation.NONE)
    assert any("已报督办员" in n.title and supervisor in n.users for n in notices)

    assert services.escalate_overdue_hazards(today=TODAY) == []  # a second run changes nothing


def test_the_command_escalates_too(park, supervisor, capsys):
    _issued(park, supervisor, deadline=TODAY - timedelta(days=10))
    call_command("escalate_hazards", "--date", TODAY.isoformat())
    assert "升级1条逾期隐患" in capsys.readouterr().out


def test_today_lists_overdue_hazards_for_the_supervisor_and_the_unit_and_listed_ones_for_leaders(park, unit, supervisor,
                                                                                                 reporter, leader):
    own = _issued(park, supervisor, deadline=TODAY - timedelta(days=5), responsible_unit=unit, level=Level.MAJOR)
    other = _issued(park, supervisor, deadline=TODAY - timedelta(days=5), description="外单位的隐患",
                    responsible_unit=UnitFactory(park=park, name="商务局"))
    services.hazard_list(hazard=own, user=supervisor)

    assert {item.title for item in items_for(supervisor, TODAY)} == {str(own), str(other)}
    assert [item.title for item in items_for(reporter, TODAY)] == [str(own)]
    assert [item.kind for item in items_for(leader, TODAY)] == ["挂牌督办"]
    assert items_for(UserFactory(role="viewer"), TODAY) == []
