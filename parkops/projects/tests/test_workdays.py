"""The 签约至开工 approval clock, in working days as the State Council's holiday notice sets them (the
dates of the 2025 National Day notice: 1–8 October off, 28 September and 11 October worked)."""

from datetime import date

import pytest

from parkops.core.workdays import workdays_between
from parkops.projects.workdays import approval_clock
from parkops.testing.factories import ProjectFactory, StageEventFactory


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
