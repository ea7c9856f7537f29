"""What 履约监管 (招商引资) reads of an enterprise: its latest year-to-date output and tax, a closed month as the
close took it, months before `since` left out."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parkops.economy import services
from parkops.economy.models import Indicator
from parkops.economy.selectors import latest_year_to_date
from parkops.economy.services import Reported
from parkops.testing.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


def _record(park, enterprise, period, code, value):
    services.record_values(park=park, period=period, rows=[
        Reported(enterprise.id, Indicator.objects.get(code=code).id, Decimal(value))])


def test_the_latest_month_of_each_indicator_and_a_closed_month_as_the_close_took_it(park, supervisor):
    copper, mould, silent = (EnterpriseFactory(park=park) for _ in range(3))
    _record(park, copper, JAN, "tax", "100")
    _record(park, copper, FEB, "tax", "210")
    _record(park, copper, JAN, "output", "900")
    _record(park, mould, JAN, "tax", "50")
    services.close_period(park=park, period=FEB, user=supervisor)
    _record(park, copper, FEB, "tax", "999")  # a correction after the close: not February's figure

    with CaptureQueriesContext(connection) as queries:
        found = latest_year_to_date(enterprise_ids=[copper.pk, mould.pk, silent.pk])
    assert len(queries) == 2
    assert found == {(copper.pk, "tax"): (FEB, Decimal("210")), (copper.pk, "output"): (JAN, Decimal("900")),
                     (mould.pk, "tax"): (JAN, Decimal("50"))}
    assert latest_year_to_date(enterprise_ids=[mould.pk], since=MAR) == {}
    assert latest_year_to_date(enterprise_ids=[None]) == {}
