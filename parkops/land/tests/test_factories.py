"""标准厂房: a lease ending and a new one starting show in the vacancy rate on their days; a building is
never let beyond its floor area; an enterprise in a factory has its 折算亩 (area ÷ (容积率 × 666.67))."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parkops.core.metrics import get
from parkops.land import selectors, services
from parkops.land.models import Building, FactoryUnit, Lease
from parkops.land.rules import equivalent_mu

pytestmark = pytest.mark.django_db

TODAY = date(2025, 11, 20)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def building(park, supervisor) -> Building:
    return services.building_save(building=Building(park=park, name="标准厂房3号楼", floors=4, floor_area=Decimal("12000"),
                                                    plot_ratio=Decimal("1.5")), user=supervisor)


def lease(building, user, tenant, area, starts, ends) -> Lease:
    return services.lease_save(lease=Lease(building=building, tenant_name=tenant, area=Decimal(area), starts_on=starts,
                                           ends_on=ends), user=user)


def vacancy(building, on):
    [row] = selectors.buildings_on(Building.objects.filter(pk=building.pk), on=on)
    return row.vacancy_pct


def test_a_lease_ending_and_a_new_one_starting_show_in_the_vacancy_rate(building, supervisor):
    lease(building, supervisor, "宏茂纺织有限公司", "6000", date(2023, 7, 1), date(2025, 6, 30))
    lease(building, supervisor, "乾屹纺织有限公司", "3000", date(2024, 1, 1), date(2026, 12, 31))
    assert vacancy(building, date(2025, 6, 30)) == Decimal("25.00")
    assert vacancy(building, date(2025, 7, 1)) == Decimal("75.00")  # 宏茂's lease ended

    lease(building, supervisor, "祺又环保科技有限公司", "6000", date(2025, 8, 1), date(2028, 7, 31))
    assert vacancy(building, date(2025, 7, 31)) == Decimal("75.00")
    assert vacancy(building, date(2025, 8, 1)) == Decimal("25.00")

    given_up = Lease.objects.get(tenant_name="乾屹纺织有限公司")
    services.lease_give_up(lease=given_up, on=date(2025, 10, 1), user=supervisor)
    assert vacancy(building, date(2025, 10, 1)) == Decimal("50.00")
    assert get("land.factory_vacancy_pct").read(park=building.park, year=2025, as_of=TODAY).value == Decimal("50.00")
    assert get("land.factory_let_sqm").read(park=building.park, year=2025, as_of=TODAY).value == Decimal("6000")


def units_of(building, user, *specs) -> dict[str, FactoryUnit]:
    return {number: services.unit_save(unit=FactoryUnit(building=building, number=number, floor=floor, area=Decimal(area)),
                                       user=user) for number, floor, area in specs}


def test_a_building_divided_into_units_is_let_unit_by_unit_and_its_vacancy_follows_them(building, supervisor):
    units = units_of(building, supervisor, ("101", 1, "2000"), ("102", 1, "2000"), ("201", 2, "4000"), ("301", 3, "2000"))
    # 10000㎡ of the 12000㎡ building are units: the vacancy is of those.
    first = services.lease_save(lease=Lease(building=building, tenant_name="九江鑫达电子有限公司", starts_on=date(2025, 1, 1),
                                            ends_on=date(2025, 12, 31)), units=[units["101"], units["102"]], user=supervisor)
    assert (first.area, first.floor) == (Decimal("4000"), 1)
    assert vacancy(building, date(2025, 6, 1)) == Decimal("60.00")

    with pytest.raises(ValidationError, match="单元102在2025年1月1日至2025年12月31日已租给九江鑫达电子有限公司"):
        services.lease_save(lease=Lease(building=building, tenant_name="乙公司", starts_on=date(2025, 12, 1),
                                        ends_on=date(2026, 11, 30)), units=[units["102"]], user=supervisor)
    with pytest.raises(ValidationError, match="已划分单元，请选择租赁的单元"):
        lease(building, supervisor, "丙公司", "1000", date(2025, 6, 1), date(2026, 5, 31))

    services.lease_save(lease=Lease(building=building, tenant_name="江西瑞康医疗器械有限公司", starts_on=date(2026, 1, 1),
                                    ends_on=date(2027, 12, 31)), units=[units["102"], units["201"]], user=supervisor)
    assert vacancy(building, date(2025, 12, 31)) == Decimal("60.00")
    assert vacancy(building, date(2026, 1, 1)) == Decimal("40.00")  # 101 vacant again, 102 and 201 let

    page = Client()
    page.force_login(supervisor)
    html = page.get(reverse("land:building_detail", args=[building.pk])).content.decode()
    assert "4个，可出租10000平方米，空置2个" in html
    assert '<div class="fs-5 fw-semibold" id="vacancy-pct">60.00%</div>' in html


def test_a_unit_entered_by_mistake_is_deleted_unless_a_lease_names_it(building, supervisor):
    units = units_of(building, supervisor, ("101", 1, "2000"), ("1O2", 1, "2000"))
    services.lease_save(lease=Lease(building=building, tenant_name="甲公司", starts_on=date(2025, 1, 1),
                                    ends_on=date(2025, 6, 30)), units=[units["101"]], user=supervisor)
    client = Client()
    client.force_login(supervisor)
    client.post(reverse("land:unit_delete", args=[building.pk, units["1O2"].pk]))
    client.post(reverse("land:unit_delete", args=[building.pk, units["101"].pk]))  # let once: kept
    assert list(FactoryUnit.objects.values_list("number", flat=True)) == ["101"]
    with pytest.raises(ValidationError, match="单元101已有租约，不能删除"):
        services.unit_delete(unit=units["101"], user=supervisor)


def test_units_stay_within_the_building_and_its_floors(building, supervisor):
    units_of(building, supervisor, ("101", 1, "11000"))
    with pytest.raises(ValidationError, match="已划分单元11000平方米，再加2000平方米将超过建筑面积12000平方米"):
        units_of(building, supervisor, ("102", 1, "2000"))
    with pytest.raises(ValidationError, match="共4层"):
        units_of(building, supervisor, ("501", 5, "100"))
    with pytest.raises(ValidationError, match="已有单元“101”"):
        units_of(building, supervisor, ("101", 2, "100"))


def test_the_supervisor_divides_a_building_and_lets_units_from_its_page(building, supervisor, leader):
    client = Client()
    client.force_login(supervisor)
    url = reverse("land:building_detail", args=[building.pk])
    client.post(reverse("land:unit_add", args=[building.pk]), {"unit-number": "A101", "unit-floor": "1", "unit-area": "1500"})
    unit = FactoryUnit.objects.get(building=building, number="A101")
    page = client.get(url).content.decode()
    assert 'name="chosen_units"' in page and 'name="area"' not in page  # the units' area, not one typed in
    client.post(url, {"tenant_name": "宏美科技有限公司", "chosen_units": [unit.pk], "starts_on": "2025-03-01",
                      "ends_on": "2027-02-28"})
    lease = Lease.objects.get(building=building)
    assert lease.area == Decimal("1500") and list(lease.units.all()) == [unit]

    viewer = Client()
    viewer.force_login(leader)
    assert viewer.post(reverse("land:unit_add", args=[building.pk]),
                       {"unit-number": "A102", "unit-floor": "1", "unit-area": "100"}).status_code == 403


def test_a_building_is_never_let_beyond_its_floor_area(building, supervisor):
    lease(building, supervisor, "甲公司", "10000", date(2025, 1, 1), date(2025, 12, 31))
    with pytest.raises(ValidationError, match="2025年12月1日标准厂房3号楼已出租10000平方米，再租3000平方米将超过建筑面积12000平方米"):
        lease(building, supervisor, "乙公司", "3000", date(2025, 12, 1), date(2026, 12, 31))
    lease(building, supervisor, "乙公司", "3000", date(2026, 1, 1), date(2026, 12, 31))  # after 甲 leaves


def test_an_enterprise_in_a_factory_is_counted_on_its_equivalent_mu(building, supervisor):
    # 1500㎡ on a plot ratio of 1.5: 1500 ÷ (1.5 × 666.67) = 1.5亩.
    assert equivalent_mu(Decimal("1500"), Decimal("1.5")) == Decimal("1.50")
    assert equivalent_mu(Decimal("1500"), None) is None
    lease(building, supervisor, "宏美科技有限公司", "1500", date(2025, 3, 1), date(2027, 2, 28))
    client = Client()
    client.force_login(supervisor)
    page = client.get(reverse("land:building_detail", args=[building.pk])).content.decode()
    assert "1500平方米" in page and "1.5亩" in page
    assert '<div class="fs-5 fw-semibold" id="vacancy-pct">87.50%</div>' in page


def test_the_factory_list_costs_the_same_queries_for_few_buildings_or_many(park, supervisor):
    client = Client()
    client.force_login(supervisor)

    def make(count, prefix):
        buildings = Building.objects.bulk_create(Building(park=park, name=f"{prefix}{n:03d}", floor_area=Decimal(5000))
                                                 for n in range(count))
        Lease.objects.bulk_create(Lease(building=b, tenant_name="租户", area=Decimal(2000), starts_on=date(2025, 1, 1),
                                        ends_on=date(2026, 1, 1)) for b in buildings)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("land:factory_list")).status_code == 200
        return len(captured)

    make(3, "一期厂房")
    few = queries()
    make(200, "二期厂房")
    # Buildings divided into units cost no more either.
    for building in Building.objects.filter(name__startswith="二期厂房")[:50]:
        FactoryUnit.objects.bulk_create(FactoryUnit(building=building, number=str(n), floor=1, area=Decimal(1000))
                                        for n in range(3))
    assert queries() == few


def test_the_lease_form_offers_the_projects_the_factory_review_let_in(building, supervisor, park):
    from parkops.testing.factories import EnterpriseFactory, ReviewItemFactory, ReviewMeetingFactory

    factory_review = ReviewMeetingFactory(park=park, kind="factory", held_on=date(2025, 9, 10), number=3)
    registered = EnterpriseFactory(park=park, name="江西宏美科技有限公司")
    admitted = ReviewItemFactory(meeting=factory_review, project__name="宏美精密部件项目", project__enterprise=registered,
                                 factory_area=Decimal("1500"))
    ReviewItemFactory(meeting=factory_review, project__name="暂缓的项目", decision="deferred")
    ReviewItemFactory(meeting=ReviewMeetingFactory(park=park, kind="land"), project__name="工业用地项目")
    ReviewItemFactory(meeting=ReviewMeetingFactory(park=park, kind="factory", held_on=date(2025, 12, 1), number=4),
                      project__name="下月上会的项目")  # not yet held

    client = Client()
    client.force_login(supervisor)
    url = reverse("land:building_detail", args=[building.pk])
    page = client.get(url).content.decode()
    assert "宏美精密部件项目（江西宏美科技有限公司；2025年第3次租赁厂房项目入园联审会议通过，拟租1500平方米）" in page
    for other in ("暂缓的项目", "工业用地项目", "下月上会的项目"):
        assert other not in page

    client.post(url, {"entrant": admitted.pk, "tenant_name": "", "area": "1500", "starts_on": "2025-10-01",
                      "ends_on": "2028-09-30"})
    lease = Lease.objects.get(building=building)
    assert (lease.tenant_name, lease.enterprise) == ("江西宏美科技有限公司", registered)
    registered.refresh_from_db()
    assert registered.factory_land_mu == Decimal("1.50")  # its 折算亩: 1500 ÷ (1.5 × 666.67)
