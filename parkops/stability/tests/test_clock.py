"""A case's clock counts Chinese working days as the holiday notice sets them: over 2025's National Day
(1–8 October off, Sunday 28 September and Saturday 11 October worked) each type runs out on the right
day; a 信访事项 has 60 calendar days; a park may set its own clocks."""

from datetime import date

import pytest

from parkops.stability import rules
from parkops.stability.choices import CaseLight
from parkops.stability.models import CaseRules
from parkops.testing.factories import CaseFactory, ParkFactory

pytestmark = pytest.mark.django_db

FRIDAY_BEFORE = date(2025, 9, 26)
LAST_DAY_BEFORE = date(2025, 9, 30)


@pytest.mark.parametrize(("kind", "received", "due"), [
    ("emergency", LAST_DAY_BEFORE, LAST_DAY_BEFORE),  # 应急: the same day
    # 咨询 received on Friday: the 调休 Sunday 28 September is its first working day.
    ("consult", FRIDAY_BEFORE, date(2025, 9, 30)),
    # 求助 received on the last day before the holiday: 9, 10 and the 调休 Saturday 11 October.
    ("help", LAST_DAY_BEFORE, date(2025, 10, 11)),
    # 投诉 and 建议: 13 working days, 9–11 October, 13–17, 20–24.
    ("complaint", LAST_DAY_BEFORE, date(2025, 10, 24)),
    ("suggestion", LAST_DAY_BEFORE, date(2025, 10, 24)),
    ("petition", LAST_DAY_BEFORE, date(2025, 11, 29)),  # 《信访工作条例》: 60 days
])
def test_each_type_runs_out_on_the_right_day_over_national_day(kind, received, due):
    assert rules.due_on(kind=kind, received_on=received) == due


def test_a_park_sets_its_own_clock():
    park = ParkFactory()
    CaseRules.objects.create(park=park, complaint_days=5)
    assert rules.due_on(kind="complaint", received_on=LAST_DAY_BEFORE, park=park) == date(2025, 10, 14)
    assert rules.due_on(kind="consult", received_on=LAST_DAY_BEFORE, park=park) == date(2025, 10, 11)


def test_light_turns_yellow_on_the_last_day_and_red_after():
    case = CaseFactory(kind="help", received_on=LAST_DAY_BEFORE)
    assert rules.case_light(case, today=date(2025, 10, 9)).light == CaseLight.ON_TIME
    assert rules.case_light(case, today=date(2025, 10, 10)).light == CaseLight.DUE_SOON
    late = rules.case_light(case, today=date(2025, 10, 14))
    assert late.light == CaseLight.OVERDUE
    # 13 and 14 October are working days after the due Saturday.
    assert "已逾期2个工作日" in late.reason


def test_closed_after_its_day_is_marked_late():
    case = CaseFactory(kind="help", received_on=LAST_DAY_BEFORE)
    case.closed_on = date(2025, 10, 13)
    assert rules.case_light(case, today=date(2025, 10, 20)).light == CaseLight.CLOSED_LATE
    case.closed_on = date(2025, 10, 11)
    assert rules.case_light(case, today=date(2025, 10, 20)).light == CaseLight.DONE


def test_a_correction_keeps_the_day_the_unit_was_given_unless_the_type_changes():
    from parkops.stability import services
    from parkops.stability.models import Case

    park = ParkFactory()
    case = services.case_register(case=Case(park=park, kind="help", received_on=LAST_DAY_BEFORE,
                                            content="求助协调企业用电增容"), user=None)
    assert case.due_on == date(2025, 10, 11)
    CaseRules.objects.create(park=park, help_days=1)
    case.place = "江西宏美科技有限公司"
    assert services.case_register(case=case, user=None).due_on == date(2025, 10, 11)
    case.kind = "complaint"
    assert services.case_register(case=case, user=None).due_on == date(2025, 10, 24)


def test_a_clock_in_a_year_without_its_holidays_says_so():
    case = CaseFactory(kind="complaint", received_on=date(2030, 9, 30))
    assert "2030年节假日安排尚未录入" in rules.clock_note(case)
    assert rules.clock_note(CaseFactory(kind="complaint", received_on=LAST_DAY_BEFORE)) == ""
