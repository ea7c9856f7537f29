"""A clause matches exactly the enterprises whose figures qualify, worked out by hand below, edge values
at each threshold included; each match shows the figures that qualify it; an enterprise whose figures
cannot decide (no statistics) is listed apart, to apply; a condition that does not read is refused."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from parkops.policies import rules, selectors, services
from parkops.policies.choices import AmountKind, Field, Mode, Operator
from parkops.testing.enterprise_figures import enterprise
from parkops.testing.factories import ParkFactory, UserFactory

pytestmark = pytest.mark.django_db
AS_OF = date(2025, 11, 20)
OCT, OCT_LAST, SEP = date(2025, 10, 1), date(2024, 10, 1), date(2025, 9, 1)


@pytest.fixture
def world():
    park = ParkFactory()
    made = {
        # 营业收入 1-10月 11000 against 10000 a year before: +10.00%, the threshold itself. R&D 330 of 11000:
        # 3.00%, the threshold itself.
        "A": enterprise(park, "甲电子有限公司", scale_from=date(2020, 1, 1), revenue={OCT: "11000", OCT_LAST: "10000"},
                        rnd={OCT: "330"}, honours=(("高新技术企业", date(2023, 12, 1), date(2026, 11, 30)),), grade="A",
                        chain="电子信息", invested=("3000", "2000")),
        # 10999 against 10000: +9.99%, a hundredth short. R&D 400: 3.64%. Its 高新技术企业 expired in January.
        "B": enterprise(park, "乙材料有限公司", scale_from=date(2019, 1, 1), revenue={OCT: "10999", OCT_LAST: "10000"},
                        rnd={OCT: "400"}, honours=(("高新技术企业", date(2021, 12, 1), date(2025, 1, 1)),), grade="B",
                        invested=("4000", "1001")),
        # Doubled its revenue, but not 规上.
        "C": enterprise(park, "丙商贸有限公司", revenue={OCT: "20000", OCT_LAST: "10000"}, grade="A"),
        # 入规 in March this year; no figure a year before, so its growth cannot be told.
        "D": enterprise(park, "丁机械有限公司", scale_from=date(2025, 3, 1), revenue={OCT: "5000"}, rnd={OCT: "100"}),
        # +20%, but left 规上 in June.
        "E": enterprise(park, "戊纺织有限公司", scale_from=date(2018, 1, 1), scale_until=date(2025, 6, 1),
                        revenue={OCT: "12000", OCT_LAST: "10000"}),
        # 1-9月 +15% is its latest month: read as it is.
        "F": enterprise(park, "己新能源有限公司", scale_from=date(2021, 1, 1), revenue={SEP: "11500", date(2024, 9, 1): "10000"},
                        rnd={SEP: "1150"}, honours=(("专精特新中小企业", date(2025, 5, 1), None),), grade="C"),
    }
    user = UserFactory(role="supervisor")
    policy = services.policy_create(park=park, user=user, name="稳增长若干措施", issuer="县人民政府", year=2025,
                                    mode=Mode.EXEMPT)
    return park, made, user, policy


def _clause(world, title, conditions, **amount):
    park, made, user, policy = world
    return services.clause_add(policy=policy, user=user, title=title, conditions=conditions,
                               **(amount or {"amount": "10"}))


def _names(found) -> list[str]:
    return sorted(m.profile.name for m in found)


def _matches(world, clause):
    view = next(v for v in selectors.policy_matches(clause.policy, as_of=AS_OF) if v.clause.pk == clause.pk)
    return view.matches


def test_growth_clause_matches_exactly_the_scale_enterprises_at_or_above_ten_percent(world):
    clause = _clause(world, "规上工业企业营业收入同比增长10%以上的，奖励10万元",
                     [(Field.SCALE, Operator.YES, ""), (Field.REVENUE_GROWTH, Operator.GTE, "10")])
    found = _matches(world, clause)
    assert _names(found.matched) == ["己新能源有限公司", "甲电子有限公司"]  # A at exactly 10.00%, F at 15%
    assert _names(found.undecided) == ["丁机械有限公司"]  # 规上, growth unknown: it may apply
    a = next(m for m in found.matched if m.profile.name == "甲电子有限公司")
    assert a.figures == ["规上工业企业：是", "营业收入同比增长 10.00%（1-10月）"]
    assert a.amount == Decimal("10")
    f = next(m for m in found.matched if m.profile.name == "己新能源有限公司")
    assert f.figures == ["规上工业企业：是", "营业收入同比增长 15.00%（1-9月）"]
    assert next(m for m in found.undecided).figures == ["规上工业企业：是", "营业收入同比增长：无数据"]


def test_strictly_above_leaves_out_the_enterprise_at_the_threshold(world):
    clause = _clause(world, "增长超过10%", [(Field.REVENUE_GROWTH, Operator.GT, "10")])
    assert _names(_matches(world, clause).matched) == ["丙商贸有限公司", "己新能源有限公司", "戊纺织有限公司"]


def test_rate_clause_pays_its_rate_of_the_figure_up_to_the_cap(world):
    clause = _clause(world, "研发投入占比3%以上，按研发投入的5%奖补，最高20万元",
                     [(Field.RND_RATIO, Operator.GTE, "3")], amount_kind=AmountKind.RATE, rate_pct="5",
                     base_field=Field.RND, cap="20")
    found = _matches(world, clause)
    # A 330/11000 = 3.00% → 16.50; B 400/10999 = 3.64% → 20.00 (the cap itself); F 1150/11500 = 10% → 57.50,
    # capped at 20; D 100/5000 = 2%, out; C and E have no R&D figure: undecided.
    assert {m.profile.name: m.amount for m in found.matched} == {
        "甲电子有限公司": Decimal("16.50"), "乙材料有限公司": Decimal("20.00"), "己新能源有限公司": Decimal("20")}
    assert _names(found.undecided) == ["丙商贸有限公司", "戊纺织有限公司"]
    b = next(m for m in found.matched if m.profile.name == "乙材料有限公司")
    assert b.figures == ["研发投入占营业收入比重 3.64%（1-10月）"]


def test_honours_still_valid_and_the_permu_class(world):
    clause = _clause(world, "高新技术企业或专精特新，亩均A、B类",
                     [(Field.HONOUR, Operator.HAS, "高新技术企业、专精特新中小企业"),
                      (Field.PERMU_CLASS, Operator.IN, "A、B")])
    found = _matches(world, clause)
    assert _names(found.matched) == ["甲电子有限公司"]  # B's title expired; F is class C
    assert found.matched[0].figures == ["荣誉称号：高新技术企业", "亩均评价类别：A类"]
    assert found.undecided == []


def test_new_to_scale_this_year(world):
    clause = _clause(world, "当年新入规奖励20万元", [(Field.NEW_SCALE, Operator.YES, "")], amount="20")
    assert _names(_matches(world, clause).matched) == ["丁机械有限公司"]


def test_key_project_investment_above_a_figure(world):
    clause = _clause(world, "重点项目完成投资超过5000万元", [(Field.PROJECT_INVESTED, Operator.GT, "5000")],
                     amount_kind=AmountKind.RATE, rate_pct="1", base_field=Field.PROJECT_INVESTED, cap="200")
    found = _matches(world, clause)
    # A's project: 3000 + 2000 = 5000, not above; B's: 4000 + 1001 = 5001 → 1% = 50.01万元.
    assert {m.profile.name: m.amount for m in found.matched} == {"乙材料有限公司": Decimal("50.01")}
    assert found.matched[0].figures == ["重点项目累计完成投资 5001万元"]
    assert found.undecided == []  # no key project is an investment of nothing, not an unknown


def test_chain_condition(world):
    clause = _clause(world, "电子信息产业链", [(Field.CHAIN, Operator.EQ, "电子信息")])
    found = _matches(world, clause)
    assert _names(found.matched) == ["甲电子有限公司"]


@pytest.mark.parametrize(("field", "operator", "value", "message"), [
    ("__import__('os').system('x')", Operator.GTE, "1", "数据项无法识别"),
    (Field.REVENUE_GROWTH, "__gt__", "1", "只能用"),
    (Field.REVENUE_GROWTH, Operator.IN, "1", "只能用"),
    (Field.REVENUE_GROWTH, Operator.GTE, "1e999", "超出范围"),
    (Field.REVENUE_GROWTH, Operator.GTE, "NaN", "超出范围"),
    (Field.REVENUE_GROWTH, Operator.GTE, "revenue*2", "不是数字"),
    (Field.PERMU_CLASS, Operator.IN, "A、X", "A、B、C、D"),
    (Field.CHAIN, Operator.EQ, "甲、乙", "只能写一个值"),
    (Field.HONOUR, Operator.HAS, "", "请填写"),
])
def test_a_condition_that_does_not_read_is_refused_and_nothing_is_stored(world, field, operator, value, message):
    park, made, user, policy = world
    with pytest.raises(ValidationError) as refused:
        services.clause_add(policy=policy, user=user, title="越界条款", amount="1",
                            conditions=[(Field.SCALE, Operator.YES, ""), (field, operator, value)])
    assert message in "；".join(refused.value.messages)
    assert not policy.clauses.exists()


def test_described_as_a_policy_writes_it():
    assert rules.describe(Field.SCALE, Operator.YES, "") == "规上工业企业"
    assert rules.describe(Field.REVENUE_GROWTH, Operator.GTE, "10.00") == "营业收入同比增长（%） ≥ 10.00"
