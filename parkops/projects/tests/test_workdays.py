"""Working days as the State Council's holiday notice sets them, and the 签约至开工 approval clock.

The dates are the 2025 National Day and Mid-Autumn notice as the chinese-calendar package carries it:
1–8 October off, Sunday 28 September and Saturday 11 October worked in their place.
"""

from datetime import date

import pytest

from parkops.projects.workdays import approval_clock, count_workdays, is_workday, workdays_between
from parkops.testing.factories import ProjectFactory, StageEventFactory


def test_the_national_day_week_is_off_and_the_make_up_weekend_days_are_worked():
    assert not is_workday(date(2025, 10, 1))
    assert not is_workday(date(2025, 10, 8))
    assert is_workday(date(2025, 9, 28))  # a Sunday
    assert is_workday(date(2025, 10, 11))  # a Saturday
    assert not is_workday(date(2025, 10, 12))  # an ordinary Sunday


def test_a_thing_started_before_the_holiday_is_one_working_day_old_on_the_9th():
    assert workdays_between(date(2025, 9, 30), date(2025, 10, 9)) == 1


def test_the_make_up_days_count_on_both_sides_of_the_holiday():
    # 28 Sep (Sun), 29, 30 — then 9, 10, 11 (Sat) Oct; 12 Oct is a Sunday off.
    assert workdays_between(date(2025, 9, 26), date(2025, 10, 12)) == 6


def test_the_first_day_is_not_counted_and_an_end_before_the_start_counts_nothing():
    assert workdays_between(date(2025, 10, 13), date(2025, 10, 14)) == 1
    assert workdays_between(date(2025, 10, 14), date(2025, 10, 14)) == 0
    assert workdays_between(date(2025, 10, 14), date(2025, 10, 1)) == 0


def test_a_year_the_calendar_does_not_know_is_counted_monday_to_friday_and_said_so():
    count = count_workdays(date(2026, 12, 31), date(2027, 1, 4))

    # Friday 1 January and Monday 4 January: New Year's Day counts, since no notice says it is off.
    assert count.days == 2
    assert count.unknown_years == (2027,)


def signed_project(signed_on, started_on=None):
    project = ProjectFactory(stage="started" if started_on else "signed")
    StageEventFactory(project=project, stage="signed", on=signed_on)
    if started_on:
        StageEventFactory(project=project, stage="started", on=started_on)
    return project


@pytest.mark.django_db
def test_the_clock_from_signing_to_start_counts_working_days_across_national_day():
    project = signed_project(date(2025, 9, 26), date(2025, 10, 13))

    clock = approval_clock(project, today=date(2025, 11, 20))

    assert (clock.signed_on, clock.started_on, clock.workdays) == (date(2025, 9, 26), date(2025, 10, 13), 7)
    assert not clock.is_over
    assert clock.description == "签约至开工用时7个工作日（目标50个）"


@pytest.mark.django_db
def test_the_clock_runs_to_today_while_the_project_has_not_started():
    project = signed_project(date(2025, 9, 26))

    clock = approval_clock(project, today=date(2025, 10, 9))

    assert clock.workdays == 4
    assert clock.is_running
    assert clock.description == "已签约4个工作日，尚未开工（目标50个）"


@pytest.mark.django_db
def test_a_start_beyond_the_target_is_over_and_says_by_how_much(settings):
    settings.APPROVAL_CLOCK_TARGET_WORKDAYS = 5
    project = signed_project(date(2025, 9, 26), date(2025, 10, 13))

    clock = approval_clock(project, today=date(2025, 11, 20))

    assert clock.is_over
    assert clock.description == "签约至开工用时7个工作日（目标5个，超出2个）"


@pytest.mark.django_db
def test_a_clock_running_into_an_unknown_year_warns_instead_of_crashing():
    project = signed_project(date(2026, 12, 30))

    clock = approval_clock(project, today=date(2027, 1, 6))

    # 31 Dec 2026 by the 2026 notice; 1 (Fri), 4, 5, 6 Jan 2027 as plain weekdays.
    assert clock.workdays == workdays_between(date(2026, 12, 30), date(2026, 12, 31)) + 4
    assert clock.description.endswith("；2027年节假日安排尚未录入，按周一至周五计算")


@pytest.mark.django_db
def test_a_project_not_yet_signed_has_no_clock():
    clock = approval_clock(ProjectFactory(), today=date(2025, 11, 20))

    assert clock.workdays is None
    assert clock.description == "尚未签约"
