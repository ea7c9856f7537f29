"""An overdue case is chased as a project's problem is: on the 今日待办 of its unit and of the supervisor,
escalated to the supervisor the day after its clock runs out and to its 包案领导 some working days later,
each told once; running the escalation twice changes nothing."""

from datetime import date

import pytest
from django.core.management import call_command
from django.test import override_settings

from parkops.core import events
from parkops.org.choices import Role
from parkops.stability import services
from parkops.stability.choices import Escalation
from parkops.stability.models import Case
from parkops.stability.today import items_for
from parkops.testing.factories import CaseFactory, ParkFactory, PersonFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue_case():
    park = ParkFactory()
    unit = UnitFactory(park=park, name="城管局")
    leader = PersonFactory(park=park, name="涂志峰")
    # 求助 received on 30 September 2025: due on the 调休 Saturday 11 October.
    case = CaseFactory(park=park, kind="help", received_on=date(2025, 9, 30), handling_unit=unit, leader=leader)
    return case, UserFactory(role=Role.SUPERVISOR), UserFactory(role=Role.REPORTER, unit=unit), \
        UserFactory(role=Role.LEADER, person=leader)


@pytest.fixture
def told(monkeypatch) -> list[events.Notice]:
    notices: list[events.Notice] = []
    monkeypatch.setattr(events, "tell", notices.append)
    return notices


def _told(notices, user) -> list[str]:
    return [notice.title for notice in notices if user in notice.users]


@override_settings(STABILITY_ESCALATE_TO_LEADER_WORKDAYS=3)
def test_an_overdue_case_goes_to_the_supervisor_then_to_its_leader(overdue_case, told):
    case, supervisor, reporter, leader = overdue_case
    assert services.escalate_overdue_cases(today=date(2025, 10, 11)) == []  # its last day
    [change] = services.escalate_overdue_cases(today=date(2025, 10, 13))
    assert change.after == Escalation.SUPERVISOR
    assert "报督办员" in _told(told, supervisor)[0]
    assert _told(told, leader) == []
    assert [i.kind for i in items_for(reporter, date(2025, 10, 13))] == ["信访件逾期"]
    assert items_for(leader, date(2025, 10, 13)) == []

    [change] = services.escalate_overdue_cases(today=date(2025, 10, 17))  # 4 working days late
    assert services.escalate_overdue_cases(today=date(2025, 10, 17)) == []
    assert Case.objects.get(pk=case.pk).escalation == Escalation.LEADER
    assert len(_told(told, leader)) == 1 and "报包案领导" in _told(told, leader)[0]
    assert [i.kind for i in items_for(leader, date(2025, 10, 17))] == ["信访件逾期"]


def test_the_daily_command_reports_what_it_escalated(overdue_case, capsys):
    call_command("escalate_cases", "--date", "2025-10-14")
    assert "已升级1件逾期信访件" in capsys.readouterr().out


def test_a_closed_case_is_never_escalated(overdue_case):
    case, supervisor, *_ = overdue_case
    services.case_reply(case=case, reply="已协调供电部门增容。", on=date(2025, 10, 10), user=supervisor)
    services.case_review(case=case, visited_on=date(2025, 10, 10), satisfaction="satisfied", user=supervisor)
    assert services.escalate_overdue_cases(today=date(2025, 11, 1)) == []
