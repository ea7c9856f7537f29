"""A request's clock counts Chinese working days as the State Council's notice sets them: over 2025's
National Day and Mid-Autumn holiday (1–8 October off, Sunday 28 September and Saturday 11 October worked)
it stands still for the holiday and runs on the 调休 days; one extension moves the resolve day to 30
working days from filing; a park's own limits apply to requests filed after they are set."""

from datetime import date

import pytest
from django.utils import timezone

from parkops.org.choices import Role
from parkops.services import services
from parkops.services.choices import Light, Status
from parkops.services.lights import request_light
from parkops.services.rules import Limits, due_days, workdays_taken
from parkops.testing.factories import EnterpriseFactory, ParkFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

DEFAULTS = Limits(accept_days=1, reply_days=3, resolve_days=15, extended_days=30)


def test_a_request_filed_on_the_eve_of_national_day_waits_for_the_holiday_to_pass():
    due = due_days(date(2025, 9, 30), DEFAULTS)
    assert due.accept_due == date(2025, 10, 9)  # 1–8 October off: the next working day is Thursday the 9th
    assert due.reply_due == date(2025, 10, 11)  # 9, 10, and the 调休 Saturday 11 October
    # 9–11 Oct (3), 13–17 (8), 20–24 (13), 27 (14), 28 (15)
    assert due.resolve_due == date(2025, 10, 28)


def test_the_worked_sunday_before_the_holiday_counts():
    # Filed on Saturday 27 September: Sunday the 28th is a 调休 working day, so acceptance is due then.
    assert due_days(date(2025, 9, 27), DEFAULTS).accept_due == date(2025, 9, 28)


def test_the_extension_runs_to_thirty_working_days_from_filing():
    # 15 working days to 28 Oct, then 29, 30, 31 Oct (18), 3–7 Nov (23), 10–14 (28), 17 (29), 18 (30).
    assert due_days(date(2025, 9, 30), DEFAULTS, extended=True).resolve_due == date(2025, 11, 18)


def test_working_days_taken_skip_the_holiday_and_count_the_worked_saturday():
    assert workdays_taken(date(2025, 9, 30), date(2025, 10, 11)) == 3
    assert workdays_taken(date(2025, 9, 26), date(2025, 9, 28)) == 1  # Saturday off, Sunday worked


@pytest.fixture
def filed_before_the_holiday(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2025, 9, 30))
    park = ParkFactory()
    supervisor = UserFactory(role=Role.SUPERVISOR)
    request = services.request_file(park=park, user=supervisor, enterprise=EnterpriseFactory(park=park),
                                    content="请协调办理节后开工用电", unit=UnitFactory(park=park))
    return request, supervisor


def test_the_light_does_not_turn_red_during_the_holiday_but_the_day_after_the_missed_day(filed_before_the_holiday):
    request, _ = filed_before_the_holiday
    assert request.status == Status.ROUTED
    # Through the holiday acceptance is due the next working day, 9 October: 临期, never 逾期.
    for day in (1, 3, 8):
        assert request_light(request, today=date(2025, 10, day)).light == Light.DUE_SOON
    assert request_light(request, today=date(2025, 10, 9)).light == Light.DUE_SOON
    late = request_light(request, today=date(2025, 10, 10))
    assert late.light == Light.OVERDUE
    assert "2025年10月9日" in late.reason and "受理" in late.reason


def test_an_extended_request_resolved_before_its_new_day_is_on_time(filed_before_the_holiday, monkeypatch):
    request, supervisor = filed_before_the_holiday
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2025, 10, 9))
    services.request_accept(request=request, user=supervisor)
    services.request_extend(request=request, reason="需供电公司现场勘查后方能确定方案", user=supervisor)
    assert request.resolve_due == date(2025, 11, 18)
    assert request.reply_due == date(2025, 10, 11)  # the reply clock is not extended
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2025, 11, 17))
    services.request_resolve(request=request, result="已完成增容", user=supervisor)
    assert request_light(request, today=date(2025, 11, 20)).light == Light.DONE


def test_a_request_may_be_extended_once_only(filed_before_the_holiday, monkeypatch):
    from django.core.exceptions import ValidationError

    request, supervisor = filed_before_the_holiday
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2025, 10, 9))
    services.request_accept(request=request, user=supervisor)
    with pytest.raises(ValidationError, match="说明理由"):
        services.request_extend(request=request, reason=" ", user=supervisor)
    services.request_extend(request=request, reason="等待上级批复", user=supervisor)
    with pytest.raises(ValidationError, match="已于2025年10月9日延期一次"):
        services.request_extend(request=request, reason="再等等", user=supervisor)


def test_a_parks_own_limits_apply_to_requests_filed_afterwards(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2025, 11, 3))
    park = ParkFactory()
    supervisor = UserFactory(role=Role.SUPERVISOR)
    before = services.request_file(park=park, user=supervisor, enterprise_name="甲企业", content="旧时限下的诉求")
    services.limits_set(park=park, user=supervisor, accept_days=1, reply_days=2, resolve_days=10, extended_days=25)
    after = services.request_file(park=park, user=supervisor, enterprise_name="乙企业", content="新时限下的诉求")
    assert before.resolve_due == date(2025, 11, 24)  # 15 working days from Monday 3 November
    assert after.resolve_due == date(2025, 11, 17)  # 10
    assert after.reply_due == date(2025, 11, 5)
