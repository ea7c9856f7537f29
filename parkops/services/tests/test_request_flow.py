"""A request's life as its people live it: the enterprise files it, the park routes it, the unit accepts,
answers and resolves it, the enterprise rates it or asks for it again; each is told what is theirs to do;
an overdue one is on the unit's and the supervisor's 今日待办, is chased, and may be handed to supervision."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from parkops.core import events
from parkops.org.choices import Role
from parkops.services import selectors, services
from parkops.services.choices import EventKind, Rating, Source, Status
from parkops.services.today import items_for
from parkops.testing.factories import (
    EnterpriseFactory,
    EnterpriseUserFactory,
    ParkFactory,
    PlanFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
MONDAY = date(2025, 11, 3)


@pytest.fixture
def today(monkeypatch):
    state = {"day": MONDAY}
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: state["day"])
    return state


@pytest.fixture
def park():
    return ParkFactory()


@pytest.fixture
def people(park):
    unit = UnitFactory(park=park, name="工信局")
    enterprise = EnterpriseFactory(park=park, name="江西乾照光电有限公司")
    return {
        "unit": unit,
        "enterprise": enterprise,
        "qiye": EnterpriseUserFactory(username="qiye1", enterprise=enterprise),
        "duban": UserFactory(username="duban", role=Role.SUPERVISOR),
        "gxj": UserFactory(username="gxj", role=Role.REPORTER, unit=unit),
    }


HEARD: list = []


@pytest.fixture(autouse=True)
def told(monkeypatch):
    """The notices told (core.events), as the notices module hears them: in-app messages and channels."""
    HEARD.clear()
    monkeypatch.setattr(events, "_listeners", [*events._listeners, HEARD.append])


def _messages(user) -> list[str]:
    return [notice.title for notice in HEARD if user in notice.users and user not in notice.exclude]


def test_a_request_goes_from_the_enterprise_to_the_unit_and_back_to_its_rating(
        park, people, today, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = services.request_file(park=park, user=people["qiye"], content="二期厂房需增容变压器",
                                        category="utilities", contact="张经理 13800000000")
    assert request.enterprise == people["enterprise"] and request.source == Source.ENTERPRISE
    assert request.status == Status.SUBMITTED
    assert _messages(people["duban"]) == ["新的企业诉求：江西乾照光电有限公司"]

    with django_capture_on_commit_callbacks(execute=True):
        services.request_route(request=request, unit=people["unit"], user=people["duban"])
    assert _messages(people["gxj"]) == ["企业诉求待受理：江西乾照光电有限公司"]

    today["day"] = date(2025, 11, 4)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_accept(request=request, user=people["gxj"])
        services.request_reply(request=request, text="已联系供电公司，本周现场勘查", user=people["gxj"])
    today["day"] = date(2025, 11, 12)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_resolve(request=request, result="已完成增容，11月12日送电", user=people["gxj"])
    assert request.status == Status.RESOLVED and request.replied_on == date(2025, 11, 4)
    assert _messages(people["qiye"]) == ["您的诉求已受理", "您的诉求已答复", "您的诉求已办结，请评价"]
    assert [item.kind for item in items_for(people["qiye"], today["day"])] == ["待评价"]

    services.request_rate(request=request, rating=Rating.SATISFIED, note="响应很快", user=people["qiye"])
    assert request.rating == Rating.SATISFIED
    assert list(request.events.values_list("kind", flat=True)) == [
        EventKind.FILED, EventKind.ROUTED, EventKind.ACCEPTED, EventKind.REPLIED, EventKind.RESOLVED, EventKind.RATED]
    tally = selectors.total([request], today=today["day"])
    assert (tally.resolved_rate, tally.on_time_rate, tally.satisfied_rate) == (100, 100, 100)


def test_an_unsatisfied_enterprise_reopens_its_request_on_a_fresh_clock(park, people, today):
    request = services.request_file(park=park, user=people["qiye"], content="排水沟堵塞", unit=None)
    services.request_route(request=request, unit=people["unit"], user=people["duban"])
    services.request_accept(request=request, user=people["gxj"])
    services.request_resolve(request=request, result="已疏通", user=people["gxj"])
    services.request_rate(request=request, rating=Rating.UNSATISFIED, note="仍然积水", user=people["qiye"])
    today["day"] = date(2025, 11, 10)
    services.request_reopen(request=request, reason="雨天厂区仍积水", user=people["qiye"])
    assert request.status == Status.ACCEPTED and request.reopen_count == 1
    assert request.rating == "" and request.resolved_on is None
    assert request.resolve_due == date(2025, 12, 1)  # 15 working days from Monday 10 November
    with pytest.raises(ValidationError, match="办结后才能评价"):
        services.request_rate(request=request, rating=Rating.SATISFIED, user=people["qiye"])


def test_an_enterprise_files_only_for_itself(park, people, today):
    other = EnterpriseFactory(park=park, name="德安精密模具有限公司")
    request = services.request_file(park=park, user=people["qiye"], enterprise=other, unit=people["unit"],
                                    content="想替别的企业提")
    assert request.enterprise == people["enterprise"]
    assert request.unit is None  # routing is the park's


def test_an_overdue_request_is_on_the_units_and_the_supervisors_list_and_chased_once_a_day(
        park, people, today, django_capture_on_commit_callbacks):
    request = services.request_file(park=park, user=people["duban"], enterprise=people["enterprise"],
                                    content="融资担保材料", unit=people["unit"], filed_on=date(2025, 10, 20))
    assert [(i.kind, i.urgent) for i in items_for(people["gxj"], MONDAY)] == [("诉求逾期", True)]
    assert [i.kind for i in items_for(people["duban"], MONDAY)] == ["诉求逾期"]
    assert items_for(people["qiye"], MONDAY) == []
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notify_overdue(today=MONDAY) == 1
        services.notify_overdue(today=MONDAY)
    # Told twice the same day under one key: the notices module delivers a key once.
    keys = {notice.key for notice in HEARD if people["gxj"] in notice.users}
    assert keys == {f"request-overdue-{request.pk}-2025-11-03"}
    assert _messages(people["gxj"])[0] == "企业诉求逾期：江西乾照光电有限公司"
    assert request.pk in set(services.overdue_requests(today=MONDAY).values_list("pk", flat=True))


def test_an_overdue_request_handed_to_supervision_becomes_a_task_of_its_unit(park, people, today):
    plan = PlanFactory(park=park, year=2025)
    request = services.request_file(park=park, user=people["duban"], enterprise=people["enterprise"],
                                    content="用地指标协调", unit=people["unit"], filed_on=date(2025, 10, 9))
    task = services.request_to_task(request=request, plan=plan, user=people["duban"])
    assert list(task.lead_units) == [people["unit"]]
    assert task.deadline == request.resolve_due
    assert "【企业诉求】江西乾照光电有限公司：用地指标协调" in task.text
    with pytest.raises(ValidationError, match="已转为督办任务"):
        services.request_to_task(request=request, plan=plan, user=people["duban"])


def test_rates_by_unit_count_on_time_against_the_extended_day_and_both_kinds_of_satisfied(park, people, today):
    other_unit = UnitFactory(park=park, name="自然资源局")
    rows = []
    for unit, done_on, rating in ((people["unit"], date(2025, 11, 5), Rating.SATISFIED),
                                  (people["unit"], date(2025, 11, 28), Rating.FAIRLY),  # after its 15 days
                                  (people["unit"], None, ""),
                                  (other_unit, date(2025, 11, 6), Rating.UNSATISFIED)):
        today["day"] = MONDAY
        request = services.request_file(park=park, user=people["duban"], enterprise=people["enterprise"],
                                        content="诉求", unit=unit)
        services.request_accept(request=request, user=people["duban"])
        if done_on:
            today["day"] = done_on
            services.request_resolve(request=request, result="已办", user=people["duban"])
            services.request_rate(request=request, rating=rating, user=people["qiye"])
        rows.append(request)
    by_unit = dict(selectors.tallies_by_unit(rows, today=date(2025, 11, 28)))
    gxj = by_unit["工信局"]
    assert (gxj.total, gxj.resolved, gxj.on_time, gxj.rated, gxj.satisfied) == (3, 2, 1, 2, 2)
    assert (str(gxj.resolved_rate), str(gxj.on_time_rate), str(gxj.satisfied_rate)) == ("66.67", "50.00", "100.00")
    assert str(by_unit["自然资源局"].satisfied_rate) == "0.00"
