"""The registry of named metrics (core.metrics): what each module declares in its site.py, found by key,
read once per page however many targets ask, and an unknown key said in words."""

from datetime import date
from decimal import Decimal

import pytest

from parkops.core import metrics
from parkops.core.metrics import Metric, Readings, UnknownMetric


def test_the_modules_declare_their_metrics_under_stable_keys():
    declared = metrics.all_metrics()
    for key in ("projects.started_count", "projects.invested_sum", "projects.in_production_count",
                "economy.scale_count", "economy.output", "economy.revenue", "economy.tax", "economy.revenue_growth"):
        assert key in declared
        assert declared[key].app == key.split(".")[0]
    assert ("projects.started_count", "新开工项目数（个）") in metrics.choices()


def test_an_unknown_key_is_said_in_chinese():
    with pytest.raises(UnknownMetric) as raised:
        metrics.get("land.revived_mu")
    assert raised.value.message == "指标“land.revived_mu”不存在（可能已停用或改名），无法自动取数，请编辑任务重新选择指标。"


def test_a_page_reads_each_metric_once(monkeypatch):
    calls = []

    def value(*, park, year, as_of):
        calls.append((park, year, as_of))
        return 7

    counting = Metric("test.count", "测试数", "个", value, lambda **kwargs: [])
    monkeypatch.setattr(metrics, "_registered", {"test.count": counting})
    readings = Readings()
    for _ in range(5):
        reading = readings.read("test.count", park=1, year=2025, as_of=date(2025, 11, 20))

    assert calls == [(1, 2025, date(2025, 11, 20))]
    assert (reading.value, reading.label) == (Decimal(7), "截至11月20日")
    # A day after the year reads the year's end.
    assert counting.read(park=1, year=2024, as_of=date(2025, 3, 1)).through == date(2024, 12, 31)


def test_two_modules_may_not_declare_one_key(monkeypatch):
    one = Metric("x.count", "甲", "个", lambda **kwargs: 1, lambda **kwargs: [])

    class Config:
        label = "x"

    monkeypatch.setattr(metrics, "_registered", None)
    monkeypatch.setattr(metrics, "declared", lambda name: iter([(Config, (one,)), (Config, (one,))]))
    with pytest.raises(ValueError, match="指标键“x.count”重复"):
        metrics.all_metrics()
    monkeypatch.setattr(metrics, "_registered", None)
