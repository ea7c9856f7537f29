"""An enterprise with no land of its own, in a standard factory: its 亩均 is measured on the 折算亩 of the
space it leases (土地与厂房 hands it to the registry: area ÷ (容积率 × 666.67)), and it is 未登记用地面积
again once it gives the space up."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from parkops.economy import permu
from parkops.economy.choices import MetricCode
from parkops.economy.models import Enterprise, EvaluationMetric, EvaluationScheme
from parkops.economy.tests.economy_data import record
from parkops.land import services
from parkops.land.models import Building, Lease
from parkops.testing.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def tax_per_mu_scheme(park) -> EvaluationScheme:
    scheme = EvaluationScheme.objects.create(park=park, year=2024, a_min=80, b_min=60, c_min=40, min_land_mu=3)
    EvaluationMetric.objects.create(scheme=scheme, code=MetricCode.TAX_PER_MU, weight=100, benchmark=Decimal(10),
                                    lower_is_better=False, max_ratio=Decimal("1.2"))
    return scheme


def evaluated(scheme, enterprise) -> permu.Evaluation:
    [evaluation] = permu.evaluate(scheme=scheme, enterprises=[Enterprise.objects.get(pk=enterprise.pk)])
    return evaluation


def test_a_tenant_of_a_standard_factory_is_rated_on_its_equivalent_mu_while_it_leases(park, supervisor, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2025, 3, 1))
    tenant = EnterpriseFactory(park=park, name="宏美科技有限公司", land_mu=None, employees=50)
    record(park, date(2024, 12, 1), {tenant: {"tax": 90}})
    scheme = tax_per_mu_scheme(park)
    assert (evaluated(scheme, tenant).grade, evaluated(scheme, tenant).reason) == ("T", "未登记用地面积")

    building = services.building_save(building=Building(park=park, name="标准厂房3号楼", floors=3,
                                                        floor_area=Decimal(12000), plot_ratio=Decimal("1.5")),
                                      user=supervisor)
    lease = services.lease_save(lease=Lease(building=building, tenant_name=tenant.name, enterprise=tenant,
                                            area=Decimal(4500), starts_on=date(2024, 1, 1), ends_on=date(2027, 12, 31)),
                                user=supervisor)

    assert Enterprise.objects.get(pk=tenant.pk).factory_land_mu == Decimal("4.50")  # 4500 ÷ (1.5 × 666.67)
    [tax_per_mu] = evaluated(scheme, tenant).metrics
    assert tax_per_mu.value == Decimal(20)  # 90万元 ÷ 4.5亩
    assert evaluated(scheme, tenant).grade == "A"

    services.lease_give_up(lease=lease, on=date(2025, 3, 1), user=supervisor)

    assert Enterprise.objects.get(pk=tenant.pk).factory_land_mu is None
    assert evaluated(scheme, tenant).reason == "未登记用地面积"


def test_land_of_its_own_comes_before_a_factory_lease(park, supervisor):
    owner = EnterpriseFactory(park=park, land_mu=Decimal(30))
    owner.factory_land_mu = Decimal("4.50")

    assert owner.rated_land_mu == Decimal(30)
