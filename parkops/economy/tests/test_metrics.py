"""The economy's named metrics (economy/metrics.py): the month's summary figures of the latest month of the
year with data, what a supervision target such as "营业收入达到720亿元" is bound to."""

from datetime import date
from decimal import Decimal

from parkops.core.metrics import get
from parkops.economy.tests.economy_data import enterprise, record
from parkops.testing.factories import month


def test_the_year_so_far_is_the_latest_month_reported_before_the_day(park):
    big, small = enterprise(park, "赣锋锂电有限公司"), enterprise(park, "小企业有限公司")
    record(park, month(2024, 9), {big: {"revenue": 80000}, small: {"revenue": 20000}})
    record(park, month(2025, 9), {big: {"revenue": 90000}, small: {"revenue": 30000}})
    record(park, month(2025, 10), {big: {"revenue": 100000}, small: {"revenue": 35000}})
    record(park, month(2025, 11), {big: {"revenue": 110000}, small: {"revenue": 40000}})

    revenue = get("economy.revenue").read(park=park, year=2025, as_of=date(2025, 10, 20))
    assert (revenue.value, revenue.label, revenue.through) == (Decimal("135000"), "1-10月", date(2025, 10, 31))
    records = get("economy.revenue").records_behind(park=park, year=2025, as_of=date(2025, 10, 20))
    assert [(r.name, r.figure, r.url) for r in records] == [
        ("赣锋锂电有限公司", Decimal("100000.0000"), f"/economy/enterprises/{big.pk}/"),
        ("小企业有限公司", Decimal("35000.0000"), f"/economy/enterprises/{small.pk}/")]

    assert get("economy.scale_count").read(park=park, year=2025, as_of=date(2025, 10, 20)).value == 2
    growth = get("economy.revenue_growth").read(park=park, year=2025, as_of=date(2025, 9, 30))
    assert growth.value == Decimal("20.00")  # 120000 ÷ 100000 − 1, 同口径
    assert not get("economy.revenue_growth").accumulates


def test_a_year_without_figures_has_none(park):
    reading = get("economy.output").read(park=park, year=2025, as_of=date(2025, 3, 1))
    assert reading.value is None
    assert get("economy.output").records_behind(park=park, year=2025, as_of=date(2025, 3, 1)) == []
