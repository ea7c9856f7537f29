"""土地与厂房's named metrics: 闲置 and 低效 area as the rule finds them on the day asked, 供而未用, and the
year's 盘活 with the cases behind it."""

from datetime import date
from decimal import Decimal

import pytest

from parkops.core.metrics import get
from parkops.land import services
from parkops.land.choices import LedgerKind
from parkops.land.models import DisposalCase, Parcel

pytestmark = pytest.mark.django_db


def read(key, park, as_of):
    return get(key).read(park=park, year=as_of.year, as_of=as_of).value


def test_idle_area_grows_on_the_day_a_parcel_turns_idle(park, supervisor):
    services.parcel_save(parcel=Parcel(park=park, location="甲地块", area_mu=Decimal("40"), agreed_start_on=date(2024, 3, 15),
                                       delivered_on=date(2024, 1, 10)), user=supervisor)
    services.parcel_save(parcel=Parcel(park=park, location="乙地块", area_mu=Decimal("25.5"),
                                       ledger_kind=LedgerKind.INEFFICIENT), user=supervisor)

    assert read("land.idle_mu", park, date(2025, 3, 14)) == 0
    assert read("land.idle_mu", park, date(2025, 3, 15)) == Decimal("40")
    assert read("land.inefficient_mu", park, date(2025, 3, 15)) == Decimal("25.5")
    assert read("land.supplied_unused_mu", park, date(2025, 3, 15)) == Decimal("40")
    [record] = get("land.idle_mu").records_behind(park=park, year=2025, as_of=date(2025, 3, 15))
    assert record.name == "甲地块" and record.note.startswith("约定2024年3月15日开工，满一年未动工开发")


def test_the_years_revitalised_area_counts_cases_closed_this_year_by_their_day(park, supervisor):
    parcel = services.parcel_save(parcel=Parcel(park=park, holder_name="德安鸿运纺织有限公司", location="纺织产业园北区",
                                                area_mu=Decimal("24.9")), user=supervisor)
    case = services.case_save(case=DisposalCase(parcel=parcel, method=services.method_for_name(park, "腾笼换鸟"),
                                                opened_on=date(2025, 1, 5)), user=supervisor)
    assert read("land.revitalised_mu", park, date(2025, 6, 1)) == 0
    services.case_close(case=case, on=date(2025, 6, 2), revitalised_mu=Decimal("24.9"), user=supervisor)

    assert read("land.revitalised_mu", park, date(2025, 6, 1)) == 0
    assert read("land.revitalised_mu", park, date(2025, 6, 2)) == Decimal("24.9")
    [record] = get("land.revitalised_mu").records_behind(park=park, year=2025, as_of=date(2025, 12, 31))
    assert (record.url, record.figure, record.note) == (f"/land/parcels/{parcel.pk}/", Decimal("24.9"),
                                                        "2025年6月2日腾笼换鸟办结，盘活24.9亩")


def test_land_approved_and_not_yet_supplied_is_批而未供_until_its_contract_is_signed(park, supervisor):
    parcel = services.parcel_save(parcel=Parcel(park=park, location="新材料产业园B-03地块", area_mu=Decimal("60"),
                                                approval_number="赣府土字〔2025〕18号", approved_on=date(2025, 4, 10)),
                                  user=supervisor)

    assert read("land.approved_unsupplied_mu", park, date(2025, 4, 9)) == 0
    assert read("land.approved_unsupplied_mu", park, date(2025, 4, 10)) == Decimal("60")
    [record] = get("land.approved_unsupplied_mu").records_behind(park=park, year=2025, as_of=date(2025, 5, 1))
    assert record.note == "2025年4月10日批准用地（赣府土字〔2025〕18号），尚未供地"

    parcel.supplied_on, parcel.contract_number = date(2025, 9, 1), "3604262025B00012"
    services.parcel_save(parcel=parcel, user=supervisor)
    assert read("land.approved_unsupplied_mu", park, date(2025, 8, 31)) == Decimal("60")
    assert read("land.approved_unsupplied_mu", park, date(2025, 9, 1)) == 0

    parcel.delivered_on = date(2025, 10, 8)
    services.parcel_save(parcel=parcel, user=supervisor)
    assert read("land.supplied_unused_mu", park, date(2025, 10, 8)) == Decimal("60")  # now 供而未用


def test_a_parcel_is_not_supplied_before_it_is_approved(park, supervisor):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="供地日期不能早于批准日期"):
        services.parcel_save(parcel=Parcel(park=park, location="丙地块", area_mu=Decimal("10"), approved_on=date(2025, 4, 10),
                                           supplied_on=date(2025, 3, 1)), user=supervisor)
