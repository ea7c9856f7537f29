"""A parcel's use status by the rule of 《闲置土地处置办法》: it turns 闲置 on the day one full year after
the agreed 开工 date has passed undeveloped, with the 20% fee; two full years, 无偿收回; a parcel started
but barely developed turns 闲置 a full year after it stopped; a built parcel is 低效 by its holder's 亩均."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from parkops.land import selectors, services
from parkops.land.choices import LedgerKind, UseStatus
from parkops.land.models import LandRules, Parcel
from parkops.land.rules import Efficiency, Thresholds, find_use, full_years_after

pytestmark = pytest.mark.django_db

AGREED = date(2024, 3, 15)


def parcel(**fields) -> Parcel:
    defaults = {"location": "工业大道东侧", "area_mu": Decimal("60"), "agreed_start_on": AGREED,
                "land_price": Decimal("1800")}
    return Parcel(**(defaults | fields))


def on(day: date, p: Parcel, **kwargs):
    return find_use(p, today=day, **kwargs)


def test_an_unstarted_parcel_turns_idle_on_the_day_a_full_year_has_passed():
    p = parcel()
    assert on(AGREED, p).status == UseStatus.NORMAL
    assert on(AGREED + timedelta(days=1), p).status == UseStatus.LATE_START
    assert on(AGREED + timedelta(days=1), p).reason == "约定2024年3月15日开工，已逾期1天未开工"
    # Ninety days before the year is full it is flagged, so the park can act before the fee falls due.
    assert on(date(2024, 12, 15), p).status == UseStatus.SUSPECTED_IDLE
    eve = on(date(2025, 3, 14), p)
    assert eve.status == UseStatus.SUSPECTED_IDLE
    assert eve.reason == "约定2024年3月15日开工，已逾期364天未动工开发，至2025年3月15日满一年将认定为闲置土地"

    idle = on(date(2025, 3, 15), p)
    assert idle.status == UseStatus.IDLE
    assert idle.idle_since == date(2025, 3, 15) and idle.idle_fee == Decimal("360.00") and not idle.may_revoke
    assert idle.reason == ("约定2024年3月15日开工，满一年未动工开发（2025年3月15日起认定闲置），"
                           "按土地出让价款的20%征缴土地闲置费360万元；至2026年3月15日满两年未动工的，可无偿收回")
    assert ("土地出让价款", "1800万元") in idle.basis and ("实际开工日期", "未开工") in idle.basis


def test_two_full_years_undeveloped_may_be_taken_back():
    p = parcel()
    assert not on(date(2026, 3, 14), p).may_revoke
    revoked = on(date(2026, 3, 15), p)
    assert revoked.status == UseStatus.IDLE and revoked.may_revoke
    assert "未动工开发已满两年" in revoked.reason and "无偿收回" in revoked.reason


def test_a_started_parcel_is_not_idle_by_the_start_rule():
    p = parcel(started_on=date(2025, 2, 1), agreed_completion_on=date(2026, 2, 1))
    assert on(date(2025, 6, 1), p).status == UseStatus.NORMAL
    late = on(date(2026, 3, 1), p)
    assert (late.status, late.reason) == (UseStatus.LATE_COMPLETION, "约定2026年2月1日竣工，已逾期28天未竣工")


def test_started_but_under_a_third_and_stopped_a_full_year_is_idle():
    stopped = date(2024, 9, 1)
    p = parcel(area_mu=Decimal("90"), started_on=date(2024, 4, 1), stopped_on=stopped, developed_mu=Decimal("20"),
               agreed_investment=Decimal("30000"), invested=Decimal("9000"))
    assert on(date(2025, 5, 1), p).status != UseStatus.IDLE
    assert on(date(2025, 8, 31), p).status == UseStatus.SUSPECTED_IDLE
    idle = on(date(2025, 9, 1), p)
    assert idle.status == UseStatus.IDLE
    assert idle.reason.startswith("已开工但开发面积20亩不足总面积90亩的三分之一，自2024年9月1日中止开发建设满一年")

    # A third developed and a quarter invested: stopping is not idleness under the rule.
    built = parcel(area_mu=Decimal("90"), started_on=date(2024, 4, 1), stopped_on=stopped, developed_mu=Decimal("30"),
                   agreed_investment=Decimal("30000"), invested=Decimal("7500"))
    assert on(date(2026, 1, 1), built).status == UseStatus.NORMAL


def test_a_built_parcel_is_inefficient_by_its_holders_per_mu_class():
    p = parcel(started_on=date(2022, 1, 1), completed_on=date(2023, 1, 1))
    d_class = on(date(2025, 6, 1), p, efficiency=Efficiency(2024, "D", Decimal("0.8")))
    assert (d_class.status, d_class.reason) == (UseStatus.INEFFICIENT, "已竣工投产，用地企业2024年度亩均评价为D类（倒逼整治）")
    low_tax = on(date(2025, 6, 1), p, efficiency=Efficiency(2024, "C", Decimal("2.5")),
                 thresholds=Thresholds(tax_per_mu_floor=Decimal("3")))
    assert low_tax.status == UseStatus.INEFFICIENT
    assert low_tax.reason == "已竣工投产，2024年度亩均税收2.5万元/亩，低于园区标准3万元/亩"
    assert on(date(2025, 6, 1), p, efficiency=Efficiency(2024, "B", Decimal("5"))).status == UseStatus.NORMAL


def test_without_the_dates_the_rule_needs_the_ledgers_finding_is_shown_as_such():
    p = parcel(agreed_start_on=None, ledger_kind=LedgerKind.IDLE, cause="企业资金链断裂")
    found = on(date(2025, 6, 1), p)
    assert found.status == UseStatus.IDLE
    assert found.reason == "处置台账登记为闲置（未约定开工日期，未能按规则核验）"
    assert ("形成原因", "企业资金链断裂") in found.basis
    assert on(date(2025, 6, 1), parcel(agreed_start_on=None)).status == UseStatus.NORMAL


def test_the_29th_of_february_reaches_its_year_on_the_first_of_march():
    assert full_years_after(date(2024, 2, 29), 1) == date(2025, 3, 1)


def test_a_parks_own_warning_days_apply(park, supervisor):
    saved = services.parcel_save(parcel=parcel(park=park), user=supervisor)
    assert selectors.finding_for(saved, today=date(2024, 12, 1)).status == UseStatus.LATE_START
    LandRules.objects.create(park=park, suspect_days=120)
    assert selectors.finding_for(saved, today=date(2024, 12, 1)).status == UseStatus.SUSPECTED_IDLE


def test_the_parcel_page_turns_idle_when_the_clock_reaches_the_day(park, supervisor, client, monkeypatch):
    saved = services.parcel_save(parcel=parcel(park=park, holder_name="江西双龙服饰有限公司"), user=supervisor)
    client.force_login(supervisor)

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2025, 3, 14))
    page = client.get(f"/land/parcels/{saved.pk}/").content.decode()
    assert '<span class="light light-red">疑似闲置</span>' in page
    assert "至2025年3月15日满一年将认定为闲置土地" in page

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2025, 3, 15))
    page = client.get(f"/land/parcels/{saved.pk}/").content.decode()
    assert '<span class="light light-darkred">闲置</span>' in page
    assert "2025年3月15日起认定闲置" in page and "土地闲置费360万元" in page
