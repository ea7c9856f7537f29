"""The land API for other systems: parcels with their use found by rule and 批而未供, cases with their light,
read-only, kept to what the user may see, in the OpenAPI schema, and a page of a thousand parcels costs
what a page of ten does."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parkops.land import services
from parkops.land.demo import build_land
from parkops.land.models import DisposalCase, Parcel
from parkops.land.tests.test_pages import _parcels
from parkops.testing.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2025, 11, 20)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_parcel_reads_with_its_use_status_and_its_case_with_its_light(park, supervisor):
    build_land(park, TODAY)
    services.parcel_save(parcel=Parcel(park=park, location="新材料产业园B-03地块", area_mu=Decimal("60"),
                                       approved_on=date(2025, 4, 10)), user=supervisor)
    client = logged_in(supervisor)
    parcels = client.get("/api/land/parcels/").json()
    assert parcels["count"] == 14
    seized = next(p for p in parcels["results"] if p["holder"] == "江西恒达化纤有限公司")
    assert (seized["area_mu"], seized["use_status"], seized["use_status_label"]) == ("41.80", "idle", "闲置")
    assert seized["use_reason"].startswith("约定")
    approved = next(p for p in parcels["results"] if p["location"] == "新材料产业园B-03地块")
    assert approved["supply_state"] == "approved_unsupplied" and approved["case_id"] is None

    case = client.get(f"/api/land/cases/{seized['case_id']}/").json()
    assert (case["method"], case["light"]) == ("司法拍卖", "overdue")
    assert client.post("/api/land/parcels/", {"location": "越权"}).status_code == 405


def test_a_unit_reads_the_parcels_and_cases_it_disposes_of_only(park, supervisor):
    build_land(park, TODAY)
    own = UnitFactory(park=park, name="丰林镇")
    reporter = UserFactory(username="flz", role="reporter", unit=own)
    DisposalCase.objects.filter(parcel__holder_name="江西永安电力设备有限公司").update(responsible_unit=own)
    client = logged_in(reporter)
    assert [p["holder"] for p in client.get("/api/land/parcels/").json()["results"]] == ["江西永安电力设备有限公司"]
    assert len(client.get("/api/land/cases/").json()["results"]) == 1
    theirs = Parcel.objects.get(holder_name="江西恒达化纤有限公司")
    assert client.get(f"/api/land/parcels/{theirs.pk}/").status_code == 404


def test_the_schema_names_the_land_endpoints(supervisor):
    schema = logged_in(supervisor).get("/api/schema/", {"format": "json"}).json()
    assert "/api/land/parcels/" in schema["paths"] and "/api/land/cases/{id}/" in schema["paths"]


@pytest.mark.parametrize("endpoint", ["/api/land/parcels/", "/api/land/cases/"])
def test_a_page_costs_the_same_queries_for_ten_parcels_or_a_thousand(park, unit, supervisor, endpoint):
    client = logged_in(supervisor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(endpoint).status_code == 200
        return len(captured)

    _parcels(park, unit, 10)
    at_ten = queries()
    DisposalCase.objects.all().delete()
    Parcel.all_objects.all().delete()
    _parcels(park, unit, 1000)
    assert queries() == at_ten
