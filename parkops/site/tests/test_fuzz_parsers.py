"""Property tests of the number, amount, target and period parsers: arbitrary text never raises anything
but the parser's own refusal, and what is formatted reads back as the same value."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parkops.core.formatting import FACTOR, from_canonical, plain_number, to_canonical
from parkops.core.periods import ledger_date, parse_period, period_for_ledger_date, period_key
from parkops.economy.importers import read_number
from parkops.supervision.importers import parse_deadline
from parkops.supervision.targets import parse_targets, read_figure
from parkops.testing.fuzzing import FUZZ, cell_text

amounts = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=4, allow_nan=False)
months = st.dates(min_value=date(1900, 1, 1), max_value=date(9998, 11, 30)).map(lambda d: d.replace(day=1))


@FUZZ
@given(cell_text, st.integers(min_value=1, max_value=9999))
def test_a_deadline_cell_gives_a_date_or_none_whatever_it_says(text, year):
    deadline = parse_deadline(text, year)
    assert deadline is None or isinstance(deadline, date)


@FUZZ
@given(cell_text)
def test_a_task_text_gives_targets_with_an_amount_and_a_unit_whatever_it_says(text):
    for target in parse_targets(text):
        assert target.phrase and target.phrase in text and target.amount >= 0 and target.unit


@FUZZ
@given(cell_text, st.sampled_from(["万元", "亩", "%", "个", "万美元"]))
def test_a_progress_text_gives_a_figure_or_none_whatever_it_says(text, unit):
    figure = read_figure(text, unit)
    assert figure is None or figure >= 0


@FUZZ
@given(cell_text)
def test_a_statistics_cell_is_a_number_none_or_a_value_error(text):
    try:
        number = read_number(text)
    except ValueError:
        return
    assert number is None or number.is_finite()


@FUZZ
@given(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.datetimes(), st.text(max_size=20)))
def test_any_value_calamine_gives_is_a_number_none_or_a_value_error(value):
    try:
        number = read_number(value)
    except ValueError:
        return
    assert number is None or number.is_finite()


@FUZZ
@given(cell_text)
def test_a_period_is_read_or_refused_in_chinese(text):
    try:
        period = parse_period(text)
    except ValueError as refusal:
        assert "期间格式应为" in str(refusal)
        return
    assert period.day == 1


@FUZZ
@given(amounts)
def test_a_plain_number_reads_back_as_the_same_figure(amount):
    assert Decimal(plain_number(amount)) == amount
    assert read_number(plain_number(amount)) == amount


@FUZZ
@given(amounts, st.sampled_from(sorted(FACTOR)))
def test_an_amount_in_any_unit_comes_back_from_the_canonical_unit(amount, unit):
    canonical, _ = to_canonical(amount, unit)
    assert from_canonical(canonical, unit) == amount


@FUZZ
@given(amounts)
def test_a_figure_written_with_thousands_separators_reads_as_the_figure(amount):
    assert read_number(f"{amount:,}") == amount


@FUZZ
@given(months)
def test_a_period_key_reads_back_as_the_period(period):
    assert parse_period(period_key(period)) == period


@FUZZ
@given(months, st.dates(min_value=date(1900, 1, 1), max_value=date(9997, 12, 31)))
def test_the_date_printed_on_a_ledger_gives_its_period_back(period, today):
    assert period_for_ledger_date(ledger_date(period, today)) == period


@pytest.mark.parametrize("text, expected", [
    ("11月25日前", date(2026, 11, 25)), ("6月底前", date(2026, 6, 30)), ("年底前", date(2026, 12, 31)),
    ("长期坚持", None), ("2月30日前", None),
])
def test_the_deadlines_the_ledgers_write(text, expected):
    assert parse_deadline(text, 2026) == expected
