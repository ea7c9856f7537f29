"""The registry's services: saving an enterprise with its checks and history, honours, 入规 and 退规,
and what the pages read back (规上 now, honours still held, recent figures, the history of changes)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from parkops.core.models import AuditAction, AuditEntry
from parkops.economy import registry
from parkops.economy.models import Enterprise, Indicator, ScaleMembership
from parkops.economy.services import Reported, record_values
from parkops.testing.factories import (
    EnterpriseFactory,
    IndustryChainFactory,
    ParkFactory,
    ZoneFactory,
)

HUAWEI = "91440300708461136T"


def new_enterprise(park, **fields) -> Enterprise:
    return Enterprise(park=park, **{"credit_code": HUAWEI, "name": "德安华为技术有限公司", **fields})


# --- saving an enterprise ----------------------------------------------------------------------------


def test_saving_normalises_the_code_and_leaves_history_and_an_audit_line(park, supervisor):
    enterprise = registry.enterprise_save(enterprise=new_enterprise(park, credit_code="９１４４０３００７０８４６１１３６ｔ"),
                                          user=supervisor)

    assert Enterprise.objects.get().credit_code == HUAWEI
    record = enterprise.history.get()
    assert (record.history_user, record.history_change_reason) == (supervisor, "登记企业")
    line = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="企业")
    assert line.username == "supervisor" and line.after["credit_code"] == HUAWEI


def test_an_edit_audits_only_what_changed(park, supervisor):
    enterprise = registry.enterprise_save(enterprise=new_enterprise(park, employees=120), user=supervisor)

    enterprise.employees = 135
    registry.enterprise_save(enterprise=enterprise, user=supervisor)

    line = AuditEntry.objects.get(action=AuditAction.UPDATE, object_type="企业")
    assert (line.before, line.after, line.detail) == ({"employees": 120}, {"employees": 135}, "修改企业信息")


def test_a_bad_check_character_is_refused_in_chinese_and_nothing_is_saved(park, supervisor):
    with pytest.raises(ValidationError) as raised:
        registry.enterprise_save(enterprise=new_enterprise(park, credit_code="91440300708461136U"), user=supervisor)

    assert raised.value.message_dict["credit_code"] == [
        "统一社会信用代码“91440300708461136U”的校验位应为“T”，实为“U”，请核对是否抄错。"]
    assert not Enterprise.objects.exists()


def test_a_code_already_registered_names_the_enterprise_that_has_it(park, supervisor):
    EnterpriseFactory(park=park, credit_code=HUAWEI, name="华为技术有限公司")

    with pytest.raises(ValidationError) as raised:
        registry.enterprise_save(enterprise=new_enterprise(park, name="另一家公司"), user=supervisor)

    assert "已登记为“华为技术有限公司”" in raised.value.message_dict["credit_code"][0]
    assert Enterprise.objects.count() == 1


def test_the_chain_and_zone_must_be_the_parks_own(park, supervisor):
    other = ParkFactory(name="另一园区")
    chain, zone = IndustryChainFactory(park=other, name="光电信息"), ZoneFactory(park=other, name="南区")

    with pytest.raises(ValidationError) as raised:
        registry.enterprise_save(enterprise=new_enterprise(park, chain=chain, zone=zone), user=supervisor)

    assert raised.value.message_dict == {"chain": ["产业链“光电信息”不是本园区的产业链。"],
                                         "zone": ["片区“南区”不是本园区的片区。"]}


def test_an_industry_code_must_look_like_gbt_4754(park, supervisor):
    with pytest.raises(ValidationError) as raised:
        registry.enterprise_save(enterprise=new_enterprise(park, industry_code="电子"), user=supervisor)
    assert "GB/T 4754" in raised.value.message_dict["industry_code"][0]

    saved = registry.enterprise_save(enterprise=new_enterprise(park, industry_code="c3985"), user=supervisor)
    assert saved.industry_code == "C3985"


# --- 规上 -------------------------------------------------------------------------------------------------


def test_entering_and_leaving_make_one_stretch_read_month_by_month(park, supervisor):
    enterprise = EnterpriseFactory(park=park)

    registry.scale_enter(enterprise=enterprise, period=date(2024, 1, 15), user=supervisor)
    registry.scale_leave(enterprise=enterprise, period=date(2025, 3, 1), user=supervisor)

    membership = ScaleMembership.objects.get()
    assert (membership.entered_period, membership.left_period) == (date(2024, 1, 1), date(2025, 3, 1))

    def scale_in(period: date) -> bool:
        return ScaleMembership.objects.filter(registry.scale_at(period)).exists()

    assert not scale_in(date(2023, 12, 1))
    assert scale_in(date(2024, 1, 1)) and scale_in(date(2025, 2, 1))
    assert not scale_in(date(2025, 3, 1))  # the month it left is its first month outside


def test_entering_twice_or_leaving_when_not_in_is_refused(park, supervisor):
    enterprise = EnterpriseFactory(park=park)
    with pytest.raises(ValidationError, match="目前不是规上企业"):
        registry.scale_leave(enterprise=enterprise, period=date(2025, 1, 1), user=supervisor)

    registry.scale_enter(enterprise=enterprise, period=date(2024, 6, 1), user=supervisor)
    with pytest.raises(ValidationError, match="已是规上企业（2024年6月入规）"):
        registry.scale_enter(enterprise=enterprise, period=date(2025, 1, 1), user=supervisor)
    with pytest.raises(ValidationError, match="退规月份须晚于入规月份"):
        registry.scale_leave(enterprise=enterprise, period=date(2024, 6, 1), user=supervisor)


def test_re_entering_cannot_start_before_the_last_exit(park, supervisor):
    enterprise = EnterpriseFactory(park=park)
    registry.scale_enter(enterprise=enterprise, period=date(2022, 1, 1), user=supervisor)
    registry.scale_leave(enterprise=enterprise, period=date(2023, 1, 1), user=supervisor)

    with pytest.raises(ValidationError, match="不能早于上次退规月份（2023年1月）"):
        registry.scale_enter(enterprise=enterprise, period=date(2022, 6, 1), user=supervisor)
    registry.scale_enter(enterprise=enterprise, period=date(2024, 1, 1), user=supervisor)

    assert list(enterprise.scale_memberships.values_list("entered_period", "left_period").order_by("entered_period")) \
        == [(date(2022, 1, 1), date(2023, 1, 1)), (date(2024, 1, 1), None)]


# --- honours -----------------------------------------------------------------------------------------


def test_an_honour_is_dated_and_cannot_be_recorded_twice(park, supervisor):
    enterprise = EnterpriseFactory(park=park)

    registry.honour_add(enterprise=enterprise, name=" 高新技术企业 ", awarded_on=date(2023, 12, 8),
                        expires_on=date(2026, 12, 7), user=supervisor)

    honour = enterprise.honours.get()
    assert (honour.name, honour.awarded_on, honour.expires_on) == ("高新技术企业", date(2023, 12, 8), date(2026, 12, 7))
    with pytest.raises(ValidationError, match="已登记"):
        registry.honour_add(enterprise=enterprise, name="高新技术企业", awarded_on=date(2023, 12, 8), user=supervisor)
    with pytest.raises(ValidationError, match="有效期至不能早于认定日期"):
        registry.honour_add(enterprise=enterprise, name="专精特新中小企业", awarded_on=date(2024, 5, 1),
                            expires_on=date(2024, 4, 30), user=supervisor)


def test_the_listing_shows_scale_since_and_only_honours_still_held(park, supervisor):
    enterprise = EnterpriseFactory(park=park)
    registry.scale_enter(enterprise=enterprise, period=date(2024, 2, 1), user=supervisor)
    registry.honour_add(enterprise=enterprise, name="高新技术企业", awarded_on=date(2020, 11, 1),
                        expires_on=date(2023, 10, 31), user=supervisor)
    registry.honour_add(enterprise=enterprise, name="专精特新中小企业", awarded_on=date(2024, 7, 1), user=supervisor)
    left = EnterpriseFactory(park=park)
    registry.scale_enter(enterprise=left, period=date(2022, 1, 1), user=supervisor)
    registry.scale_leave(enterprise=left, period=date(2024, 1, 1), user=supervisor)

    rows = {e.pk: e for e in registry.with_listing_data(Enterprise.objects.all(), today=date(2025, 6, 30))}

    assert rows[enterprise.pk].scale_since == date(2024, 2, 1)
    assert [h.name for h in rows[enterprise.pk].current_honours] == ["专精特新中小企业"]
    assert rows[left.pk].scale_since is None


# --- what the enterprise page reads ------------------------------------------------------------------


def test_recent_figures_are_the_last_six_months_reported_with_month_values(park):
    enterprise = EnterpriseFactory(park=park)
    revenue = Indicator.objects.get(code="revenue")
    for month in range(1, 9):
        record_values(park=park, period=date(2025, month, 1),
                      rows=[Reported(enterprise.pk, revenue.pk, Decimal("1234.5678") * month)])

    figures = registry.recent_figures(enterprise)

    assert figures.periods == [date(2025, m, 1) for m in range(3, 9)]
    row = figures.rows[0]
    assert row.indicator == revenue
    assert row.cells[-1] == (Decimal("9876.54"), Decimal("1234.57"))  # 1-8月 and August, two decimals of 万元


def test_the_history_says_who_changed_what_from_what(park, supervisor):
    chain = IndustryChainFactory(park=park, name="装备制造")
    enterprise = registry.enterprise_save(enterprise=new_enterprise(park, employees=120), user=supervisor)
    enterprise.employees, enterprise.chain = 135, chain
    registry.enterprise_save(enterprise=enterprise, user=supervisor)
    registry.scale_enter(enterprise=enterprise, period=date(2024, 1, 1), user=supervisor)
    registry.honour_add(enterprise=enterprise, name="高新技术企业", awarded_on=date(2023, 12, 8), user=supervisor)

    changes = registry.enterprise_history(enterprise)

    assert [c.what for c in changes] == ["新增荣誉", "入规", "修改企业信息", "登记企业"]
    edit = changes[2]
    assert edit.user == supervisor
    assert sorted(edit.lines) == ["产业链：— → 装备制造", "从业人员（人）：120 → 135"]
    assert changes[1].lines == ["2024年1月入规"]
    assert changes[0].lines == ["高新技术企业（2023-12-08认定）"]

