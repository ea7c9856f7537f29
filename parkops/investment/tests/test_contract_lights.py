"""履约亮灯, the rule alone: a signed project against what it promised, with the reasons a reader is given."""

from datetime import date
from decimal import Decimal

from parkops.investment.contract_lights import (
    Actuals,
    Commitments,
    ContractTerms,
    Figure,
    add_months,
    contract_light,
)

SIGNED = date(2022, 3, 15)
TODAY = date(2026, 12, 3)


def _promise(**changes) -> Commitments:
    values = {"signed_on": SIGNED, "total_investment": Decimal("100000"),
              "first_phase_investment": Decimal("60000"), "start_by": date(2022, 9, 1),
              "production_by": date(2024, 6, 30), "output_at_full": Decimal("120000"),
              "tax_at_full": Decimal("6000")}
    return Commitments(**{**values, **changes})


ON_TRACK = Actuals(started_on=date(2022, 8, 20), producing_on=date(2024, 6, 1), invested=Decimal("100000"),
                   output=Figure(date(2026, 10, 1), Decimal("100000")), tax=Figure(date(2026, 10, 1), Decimal("5000")))


def test_no_agreement_or_terminated_has_no_contract_light():
    assert contract_light(None, ON_TRACK, today=TODAY) is None
    assert contract_light(_promise(), ON_TRACK, today=TODAY, terminated=True) is None


def test_a_project_keeping_every_promise_is_green_and_says_what_was_checked():
    light = contract_light(_promise(), ON_TRACK, today=TODAY)
    assert light.light == "green" and light.label == "绿灯"
    assert "已于2022年8月20日开工" in light.reason and "已于2024年6月1日投产" in light.reason
    assert "2026年1-10月产值10.00亿元，达到承诺序时" in light.reason


def test_no_dates_promised_is_said_and_not_held_against_it():
    light = contract_light(_promise(start_by=None, production_by=None, output_at_full=None, tax_at_full=None),
                           Actuals(), today=date(2022, 6, 1))
    assert light.light == "green"
    assert "协议未约定开工日期" in light.reason and "协议未约定投产日期" in light.reason
    assert "2025年3月15日达产，产值税收届时考核" in light.reason  # 36 months after 签约


def test_not_started_after_the_promised_day_is_red_with_the_days():
    light = contract_light(_promise(), Actuals(), today=date(2022, 10, 1))
    assert light.light == "red"
    assert light.reason == "承诺2022年9月1日开工，已逾期30天未开工"


def test_a_promised_day_close_by_is_yellow():
    light = contract_light(_promise(), Actuals(), today=date(2022, 8, 2))
    assert light.light == "yellow" and light.reason == "承诺2022年9月1日开工，还有30天，尚未开工"


def test_full_output_not_yet_due_checks_neither_output_nor_tax():
    started = Actuals(started_on=date(2022, 8, 1), producing_on=date(2024, 6, 1), invested=Decimal("70000"))
    light = contract_light(_promise(), started, today=date(2024, 12, 1))
    assert light.light == "green"
    assert "2025年3月15日达产，产值税收届时考核" in light.reason


def test_behind_on_investment_by_the_production_day_is_red():
    short = Actuals(started_on=date(2022, 8, 1), producing_on=date(2024, 6, 1), invested=Decimal("30000"))
    light = contract_light(_promise(), short, today=date(2024, 12, 1))
    assert light.light == "red"
    assert light.reason == "承诺2024年6月30日前完成一期投资6.00亿元，实际完成3.00亿元（50.00%）"


def test_a_little_short_of_the_investment_is_yellow():
    light = contract_light(_promise(), Actuals(started_on=date(2022, 8, 1), producing_on=date(2024, 6, 1),
                                               invested=Decimal("55000")), today=date(2024, 12, 1))
    assert light.light == "yellow" and "（91.67%）" in light.reason


def test_behind_on_tax_after_full_output_is_red_against_the_share_of_the_year():
    behind = Actuals(started_on=date(2022, 8, 20), producing_on=date(2024, 6, 1), invested=Decimal("100000"),
                     output=Figure(date(2026, 10, 1), Decimal("100000")),
                     tax=Figure(date(2026, 10, 1), Decimal("2000")))
    light = contract_light(_promise(), behind, today=TODAY)
    assert light.light == "red"
    # 6000万元 a year, by October 5000万元 due; 2000万元 paid is 40%.
    assert light.reason == "承诺达产后年税收6000万元，2026年1-10月税收2000万元，为序时目标的40.00%"


def test_no_figures_after_full_output_is_yellow_once_they_should_be_out():
    light = contract_light(_promise(), Actuals(started_on=date(2022, 8, 20), producing_on=date(2024, 6, 1),
                                               invested=Decimal("100000")), today=TODAY)
    assert light.light == "yellow"
    assert "2025年3月15日达产，经济运行中尚无其后的产值数据，无法核对" in light.reason


def test_a_factory_project_reaches_full_output_in_24_months_and_the_park_may_count_from_the_start():
    factory = _promise(is_factory=True)
    assert contract_light(factory, ON_TRACK, today=TODAY).full_output_on == date(2024, 3, 15)
    terms = ContractTerms(land_months=48, from_start=True)
    assert contract_light(_promise(), ON_TRACK, today=TODAY, terms=terms).full_output_on == date(2026, 8, 20)


def test_the_worst_light_wins_and_every_finding_is_kept():
    light = contract_light(_promise(), Actuals(started_on=date(2022, 8, 1), invested=Decimal("55000")),
                           today=date(2024, 12, 1))
    assert light.light == "red"
    assert light.reasons == ["承诺2024年6月30日投产，已逾期154天未投产"]
    assert any("91.67%" in text for text in light.all_reasons)


def test_months_are_added_to_the_end_of_a_short_month():
    assert add_months(date(2023, 11, 30), 3) == date(2024, 2, 29)
