"""`parkops bench`: the figures it prints and how it reaches them, on cases that cost nothing (no test
here times anything: the bench's own figures are read from its report, not asserted)."""

import json
from datetime import date
from decimal import Decimal

import pytest

from parkops.economy.figures import economy_summary
from parkops.economy.models import Indicator
from parkops.site import bench
from parkops.site.bench import Case, Result, as_json, p95, run_cases
from parkops.site.scale import generate


def test_ratio_is_the_median_over_the_floors_median():
    result = Result("列表", 3.0, times=[6.0, 2.0, 4.0], floor_times=[1.0, 3.0, 2.0])

    assert (result.median_s, result.floor_s, result.ratio) == (4.0, 2.0, 2.0)
    assert result.meets is True
    assert Result("列表", 1.5, times=[4.0], floor_times=[2.0]).meets is False


def test_p95_is_the_nearest_rank():
    assert p95([float(n) for n in range(1, 101)]) == 95.0
    assert p95([3.0, 1.0, 2.0]) == 3.0  # with a handful of samples, the slowest
    assert p95([]) is None


def test_operation_and_floor_take_turns_after_one_warm_up_each():
    calls = []
    case = Case("交替", 2.0, lambda: calls.append("op"), lambda: calls.append("floor"), repeats=3)

    [result] = run_cases([case])

    assert calls == ["op", "floor"] * 4
    assert len(result.times) == len(result.floor_times) == 3


def test_json_has_one_entry_per_case_with_the_issues_fields(monkeypatch):
    clock = iter(range(100))
    monkeypatch.setattr(bench.time, "perf_counter", lambda: float(next(clock)))
    case = Case("便宜的一例", 3.0, lambda: None, lambda: None, repeats=2, warm_up=False)
    memory = Result("导入峰值内存", 1.5, peak_mb=300.0, floor_peak_mb=200.0, ratio_override=1.5)

    report = json.loads(as_json([*run_cases([case]), memory]))

    first, second = report["cases"]
    assert {"name", "median_s", "p95_s", "floor_s", "ratio", "target", "peak_mb"} <= first.keys()
    # Each call to the fake clock moves it on by one: every timing is 1 s, so the ratio is 1.
    assert (first["median_s"], first["floor_s"], first["ratio"], first["target"]) == (1.0, 1.0, 1.0, 3.0)
    assert (second["ratio"], second["peak_mb"], second["median_s"], second["meets"]) == (1.5, 300.0, None, True)


@pytest.mark.django_db
def test_the_summarys_floor_sums_what_the_summary_shows():
    from parkops.site.bench_cases import SCALES, summary_case

    generate(parks=1, enterprises=8, years=2, tasks=1, projects=1, until=date(2025, 10, 1), seed=3)
    case = summary_case(SCALES["tiny"])

    rows = {row[0]: row for row in case.floor()}
    summary = case.operation()
    revenue = Indicator.objects.get(code="revenue")
    assert summary == economy_summary(park=summary.scope.park, period=date(2025, 10, 1))
    # SQLite hands the sums back as floats, PostgreSQL as Decimals.
    assert amount(rows[revenue.pk][1]) == summary.indicators["revenue"].cumulative
    assert amount(rows[revenue.pk][6]) == summary.indicators["revenue"].base


def amount(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.0001"))


@pytest.mark.django_db
def test_the_floor_view_writes_fifty_rows_from_one_query(rf, supervisor, django_assert_num_queries):
    from parkops.site.views import bench_floor

    generate(parks=1, enterprises=0, years=1, tasks=60, projects=1, until=date(2025, 10, 1), seed=3)
    request = rf.get("/bench/floor/", {"rows": "task"})
    request.user = supervisor

    with django_assert_num_queries(1):
        body = bench_floor(request).content.decode()

    assert body.count("<tr>") == 50
