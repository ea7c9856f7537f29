"""The pages as their users meet them: the case list with each step's light, the case page where a
department's reporter handles his own unit's step only, the 赋权清单 with its mode history, the agenda
and the statistics; and the list pages cost the same queries for ten cases or a thousand."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from parkops.approvals import services
from parkops.approvals.choices import CaseStatus, Mode, StepStatus
from parkops.approvals.models import ApprovalCase, ModeChange, Pause, Power, Step
from parkops.org.choices import Role
from parkops.testing.factories import (
    EnterpriseFactory,
    EnterpriseUserFactory,
    ParkFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
TODAY = date(2025, 10, 20)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def park():
    return ParkFactory()


def _cases(park, units, enterprise, power, count: int) -> None:
    """Cases in every state, each with three steps and a 补正, written in bulk."""
    cases = ApprovalCase.objects.bulk_create([
        ApprovalCase(park=park, power=power if n % 2 else None, title=f"审批事项{n:04d}", enterprise=enterprise,
                     enterprise_name=enterprise.name, filed_on=TODAY - timedelta(days=n % 40), limit_days=10,
                     status=CaseStatus.DONE if n % 3 == 0 else CaseStatus.OPEN,
                     closed_on=TODAY - timedelta(days=n % 5) if n % 3 == 0 else None) for n in range(count)])
    steps = Step.objects.bulk_create([
        Step(case=case, unit=unit, name="审查", limit_days=5, started_on=case.filed_on,
             status=StepStatus.DONE if case.closed_on else StepStatus.RUNNING, done_on=case.closed_on)
        for case in cases for unit in units])
    Pause.objects.bulk_create([Pause(step=step, started_on=step.started_on, ended_on=step.started_on + timedelta(days=2),
                                     reason="缺材料") for step in steps[::3]])


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["approvals:case_list", "approvals:agenda", "approvals:stats", "approvals:power_list",
                                  "services:mine", "reporter:approvals:case_list"])
def test_pages_cost_the_same_queries_for_ten_cases_or_a_thousand(park, page):
    units = [UnitFactory(park=park, name=name) for name in ("自然资源局", "住建局", "生态环境局")]
    enterprise = EnterpriseFactory(park=park)
    power = Power.objects.create(park=park, name="建设工程规划许可证核发", mode=Mode.SEAL, promised_days=10)
    if page == "services:mine":
        user = EnterpriseUserFactory(enterprise=enterprise)
    elif page.startswith("reporter:"):
        user, page = UserFactory(role=Role.REPORTER, unit=units[0]), page.removeprefix("reporter:")
    else:
        user = UserFactory(role=Role.SUPERVISOR)
    client = logged_in(user)
    _cases(park, units, enterprise, power, 10)
    few = _queries(client, reverse(page))
    _cases(park, units, enterprise, power, 990)
    assert ApprovalCase.objects.count() == 1000
    assert _queries(client, reverse(page)) == few


def _power(park, supervisor, name="建设工程规划许可证核发", mode=Mode.JOINT):
    return services.power_save(power=Power(park=park, name=name, mode=mode, statutory_days=20, promised_days=10,
                                           materials="申请表\n施工图"), user=supervisor, mode_on=date(2024, 3, 1))


def test_the_power_list_keeps_the_history_of_each_mode_change_with_its_reason(park):
    supervisor = UserFactory(role=Role.SUPERVISOR)
    power = _power(park, supervisor, name="城镇污水排入排水管网许可")
    client = logged_in(supervisor)
    response = client.post(reverse("approvals:power_edit", args=[power.pk]), {
        "name": power.name, "mode": Mode.INDEPENDENT, "statutory_days": 20, "promised_days": 10,
        "materials": power.materials, "mode_on": "2025-07-01", "mode_reason": ""})
    assert "调整办理方式须说明理由" in response.content.decode()
    client.post(reverse("approvals:power_edit", args=[power.pk]), {
        "name": power.name, "mode": Mode.INDEPENDENT, "statutory_days": 20, "promised_days": 10,
        "materials": power.materials, "mode_on": "2025-07-01", "mode_reason": "园区已具备承接条件，由协同办转为独立办"})
    assert list(ModeChange.objects.filter(power=power).values_list("on", "from_mode", "to_mode")) == [
        (date(2024, 3, 1), "", Mode.JOINT), (date(2025, 7, 1), Mode.JOINT, Mode.INDEPENDENT)]
    page = client.get(reverse("approvals:power_detail", args=[power.pk])).content.decode()
    assert "协同办 → 独立办" in page and "园区已具备承接条件" in page and "施工图" in page
    listing = client.get(reverse("approvals:power_list")).content.decode()
    assert "2025-07-01 协同办→独立办" in listing


def test_a_reporter_handles_his_units_step_and_not_another_units(park):
    own, other = UnitFactory(park=park, name="住建局"), UnitFactory(park=park, name="城管局")
    supervisor = UserFactory(role=Role.SUPERVISOR)
    reporter = UserFactory(role=Role.REPORTER, unit=own)
    case = services.case_open(park=park, user=supervisor, title="施工许可", enterprise_name="某企业",
                              filed_on=date(2025, 10, 13), steps=[services.StepPlan(own, "施工许可审查", 5),
                                                                  services.StepPlan(other, "占道意见", 5)])
    steps = {step.unit_id: step for step in case.steps.all()}
    client = logged_in(reporter)
    page = client.get(reverse("approvals:case_detail", args=[case.pk])).content.decode()
    assert page.count("要求补正") == 1 and "住建局办理意见" in page and "城管局办理意见" not in page
    assert client.post(reverse("approvals:step_act", args=[steps[other.pk].pk, "complete"]),
                       {"text": "越权"}).status_code == 403
    client.post(reverse("approvals:step_act", args=[steps[own.pk].pk, "pause"]), {"text": "施工合同未盖章"})
    assert Step.objects.get(pk=steps[own.pk].pk).status == StepStatus.PAUSED
    client.post(reverse("approvals:step_act", args=[steps[own.pk].pk, "resume"]), {})
    client.post(reverse("approvals:step_act", args=[steps[own.pk].pk, "complete"]), {"text": "审查通过"})
    assert Step.objects.get(pk=steps[own.pk].pk).status == StepStatus.DONE
    # Not the 代办员: a reporter may not close the case.
    assert client.post(reverse("approvals:case_close", args=[case.pk]), {"document_name": "许可证"}).status_code == 403


def test_the_case_list_shows_lights_and_exports_the_ledger(park):
    unit = UnitFactory(park=park, name="生态环境局")
    supervisor = UserFactory(role=Role.SUPERVISOR)
    services.case_open(park=park, user=supervisor, title="环评审批", enterprise_name="江西维科技术有限公司",
                       filed_on=date(2025, 9, 25), steps=[services.StepPlan(unit, "环评审批", 5)])
    client = logged_in(supervisor)
    page = client.get(reverse("approvals:case_list")).content.decode()
    assert "环评审批" in page and "逾期" in page and "生态环境局环节逾期" in page
    book = load_workbook(BytesIO(client.get(reverse("approvals:case_list") + "?export=xlsx").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:6] == ("序号", "企业名称", "申请事项", "赋权事项", "代办员", "受理日期")
    assert rows[1][1:3] == ("江西维科技术有限公司", "环评审批") and rows[1][8] == "逾期" and rows[1][9] == 13


def test_a_case_opened_from_the_page_starts_each_departments_clock(park):
    units = [UnitFactory(park=park, name=name) for name in ("自然资源局", "住建局")]
    supervisor = UserFactory(role=Role.SUPERVISOR)
    power = _power(park, supervisor)
    client = logged_in(supervisor)
    response = client.post(reverse("approvals:case_new"), {
        "power": power.pk, "enterprise_name": "江西乾照光电有限公司", "agent": supervisor.pk, "filed_on": "2025-10-13",
        "step1_unit": units[0].pk, "step1_name": "规划审查", "step1_limit": 7, "step1_position": 1,
        "step2_unit": units[1].pk, "step2_name": "施工图审查", "step2_limit": 5, "step2_position": 1})
    case = ApprovalCase.objects.get()
    assert response.status_code == 302 and case.title == "建设工程规划许可证核发" and case.limit_days == 10
    page = client.get(reverse("approvals:case_detail", args=[case.pk])).content.decode()
    assert "应于2025年10月22日前办结" in page and "应于2025年10月20日前办结" in page
    assert client.post(reverse("approvals:case_new"), {"enterprise_name": "某企业", "title": "无部门"}).status_code == 200
    assert ApprovalCase.objects.count() == 1
