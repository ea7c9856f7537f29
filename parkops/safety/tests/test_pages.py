"""The safety pages as their users meet them: the list, the statistics and the inspections cost the same
queries for ten hazards or a thousand; a unit's 填报员 sees its own hazards only and may record the
rectification but not recheck; the dashboard counts what the seeds count (enterprises inspected, hazards
found, closed, overdue by level)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parkops.safety import services
from parkops.safety.choices import Level, PlaceKind, Status
from parkops.safety.models import Hazard, Inspection
from parkops.safety.tests.conftest import TODAY
from parkops.safety.tests.helpers import hazard, phone_photo
from parkops.testing.factories import EnterpriseFactory, UnitFactory

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _hazards(park, unit, count: int) -> None:
    """Hazards in every state and of both levels, each of an inspection of a registry enterprise."""
    enterprises = [EnterpriseFactory(park=park) for _ in range(3)]
    inspections = Inspection.objects.bulk_create(
        Inspection(park=park, inspected_on=TODAY - timedelta(days=n % 200), place_name=f"企业{n}", unit=unit,
                   enterprise=enterprises[n % 3], place_kind=PlaceKind.ENTERPRISE) for n in range(max(count // 5, 1)))
    states = list(Status)
    Hazard.objects.bulk_create(
        Hazard(park=park, inspection=inspections[n % len(inspections)], enterprise=enterprises[n % 3],
               enterprise_name=f"企业{n % 50}", description=f"隐患{n}", level=Level.MAJOR if n % 10 == 0 else Level.GENERAL,
               major_category="dust" if n % 10 == 0 else "", responsible_unit=unit, status=states[n % 5],
               found_on=TODAY - timedelta(days=n % 300), deadline=TODAY + timedelta(days=n % 40 - 20),
               listed_on=TODAY if n % 10 == 0 else None) for n in range(count))


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["safety:hazard_list", "safety:dashboard", "safety:inspection_list"])
def test_the_pages_cost_the_same_queries_for_ten_hazards_or_a_thousand(park, unit, supervisor, url):
    client = logged_in(supervisor)
    _hazards(park, unit, 10)
    at_ten = _queries(client, reverse(url))
    Hazard.objects.all().delete()
    Inspection.objects.all().delete()
    _hazards(park, unit, 1000)
    at_thousand = _queries(client, reverse(url))
    assert at_ten == at_thousand, (at_ten, at_thousand)
    assert at_thousand <= 20, at_thousand


def test_a_unit_sees_its_own_hazards_and_records_their_rectification_but_does_not_recheck(park, unit, supervisor,
                                                                                         reporter):
    own = services.hazard_issue(hazard=hazard(park, supervisor, unit=unit), user=supervisor, measures="加装报警装置")
    other = hazard(park, supervisor, unit=UnitFactory(park=park, name="商务局"), description="外单位监管的隐患")
    client = logged_in(reporter)

    listing = client.get(reverse("safety:hazard_list")).content.decode()
    assert own.description in listing and other.description not in listing
    assert client.get(reverse("safety:hazard_detail", args=[other.pk])).status_code == 403

    client.post(reverse("safety:hazard_report", args=[own.pk]), {
        "rectification": "已加装报警装置", "rectified_on": TODAY.isoformat(), "photos": [phone_photo("整改后.jpg")]})
    own.refresh_from_db()
    assert own.status == Status.AWAITING_RECHECK and own.photos.filter(stage="after").count() == 1
    assert client.post(reverse("safety:hazard_recheck", args=[own.pk]), {"result": "pass"}).status_code == 403

    page = logged_in(supervisor).get(reverse("safety:hazard_detail", args=[own.pk])).content.decode()
    assert "登记复查结论" in page and "已加装报警装置" in page


def test_the_dashboard_counts_enterprises_inspected_and_hazards_by_level(park, unit, supervisor):
    for name in ("江西和首纺织有限公司", "德安金鑫铸造有限公司"):
        services.inspection_save(inspection=Inspection(park=park, place_name=name, inspected_on=date(2025, 9, 1)),
                                 user=supervisor)
    services.inspection_save(inspection=Inspection(park=park, place_name="德安县聚福楼餐馆", inspected_on=date(2025, 9, 2),
                                                   place_kind=PlaceKind.SMALL_PLACE), user=supervisor)
    late = services.hazard_issue(hazard=hazard(park, supervisor, unit=unit, level=Level.MAJOR, found_on=date(2025, 8, 1)),
                                 user=supervisor, measures="整改", deadline=date(2025, 9, 1), on=date(2025, 8, 1))
    assert late.deadline < TODAY
    hazard(park, supervisor, unit=unit, description="第二条", found_on=date(2025, 9, 2))

    page = logged_in(supervisor).get(reverse("safety:dashboard") + "?year=2025").content.decode()
    assert "2家" in page and "九小场所1处" in page
    assert 'id="hazards-found">2条' in page and 'id="hazards-overdue">1条' in page
    assert "2025年8月" in page and "2025年9月" in page
