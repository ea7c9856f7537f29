"""The economy's list pages cost the same number of queries for a handful of enterprises or many."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parkops.economy import services
from parkops.economy.models import Indicator
from parkops.economy.services import Reported
from parkops.testing.factories import EnterpriseFactory

PAGES = ["economy:cultivation", "economy:period_list", "economy:enterprise_list"]


def add_enterprises(park, count: int) -> None:
    """Small enterprises (below 规上) reporting a year of main-business revenue near the line."""
    main = Indicator.objects.get(code="main_revenue")
    enterprises = [EnterpriseFactory(park=park) for _ in range(count)]
    for number in range(1, 11):
        services.record_values(park=park, period=date(2026, number, 1), rows=[
            Reported(e.id, main.id, Decimal(160 * number)) for e in enterprises])


@pytest.mark.parametrize("url_name", PAGES)
def test_the_page_costs_the_same_for_five_enterprises_or_fifty(park, supervisor, url_name):
    client = Client()
    client.force_login(supervisor)
    add_enterprises(park, 5)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(url_name)).status_code == 200
    add_enterprises(park, 45)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse(url_name)).content.decode()

    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
    if url_name == "economy:cultivation":  # 1600万 by October is 1920万 a year: all fifty are candidates
        assert page.count("测试企业") >= 50
