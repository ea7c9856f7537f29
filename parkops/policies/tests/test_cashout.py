"""Cash-outs on their working-day clocks: a 免申即享 match confirmed starts the payment clock (60 working
days by default), an application the review clock (5), both counted over the 2025 National Day holiday and
its 调休 Saturday; only an enterprise the data qualifies is confirmed; an enterprise applies for itself
only; 兑现率, average days and what each enterprise received by year."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from parkops.policies import selectors, services
from parkops.policies.choices import Field, Light, Mode, Operator, Status
from parkops.policies.lights import application_light
from parkops.policies.models import Application
from parkops.testing.enterprise_figures import enterprise
from parkops.testing.factories import EnterpriseUserFactory, ParkFactory, UserFactory

pytestmark = pytest.mark.django_db
OCT, OCT_LAST = date(2025, 9, 1), date(2024, 9, 1)  # the latest month known on 30 September
TODAY = date(2025, 12, 31)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def world():
    park = ParkFactory()
    grower = enterprise(park, "甲电子有限公司", scale_from=date(2020, 1, 1), revenue={OCT: "12000", OCT_LAST: "10000"})
    laggard = enterprise(park, "乙材料有限公司", scale_from=date(2020, 1, 1), revenue={OCT: "9000", OCT_LAST: "10000"})
    unknown = enterprise(park, "丙机械有限公司", scale_from=date(2025, 3, 1), revenue={OCT: "5000"})
    supervisor = UserFactory(role="supervisor")
    policy = services.policy_create(park=park, user=supervisor, name="稳增长", issuer="县人民政府", year=2025,
                                    mode=Mode.EXEMPT)
    clause = services.clause_add(policy=policy, user=supervisor, title="增长10%以上奖励10万元", amount="10",
                                 conditions=[(Field.SCALE, Operator.YES, ""), (Field.REVENUE_GROWTH, Operator.GTE, "10")])
    return park, supervisor, clause, grower, laggard, unknown


def test_a_confirmed_match_is_paid_on_the_payment_clock_over_the_holiday(world):
    park, supervisor, clause, grower, laggard, unknown = world
    # Confirmed Tuesday 30 September 2025: 1-8 October off, Saturday 11 October a working day.
    confirmed = services.candidate_confirm(clause=clause, enterprise=grower, user=supervisor, on=date(2025, 9, 30))
    assert confirmed.status == Status.APPROVED and confirmed.amount == Decimal("10")
    assert confirmed.figures == ["规上工业企业：是", "营业收入同比增长 20.00%（1-9月）"]
    # 60 working days after 30 September: October 9, 10, 11 (调休 Saturday) and 15 more (18), November's
    # 20 (38), December 1-26 (58), 29 and 30: Tuesday 30 December 2025.
    assert confirmed.payment_due == date(2025, 12, 30)
    assert application_light(confirmed, today=date(2025, 12, 29)).light == Light.DUE_SOON
    assert application_light(confirmed, today=date(2025, 12, 31)).light == Light.OVERDUE
    paid = services.application_pay(application=confirmed, user=supervisor, on=date(2025, 12, 30))
    assert paid.status == Status.PAID and paid.paid_amount == Decimal("10")
    assert application_light(paid, today=TODAY).light == Light.DONE


def test_only_an_enterprise_the_data_qualifies_is_confirmed_without_an_application(world):
    park, supervisor, clause, grower, laggard, unknown = world
    for refused in (laggard, unknown):
        with pytest.raises(ValidationError, match="不符合该条款的全部条件"):
            services.candidate_confirm(clause=clause, enterprise=refused, user=supervisor)
    assert not Application.objects.exists()


def test_an_application_is_reviewed_on_the_five_day_clock(world):
    park, supervisor, clause, grower, laggard, unknown = world
    applied = services.application_file(clause=clause, enterprise=unknown, user=supervisor, on=date(2025, 9, 30))
    # 9, 10, 11 (调休 Saturday), 13, 14 October.
    assert applied.review_due == date(2025, 10, 14)
    assert applied.figures == ["规上工业企业：是", "营业收入同比增长：无数据"]
    assert application_light(applied, today=date(2025, 10, 13)).light == Light.DUE_SOON
    assert application_light(applied, today=date(2025, 10, 15)).light == Light.OVERDUE
    with pytest.raises(ValidationError, match="核定兑现金额"):
        services.application_review(application=applied, user=supervisor, approve=True, amount="0")
    reviewed = services.application_review(application=applied, user=supervisor, approve=True,
                                           on=date(2025, 10, 14))
    assert reviewed.status == Status.APPROVED and reviewed.amount == Decimal("10")
    assert reviewed.payment_due > reviewed.reviewed_on
    with pytest.raises(ValidationError, match="按园区掌握的数据"):
        services.application_file(clause=clause, enterprise=laggard, user=supervisor)


def test_an_enterprise_applies_for_itself_only(world):
    park, supervisor, clause, grower, laggard, unknown = world
    own = EnterpriseUserFactory(enterprise=unknown)
    with pytest.raises(ValidationError, match="只能为本企业申请"):
        services.application_file(clause=clause, enterprise=grower, user=own)
    applied = services.application_file(clause=clause, enterprise=unknown, user=own, note="已入规，请审核")
    assert applied.source == "enterprise"
    with pytest.raises(ValidationError, match="已有该条款的兑现记录"):
        services.application_file(clause=clause, enterprise=unknown, user=own)
    rows = selectors.policies_for_enterprise(enterprise=unknown, as_of=TODAY)
    assert [(r.clause.title, r.matched, r.application.pk) for r in rows] == [("增长10%以上奖励10万元", False, applied.pk)]


def test_paid_rate_average_days_and_what_each_received_by_year(world):
    park, supervisor, clause, grower, laggard, unknown = world
    first = services.candidate_confirm(clause=clause, enterprise=grower, user=supervisor, on=date(2025, 12, 1))
    services.application_pay(application=first, user=supervisor, on=date(2025, 12, 5), amount="8")  # 4 working days
    second = services.application_file(clause=clause, enterprise=unknown, user=supervisor, on=date(2025, 12, 1))
    services.application_review(application=second, user=supervisor, approve=True, amount="6", on=date(2025, 12, 2))
    rows = selectors.with_lights(selectors.listing(Application.objects.all()), today=TODAY)
    tally = selectors.tally(rows)
    assert (tally.approved, tally.paid, tally.paid_rate, tally.average_days) == (2, 1, Decimal("50.00"), Decimal("4"))
    assert tally.paid_amount == Decimal("8") and tally.approved_amount == Decimal("16")  # 10 confirmed, 6 approved
    years, received = selectors.received_by_year(Application.objects.all())
    assert years == [2025]
    assert [(r.enterprise, r.by_year) for r in received] == [("甲电子有限公司", {2025: Decimal("8")})]
