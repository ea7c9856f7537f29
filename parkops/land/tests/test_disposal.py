"""The 处置台账: one case a parcel, its steps and light on supervision's scale, closed with the 亩 盘活 and the
registry's enterprise now on the land; the parcel is then in use again."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from parkops.core import events
from parkops.core.models import AuditEntry
from parkops.land import selectors, services
from parkops.land.choices import BUILTIN_METHODS, CaseLight, LedgerKind, UseStatus
from parkops.land.lights import case_light
from parkops.land.models import DisposalCase, DisposalMethod, DisposalStep, Parcel
from parkops.land.today import items_for
from parkops.org.choices import Role
from parkops.testing.factories import PersonFactory, UserFactory, credit_code

pytestmark = pytest.mark.django_db

TODAY = date(2025, 11, 20)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def idle_parcel(park, user, holder="江西永安电力设备有限公司", mu="52.3") -> Parcel:
    return services.parcel_save(parcel=Parcel(park=park, holder_name=holder, location="丰林镇工业小区",
                                              area_mu=Decimal(mu), agreed_start_on=date(2023, 5, 1),
                                              ledger_kind=LedgerKind.IDLE), user=user)


def open_case(parcel, user, method="腾笼换鸟", **fields) -> DisposalCase:
    fields = {"opened_on": date(2025, 3, 1), "deadline": date(2025, 12, 31)} | fields
    return services.case_save(case=DisposalCase(parcel=parcel, method=services.method_for_name(parcel.park, method),
                                                **fields), user=user)


def test_every_park_has_the_seven_methods_and_may_add_its_own(park, supervisor):
    services.ensure_methods(park)
    assert list(DisposalMethod.objects.filter(park=park).values_list("name", flat=True)) == list(BUILTIN_METHODS)
    own = services.method_for_name(park, "股权重组", user=supervisor)
    assert own.name == "股权重组" and DisposalMethod.objects.filter(park=park).count() == 8
    assert AuditEntry.objects.filter(detail="新增处置方式“股权重组”").exists()


def test_a_parcel_has_one_case(park, supervisor):
    parcel = idle_parcel(park, supervisor)
    open_case(parcel, supervisor)
    with pytest.raises(ValidationError, match="已有处置台账，每宗地只建一个"):
        open_case(Parcel.objects.get(pk=parcel.pk), supervisor, method="收回")


def test_the_light_follows_the_steps_and_the_deadline(park, supervisor):
    case = open_case(idle_parcel(park, supervisor), supervisor)
    light = case_light(case, today=TODAY)
    assert (light.light, light.reason) == (CaseLight.NOT_STARTED, "尚未开展处置工作")

    step = services.step_save(step=DisposalStep(case=case, title="约谈企业", planned_on=date(2025, 11, 1)), user=supervisor)
    light = case_light(case, today=TODAY)
    assert (light.light, light.reason) == (CaseLight.BEHIND, "步骤“约谈企业”计划2025年11月1日完成，已逾期19天")

    step.done_on = date(2025, 11, 5)
    services.step_save(step=step, user=supervisor)
    light = case_light(case, today=TODAY)
    assert (light.light, light.reason) == (CaseLight.ON_SCHEDULE, "完成时限2025年12月31日，剩余41天")

    light = case_light(case, today=date(2026, 1, 3))
    assert (light.light, light.reason) == (CaseLight.OVERDUE, "完成时限2025年12月31日，已逾期3天")


def test_closing_a_case_puts_the_land_in_use_with_the_registrys_enterprise(park, supervisor):
    parcel = idle_parcel(park, supervisor)
    case = open_case(parcel, supervisor, progress="引进伟晟环保项目")
    assert selectors.finding_for(parcel, today=TODAY).status == UseStatus.IDLE

    services.case_close(case=case, on=date(2025, 10, 8), revitalised_mu=Decimal("52.3"), user=supervisor,
                        credit_code=credit_code(41), enterprise_name="江西伟晟环保科技有限公司", result="土地转让")

    case.refresh_from_db()
    # The registry's enterprise of that code, registered there: the one the statistics and 亩均 know.
    assert (case.new_enterprise.credit_code, case.new_enterprise.name) == (credit_code(41), "江西伟晟环保科技有限公司")
    assert case.new_enterprise.park == park
    assert case_light(case, today=TODAY).reason == "已于2025年10月8日办结，盘活52.3亩"
    finding = selectors.finding_for(Parcel.objects.get(pk=parcel.pk), today=TODAY)
    assert (finding.status, finding.reason) == (UseStatus.NORMAL, "已于2025年10月8日通过腾笼换鸟盘活")
    assert case.history.first().history_change_reason == "办结：腾笼换鸟，盘活52.3亩（2025年10月8日）"
    assert AuditEntry.objects.filter(detail__contains="腾笼换鸟办结，盘活52.3亩").exists()

    with pytest.raises(ValidationError, match="处置已于2025年10月8日办结"):
        services.case_close(case=case, on=TODAY, revitalised_mu=Decimal(1), user=supervisor)


def test_a_case_cannot_revitalise_more_than_its_parcel_nor_close_in_the_future(park, supervisor):
    case = open_case(idle_parcel(park, supervisor, mu="20"), supervisor)
    with pytest.raises(ValidationError, match="盘活面积25亩大于宗地面积20亩"):
        services.case_close(case=case, on=TODAY, revitalised_mu=Decimal(25), user=supervisor)
    with pytest.raises(ValidationError, match="晚于今天"):
        services.case_close(case=case, on=TODAY + timedelta(days=1), revitalised_mu=Decimal(20), user=supervisor)
    assert DisposalCase.objects.get(pk=case.pk).closed_on is None


def test_the_board_groups_cases_by_method_with_their_lights(park, supervisor):
    late = open_case(idle_parcel(park, supervisor, holder="甲公司"), supervisor, method="司法拍卖",
                     deadline=date(2025, 10, 31))
    open_case(idle_parcel(park, supervisor, holder="乙公司"), supervisor, method="股权重组", progress="洽谈中")
    columns, counts = selectors.disposal_board(DisposalCase.objects.all(), park=park, today=TODAY)

    assert [c.name for c in columns] == [*BUILTIN_METHODS, "股权重组"]
    auction = next(c for c in columns if c.name == "司法拍卖")
    assert [row.case for row in auction.rows] == [late] and auction.rows[0].light.light == CaseLight.OVERDUE
    assert counts[CaseLight.OVERDUE] == 1 and counts[CaseLight.ON_SCHEDULE] == 1


def test_a_late_case_is_on_the_responsible_units_and_the_supervisors_day(park, unit, reporter, supervisor):
    late = open_case(idle_parcel(park, supervisor), supervisor, responsible_unit=unit, deadline=date(2025, 11, 1))
    open_case(idle_parcel(park, supervisor, holder="另一企业"), supervisor, progress="洽谈中")

    [item] = items_for(reporter, TODAY)
    assert (item.kind, item.title, item.detail) == ("处置逾期", str(late.parcel), "完成时限2025年11月1日，已逾期19天")
    assert item.url == f"/land/parcels/{late.parcel_id}/" and item.urgent
    assert [i.title for i in items_for(supervisor, TODAY)] == [str(late.parcel)]


def test_a_late_step_is_dated_on_the_day_it_was_missed_not_on_the_cases_distant_deadline(park, supervisor):
    case = open_case(idle_parcel(park, supervisor), supervisor, deadline=date(2027, 5, 2))
    services.step_save(step=DisposalStep(case=case, title="确定依法回购方案并报批", planned_on=date(2025, 11, 1)),
                       user=supervisor)

    [item] = items_for(supervisor, TODAY)

    assert item.kind == "处置滞后"
    assert item.on == date(2025, 11, 1)  # among the day's late items, not above them as if from 2027


def test_a_late_case_is_told_each_day_to_its_unit_its_leader_and_the_supervisors(
        park, unit, reporter, supervisor, monkeypatch, django_capture_on_commit_callbacks):
    heard = []
    monkeypatch.setattr(events, "_listeners", [*events._listeners, heard.append])
    person = PersonFactory(park=park, name="刘副主任")
    leader = UserFactory(username="liu", role=Role.LEADER, person=person)
    late = open_case(idle_parcel(park, supervisor), supervisor, responsible_unit=unit, leader=person,
                     deadline=date(2025, 11, 1))
    open_case(idle_parcel(park, supervisor, holder="另一企业"), supervisor, progress="洽谈中")  # on schedule
    closed_late = open_case(idle_parcel(park, supervisor, holder="第三企业"), supervisor, deadline=date(2025, 10, 1))
    services.case_close(case=closed_late, on=date(2025, 10, 20), revitalised_mu=Decimal("10"),
                        result="已收回", user=supervisor)
    heard.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.notify_late_cases(today=TODAY) == 1

    [notice] = heard
    assert notice.title == f"闲置土地处置逾期：{late.parcel}"
    assert notice.body == "完成时限2025年11月1日，已逾期19天"
    assert set(notice.users) == {reporter, supervisor, leader}
    assert notice.units == (unit,) and notice.key == f"disposal-late-{late.pk}-2025-11-20"
    assert notice.link == f"/land/parcels/{late.parcel_id}/"
