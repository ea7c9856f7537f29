"""How figures, periods and names are written in the committee's reports and tables.

formatting.py: money kept in 万元 and printed in 亿元 to two decimals, rounding half-up as the statistics
bureau does; growth and shares as percentages; conversion of written units to the stored one and back.
periods.py: a reporting month, its key, its label and its cumulative label ("1-10月").
text.py: names padded for alignment ("周  洁") and cells that list several names.
"""

from datetime import date
from decimal import Decimal

import pytest

from parkops.core.formatting import (
    format_money,
    format_pct,
    format_quantity,
    format_yi,
    from_canonical,
    growth_pct,
    growth_phrase,
    plain_number,
    round2,
    share_pct,
    to_canonical,
)
from parkops.core.periods import (
    cumulative_label,
    month_start,
    parse_period,
    period_key,
    period_label,
    previous_month,
)
from parkops.core.text import normalise_name, split_names

# --- 亿元 ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount_wan", "printed"),
    [
        (Decimal("7200000"), "720.00亿元"),  # the 2023 target: 工业营业收入达到720亿元
        (Decimal("1242000"), "124.20亿元"),
        (Decimal("3800000.0000"), "380.00亿元"),
        (Decimal("5000"), "0.50亿元"),
        (Decimal("12345600"), "1234.56亿元"),  # no thousands separator: the reports never print one
        (Decimal("-250000"), "-25.00亿元"),
        (7200000, "720.00亿元"),  # an int from a count or a sum is printed the same way
    ],
)
def test_format_yi_prints_wan_yuan_as_yi_yuan_with_two_decimals(amount_wan, printed):
    assert format_yi(amount_wan) == printed


def test_format_yi_rounds_half_up_not_to_even():
    # 12250 万元 is 1.225 亿元: half-up gives 1.23, banker's rounding (and float) would give 1.22.
    assert format_yi(Decimal("12250")) == "1.23亿元"
    assert format_yi(Decimal("12350")) == "1.24亿元"


def test_format_yi_prints_a_dash_for_a_missing_figure():
    assert format_yi(None) == "—"


def test_round2_rounds_half_up_away_from_zero():
    assert round2(Decimal("2.345")) == Decimal("2.35")
    assert round2(Decimal("2.335")) == Decimal("2.34")
    assert round2(Decimal("-2.345")) == Decimal("-2.35")
    assert round2(Decimal("2.344999")) == Decimal("2.34")
    assert str(round2(Decimal("7"))) == "7.00"


# --- quantities in their own unit ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "unit", "printed"),
    [
        (Decimal("7200000"), "万元", "720.00亿元"),  # a 亿 or more of money goes to 亿元
        (Decimal("10000"), "万元", "1.00亿元"),
        (Decimal("9999.5"), "万元", "9999.5万元"),  # below a 亿 it stays in 万元, as written
        (Decimal("350.0000"), "亩", "350亩"),  # stored padding is not printed
        (Decimal("64.9600"), "%", "64.96%"),
        (Decimal("15000"), "万美元", "1.50亿美元"),
        (Decimal("3000"), "万美元", "3000万美元"),
        (None, "万元", "—"),
    ],
)
def test_format_quantity_prints_a_figure_as_the_reports_do(amount, unit, printed):
    assert format_quantity(amount, unit) == printed


@pytest.mark.parametrize(
    ("amount_wan", "printed"),
    [
        (Decimal("2900"), "2900万元"),  # not "0.29亿元": under a 亿 a reader expects 万元
        (Decimal("350.4567"), "350.46万元"),
        (Decimal("0"), "0万元"),
        (Decimal("9999.996"), "1.00亿元"),  # rounds to a 亿 first, then reads as one
        (Decimal("30800"), "3.08亿元"),  # seed 001: 总投资3.08亿元
        (Decimal("-5000"), "-5000万元"),
        (None, "—"),
    ],
)
def test_format_money_prints_wan_below_a_yi_and_yi_from_a_yi_up(amount_wan, printed):
    assert format_money(amount_wan) == printed


@pytest.mark.parametrize(
    ("amount", "printed"),
    [
        (Decimal("310271"), "31.03亿千瓦时"),  # not "310271万千瓦时"
        (Decimal("2560.5"), "2560.5万千瓦时"),
    ],
)
def test_electricity_in_wan_kwh_reads_in_yi_kwh_from_a_yi_up(amount, printed):
    assert format_quantity(amount, "万千瓦时") == printed


def test_plain_number_drops_trailing_zeros_but_keeps_whole_tens():
    assert plain_number(Decimal("350.0000")) == "350"
    assert plain_number(Decimal("64.9600")) == "64.96"
    assert plain_number(Decimal("1.2E+3")) == "1200"  # never scientific notation in a report


# --- percentages ---------------------------------------------------------------------------------------


def test_growth_pct_is_year_on_year_growth_in_percent_to_two_decimals():
    # 1-10月 116.33亿元 against 100亿元 a year earlier: 同比增长 16.33%.
    assert growth_pct(Decimal("1163300"), Decimal("1000000")) == Decimal("16.33")
    assert format_pct(growth_pct(Decimal("1163300"), Decimal("1000000"))) == "16.33%"


def test_growth_pct_is_negative_when_the_figure_fell():
    # 95 against 100: a fall of 5%, printed with its sign.
    assert growth_pct(Decimal("95"), Decimal("100")) == Decimal("-5.00")
    assert format_pct(growth_pct(Decimal("95"), Decimal("100"))) == "-5.00%"


@pytest.mark.parametrize(
    ("current", "base", "phrase"),
    [
        (Decimal("1163300"), Decimal("1000000"), "同比增长16.33%"),
        (Decimal("95"), Decimal("100"), "同比下降5.00%"),
        (Decimal("100"), Decimal("100"), "与上年持平"),
        (Decimal("100"), Decimal("0"), "—"),
    ],
)
def test_growth_phrase_is_written_as_the_reports_write_it(current, base, phrase):
    assert growth_phrase(current, base) == phrase


def test_growth_pct_rounds_half_up():
    # 100.125 against 100 is a growth of exactly 0.125%: half-up prints 0.13, not 0.12.
    assert growth_pct(Decimal("100.125"), Decimal("100")) == Decimal("0.13")


def test_growth_pct_has_no_value_without_a_base_year_figure():
    assert growth_pct(Decimal("500"), Decimal("0")) is None
    assert growth_pct(Decimal("500"), None) is None
    assert format_pct(None) == "—"


def test_share_pct_is_the_part_of_the_whole_in_percent():
    # 380亿元 of a 720亿元 target: 52.78% (52.777… rounded half-up).
    assert share_pct(Decimal("3800000"), Decimal("7200000")) == Decimal("52.78")
    assert share_pct(Decimal("1"), Decimal("8")) == Decimal("12.50")
    assert share_pct(Decimal("5"), Decimal("0")) is None


# --- units in and out ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "unit", "stored"),
    [
        (Decimal("720"), "亿元", (Decimal("7200000"), "万元")),
        (Decimal("380"), "万元", (Decimal("380"), "万元")),
        (Decimal("5000"), "元", (Decimal("0.5"), "万元")),
        (Decimal("2500"), "千元", (Decimal("250"), "万元")),
        (Decimal("1.5"), "亿美元", (Decimal("15000"), "万美元")),
        (Decimal("3000"), "美元", (Decimal("0.3"), "万美元")),
        (Decimal("3.5"), "万平方米", (Decimal("35000"), "平方米")),
        (Decimal("120"), "亩", (Decimal("120"), "亩")),  # no conversion: passes through
        (Decimal("8"), "个", (Decimal("8"), "个")),
        (Decimal("12.5"), "％", (Decimal("12.5"), "%")),  # the full-width percent sign is the same unit
    ],
)
def test_to_canonical_brings_a_written_figure_to_the_stored_unit(amount, unit, stored):
    assert to_canonical(amount, unit) == stored


@pytest.mark.parametrize(
    ("amount", "unit"),
    [
        (Decimal("720"), "亿元"),
        (Decimal("124.2"), "亿元"),
        (Decimal("0.01"), "亿元"),
        (Decimal("1234.5678"), "元"),
        (Decimal("33.3"), "千元"),
        (Decimal("2.75"), "亿美元"),
        (Decimal("3.5"), "万平方米"),
        (Decimal("64.96"), "％"),
        (Decimal("120"), "亩"),
    ],
)
def test_from_canonical_gives_back_exactly_what_was_written(amount, unit):
    stored, _ = to_canonical(amount, unit)
    assert from_canonical(stored, unit) == amount


def test_from_canonical_shows_a_stored_amount_in_a_display_unit():
    assert from_canonical(Decimal("7200000"), "亿元") == Decimal("720")
    assert from_canonical(Decimal("7200000"), "万元") == Decimal("7200000")


# --- periods -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period"),
    [("2023-10", date(2023, 10, 1)), ("2023-1", date(2023, 1, 1)), (" 2024-12 ", date(2024, 12, 1))],
)
def test_parse_period_reads_year_and_month(text, period):
    assert parse_period(text) == period


@pytest.mark.parametrize("text", ["2023-13", "2023-0", "2023/10", "2023年10月", "23-10", "", None])
def test_parse_period_refuses_anything_else_in_chinese(text):
    with pytest.raises(ValueError, match="期间格式应为 YYYY-MM"):
        parse_period(text)


def test_period_key_is_read_back_by_parse_period():
    for month_number in range(1, 13):
        period = date(2023, month_number, 1)
        assert parse_period(period_key(period)) == period
    assert period_key(date(2023, 3, 1)) == "2023-03"


def test_period_labels_as_the_reports_write_them():
    assert period_label(date(2023, 10, 1)) == "2023年10月"
    assert cumulative_label(date(2023, 10, 1)) == "1-10月"
    assert cumulative_label(date(2023, 1, 1)) == "1月"  # never "1-1月"


def test_month_start_and_previous_month_cross_the_year_end():
    assert month_start(date(2023, 10, 31)) == date(2023, 10, 1)
    assert previous_month(date(2024, 1, 1)) == date(2023, 12, 1)
    assert previous_month(date(2024, 3, 1)) == date(2024, 2, 1)


# --- names ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("周  洁", "周洁"),  # two-character names are padded to the width of three
        ("周\u3000洁", "周洁"),  # full-width space
        ("周\u00a0洁", "周洁"),  # non-breaking space from Word
        (" 工信局\n", "工信局"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_name_removes_the_padding(written, name):
    assert normalise_name(written) == name


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("王晓君\n涂志峰", ["王晓君", "涂志峰"]),
        ("工信局、商务局，发改委", ["工信局", "商务局", "发改委"]),
        ("工信局,商务局；科技局;统计局/财政局", ["工信局", "商务局", "科技局", "统计局", "财政局"]),
        ("周  洁", ["周洁"]),  # padding inside one name, not two names
        ("周\u3000洁\n王晓君", ["周洁", "王晓君"]),
        ("王晓君 涂志峰", ["王晓君", "涂志峰"]),  # a space between whole names separates them
        ("工信局\r\n\r\n商务局", ["工信局", "商务局"]),
        ("工信局、工信局\n商务局", ["工信局", "商务局"]),  # a name written twice is listed once, first place kept
        ("", []),
        (None, []),
    ],
)
def test_split_names_reads_a_cell_listing_several_names(cell, names):
    assert split_names(cell) == names


def test_names_one_a_line_are_escaped_but_the_line_breaks_are_not():
    from parkops.core.templatetags.parkops import lines

    assert str(lines(["张三", "<script>x</script>"])) == "张三<br>&lt;script&gt;x&lt;/script&gt;"


def test_a_done_phrase_names_its_time_or_reads_well_without_it():
    from datetime import UTC, date, datetime

    from parkops.core.formatting import done_phrase

    assert done_phrase("签收", datetime(2026, 12, 2, 1, 30, tzinfo=UTC)) == "已于2026-12-02 09:30签收"  # Beijing time
    assert done_phrase("被退回", date(2026, 12, 2)) == "已于2026-12-02被退回"
    assert done_phrase("签收", None) == "已签收"
