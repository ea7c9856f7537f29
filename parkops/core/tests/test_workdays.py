"""Working days as the State Council's holiday notice sets them.

The dates are the 2025 National Day and Mid-Autumn notice as the chinese-calendar package carries it:
1–8 October off, Sunday 28 September and Saturday 11 October worked in their place.
"""

from datetime import date

from parkops.core.workdays import add_workdays, count_workdays, is_workday, workdays_between


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


def test_a_limit_in_working_days_runs_out_on_the_make_up_saturday_after_the_holiday():
    # Received Tuesday 30 September 2025 with 1 working day: 1–8 October are off, Thursday 9 October is due.
    assert add_workdays(date(2025, 9, 30), 1) == date(2025, 10, 9)
    # With 3: 9, 10 and the make-up Saturday 11 October.
    assert add_workdays(date(2025, 9, 30), 3) == date(2025, 10, 11)
    assert add_workdays(date(2025, 10, 13), 0) == date(2025, 10, 13)


def test_a_limit_and_the_count_agree():
    start = date(2025, 9, 26)
    for days in range(1, 20):
        assert workdays_between(start, add_workdays(start, days)) == days

