"""履约监管 feeds 清闲促建: a 招商 project behind its contract is listed on the 处置台账 board with the parcels
its enterprise holds, so the land of a project that signed and never started is looked at first."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parkops.investment.choices import Stage
from parkops.investment.models import Agreement
from parkops.land import services as land_services
from parkops.land.models import Parcel
from parkops.testing.factories import EnterpriseFactory, InvestmentProjectFactory

pytestmark = pytest.mark.django_db

TODAY = date(2025, 11, 20)
BOARD = reverse("land:board")


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def signed(park, name, enterprise, start_by) -> None:
    project = InvestmentProjectFactory(park=park, name=name, stage=Stage.SIGNED, enterprise=enterprise)
    Agreement.objects.create(project=project, signed_on=date(2024, 1, 10), total_investment=Decimal(30000),
                             start_by=start_by)


def test_a_project_behind_its_contract_is_listed_with_the_land_its_enterprise_holds(park, supervisor, reporter):
    late = EnterpriseFactory(park=park, name="江西恒达化纤有限公司")
    on_time = EnterpriseFactory(park=park, name="江西准时科技有限公司")
    signed(park, "化纤新材料项目", late, start_by=date(2024, 3, 1))  # promised to start, never did: red
    signed(park, "准时科技项目", on_time, start_by=date(2026, 3, 1))
    held = land_services.parcel_save(parcel=Parcel(park=park, holder=late, holder_name=late.name, location="宝塔工业园C区",
                                                   area_mu=Decimal("48.6")), user=supervisor)
    land_services.parcel_save(parcel=Parcel(park=park, holder=on_time, holder_name=on_time.name, location="工业大道南段",
                                            area_mu=Decimal("20")), user=supervisor)
    client = Client()
    client.force_login(supervisor)

    page = client.get(BOARD).content.decode()

    listed = page[page.index('id="contract-candidates"'):]
    assert "化纤新材料项目" in listed and "准时科技项目" not in listed
    assert "开工" in listed  # the light's reason: the 开工 it promised
    assert reverse("land:parcel_detail", args=[held.pk]) in listed and "尚未立案处置" in listed

    client.force_login(reporter)  # a unit's clerk works its cases; the committee decides what to take up
    response = client.get(BOARD)
    assert response.status_code == 200 and 'id="contract-candidates"' not in response.content.decode()
