"""Writing monthly values: month values derived from cumulatives, corrections after a close, the close."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parkops.core.bulkwrite import ANALYSE_AFTER_ROWS
from parkops.core.models import AuditEntry
from parkops.economy import services
from parkops.economy.models import Indicator, IndicatorValue, PeriodClose
from parkops.economy.services import Reported
from parkops.testing.factories import EnterpriseFactory, ParkFactory

JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


@pytest.fixture
def enterprise(park):
    return EnterpriseFactory(park=park)


def record(park, enterprise, period, value, code="revenue", **options):
    indicator = Indicator.objects.get(code=code)
    return services.record_values(park=park, period=period, rows=[Reported(enterprise.id, indicator.id,
                                                                           Decimal(value))], **options)


def value(enterprise, period, code="revenue") -> IndicatorValue:
    return IndicatorValue.objects.get(enterprise=enterprise, period=period, indicator__code=code)


def test_the_month_value_is_the_cumulative_less_last_months(park, enterprise):
    record(park, enterprise, JAN, "100.5")
    record(park, enterprise, FEB, "230.25")

    assert value(enterprise, JAN).month_value == Decimal("100.5")
    assert value(enterprise, FEB).month_value == Decimal("129.75")


def test_without_last_month_the_month_value_is_unknown_and_filled_in_when_it_comes(park, enterprise):
    record(park, enterprise, MAR, "300")
    assert value(enterprise, MAR).month_value is None

    record(park, enterprise, FEB, "180")

    assert value(enterprise, MAR).month_value == Decimal("120")


def test_a_level_is_its_own_month_value(park, enterprise):
    record(park, enterprise, JAN, "120", code="employees")
    record(park, enterprise, FEB, "125", code="employees")

    assert value(enterprise, FEB, "employees").month_value == Decimal("125")


def test_a_correction_re_derives_next_months_value_and_keeps_the_old_in_history(park, enterprise, supervisor):
    record(park, enterprise, JAN, "100")
    record(park, enterprise, FEB, "250")

    outcome = record(park, enterprise, JAN, "110", user=supervisor, source="更正.xlsx")

    assert outcome.updated == 1
    assert value(enterprise, FEB).month_value == Decimal("140")
    assert [h.cumulative for h in value(enterprise, JAN).history.order_by("history_id")] == [100, 110]
    latest = value(enterprise, JAN).history.latest()
    assert latest.history_user == supervisor and latest.history_change_reason == "更正.xlsx"


def test_the_same_figures_again_change_nothing(park, enterprise):
    record(park, enterprise, JAN, "100")

    outcome = record(park, enterprise, JAN, "100.0000")

    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, 1)
    assert value(enterprise, JAN).history.count() == 1


def test_a_closed_month_keeps_its_figures_and_a_later_correction_marks_it_revised(park, enterprise, supervisor):
    record(park, enterprise, JAN, "100")
    close = services.close_period(park=park, period=JAN, user=supervisor)

    outcome = record(park, enterprise, JAN, "120")

    close.refresh_from_db()
    jan = value(enterprise, JAN)
    assert (jan.cumulative, jan.closed_cumulative) == (Decimal(120), Decimal(100))
    assert close.is_revised and outcome.revised_periods == [JAN]
    services.close_period(park=park, period=JAN, user=supervisor)  # closed again: the correction is taken
    close.refresh_from_db()
    assert not close.is_revised and value(enterprise, JAN).closed_cumulative == Decimal(120)
    assert AuditEntry.objects.filter(object_type="月度关账", detail__startswith="重新关账").exists()


def test_closing_a_month_takes_only_the_parks_living_enterprises_in_one_update_without_a_self_join(
        park, enterprise, supervisor):
    # A self-join in the UPDATE ("id IN (SELECT … FROM economy_indicatorvalue JOIN …)") was planned by
    # PostgreSQL, on statistics older than the rows just written, as a sixteen-minute nested loop.
    gone = EnterpriseFactory(park=park)
    other_park = EnterpriseFactory(park=ParkFactory(name="另一园区"))
    for made in (enterprise, gone, other_park):
        record(made.park, made, JAN, "100")
    gone.deleted_at = gone.created_at
    gone.save()

    with CaptureQueriesContext(connection) as queries:
        services.close_period(park=park, period=JAN, user=supervisor)

    [update] = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('UPDATE "economy_indicatorvalue"')]
    assert "JOIN" not in update
    closed = dict(IndicatorValue.all_objects.filter(period=JAN).values_list("enterprise_id", "closed_cumulative"))
    assert closed == {enterprise.pk: Decimal(100), gone.pk: None, other_park.pk: None}


def test_a_month_without_data_cannot_be_closed(park, supervisor):
    with pytest.raises(ValueError, match="2026年1月还没有任何企业数据"):
        services.close_period(park=park, period=JAN, user=supervisor)
    assert not PeriodClose.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_a_large_write_refreshes_postgresqls_statistics_once_it_commits_and_a_small_one_does_not(
        park, django_capture_on_commit_callbacks):
    revenue = Indicator.objects.get(code="revenue")
    enterprises = EnterpriseFactory.create_batch(ANALYSE_AFTER_ROWS, park=park)

    def analyses(period, enterprises) -> list[str]:
        rows = [Reported(enterprise.pk, revenue.pk, Decimal(100)) for enterprise in enterprises]
        with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
            services.record_values(park=park, period=period, rows=rows)
        return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("ANALYZE")]

    assert analyses(JAN, enterprises[:10]) == []
    assert analyses(FEB, enterprises) == ['ANALYZE "economy_indicatorvalue", "economy_historicalindicatorvalue"']
