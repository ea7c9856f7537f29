"""A parallel approval over the 2025 National Day holiday, counted by hand.

2025's notice: 1–8 October off, Sunday 28 September and Saturday 11 October worked (调休). Counting the
working days after Thursday 25 September: 26 Sep = 1, (27 off), 28 Sep = 2, 29 = 3, 30 = 4, (1–8 Oct off),
9 Oct = 5, 10 = 6, 11 Oct (Sat) = 7, (12 off), 13 = 8, 14 = 9, 15 = 10.

Three departments start the same day. 住建局 asks for missing materials (补正) on Monday 29 September and
gets them on Thursday 9 October: the clock stands on 30 September and 9 October (2 working days; the
holiday was never on it). 自然资源局 is done on 10 Oct (6 days of 7), 住建局 on 14 Oct (9 − 2 = 7 of 7, on its
due day), 生态环境局 on the 调休 Saturday 11 Oct (7 of 5: late). The case is closed on 15 Oct: 10 working
days less the 2 it waited on the enterprise = 8 of the 10 promised.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from parkops.approvals import rules, selectors, services
from parkops.approvals.choices import CaseStatus, Light, Mode, StepStatus
from parkops.approvals.models import ApprovalCase, Power
from parkops.core.models import AuditEntry
from parkops.org.choices import Role
from parkops.testing.factories import EnterpriseFactory, ParkFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = date(2025, 10, 20)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def park():
    return ParkFactory()


def _units(park):
    return {name: UnitFactory(park=park, name=name) for name in ("自然资源局", "住建局", "生态环境局")}


def _open(park, units, supervisor, *, power=None, sequence=False):
    plan = services.StepPlan
    return services.case_open(
        park=park, user=supervisor, power=power, title="二期厂房建设工程规划许可",
        enterprise=EnterpriseFactory(park=park, name="江西乾照光电有限公司"), filed_on=date(2025, 9, 25),
        steps=[plan(units["自然资源局"], "规划审查", 7, 1), plan(units["住建局"], "施工图审查", 7, 2 if sequence else 1),
               plan(units["生态环境局"], "环保意见", 5, 3 if sequence else 1)])


def _steps(case):
    case = selectors.listing(ApprovalCase.objects.filter(pk=case.pk)).get()
    return case, {step.unit.name: step for step in case.steps.all()}


def test_a_parallel_approval_with_a_correction_counts_each_steps_working_days_over_national_day(park):
    units = _units(park)
    supervisor = UserFactory(role=Role.SUPERVISOR)
    power = services.power_save(power=Power(park=park, name="建设工程规划许可证核发", mode=Mode.SEAL,
                                            statutory_days=20, promised_days=10), user=supervisor)
    case = _open(park, units, supervisor, power=power)
    case, steps = _steps(case)
    assert case.limit_days == 10  # the power's promise, kept on the case
    assert {s.status for s in steps.values()} == {StepStatus.RUNNING}
    assert {s.started_on for s in steps.values()} == {date(2025, 9, 25)}

    services.step_pause(step=steps["住建局"], reason="缺消防设计专篇", user=supervisor, on=date(2025, 9, 29))
    # During the holiday the step stands at the 3 days it had used; the others run on.
    case, steps = _steps(case)
    paused = rules.step_clock(steps["住建局"], today=date(2025, 10, 2))
    assert (paused.light, paused.days, paused.due) == (Light.PAUSED, 3, None)
    running = rules.step_clock(steps["生态环境局"], today=date(2025, 10, 2))
    assert (running.days, running.due) == (4, date(2025, 10, 9))

    services.step_resume(step=steps["住建局"], user=supervisor, on=date(2025, 10, 9))
    case, steps = _steps(case)
    assert rules.step_clock(steps["住建局"], today=date(2025, 10, 9)).due == date(2025, 10, 14)

    services.step_complete(step=steps["自然资源局"], result="符合规划设计条件", user=supervisor, on=date(2025, 10, 10))
    services.step_complete(step=steps["生态环境局"], result="同意", user=supervisor, on=date(2025, 10, 11))
    with pytest.raises(ValidationError, match="住建局环节尚未办结"):
        services.case_close(case=case, document_name="《建设工程规划许可证》", user=supervisor, on=date(2025, 10, 13))
    services.step_complete(step=steps["住建局"], result="施工图审查合格", user=supervisor, on=date(2025, 10, 14))
    services.case_close(case=case, document_name="《建设工程规划许可证》", document_number="建字第360426202500031号",
                        user=supervisor, on=date(2025, 10, 15))

    case, steps = _steps(case)
    assert case.status == CaseStatus.DONE and case.document_number == "建字第360426202500031号"
    clock = rules.case_clock(case, today=TODAY)
    by_unit = {step.unit.name: c for step, c in clock.steps}
    assert {name: (c.days, c.light) for name, c in by_unit.items()} == {
        "自然资源局": (6, Light.DONE), "住建局": (7, Light.DONE), "生态环境局": (7, Light.DONE_LATE)}
    assert (clock.days, clock.light) == (8, Light.DONE)

    rows = selectors.with_clocks(selectors.listing(ApprovalCase.objects.all()), today=TODAY)
    units_tally = dict(selectors.tallies_by_unit(rows))
    assert (units_tally["生态环境局"].on_time_rate, units_tally["住建局"].average_days) == (0, 7)
    power_tally = dict(selectors.tallies_by_power(rows))["建设工程规划许可证核发"]
    assert (power_tally.total, power_tally.done, power_tally.on_time_rate, power_tally.average_days) == (1, 1, 100, 8)
    assert list(case.events.values_list("kind", flat=True)) == [
        "opened", "started", "started", "started", "paused", "resumed", "step_done", "step_done", "step_done", "closed"]
    assert AuditEntry.objects.filter(detail__contains="审批案件办结出件").exists()


def test_an_open_step_past_its_limit_is_red_and_reddens_its_case(park):
    units = _units(park)
    supervisor = UserFactory(role=Role.SUPERVISOR)
    case, steps = _steps(_open(park, units, supervisor))
    # 生态环境局's 5 working days ran out on 9 October; on the 10th it is late, and so is the case.
    late = rules.step_clock(steps["生态环境局"], today=date(2025, 10, 10))
    assert (late.light, late.days) == (Light.OVERDUE, 6)
    assert rules.step_clock(steps["生态环境局"], today=date(2025, 9, 26)).light == Light.ON_TIME
    # Four of five used by 30 September: due the next working day, 9 October, through the holiday.
    assert rules.step_clock(steps["生态环境局"], today=date(2025, 10, 2)).light == Light.DUE_SOON
    clock = rules.case_clock(case, today=date(2025, 10, 10))
    assert clock.light == Light.OVERDUE and "生态环境局" in clock.reason


def test_steps_in_sequence_start_when_the_one_before_is_done(park):
    units = _units(park)
    supervisor = UserFactory(role=Role.SUPERVISOR)
    case, steps = _steps(_open(park, units, supervisor, sequence=True))
    assert [steps[name].status for name in ("自然资源局", "住建局", "生态环境局")] == [
        StepStatus.RUNNING, StepStatus.WAITING, StepStatus.WAITING]
    services.step_complete(step=steps["自然资源局"], result="同意", user=supervisor, on=date(2025, 9, 30))
    case, steps = _steps(case)
    assert (steps["住建局"].status, steps["住建局"].started_on) == (StepStatus.RUNNING, date(2025, 9, 30))
    # Its 7 days count from 30 September: 9, 10, 11 (调休), 13, 14, 15, 16 October.
    assert rules.step_clock(steps["住建局"], today=TODAY).due == date(2025, 10, 16)
    assert steps["生态环境局"].status == StepStatus.WAITING


def test_a_correction_needs_its_reason_and_a_closed_case_takes_no_more_steps(park):
    units = _units(park)
    supervisor = UserFactory(role=Role.SUPERVISOR)
    case, steps = _steps(_open(park, units, supervisor))
    with pytest.raises(ValidationError, match="补正的材料"):
        services.step_pause(step=steps["住建局"], reason="  ", user=supervisor, on=date(2025, 9, 29))
    with pytest.raises(ValidationError, match="晚于今天"):
        services.step_complete(step=steps["住建局"], result="好", user=supervisor, on=date(2025, 10, 21))
    for step in steps.values():
        services.step_complete(step=step, result="同意", user=supervisor, on=date(2025, 9, 30))
    services.case_close(case=case, document_name="批复", user=supervisor, on=date(2025, 9, 30))
    with pytest.raises(ValidationError, match="已办结"):
        services.case_close(case=case, document_name="批复", user=supervisor)


def test_the_joint_approval_day_is_the_next_tuesday_and_lists_what_falls_due_by_it(park):
    assert rules.joint_day(date(2025, 10, 20)) == date(2025, 10, 21)
    assert rules.joint_day(date(2025, 10, 21)) == date(2025, 10, 21)
    assert rules.joint_day(date(2025, 9, 26)) == date(2025, 9, 30)
    assert "节假日" in rules.joint_day_note(date(2025, 10, 7))
    units = _units(park)
    supervisor = UserFactory(role=Role.SUPERVISOR)
    _open(park, units, supervisor)
    agenda = selectors.agenda(ApprovalCase.objects.all(), today=date(2025, 9, 26))
    # Due on 9 October (生态环境局's 5 days): not by Tuesday 30 September, but new since the last joint day.
    assert (agenda.day, agenda.due, [row.case.title for row in agenda.new]) == (
        date(2025, 9, 30), [], ["二期厂房建设工程规划许可"])
    later = selectors.agenda(ApprovalCase.objects.all(), today=date(2025, 10, 9))
    assert [row.next_due for row in later.due] == [date(2025, 10, 9)]
