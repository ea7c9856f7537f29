"""The permission matrix, proved through HTTP: generated from core.permissions.matrix().

For every declared row (object kind × action) and every actor (the seven roles, and a 填报员 who is
驻企联络员 of one project), each of the row's probes makes a real request with the test client on a park
of two units: on an object of the actor's own unit, on one of the other unit, and on an id that does
not exist. The matrix says whether the actor may; the probe says whether the request succeeded (the
page answered, or the POST left its effect, or the list/export/API showed the object). An
unauthorised success and an authorised failure both fail the test, so the matrix and the views cannot
drift apart in either direction. A row without a probe fails too: a new action gets a probe here.

The park is built once for the module and every request runs in a savepoint rolled back after it, so
a POST that succeeds leaves nothing for the next one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from parkops.approvals import services as approval_services
from parkops.approvals.models import ApprovalCase, Power
from parkops.approvals.models import Step as ApprovalStep
from parkops.core.permissions import allows, matrix
from parkops.economy.models import Enterprise
from parkops.environment import services as environment_services
from parkops.environment.models import (
    FeedbackItem,
    FeedbackRecord,
    Outlet,
    PollutantLimit,
    SmallPolluter,
)
from parkops.investment.models import (
    Agreement,
    ContractRules,
    InvestmentActivity,
    InvestmentProject,
    ReviewCriteria,
    ReviewItem,
    ReviewMeeting,
    ReviewOpinion,
    StageChange,
)
from parkops.jobs.models import ReportSubscription
from parkops.land import services as land_services
from parkops.land.models import Building, DisposalCase, DisposalStep, FactoryUnit, Lease, Parcel, ParkPlan
from parkops.notices.choices import DeliveryStatus
from parkops.notices.models import Channel, Delivery, Message
from parkops.org.choices import Role
from parkops.org.models import Unit, User
from parkops.policies import services as policy_services
from parkops.policies.models import Application, Clause, Policy
from parkops.projects import services as project_services
from parkops.projects.choices import ProblemStatus
from parkops.projects.models import (
    Chase,
    DispatchMeeting,
    Milestone,
    MonthlyProgress,
    Problem,
    Project,
    StageEvent,
)
from parkops.projects.tests.images import phone_jpeg
from parkops.reports.models import GeneratedReport, ReportStatus, ReportTemplate
from parkops.safety import services as safety_services
from parkops.safety.models import Attendance, Hazard, HazardPhoto, Inspection, SafetyRules, TrainingSession
from parkops.services import services as request_services
from parkops.services.models import EnterpriseAccount, SelfReport, ServiceRequest, ServiceRules
from parkops.stability import services as stability_services
from parkops.stability.models import Case, CoverageCampaign, CoverageEntry, Dispute, DutyShift
from parkops.supervision.choices import ReportStatus as ProgressStatus
from parkops.supervision.models import Comment, Plan, ProgressReport, Task
from parkops.supervision.services import report_return, report_submit
from parkops.testing.factories import (
    EnterpriseFactory,
    InvestmentProjectFactory,
    MilestoneFactory,
    PersonFactory,
    PlanFactory,
    ProblemFactory,
    ProjectFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
)

# Each test runs in its own transaction too (pytest-django), inside the module's, which holds the park.
pytestmark = pytest.mark.django_db

LIAISON = "liaison"
ACTORS = [*Role, LIAISON]
OWN, OTHER, MISSING = "own", "other", "missing"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
THIS_MONTH = date.today().replace(day=1)
LAST_YEAR = date(date.today().year - 1, 6, 1)


class Missing:
    """An id nobody has: guessing it must be refused (404 or 403), never answered."""

    pk = 987654321


@dataclass
class World:
    users: dict
    objects: dict[str, dict[str, object]] = field(default_factory=dict)

    def target(self, kind: str, which: str, actor) -> object:
        if which == MISSING:
            return Missing()
        if kind == "message":  # each actor's own message, and someone else's
            return self.objects["message"][actor if which == OWN else "someone"]
        if kind == "user" and which == OTHER:  # an account's own: nobody raises his own role
            return self.users[actor]
        return self.objects[kind][which]


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("access_media")


@pytest.fixture(autouse=True)
def media_in_tmp(media_root):
    """Overrides the project's per-test media folder: the files below are written once for the module."""
    with override_settings(MEDIA_ROOT=media_root):
        yield


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, media_root) -> World:
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _build_world() -> World:
    from parkops.testing.factories import ParkFactory

    park = ParkFactory()
    own_unit = UnitFactory(park=park, name="工信局")
    other_unit = UnitFactory(park=park, name="商务局")
    users = {role: UserFactory(username=f"access_{role}", role=role, unit=own_unit) for role in Role}
    users[LIAISON] = UserFactory(username="access_liaison", role=Role.REPORTER, unit=own_unit)
    other_reporter = UserFactory(username="access_other_reporter", role=Role.REPORTER, unit=other_unit)
    other_liaison = UserFactory(username="access_other_liaison", role=Role.REPORTER, unit=other_unit)
    w = World(users)

    plan = PlanFactory(park=park, name="访问控制测试计划", year=date.today().year)
    leader = PersonFactory(park=park, name="周洁")
    own_task = TaskFactory(plan=plan, number="9", lead_units=[own_unit], county_leaders=[leader],
                           text="甲单位任务：工业营业收入达到720亿元。")
    other_task = TaskFactory(plan=plan, number="19", lead_units=[other_unit], text="乙单位任务：新增规上企业30家。")
    own_report = report_submit(task=own_task, unit=own_unit, user=users[Role.REPORTER], period=THIS_MONTH,
                               text="本单位进展", files=[SimpleUploadedFile("本单位.png", PNG, content_type="image/png")])
    other_report = report_submit(task=other_task, unit=other_unit, user=other_reporter, period=THIS_MONTH,
                                 text="外单位进展", files=[SimpleUploadedFile("外单位.png", PNG, content_type="image/png")])
    supervisor = users[Role.SUPERVISOR]
    own_returned = report_return(report=report_submit(task=own_task, unit=own_unit, user=None, period=LAST_YEAR,
                                                      text="本单位旧进展"), user=supervisor, reason="请补充数据")
    other_returned = report_return(report=report_submit(task=other_task, unit=other_unit, user=None,
                                                        period=LAST_YEAR, text="外单位旧进展"),
                                   user=supervisor, reason="请补充数据")
    w.objects.update({
        "plan": {OWN: plan, OTHER: plan},
        "task": {OWN: own_task, OTHER: other_task},
        "progress_report": {OWN: own_report, OTHER: other_report},
        "returned_report": {OWN: own_returned, OTHER: other_returned},
        "attachment": {OWN: own_report.attachments.get(), OTHER: other_report.attachments.get()},
    })

    own_project = ProjectFactory(park=park, name="乾照光电项目", liaison=users[LIAISON], responsible_unit=own_unit)
    other_project = ProjectFactory(park=park, name="维科南昌基地", liaison=other_liaison, responsible_unit=other_unit)
    own_problem = ProblemFactory(project=own_project, responsible_unit=own_unit, description="甲项目用地问题")
    other_problem = ProblemFactory(project=other_project, responsible_unit=other_unit, description="乙项目供电问题")
    photos = {}
    for which, project, liaison in ((OWN, own_project, users[LIAISON]), (OTHER, other_project, other_liaison)):
        progress = project_services.progress_report(
            project=project, period=LAST_YEAR, invested=100, image_progress="主体施工",
            photos=[SimpleUploadedFile("工地.jpg", phone_jpeg(64, 48))], user=liaison)
        photos[which] = progress.photos.get()
    own_chase = Chase.objects.create(project=own_project, problem=own_problem, unit=own_unit, message="甲单位催办",
                                     sent_by=supervisor)
    other_chase = Chase.objects.create(project=other_project, problem=other_problem, unit=other_unit,
                                       message="乙单位催办", sent_by=supervisor)
    milestones = {OWN: MilestoneFactory(project=own_project, name="甲节点"),
                  OTHER: MilestoneFactory(project=other_project, name="乙节点")}
    meeting = DispatchMeeting.objects.create(park=park, held_on=date(2025, 6, 2), title="第一次调度会",
                                             created_by=supervisor)
    w.objects.update({
        "project": {OWN: own_project, OTHER: other_project},
        "problem": {OWN: own_problem, OTHER: other_problem},
        "site_photo": photos,
        "milestone": milestones,
        "chase": {OWN: own_chase, OTHER: other_chase},
        "dispatch": {OWN: meeting, OTHER: meeting},
    })

    own_lead = InvestmentProjectFactory(park=park, name="甲单位招商线索", unit=own_unit)
    other_lead = InvestmentProjectFactory(park=park, name="乙单位招商线索", unit=other_unit)
    own_activity = InvestmentActivity.objects.create(park=park, kind="fair", held_on=date(2025, 5, 6),
                                                     title="甲单位招商推介会", unit=own_unit)
    other_activity = InvestmentActivity.objects.create(park=park, kind="visit", held_on=date(2025, 5, 7),
                                                       title="乙单位外出考察", unit=other_unit)
    # 入园联审: the own unit (a 招商 unit: it has leads) hosts one meeting and sits on it; the other unit's
    # meeting is its own alone.
    own_meeting = ReviewMeeting.objects.create(park=park, kind="land", held_on=date(2025, 6, 18), number=1,
                                               host="王晓君", host_unit=own_unit)
    own_meeting.members.set([own_unit, other_unit])
    other_meeting = ReviewMeeting.objects.create(park=park, kind="factory", held_on=date(2025, 7, 2), number=1,
                                                 host="商务局局长", host_unit=other_unit)
    other_meeting.members.set([other_unit])
    items = {which: ReviewItem.objects.create(meeting=meeting, project=InvestmentProjectFactory(
        park=park, name=f"{which}上会项目", unit=unit), investment=30000)
        for which, meeting, unit in ((OWN, own_meeting, own_unit), (OTHER, other_meeting, other_unit))}
    # A project signed in 2024 that promised to start within two months and has not: red (履约监管).
    in_red = InvestmentProjectFactory(park=park, name="甲单位履约红灯项目", unit=own_unit, stage="signed")
    Agreement.objects.create(project=in_red, signed_on=date(2024, 1, 10), total_investment=1000,
                             start_by=date(2024, 3, 1))
    w.objects.update({
        "investment_contract": {OWN: in_red, OTHER: in_red},
        "investment_project": {OWN: own_lead, OTHER: other_lead},
        "investment_activity": {OWN: own_activity, OTHER: other_activity},
        "review_meeting": {OWN: own_meeting, OTHER: other_meeting},
        "review_item": items,
        "review_criteria": {OWN: None, OTHER: None},
    })

    parcels, cases = {}, {}
    for which, unit, holder in ((OWN, own_unit, "甲单位用地企业"), (OTHER, other_unit, "乙单位用地企业")):
        parcels[which] = land_services.parcel_save(parcel=Parcel(park=park, holder_name=holder, location=f"{holder}地块",
                                                                 area_mu=20), user=supervisor)
        cases[which] = land_services.case_save(case=DisposalCase(
            parcel=parcels[which], method=land_services.method_for_name(park, "收回"), responsible_unit=unit,
            opened_on=date(2025, 1, 1)), user=supervisor)
    bare = land_services.parcel_save(parcel=Parcel(park=park, holder_name="尚未立案企业", location="尚未立案地块",
                                                   area_mu=15), user=supervisor)
    building = land_services.building_save(building=Building(park=park, name="标准厂房1号楼", floor_area=8000),
                                           user=supervisor)
    land_services.plan_upload(park=park, upload=SimpleUploadedFile("总平面图.png", _png()), user=supervisor)
    land_services.unit_save(unit=FactoryUnit(building=building, number="B101", floor=1, area=100), user=supervisor)
    w.objects.update({"parcel": parcels, "disposal_case": cases, "bare_parcel": {OWN: bare, OTHER: bare},
                      "factory": {OWN: building, OTHER: building}})

    inspections, hazards, hazard_photos = {}, {}, {}
    for which, unit, name in ((OWN, own_unit, "甲单位检查的企业"), (OTHER, other_unit, "乙单位检查的企业")):
        inspections[which] = safety_services.inspection_save(inspection=Inspection(
            park=park, place_name=name, unit=unit, inspected_on=date(2025, 9, 1)), user=supervisor)
        hazards[which] = safety_services.hazard_register(hazard=Hazard(
            park=park, inspection=inspections[which], description=f"{name}的消防通道被占用", responsible_unit=unit),
            user=supervisor, photos=[SimpleUploadedFile("隐患.jpg", phone_jpeg(64, 48))])
        hazard_photos[which] = hazards[which].photos.get()
    training = safety_services.training_save(session=TrainingSession(park=park, title="新入园企业法人安全培训"),
                                             user=supervisor)
    w.objects.update({"inspection": inspections, "hazard": hazards, "hazard_photo": hazard_photos,
                      "training": {OWN: training, OTHER: training}})
    cases, replied = {}, {}
    for which, unit, phone in ((OWN, own_unit, "13700000001"), (OTHER, other_unit, "13700000002")):
        cases[which] = stability_services.case_register(case=Case(
            park=park, kind="complaint", received_on=date(2025, 9, 30), petitioner_name="王伟", petitioner_phone=phone,
            content=f"{unit.name}承办的投诉件", handling_unit=unit), user=supervisor)
        replied[which] = stability_services.case_reply(case=stability_services.case_register(case=Case(
            park=park, kind="consult", received_on=date(2025, 9, 30), content=f"{unit.name}已答复的咨询件",
            handling_unit=unit), user=supervisor), reply="已答复", on=date(2025, 10, 9), user=supervisor)
    dispute = stability_services.dispute_save(dispute=Dispute(park=park, parties="王伟等3人与企业",
                                                              description="工资纠纷"), user=supervisor)
    campaign = CoverageCampaign.objects.create(park=park, name="两个覆盖集中攻坚", started_on=date(2025, 3, 1))
    entry = CoverageEntry.objects.create(campaign=campaign, enterprise_name="德安摸排企业有限公司", is_target=True)
    w.objects.update({"citizen_case": cases, "replied_case": replied, "dispute": {OWN: dispute, OTHER: dispute},
                      "coverage_entry": {OWN: entry, OTHER: entry}, "party_coverage": {OWN: campaign, OTHER: campaign}})
    # 生态环境: a feedback item and a 小散乱污 of each unit, evidence on each item, one outlet of the park.
    feedback, evidence, polluters = {}, {}, {}
    for which, unit in ((OWN, own_unit), (OTHER, other_unit)):
        feedback[which] = environment_services.feedback_register(item=FeedbackItem(
            park=park, problem=f"{unit.name}负责整改的督察反馈问题", unit=unit), user=supervisor)
        evidence[which] = environment_services.evidence_add(item=feedback[which], user=supervisor, files=[
            SimpleUploadedFile(f"{unit.name}佐证.png", _png())])[0]
        polluters[which] = environment_services.polluter_save(polluter=SmallPolluter(
            park=park, name=f"{unit.name}负责的小散乱污作坊", disposal="shut_down", unit=unit), user=supervisor)
    outlet = environment_services.outlet_save(outlet=Outlet(park=park, enterprise=EnterpriseFactory(
        park=park, name="排污许可企业有限公司"), name="DW001 废水总排口"), user=supervisor)
    w.objects.update({"env_feedback": feedback, "env_evidence": evidence, "small_polluter": polluters,
                      "env_outlet": {OWN: outlet, OTHER: outlet}, "safety_rules": {OWN: None, OTHER: None}})
    # 企业诉求: the 企业用户 actor speaks for the own enterprise, whose requests the own unit handles.
    requests, resolved = {}, {}
    for which, unit, name in ((OWN, own_unit, "甲诉求企业"), (OTHER, other_unit, "乙诉求企业")):
        filer = EnterpriseFactory(park=park, name=f"{name}有限公司")
        if which == OWN:
            EnterpriseAccount.objects.create(user=users[Role.ENTERPRISE], enterprise=filer)
        requests[which] = request_services.request_file(park=park, user=supervisor, enterprise=filer, unit=unit,
                                                        content=f"{name}用电增容诉求", category="utilities")
        done = request_services.request_file(park=park, user=supervisor, enterprise=filer, unit=unit,
                                             content=f"{name}已办结诉求", category="policy")
        request_services.request_accept(request=done, user=supervisor)
        resolved[which] = request_services.request_resolve(request=done, result="已办结", user=supervisor)
    w.objects.update({"service_request": requests, "resolved_request": resolved})
    # 审批代办: the own case is the 企业用户 actor's enterprise's, with a step at the own unit; the other's at the
    # other unit, for another enterprise. A closable case has every step done.
    power = approval_services.power_save(power=Power(park=park, name="建设工程规划许可证核发", mode="seal"),
                                         user=supervisor)
    approval_cases, closable, approval_steps = {}, {}, {}
    for which, unit, name in ((OWN, own_unit, "甲诉求企业"), (OTHER, other_unit, "乙诉求企业")):
        applicant = Enterprise.objects.get(park=park, name=f"{name}有限公司")
        step_plans = [approval_services.StepPlan(unit, "规划审查", 7)]
        approval_cases[which] = approval_services.case_open(park=park, user=supervisor, power=power, steps=step_plans,
                                                            title=f"{name}规划许可", enterprise=applicant)
        approval_steps[which] = approval_cases[which].steps.get()
        closable[which] = approval_services.case_open(park=park, user=supervisor, steps=step_plans, enterprise=applicant,
                                                      title=f"{name}待办结案件")
        approval_services.step_complete(step=closable[which].steps.get(), result="同意", user=supervisor)
    w.objects.update({"approval_power": {OWN: power, OTHER: power}, "approval_case": approval_cases,
                      "closable_case": closable, "approval_step": approval_steps})
    # 惠企政策兑现 and 企业自报: each enterprise's cash-outs (one awaiting review, one awaiting payment) and
    # its own month's figures; the policy's open clause, whose figures no enterprise has, is applied for.
    policy = policy_services.policy_create(park=park, user=supervisor, name="访问控制测试政策", issuer="县人民政府",
                                           year=2025)
    open_clause = policy_services.clause_add(policy=policy, user=supervisor, title="增长奖励", amount="5",
                                             conditions=[("revenue_growth", "gte", "10")])
    done_clause = policy_services.clause_add(policy=policy, user=supervisor, title="已申请条款", amount="5",
                                             conditions=[("revenue_growth", "gte", "10")])
    paying_clause = policy_services.clause_add(policy=policy, user=supervisor, title="待兑现条款", amount="5",
                                               conditions=[("revenue_growth", "gte", "10")])
    applications, approved, self_reports = {}, {}, {}
    for which, request in requests.items():
        filer = request.enterprise
        applications[which] = Application.objects.create(
            clause=done_clause, enterprise=filer, source="park", applied_on=date(2025, 9, 1), amount=5)
        approved[which] = Application.objects.create(
            clause=paying_clause, enterprise=filer, source="park", status="approved", applied_on=date(2025, 9, 1),
            reviewed_on=date(2025, 9, 2), amount=5)
        self_reports[which] = SelfReport.objects.create(enterprise=filer, period=date(2025, 9, 1),
                                                        figures={"revenue": "1000.00"})
    w.objects.update({"policy": {OWN: policy, OTHER: policy}, "open_clause": {OWN: open_clause, OTHER: open_clause},
                      "policy_application": applications, "approved_application": approved,
                      "self_report": self_reports})

    enterprise = EnterpriseFactory(park=park, name="江西维科技术有限公司")
    template = ReportTemplate.objects.create(report_type="task_ledger", version=1, content=b"PK\x03\x04 docx",
                                             filename="一览表.docx", is_active=True)
    generated = GeneratedReport.objects.create(report_type="task_ledger", park=park, title="访问控制测试一览表",
                                               period=THIS_MONTH, plan=plan, template=template,
                                               status=ReportStatus.DONE, docx=b"PK\x03\x04 generated")
    messages = {actor: Message.objects.create(user=user, title=f"给{actor}的消息", link="/")
                for actor, user in users.items()}
    messages["someone"] = Message.objects.create(user=other_reporter, title="别人的消息")
    channel = Channel.objects.create(park=park, kind="email", name="工信局邮箱", address="gxj@example.cn")
    delivery = Delivery.objects.create(channel=channel, subject="督办通报", status=DeliveryStatus.FAILED)
    subscription = ReportSubscription.objects.create(report_type="supervision_bulletin", channel=channel)
    w.objects.update({
        "enterprise": {OWN: enterprise, OTHER: enterprise},
        "report": {OWN: generated, OTHER: generated},
        "report_template": {OWN: template, OTHER: template},
        "message": messages,
        "channel": {OWN: channel, OTHER: channel},
        "delivery": {OWN: delivery, OTHER: delivery},
        "subscription": {OWN: subscription, OTHER: subscription},
        "unit": {OWN: own_unit, OTHER: other_unit},
        "user": {OWN: users[Role.VIEWER]},
    })
    return w


# -- probes ---------------------------------------------------------------------------------------------


def _png() -> bytes:
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (60, 40), (255, 255, 255)).save(buffer, format="PNG")
    return buffer.getvalue()


@dataclass(frozen=True)
class Probe:
    """One way to attempt a row's action over HTTP.

    `targets` are the objects tried (own unit's, other unit's, a guessed id), or () for an action on the
    kind as a whole. `objects` names the world's objects when they are not the row's kind (`about` leads
    from one of them to the row's object). A success is
    a 200/302 answer, and also, when given, `effect` left in the database or `shows` true of the answer.
    """

    name: str
    run: Callable[[Client, World, object], object]
    targets: tuple[str, ...] = (OWN, OTHER, MISSING)
    objects: str = ""
    effect: Callable[[World, object], bool] | None = None
    shows: Callable[[object, object], bool] | None = None
    # The object the row is about, when the probe's object is a part of it (a milestone of a project).
    about: Callable[[object], object] = lambda obj: obj
    # A list or export answers the same whichever object is looked for in it: asked once per actor.
    one_answer: bool = True


def url(name: str, *args) -> Callable:
    """GET a named page; an argument `pk` is the target's id."""
    def run(client, w, obj):
        return client.get(reverse(name, args=[obj.pk if a == "pk" else a for a in args]))
    return run


def url_query(name: str, query: str) -> Callable:
    return lambda client, w, obj: client.get(reverse(name) + query)


def post(name: str, data: Callable[[World, object], dict], *, with_pk: bool = True) -> Callable:
    def run(client, w, obj):
        return client.post(reverse(name, args=[obj.pk] if with_pk else []), data(w, obj))
    return run


def in_page(marker: Callable[[object], str]) -> Callable:
    return lambda response, obj: marker(obj) in response.content.decode()


def in_workbook(marker: Callable[[object], str]) -> Callable:
    def shows(response, obj):
        book = load_workbook(BytesIO(b"".join(response.streaming_content) if response.streaming
                                     else response.content), read_only=True)
        cells = (str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row)
        return any(marker(obj) in cell for cell in cells)
    return shows


def in_api_list(response, obj) -> bool:
    return obj.pk in {row["id"] for row in response.json()["results"]}


def api(prefix: str) -> list[Probe]:
    return [
        Probe("API list", lambda c, w, obj: c.get(f"/api/{prefix}/"), targets=(OWN, OTHER), shows=in_api_list),
        Probe("API detail", lambda c, w, obj: c.get(f"/api/{prefix}/{obj.pk}/")),
    ]


def _today_month() -> str:
    return f"{date.today():%Y-%m}"


PROBES: dict[tuple[str, str], list[Probe]] = {
    # -- 企业服务
    ("service_request", "view_list"): [Probe("request list", url("services:request_list"), targets=(OWN, OTHER),
                                             shows=in_page(lambda r: r.content))],
    ("service_request", "view_one"): [Probe("request page", url("services:request_detail", "pk"))],
    ("service_request", "create"): [Probe("file a request", lambda c, w, o: c.post(reverse("services:request_new"), {
        "enterprise_name": "某企业", "category": "labour", "content": "越权提出的诉求"}), targets=(),
        effect=lambda w, o: ServiceRequest.objects.filter(content="越权提出的诉求").exists())],
    ("service_request", "route"): [Probe("route", lambda c, w, r: c.post(
        reverse("services:request_act", args=[r.pk, "route"]), {"unit": w.objects["unit"][OWN].pk}),
        effect=lambda w, r: r.events.filter(kind="routed").count() == 2)],
    ("service_request", "handle"): [Probe("accept", lambda c, w, r: c.post(
        reverse("services:request_act", args=[r.pk, "accept"])),
        effect=lambda w, r: ServiceRequest.objects.get(pk=r.pk).status == "accepted")],
    ("service_request", "rate"): [Probe("rate", lambda c, w, r: c.post(
        reverse("services:request_act", args=[r.pk, "rate"]), {"rating": "satisfied"}), objects="resolved_request",
        effect=lambda w, r: ServiceRequest.objects.get(pk=r.pk).rating == "satisfied")],
    ("service_request", "to_task"): [Probe("诉求转督办", lambda c, w, r: c.post(
        reverse("services:request_act", args=[r.pk, "to_task"]), {"plan": w.objects["plan"][OWN].pk}),
        effect=lambda w, r: ServiceRequest.objects.get(pk=r.pk).supervision_task_id is not None)],
    ("service_request", "export"): [Probe("诉求台账 .xlsx", url_query("services:request_list", "?export=xlsx"),
                                          targets=(OWN, OTHER), shows=in_workbook(lambda r: r.content))],
    ("service_request", "import"): [Probe("诉求台账 import page", url("services:ledger_import"), targets=())],
    ("enterprise_account", "view_list"): [Probe("enterprise accounts", url("services:accounts"), targets=())],
    ("enterprise_account", "create"): [Probe("open an account", lambda c, w, o: c.post(reverse("services:accounts"), {
        "credit_code": w.objects["enterprise"][OWN].credit_code, "username": "probe_qiye"}), targets=(),
        effect=lambda w, o: EnterpriseAccount.objects.filter(user__username="probe_qiye").exists())],
    # -- 惠企政策兑现
    ("policy", "view_list"): [Probe("policy list", url("policies:policy_list"), targets=()),
                              Probe("policy page", url("policies:policy_detail", "pk"), targets=(OWN, MISSING))],
    ("policy", "create"): [Probe("enter a policy", post("policies:policy_new", lambda w, o: {
        "name": "越权录入的政策", "issuer": "某局", "year": 2025, "mode": "fast", "review_days": 5, "payment_days": 60},
        with_pk=False), targets=(), effect=lambda w, o: Policy.objects.filter(name="越权录入的政策").exists())],
    ("policy", "edit"): [Probe("add a clause", post("policies:clause_new", lambda w, p: {
        "title": "越权添加的条款", "amount_kind": "fixed", "amount": "1", "field_1": "scale", "operator_1": "yes"}),
        targets=(OWN,), effect=lambda w, p: Clause.objects.filter(title="越权添加的条款").exists())],
    ("policy", "import"): [Probe("policy list import page", url("policies:policy_import"), targets=())],
    ("policy", "export"): [Probe("policy list .xlsx", url_query("policies:policy_list", "?export=xlsx"), targets=())],
    ("policy_application", "view_list"): [Probe("cash-out ledger", url("policies:application_list"),
                                                targets=(OWN, OTHER), shows=in_page(lambda a: a.enterprise.name))],
    ("policy_application", "view_one"): [Probe("cash-out page", url("policies:application_detail", "pk"))],
    ("policy_application", "create"): [Probe("apply", lambda c, w, o: c.post(
        reverse("policies:apply", args=[w.objects["open_clause"][OWN].pk]),
        {"enterprise": w.objects["policy_application"][OWN].enterprise_id, "note": "越权申请"}), targets=(),
        effect=lambda w, o: Application.objects.filter(clause=w.objects["open_clause"][OWN]).exists())],
    ("policy_application", "review"): [Probe("approve", lambda c, w, a: c.post(
        reverse("policies:application_act", args=[a.pk, "approve"]), {"amount": "5"}),
        effect=lambda w, a: Application.objects.get(pk=a.pk).status == "approved")],
    ("policy_application", "pay"): [Probe("record payment", lambda c, w, a: c.post(
        reverse("policies:application_act", args=[a.pk, "pay"]), {"amount": "5"}), objects="approved_application",
        effect=lambda w, a: Application.objects.get(pk=a.pk).status == "paid")],
    ("policy_application", "export"): [Probe("兑现台账 .xlsx", url_query("policies:application_list", "?export=xlsx"),
                                             targets=(OWN, OTHER), shows=in_workbook(lambda a: a.enterprise.name))],
    ("self_report", "view_list"): [Probe("self-reports", url_query("services:self_report_list", "?all=1"),
                                         targets=(OWN, OTHER), shows=in_page(lambda r: r.enterprise.name))],
    ("self_report", "create"): [Probe("report own figures", lambda c, w, o: c.post(reverse("services:self_report"), {
        "period": f"{THIS_MONTH:%Y-%m}", "figure_revenue": "1234"}), targets=(),
        effect=lambda w, o: SelfReport.objects.filter(figures={"revenue": "1234.00"}).exists())],
    ("service_rules", "edit"): [Probe("set the limits", lambda c, w, o: c.post(reverse("services:limits"), {
        "accept_days": 2, "reply_days": 3, "resolve_days": 15, "extended_days": 30}), targets=(),
        effect=lambda w, o: ServiceRules.objects.filter(accept_days=2).exists())],
    # -- 审批代办
    ("approval_power", "view_list"): [Probe("赋权清单", url("approvals:power_list"), targets=(OWN,),
                                            shows=in_page(lambda p: p.name))],
    ("approval_power", "view_one"): [Probe("power page", url("approvals:power_detail", "pk"), targets=(OWN, MISSING))],
    ("approval_power", "create"): [Probe("add a power", lambda c, w, o: c.post(reverse("approvals:power_new"), {
        "name": "越权新增的事项", "mode": "joint"}), targets=(),
        effect=lambda w, o: Power.objects.filter(name="越权新增的事项").exists())],
    ("approval_power", "edit"): [Probe("edit a power", post("approvals:power_edit", lambda w, o: {
        "name": getattr(o, "name", "猜测的事项"), "mode": "seal", "note": "越权修改"}), targets=(OWN, MISSING),
        effect=lambda w, o: Power.objects.filter(pk=o.pk, note="越权修改").exists())],
    ("approval_power", "import"): [Probe("赋权清单 import page", url("approvals:power_import"), targets=())],
    ("approval_power", "export"): [Probe("赋权清单 .xlsx", url_query("approvals:power_list", "?export=xlsx"),
                                         targets=(OWN,), shows=in_workbook(lambda p: p.name))],
    ("approval_case", "view_list"): [Probe("case list", url("approvals:case_list"), targets=(OWN, OTHER),
                                           shows=in_page(lambda c: c.title))],
    ("approval_case", "view_one"): [Probe("case page", url("approvals:case_detail", "pk"))],
    ("approval_case", "create"): [Probe("open a case", lambda c, w, o: c.post(reverse("approvals:case_new"), {
        "title": "越权受理的案件", "enterprise_name": "某企业", "step1_unit": w.objects["unit"][OWN].pk,
        "step1_limit": 5, "step1_position": 1}), targets=(),
        effect=lambda w, o: ApprovalCase.objects.filter(title="越权受理的案件").exists())],
    ("approval_case", "close"): [Probe("办结出件", post("approvals:case_close", lambda w, o: {"document_name": "许可证"}),
                                       objects="closable_case",
                                       effect=lambda w, o: ApprovalCase.objects.get(pk=o.pk).status == "done")],
    ("approval_case", "export"): [Probe("审批案件台账 .xlsx", url_query("approvals:case_list", "?export=xlsx"),
                                        targets=(OWN, OTHER), shows=in_workbook(lambda c: c.title))],
    ("approval_step", "handle"): [Probe("环节办结", lambda c, w, o: c.post(
        reverse("approvals:step_act", args=[o.pk, "complete"]), {"text": "同意"}),
        effect=lambda w, o: ApprovalStep.objects.get(pk=o.pk).status == "done")],
    # -- supervision
    ("plan", "view_list"): [Probe("plan list", url("supervision:plan_list"), targets=(OWN,),
                                  shows=in_page(lambda plan: plan.name))],
    ("plan", "view_one"): [Probe("plan ledger", url("supervision:plan_detail", "pk"), targets=(OWN, MISSING))],
    ("plan", "create"): [Probe("create plan", post("supervision:plan_create", lambda w, o: {
        "name": "越权新建的计划", "year": 2026, "cycle": "monthly", "due_day": 5, "is_active": "on"}, with_pk=False),
        targets=(), effect=lambda w, o: Plan.objects.filter(name="越权新建的计划").exists())],
    ("plan", "edit"): [Probe("edit plan", post("supervision:plan_edit", lambda w, o: {
        "name": "改名后的计划", "year": 2026, "cycle": "monthly", "due_day": 5, "is_active": "on",
        "loaded_version": getattr(o, "version", 1)}),
        targets=(OWN, MISSING), effect=lambda w, o: Plan.objects.filter(name="改名后的计划").exists())],
    ("plan", "api_read"): api("supervision/plans"),
    ("task", "view_list"): [
        Probe("task list", url("supervision:task_list"), targets=(OWN, OTHER), shows=in_page(lambda t: t.text)),
        Probe("dashboard", url("supervision:dashboard"), targets=()),
        Probe("plan ledger lists the task", lambda c, w, t: c.get(reverse("supervision:plan_detail", args=[t.plan_id])),
              targets=(OWN, OTHER), shows=in_page(lambda t: t.text)),
    ],
    ("task", "view_one"): [Probe("task page", url("supervision:task_detail", "pk"))],
    ("task", "edit"): [Probe("task edit page", url("supervision:task_edit", "pk"))],
    ("task", "export"): [
        Probe("task list .xlsx", url_query("supervision:task_list", "?export=xlsx"), targets=(OWN, OTHER),
              shows=in_workbook(lambda t: t.text[:6])),
        Probe("一览表 .xlsx", lambda c, w, t: c.get(reverse("supervision:ledger_export"),
                                                  {"plan": t.plan_id, "format": "xlsx"}),
              targets=(OWN, OTHER), shows=in_workbook(lambda t: t.text[:6])),
    ],
    ("task", "import"): [Probe("ledger import page", url("supervision:ledger_import"), targets=())],
    ("task", "report"): [Probe("submit progress", post("supervision:report_submit", lambda w, t: {
        "period": "2020-01", "text": "越权报送的进展"}),
        effect=lambda w, t: ProgressReport.objects.filter(task=t, text="越权报送的进展").exists())],
    ("task", "override_light"): [Probe("override light", post("supervision:light_override", lambda w, t: {
        "light": "done", "reason": "经现场核实已完成"}),
        effect=lambda w, t: Task.objects.filter(pk=t.pk, light_override="done").exists())],
    ("task", "comment"): [Probe("批示", post("supervision:comment_add", lambda w, t: {"text": "请加快进度"}),
                                effect=lambda w, t: Comment.objects.filter(task_id=t.pk, text="请加快进度").exists())],
    ("task", "api_read"): api("supervision/tasks"),
    ("progress_report", "view_list"): [Probe("my reports", url("supervision:my_reports"), targets=(OWN, OTHER),
                                             shows=in_page(lambda r: r.task.text))],
    ("progress_report", "review_queue"): [Probe("review queue", url("supervision:review_queue"), targets=())],
    ("progress_report", "review"): [
        Probe("accept", post("supervision:report_review", lambda w, r: {"action": "accept"}),
              effect=lambda w, r: ProgressReport.objects.filter(pk=r.pk, status=ProgressStatus.ACCEPTED).exists()),
        Probe("return", post("supervision:report_review", lambda w, r: {"action": "return", "reason": "请补充"}),
              effect=lambda w, r: ProgressReport.objects.filter(pk=r.pk, status=ProgressStatus.RETURNED).exists()),
    ],
    ("progress_report", "edit"): [Probe(
        "correct a returned report", lambda c, w, r: c.get(reverse("supervision:task_detail", args=[r.task_id])),
        targets=(OWN, OTHER), objects="returned_report", shows=in_page(lambda r: "修改后重新报送"),
        one_answer=False)],
    ("progress_report", "api_read"): api("supervision/reports"),
    ("attachment", "download"): [Probe("download attachment", url("supervision:attachment_download", "pk"),
                                       shows=lambda response, a: b"".join(response.streaming_content) == PNG)],
    # -- projects
    ("project", "view_list"): [
        Probe("project list", url("projects:project_list"), targets=(OWN, OTHER), shows=in_page(lambda p: p.name)),
        Probe("my projects", url("projects:my_projects"), targets=()),
    ],
    ("project", "view_one"): [Probe("project page", url("projects:project_detail", "pk"))],
    ("project", "create"): [Probe("create project", post("projects:project_create", lambda w, o: {
        "name": "越权新建的项目", "kind": "industrial", "level": "county", "total_investment": "150000",
        "invested_before": "0", "is_active": "on"}, with_pk=False),
        targets=(), effect=lambda w, o: Project.objects.filter(name="越权新建的项目").exists())],
    ("project", "edit"): [Probe("project edit page", url("projects:project_edit", "pk"))],
    ("project", "report"): [
        Probe("monthly progress", post("projects:progress_report", lambda w, p: {
            "period": "2020-01", "invested": "100", "image_progress": "主体施工"}),
            effect=lambda w, p: MonthlyProgress.objects.filter(project_id=p.pk, period=date(2020, 1, 1)).exists()),
        Probe("stage", post("projects:stage_change", lambda w, p: {"stage": "signed", "on": "2026-01-05"}),
              effect=lambda w, p: StageEvent.objects.filter(project_id=p.pk, stage="signed").exists()),
        Probe("milestone", post("projects:milestone_update", lambda w, m: {"actual_on": "2025-01-05"}),
              objects="milestone", about=lambda m: m.project,
              effect=lambda w, m: Milestone.objects.filter(pk=m.pk, actual_on__isnull=False).exists()),
    ],
    ("project", "raise_problem"): [Probe("raise problem", post("projects:problem_raise", lambda w, p: {
        "category": "land", "description": "越权提出的问题"}),
        effect=lambda w, p: Problem.objects.filter(project_id=p.pk, description="越权提出的问题").exists())],
    ("project", "chase"): [Probe("chase", post("projects:chase_send", lambda w, p: {"message": "越权催办"}),
                                 effect=lambda w, p: Chase.objects.filter(message="越权催办").exists())],
    ("project", "export"): [
        Probe("project list .xlsx", url_query("projects:project_list", "?export=xlsx"), targets=(OWN, OTHER),
              shows=in_workbook(lambda p: p.name)),
        Probe("进展情况表 .xlsx", url_query("projects:progress_table", "?format=xlsx"), targets=(OWN, OTHER),
              shows=in_workbook(lambda p: p.name)),
    ],
    ("project", "import"): [Probe("table import page", url("projects:table_import"), targets=())],
    ("project", "api_read"): api("projects/projects"),
    ("site_photo", "download"): [Probe("site photo", url("projects:photo", "pk"))],
    ("problem", "work"): [Probe("work a problem", post("projects:problem_work", lambda w, p: {
        "status": "solved", "resolution": "已批复"}),
        effect=lambda w, p: Problem.objects.filter(pk=p.pk, status=ProblemStatus.SOLVED).exists())],
    ("problem", "to_task"): [Probe("转督办", post("projects:problem_to_task", lambda w, p: {
        "plan": w.objects["plan"][OWN].pk}),
        effect=lambda w, p: Problem.objects.filter(pk=p.pk, supervision_task__isnull=False).exists())],
    ("problem", "api_read"): api("projects/problems"),
    ("chase", "view_list"): [Probe("unit inbox", url("projects:inbox"), targets=(OWN, OTHER),
                                   shows=in_page(lambda c: c.message))],
    ("dispatch", "view_one"): [
        Probe("statistics", url("projects:dispatch"), targets=()),
        Probe("meetings", url("projects:meeting_list"), targets=()),
        Probe("meeting page", url("projects:meeting_detail", "pk"), targets=(OWN, MISSING)),
        Probe("meeting agenda", url("projects:meeting_agenda", "pk"), targets=(OWN, MISSING)),
        Probe("daily bulletin", url("projects:daily_bulletin"), targets=()),
    ],
    ("dispatch", "edit"): [Probe("hold a meeting", post("projects:meeting_list", lambda w, o: {
        "held_on": "2026-03-02", "title": "越权召开的调度会"}, with_pk=False),
        targets=(), effect=lambda w, o: DispatchMeeting.objects.filter(title="越权召开的调度会").exists()),
        Probe("minutes", post("projects:meeting_detail", lambda w, m: {
            "minutes": "越权写的纪要", "held_on": "2025-06-02", "title": "第一次调度会"}),
            targets=(OWN, MISSING), effect=lambda w, m: DispatchMeeting.objects.filter(minutes="越权写的纪要").exists())],
    # -- economy
    ("economy", "view_one"): [Probe(name, url(page), targets=()) for name, page in (
        ("dashboard", "economy:dashboard"), ("wall", "economy:wall"), ("months", "economy:period_list"),
        ("targets", "economy:targets"), ("亩均", "economy:permu"), ("cultivation", "economy:cultivation"))],
    ("economy", "edit"): [Probe("per-mu scheme page", url("economy:permu_scheme"), targets=())],
    ("economy", "import"): [Probe("statistics import page", url("economy:indicator_import"), targets=())],
    ("economy", "export"): [Probe("亩均 class list", url("economy:permu_export"), targets=())],
    ("enterprise", "view_list"): [Probe("registry", url("economy:enterprise_list"), targets=(OWN,),
                                        shows=in_page(lambda e: e.name))],
    ("enterprise", "view_one"): [Probe("enterprise page", url("economy:enterprise_detail", "pk"),
                                       targets=(OWN, MISSING))],
    ("enterprise", "create"): [Probe("new enterprise page", url("economy:enterprise_create"), targets=())],
    ("enterprise", "edit"): [
        Probe("enterprise edit page", url("economy:enterprise_edit", "pk"), targets=(OWN, MISSING)),
        Probe("record an honour", post("economy:enterprise_detail", lambda w, e: {
            "action": "honour", "name": "专精特新", "awarded_on": "2025-01-01"}),
            targets=(OWN,), effect=lambda w, e: Enterprise.objects.get(pk=e.pk).honours.exists()),
    ],
    ("enterprise", "import"): [Probe("registry import page", url("economy:enterprise_import"), targets=())],
    ("enterprise", "export"): [Probe("registry .xlsx", url_query("economy:enterprise_list", "?export=xlsx"),
                                     targets=(OWN,), shows=in_workbook(lambda e: e.name))],
    ("enterprise", "api_read"): [*api("economy/enterprises")[:1],
                                 Probe("API detail", lambda c, w, e: c.get(f"/api/economy/enterprises/{e.pk}/"),
                                       targets=(OWN, MISSING)),
                                 Probe("API chains", lambda c, w, e: c.get("/api/economy/chains/"), targets=())],
    # -- investment
    ("investment_project", "view_list"): [Probe("pipeline board", url("investment:board"), targets=(OWN, OTHER),
                                                shows=in_page(lambda p: p.name)),
                                          Probe("履约监管 list", url("investment:contract_list"), targets=()),
                                          Probe("leader's week", url("investment:week"), targets=())],
    ("investment_project", "view_one"): [Probe("investment project page", url("investment:project_detail", "pk"))],
    ("investment_project", "create"): [Probe("register a lead", lambda c, w, o: c.post(
        reverse("investment:project_create"), {"name": "越权登记的招商项目", "capital_source": "domestic",
                                               "total_investment": "1000", "unit": w.objects["unit"][OWN].pk}),
        targets=(), effect=lambda w, o: InvestmentProject.objects.filter(name="越权登记的招商项目").exists())],
    ("investment_project", "edit"): [
        Probe("investment edit page", url("investment:project_edit", "pk")),
        Probe("advance a stage", post("investment:stage_advance", lambda w, p: {
            "stage": "negotiating", "on": date.today().isoformat()}),
            effect=lambda w, p: StageChange.objects.filter(project_id=p.pk, to_stage="negotiating").exists()),
    ],
    ("investment_project", "export"): [Probe("招商台账 .xlsx", url_query("investment:board", "?export=xlsx"),
                                             targets=(OWN, OTHER), shows=in_workbook(lambda p: p.name))],
    ("investment_project", "import"): [Probe("招商台账 import page", url("investment:ledger_import"), targets=())],
    ("investment_project", "contract_to_task"): [Probe("履约红灯转督办", post("investment:contract_to_task", lambda w, p: {
        "plan": w.objects["plan"][OWN].pk}), objects="investment_contract", targets=(OWN,),
        effect=lambda w, p: InvestmentProject.objects.filter(pk=p.pk, contract_task__isnull=False).exists())],
    ("investment_project", "contract_rules"): [Probe("set 履约 rules", lambda c, w, o: c.post(
        reverse("investment:contract_rules"), {"land_months": "7", "factory_months": "7"}), targets=(),
        effect=lambda w, o: ContractRules.objects.filter(land_months=7).exists())],
    ("investment_activity", "view_list"): [Probe("activities", url("investment:activity_list"), targets=(OWN, OTHER),
                                                 shows=in_page(lambda a: a.title))],
    ("investment_activity", "create"): [Probe("record an activity", lambda c, w, o: c.post(
        reverse("investment:activity_create"), {"kind": "fair", "held_on": "2025-06-01", "title": "越权登记的招商活动",
                                                "unit": w.objects["unit"][OWN].pk}),
        targets=(), effect=lambda w, o: InvestmentActivity.objects.filter(title="越权登记的招商活动").exists())],
    ("review_meeting", "view_list"): [Probe("联审 meetings", url("investment:meeting_list"), targets=(OWN, OTHER),
                                            shows=in_page(lambda m: str(m)))],
    ("review_meeting", "view_one"): [
        Probe("联审 meeting page", url("investment:meeting_detail", "pk")),
        Probe("联审 纪要", lambda c, w, m: c.get(reverse("reports:module_download", args=["review_minutes"]),
                                               {"meeting": m.pk})),
    ],
    ("review_meeting", "create"): [Probe("hold a 联审 meeting", lambda c, w, o: c.post(
        reverse("investment:meeting_create"), {"kind": "land", "held_on": "2025-09-01", "number": "7", "host": "越权主持人",
                                               "host_unit": w.objects["unit"][OWN].pk,
                                               "members": [w.objects["unit"][OTHER].pk]}),
        targets=(), effect=lambda w, o: ReviewMeeting.objects.filter(host="越权主持人").exists())],
    ("review_meeting", "edit"): [
        Probe("联审 meeting edit page", url("investment:meeting_edit", "pk")),
        Probe("put a project on", post("investment:item_add", lambda w, m: {
            "project": w.objects["investment_project"][OWN].pk}),
            effect=lambda w, m: ReviewItem.objects.filter(meeting_id=m.pk,
                                                          project=w.objects["investment_project"][OWN]).exists()),
        Probe("take a project off", post("investment:item_remove", lambda w, i: {}), objects="review_item",
              about=lambda i: i.meeting, effect=lambda w, i: not ReviewItem.objects.filter(pk=i.pk).exists()),
        Probe("application figures", post("investment:item_edit", lambda w, i: {"industry": "越权修改的行业"}),
              objects="review_item", about=lambda i: i.meeting,
              effect=lambda w, i: ReviewItem.objects.filter(pk=i.pk, industry="越权修改的行业").exists()),
    ],
    ("review_meeting", "decide"): [Probe("record a decision", post("investment:item_decide", lambda w, i: {
        "decision": "deferred", "note": "越权登记的决定"}), objects="review_item", about=lambda i: i.meeting,
        effect=lambda w, i: ReviewItem.objects.filter(pk=i.pk, decision="deferred").exists())],
    ("review_meeting", "opinion"): [Probe("record an opinion", post("investment:opinion_record", lambda w, i: {
        # Every actor's unit is the own unit: it records for it where it sits, else tries the meeting's member.
        "unit": (w.objects["unit"][OWN] if isinstance(i, Missing)
                 or i.meeting.members.filter(pk=w.objects["unit"][OWN].pk).exists() else i.meeting.members.get()).pk,
        "opinion": "agree", "text": "越权登记的意见"}), objects="review_item", about=lambda i: i.meeting,
        effect=lambda w, i: ReviewOpinion.objects.filter(item_id=i.pk, text="越权登记的意见").exists())],
    ("review_criteria", "view_one"): [Probe("入园标准", url("investment:criteria"), targets=())],
    ("review_criteria", "edit"): [Probe("set the 入园标准", lambda c, w, o: c.post(reverse("investment:criteria"), {
        "min_land_mu": "15", "investment_intensity_min": "350", "tax_per_mu_min": "30", "plot_ratio_min": "1.0",
        "building_density_min": "40", "conditional_margin": "20", "negative_list": "印染", "industry_table": ""}),
        targets=(), effect=lambda w, o: ReviewCriteria.objects.filter(investment_intensity_min=350).exists())],
    # -- 信访与平安
    ("citizen_case", "view_list"): [
        Probe("case list", url("stability:case_list"), targets=(OWN, OTHER), shows=in_page(lambda c: c.content)),
        Probe("repeated cases", url("stability:repeats"), targets=()),
    ],
    ("citizen_case", "view_one"): [Probe("case page", url("stability:case_detail", "pk"))],
    ("citizen_case", "create"): [
        Probe("register a case", post("stability:case_create", lambda w, o: {
            "source": "hotline", "kind": "complaint", "received_on": "2025-10-09", "content": "越权登记的信访件"},
            with_pk=False), targets=(), effect=lambda w, o: Case.objects.filter(content="越权登记的信访件").exists()),
        Probe("new case page", url("stability:case_create"), targets=()),
    ],
    ("citizen_case", "edit"): [Probe("answer a case", post("stability:case_reply", lambda w, c: {
        "reply": "越权登记的答复", "on": "2025-10-09"}),
        effect=lambda w, c: Case.objects.filter(pk=c.pk, reply="越权登记的答复").exists())],
    ("citizen_case", "review"): [Probe("visit and close", post("stability:case_review", lambda w, c: {
        "visited_on": "2025-10-10", "satisfaction": "satisfied", "outcome": "close"}), objects="replied_case",
        effect=lambda w, c: Case.objects.filter(pk=c.pk, status="closed").exists())],
    ("citizen_case", "view_personal"): [Probe("petitioner in full", lambda c, w, o: c.get(
        reverse("stability:case_detail", args=[o.pk]) + "?show=personal"),
        shows=in_page(lambda c: c.petitioner_phone))],
    ("citizen_case", "import"): [Probe("case import page", url("stability:case_import"), targets=())],
    ("citizen_case", "export"): [Probe("信访件台账 .xlsx", url_query("stability:case_list", "?export=xlsx"),
                                       targets=(OWN, OTHER), shows=in_workbook(lambda c: c.content))],
    ("dispute", "view_list"): [Probe("disputes", url("stability:dispute_list"), targets=()),
                               Probe("duty roster", url("stability:duty"), targets=())],
    ("dispute", "edit"): [
        Probe("log a dispute", post("stability:dispute_create", lambda w, o: {
            "occurred_on": "2025-10-09", "kind": "labour", "parties": "越权登记的纠纷", "description": "越权",
            "result": "mediating"}, with_pk=False), targets=(),
            effect=lambda w, o: Dispute.objects.filter(parties="越权登记的纠纷").exists()),
        Probe("mediation page", url("stability:dispute_edit", "pk"), targets=(OWN, MISSING)),
        Probe("roster a day", post("stability:duty", lambda w, o: {
            "period": "国庆", "on": "2025-10-02", "leader": "越权", "staff": "越权", "phone": "0792-1"}, with_pk=False),
            targets=(), effect=lambda w, o: DutyShift.objects.filter(leader="越权").exists()),
    ],
    ("party_coverage", "view_list"): [Probe("两个覆盖", url("stability:coverage"), targets=())],
    ("party_coverage", "edit"): [Probe("surveyed enterprise page", url("stability:entry_edit", "pk"),
                                       targets=(OWN, MISSING), objects="coverage_entry")],
    # -- land
    ("parcel", "view_list"): [Probe("parcel list", url("land:parcel_list"), targets=(OWN, OTHER),
                                    shows=in_page(lambda p: p.location))],
    ("parcel", "view_one"): [Probe("parcel page", url("land:parcel_detail", "pk"))],
    ("parcel", "create"): [Probe("register a parcel", lambda c, w, o: c.post(reverse("land:parcel_create"), {
        "location": "越权登记的宗地", "area_mu": "10", "use": "industrial", "supply_method": "transfer"}),
        targets=(), effect=lambda w, o: Parcel.objects.filter(location="越权登记的宗地").exists())],
    ("parcel", "edit"): [Probe("parcel edit page", url("land:parcel_edit", "pk")),
                         Probe("outline editor", url("land:parcel_outline", "pk"))],
    ("land_plan", "view_one"): [Probe("distribution map", url("land:plan"), targets=()),
                                Probe("plan image", url("land:plan_image"), targets=())],
    ("land_plan", "edit"): [Probe("upload the plan", lambda c, w, o: c.post(
        reverse("land:plan"), {"file": SimpleUploadedFile("越权平面图.png", _png())}), targets=(),
        effect=lambda w, o: ParkPlan.objects.filter(original_name="越权平面图.png").exists())],
    ("parcel", "export"): [Probe("处置台账 .xlsx", url_query("land:parcel_list", "?export=xlsx"), targets=(OWN, OTHER),
                                 shows=in_workbook(lambda p: p.location))],
    ("parcel", "import"): [Probe("处置台账 import page", url("land:ledger_import"), targets=())],
    ("parcel", "api_read"): api("land/parcels"),
    ("disposal_case", "api_read"): api("land/cases"),
    ("disposal_case", "view_list"): [
        Probe("disposal board", url("land:board"), targets=(OWN, OTHER), shows=in_page(lambda c: c.parcel.location)),
        Probe("leader's 盘活 view", url("land:leader"), targets=()),
    ],
    ("disposal_case", "create"): [Probe("open a case", lambda c, w, o: c.post(
        reverse("land:case_edit", args=[w.objects["bare_parcel"][OWN].pk]),
        {"opened_on": "2025-01-01", "progress": "越权建立的处置台账"}),
        targets=(), effect=lambda w, o: DisposalCase.objects.filter(progress="越权建立的处置台账").exists())],
    ("disposal_case", "edit"): [Probe("record a step", lambda c, w, o: c.post(
        reverse("land:step_add", args=[getattr(o, "parcel_id", o.pk)]), {"title": "越权登记的步骤"}),
        effect=lambda w, o: DisposalStep.objects.filter(case_id=o.pk, title="越权登记的步骤").exists())],
    ("disposal_case", "review"): [Probe("close a case", lambda c, w, o: c.post(
        reverse("land:case_close", args=[getattr(o, "parcel_id", o.pk)]),
        {"on": date.today().isoformat(), "revitalised_mu": "5"}),
        effect=lambda w, o: DisposalCase.objects.filter(pk=o.pk, closed_on__isnull=False).exists())],
    ("factory", "view_list"): [
        Probe("factory list", url("land:factory_list"), targets=(OWN,), shows=in_page(lambda b: b.name)),
        Probe("building page", url("land:building_detail", "pk"), targets=(OWN, MISSING)),
    ],
    ("factory", "edit"): [
        Probe("new building page", url("land:building_create"), targets=()),
        Probe("register a lease", post("land:building_detail", lambda w, b: {
            "tenant_name": "越权登记的租户", "chosen_units": [FactoryUnit.objects.get(number="B101").pk],
            "starts_on": "2025-01-01", "ends_on": "2025-12-31"}),
            targets=(OWN, MISSING), effect=lambda w, b: Lease.objects.filter(tenant_name="越权登记的租户").exists()),
        Probe("divide into a unit", post("land:unit_add", lambda w, b: {
            "unit-number": "越权单元", "unit-floor": "1", "unit-area": "10"}),
            targets=(OWN, MISSING), effect=lambda w, b: FactoryUnit.objects.filter(number="越权单元").exists()),
        Probe("delete a unit", lambda c, w, b: c.post(reverse("land:unit_delete", args=[
            b.pk, FactoryUnit.objects.get(building=w.objects["factory"][OWN], number="B101").pk])),
            targets=(OWN,), effect=lambda w, b: not FactoryUnit.objects.filter(number="B101").exists()),
    ],
    # -- safety
    ("inspection", "view_list"): [Probe("inspection list", url("safety:inspection_list"), targets=(OWN, OTHER),
                                        shows=in_page(lambda i: i.place_name))],
    ("inspection", "view_one"): [Probe("inspection page", url("safety:inspection_detail", "pk"))],
    ("inspection", "create"): [Probe("record an inspection", lambda c, w, o: c.post(reverse("safety:inspection_create"), {
        "place_name": "越权登记的检查", "inspected_on": "2025-09-01", "place_kind": "small_place"}),
        targets=(), effect=lambda w, o: Inspection.objects.filter(place_name="越权登记的检查").exists())],
    ("hazard", "view_list"): [
        Probe("hazard list", url("safety:hazard_list"), targets=(OWN, OTHER), shows=in_page(lambda h: h.description)),
        Probe("safety statistics", url("safety:dashboard"), targets=()),
    ],
    ("hazard", "view_one"): [Probe("hazard page", url("safety:hazard_detail", "pk"))],
    ("hazard", "create"): [Probe("register a hazard", lambda c, w, o: c.post(reverse("safety:hazard_create"), {
        "enterprise_name": "越权登记的企业", "description": "越权登记的隐患", "level": "general", "found_on": "2025-09-01"}),
        targets=(), effect=lambda w, o: Hazard.objects.filter(description="越权登记的隐患").exists())],
    ("hazard", "edit"): [Probe("upload a photo", lambda c, w, h: c.post(reverse("safety:photo_add", args=[h.pk]), {
        "stage": "after", "photos": [SimpleUploadedFile("越权.jpg", phone_jpeg(64, 48))]}),
        effect=lambda w, h: HazardPhoto.objects.filter(hazard_id=h.pk, original_name="越权.jpg").exists())],
    ("hazard", "review"): [Probe("issue the notice", lambda c, w, h: c.post(reverse("safety:hazard_issue", args=[h.pk]), {
        "measures": "越权下达的整改"}),
        effect=lambda w, h: Hazard.objects.filter(pk=h.pk, measures="越权下达的整改").exists())],
    ("hazard", "import"): [Probe("hazard ledger import page", url("safety:ledger_import"), targets=())],
    ("hazard", "export"): [Probe("hazard ledger .xlsx", url_query("safety:hazard_list", "?export=xlsx"),
                                 targets=(OWN, OTHER), shows=in_workbook(lambda h: h.description))],
    ("hazard_photo", "download"): [Probe("hazard photo", url("safety:photo", "pk"))],
    ("training", "view_list"): [
        Probe("training list", url("safety:training_list"), targets=(OWN,), shows=in_page(lambda t: t.title)),
        Probe("training page", url("safety:training_detail", "pk"), targets=(OWN, MISSING)),
    ],
    ("training", "create"): [Probe("record a training", lambda c, w, o: c.post(reverse("safety:training_create"), {
        "title": "越权登记的培训", "kind": "new_entrant", "held_on": "2025-09-01", "pass_mark": "60"}),
        targets=(), effect=lambda w, o: TrainingSession.objects.filter(title="越权登记的培训").exists())],
    ("training", "edit"): [Probe("record an attendee", post("safety:training_detail", lambda w, t: {
        "enterprise_name": "越权登记的企业", "person_name": "越权", "role": "legal_person", "score": "80"}),
        targets=(OWN, MISSING), effect=lambda w, t: Attendance.objects.filter(person_name="越权").exists())],
    ("safety_rules", "edit"): [Probe("require training before 投产", lambda c, w, o: c.post(
        reverse("safety:rules_save"), {"on": "1"}), targets=(),
        effect=lambda w, o: SafetyRules.objects.filter(training_before_production=True).exists())],
    # -- environment
    ("env_feedback", "view_list"): [
        Probe("feedback list", url("environment:feedback_list"), targets=(OWN, OTHER), shows=in_page(lambda i: i.problem)),
        Probe("environment home", url("environment:home"), targets=()),
    ],
    ("env_feedback", "view_one"): [Probe("feedback page", url("environment:feedback_detail", "pk"))],
    ("env_feedback", "create"): [Probe("register a feedback item", lambda c, w, o: c.post(
        reverse("environment:feedback_create"), {"level": "central", "problem": "越权登记的反馈问题"}), targets=(),
        effect=lambda w, o: FeedbackItem.objects.filter(problem="越权登记的反馈问题").exists())],
    ("env_feedback", "edit"): [Probe("apply for 销号", post("environment:feedback_apply", lambda w, i: {
        "progress": "越权申请销号"}), effect=lambda w, i: FeedbackItem.objects.filter(pk=i.pk, progress="越权申请销号")
        .exists())],
    ("env_feedback", "review"): [Probe("accept (验收)", lambda c, w, i: (
        environment_services.feedback_apply(item=i, user=w.users[Role.SUPERVISOR], progress="已整改"),
        c.post(reverse("environment:feedback_accept", args=[i.pk]), {"passed": "0", "note": "越权验收"}))[1],
        targets=(OWN, OTHER), effect=lambda w, i: FeedbackRecord.objects.filter(item_id=i.pk, note="越权验收").exists())],
    ("env_feedback", "import"): [Probe("feedback list import page", url("environment:feedback_import"), targets=())],
    ("env_feedback", "export"): [Probe("feedback ledger .xlsx", url_query("environment:feedback_list", "?export=xlsx"),
                                       targets=(OWN, OTHER), shows=in_workbook(lambda i: i.problem))],
    ("env_evidence", "download"): [Probe("evidence file", url("environment:evidence", "pk"))],
    ("env_outlet", "view_list"): [
        Probe("outlet list", url("environment:outlet_list"), targets=(OWN,), shows=in_page(lambda o: o.name)),
        Probe("monitoring results", url("environment:reading_list"), targets=()),
    ],
    ("env_outlet", "view_one"): [Probe("outlet page", url("environment:outlet_detail", "pk"), targets=(OWN, MISSING))],
    ("env_outlet", "create"): [
        Probe("register an outlet", lambda c, w, o: c.post(reverse("environment:outlet_create"), {
            "enterprise": o.enterprise_id, "name": "越权登记的排口", "kind": "air"}), targets=(OWN,),
            effect=lambda w, o: Outlet.objects.filter(name="越权登记的排口").exists()),
        Probe("set a limit", post("environment:outlet_detail", lambda w, o: {
            "pollutant": "越权因子", "unit": "mg/L", "limit_value": "1"}), targets=(OWN, MISSING),
            effect=lambda w, o: PollutantLimit.objects.filter(pollutant="越权因子").exists()),
    ],
    ("env_outlet", "import"): [Probe("monitoring import page", url("environment:monitoring_import"), targets=())],
    ("env_outlet", "export"): [Probe("monitoring results .xlsx", url_query("environment:reading_list", "?export=xlsx"),
                                     targets=())],
    ("small_polluter", "view_list"): [Probe("小散乱污 list", url("environment:polluter_list"), targets=(OWN, OTHER),
                                            shows=in_page(lambda p: p.name))],
    ("small_polluter", "create"): [Probe("register a 小散乱污", lambda c, w, o: c.post(
        reverse("environment:polluter_create"), {"name": "越权登记的作坊", "disposal": "suspend", "status": "in_hand",
                                                 "found_on": "2025-09-01"}), targets=(),
        effect=lambda w, o: SmallPolluter.objects.filter(name="越权登记的作坊").exists())],
    ("small_polluter", "edit"): [Probe("update its progress", post("environment:polluter_edit", lambda w, p: {
        "name": "越权更新的作坊", "disposal": "shut_down", "status": "in_hand", "progress": "越权更新的进展",
        "found_on": "2025-09-01"}), effect=lambda w, p: SmallPolluter.objects.filter(pk=p.pk, progress="越权更新的进展")
        .exists())],
    ("small_polluter", "export"): [Probe("小散乱污 .xlsx", url_query("environment:polluter_list", "?export=xlsx"),
                                         targets=(OWN, OTHER), shows=in_workbook(lambda p: p.name))],
    # -- reports
    ("report", "view_one"): [
        Probe("report centre", url("reports:index"), targets=()),
        Probe("report type", url("reports:type_detail", "task_ledger"), targets=()),
        Probe("generated report", url("reports:report_detail", "pk"), targets=(OWN, MISSING)),
        Probe("progress", url("reports:report_progress", "pk"), targets=(OWN, MISSING)),
    ],
    ("report", "create"): [Probe("draw up", lambda c, w, o: c.post(reverse("reports:generate", args=["task_ledger"]),
                                                                  {"period": _today_month(),
                                                                   "plan": w.objects["plan"][OWN].pk}),
                                 targets=(), effect=lambda w, o: GeneratedReport.objects.count() > 1)],
    ("report", "download"): [Probe("download report", lambda c, w, r: c.get(
        reverse("reports:report_download", args=[r.pk, "docx"])), targets=(OWN, MISSING))],
    ("report_template", "download"): [Probe("download template", url("reports:template_download", "pk"),
                                            targets=(OWN, MISSING))],
    ("report_template", "edit"): [Probe("activate template", lambda c, w, t: c.post(
        reverse("reports:template_activate", args=[t.pk])), targets=(OWN, MISSING))],
    # -- notices and jobs
    ("message", "view_one"): [
        Probe("open message", url("notices:message_open", "pk"),
              effect=lambda w, m: Message.objects.filter(pk=m.pk, read_at__isnull=False).exists()),
        Probe("mark read", post("notices:message_read", lambda w, m: {}),
              effect=lambda w, m: Message.objects.filter(pk=m.pk, read_at__isnull=False).exists()),
        Probe("inbox", url("notices:inbox"), targets=(OWN, OTHER), shows=in_page(lambda m: m.title)),
    ],
    ("channel", "view_list"): [Probe("channels", url("notices:channel_list"), targets=()),
                               Probe("deliveries", url("notices:delivery_list"), targets=())],
    ("channel", "edit"): [
        Probe("channel page", url("notices:channel_edit", "pk"), targets=(OWN, MISSING)),
        Probe("new channel page", url("notices:channel_create"), targets=()),
        Probe("delivery page", url("notices:delivery_detail", "pk"), targets=(OWN, MISSING), objects="delivery"),
        Probe("retry delivery", post("notices:delivery_retry", lambda w, d: {}), targets=(OWN, MISSING),
              objects="delivery", effect=lambda w, d: Delivery.objects.filter(pk=d.pk, status="pending").exists()),
    ],
    ("schedule", "edit"): [
        Probe("定时推送", url("jobs:overview"), targets=()),
        Probe("cancel a subscription", post("jobs:subscription_delete", lambda w, s: {}), targets=(OWN, MISSING),
              objects="subscription", effect=lambda w, s: not ReportSubscription.objects.filter(pk=s.pk).exists()),
    ],
    # -- org and the audit log
    ("unit", "view_list"): [Probe("units", url("org:unit_list"), targets=()),
                            Probe("people", url("org:person_list"), targets=())],
    ("unit", "edit"): [
        Probe("create unit", post("org:unit_create", lambda w, o: {"name": "越权新建的单位", "kind": "department"},
                                  with_pk=False),
              targets=(), effect=lambda w, o: Unit.objects.filter(name="越权新建的单位").exists()),
        Probe("unit page", url("org:unit_edit", "pk"), targets=(OWN, MISSING)),
    ],
    ("unit", "import"): [Probe("通讯录 import page", url("org:directory_import"), targets=())],
    ("user", "view_list"): [Probe("users", url("org:user_list"), targets=())],
    ("user", "edit"): [Probe("new account page", url("org:user_create"), targets=())],
    ("user", "assign_role"): [Probe("set a role", post("org:user_edit", lambda w, u: {
        "role": "supervisor", "username": getattr(u, "username", "nobody"), "display_name": "改过的账号",
        "is_active": "on"}),
        targets=(OWN, OTHER, MISSING), effect=lambda w, u: User.objects.filter(pk=u.pk, role="supervisor").exists())],
    ("audit", "view_list"): [Probe("audit log", url("core:audit_list"), targets=())],
    ("audit", "export"): [Probe("audit log .xlsx", url_query("core:audit_list", "?export=xlsx"), targets=())],
}

ROWS = matrix()


def test_every_row_of_the_matrix_has_a_probe_and_every_probe_a_row():
    declared = {(row.kind, row.action) for row in ROWS}
    assert declared - set(PROBES) == set(), "rows nobody tries over HTTP"
    assert set(PROBES) - declared == set(), "probes of actions the matrix does not declare"


class _Rollback(Exception):
    pass


# Tables a GET may write to: the session, the audit log (every export and download is recorded by
# design), and writes already known and handed over: opening the unit inbox signs its chases (being
# fixed apart), opening a message (the link in an e-mail) marks it read.
# The audit log and its chain row (core.auditchain) are written by reads of personal data and by exports.
GET_MAY_WRITE = {"django_session", "core_auditentry", "core_auditchain"}
KNOWN_GET_WRITES = {"notices_message"}
WRITE = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.IGNORECASE)


def _tables_written(queries) -> set[str]:
    return {match.group(2) for query in queries if (match := WRITE.match(query["sql"]))}


@dataclass
class Answer:
    """A response read to the end, to be looked at more than once."""

    status_code: int
    content: bytes
    streaming = False

    @classmethod
    def of(cls, response) -> Answer:
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return cls(response.status_code, body)

    def json(self):
        return json.loads(self.content)


def _cacheable(probe: Probe) -> bool:
    """A list or an export: asked once, it says for both objects whether each shows."""
    return probe.one_answer and probe.shows is not None and probe.effect is None and MISSING not in probe.targets


def _attempt(client: Client, w: World, probe: Probe, obj, answers: dict) -> tuple[bool, set[str]]:
    """Run the probe in a savepoint rolled back afterwards. Says whether the request succeeded, and, for a
    GET, which tables it wrote to besides the session and the audit log."""
    outcome, written = False, set()
    try:
        with transaction.atomic():
            if probe.name in answers:
                response = answers[probe.name]
            else:
                with CaptureQueriesContext(connection) as queries:
                    response = probe.run(client, w, obj)
                if response.request["REQUEST_METHOD"] == "GET":
                    written = _tables_written(queries.captured_queries) - GET_MAY_WRITE - KNOWN_GET_WRITES
                if _cacheable(probe):
                    response = answers[probe.name] = Answer.of(response)
            outcome = response.status_code in (200, 302)
            if outcome and probe.effect is not None:
                outcome = probe.effect(w, obj)
            if outcome and probe.shows is not None:
                outcome = probe.shows(response, obj)
            raise _Rollback
    except _Rollback:
        pass
    return outcome, written


PAIRS = [(row, actor) for row in ROWS for actor in ACTORS]


@pytest.mark.parametrize(("row", "actor"), PAIRS,
                         ids=[f"{row.kind}.{row.action}-{actor}" for row, actor in PAIRS])
def test_access_matrix(world, row, actor, record_property):
    user = world.users[actor]
    client = Client()
    client.force_login(user)
    unauthorised, refused_but_allowed, get_writes, answers, tried = [], [], {}, {}, 0
    for probe in PROBES[(row.kind, row.action)]:
        for which in probe.targets or (None,):
            obj = world.target(probe.objects or row.kind, which, actor) if which else None
            expected = False if which == MISSING else allows(user, row.kind, row.action, probe.about(obj))
            succeeded, written = _attempt(client, world, probe, obj, answers)
            if written:
                get_writes[f"{probe.name} on {which}"] = written
            tried += 1
            if succeeded and not expected:
                unauthorised.append(f"{probe.name} on {which}")
            if expected and not succeeded:
                refused_but_allowed.append(f"{probe.name} on {which}")
    record_property("pairs_tried", tried)
    assert get_writes == {}, "a GET changed data (GET must be safe)"
    assert unauthorised == [], f"{actor} succeeded where the matrix says no ({row.label})"
    assert refused_but_allowed == [], f"{actor} was refused where the matrix says yes ({row.label})"


@pytest.mark.parametrize("row", ROWS, ids=[f"{row.kind}.{row.action}" for row in ROWS])
def test_nothing_is_reached_logged_out(world, row):
    """Every page, export, download and API endpoint sends the logged-out to log in, or refuses them."""
    client = Client()
    for probe in PROBES[(row.kind, row.action)]:
        which = probe.targets[0] if probe.targets else None
        obj = world.target(probe.objects or row.kind, which, Role.VIEWER) if which else None
        with transaction.atomic():
            response = probe.run(client, world, obj)
            if probe.effect is not None:
                assert not probe.effect(world, obj), f"{probe.name} happened logged out"
            transaction.set_rollback(True)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("org:login")), probe.name
        else:
            assert response.status_code in (401, 403), f"{probe.name}: {response.status_code}"


API_ENDPOINTS = ["supervision/plans", "supervision/tasks", "supervision/reports", "projects/projects",
                 "projects/problems", "economy/enterprises", "economy/chains", "land/parcels", "land/cases"]


@pytest.mark.parametrize("actor", ACTORS, ids=[str(a) for a in ACTORS])
def test_the_api_writes_nothing_for_anyone(world, actor):
    """The API is read-only: every write verb on every endpoint is refused, whoever asks."""
    client = Client()
    client.force_login(world.users[actor])
    detail_ids = {"supervision/tasks": world.objects["task"][OWN].pk, "projects/projects":
                  world.objects["project"][OWN].pk, "economy/enterprises": world.objects["enterprise"][OWN].pk,
                  "land/parcels": world.objects["parcel"][OWN].pk, "land/cases": world.objects["disposal_case"][OWN].pk}
    for endpoint in API_ENDPOINTS:
        with transaction.atomic():
            answers = [client.post(f"/api/{endpoint}/", {"name": "越权"}, content_type="application/json")]
            if endpoint in detail_ids:
                target = f"/api/{endpoint}/{detail_ids[endpoint]}/"
                answers += [client.put(target, {"name": "越权"}, content_type="application/json"),
                            client.patch(target, {"name": "越权"}, content_type="application/json"),
                            client.delete(target)]
            transaction.set_rollback(True)
        assert all(a.status_code in (403, 404, 405) for a in answers), endpoint
    assert Task.objects.filter(pk=world.objects["task"][OWN].pk).exists()


def test_the_matrix_keeps_each_role_to_its_own_data():
    """What the auditor reads in the matrix: the administrators see no business data, a 填报员 reaches
    tasks, reports, attachments and projects only through his unit or his liaison, 查看员 only reads."""
    business = {"plan", "task", "progress_report", "attachment", "project", "site_photo", "problem", "chase",
                "dispatch", "economy", "enterprise", "report", "report_template", "investment_project",
                "investment_activity", "review_meeting", "review_criteria", "parcel", "disposal_case", "factory",
                "citizen_case", "dispute", "party_coverage", "approval_power", "approval_case", "approval_step",
                "env_feedback", "env_evidence", "env_outlet", "small_polluter"}
    for role, own_kinds in ((Role.SYSTEM_ADMIN, {"unit", "user", "channel", "schedule", "message"}),
                            (Role.SECURITY_ADMIN, {"user", "message"}),
                            (Role.AUDIT_ADMIN, {"audit", "message"})):
        kinds = {row.kind for row in ROWS if role in row.rule.roles()}
        assert kinds == own_kinds, role
        assert not kinds & business
    # An enterprise reaches its own requests, approval cases, cash-outs, self-reports and messages, nothing of the park's.
    assert {row.kind for row in ROWS if Role.ENTERPRISE in row.rule.roles()} == {
        "service_request", "approval_case", "message", "policy_application", "self_report"}
    assert not any(Role.ENTERPRISE in row.rule.everywhere for row in ROWS if row.action != "create")
    for kind in ("task", "progress_report", "attachment", "project", "site_photo", "problem", "investment_project",
                 "investment_activity", "review_meeting", "parcel", "disposal_case", "citizen_case", "approval_case",
                 "approval_step"):
        for row in ROWS:
            if row.kind == kind:
                assert Role.REPORTER not in row.rule.everywhere, f"{row.label}: 填报员 must be limited"
    writes = {"create", "edit", "review", "import", "report", "override_light", "comment", "raise_problem",
              "chase", "work", "to_task", "assign_role", "decide", "opinion", "contract_rules", "contract_to_task"}
    # Drawing up a report writes a document of what the reader may already read: a read, not a change.
    viewer_writes = {(row.kind, row.action) for row in ROWS
                     if row.action in writes and Role.VIEWER in row.rule.roles()}
    assert viewer_writes == {("report", "create")}
    leader_writes = {(row.kind, row.action) for row in ROWS
                     if Role.LEADER in row.rule.roles() and row.action in writes}
    assert leader_writes == {("task", "comment"), ("project", "raise_problem"), ("project", "chase"),
                             ("report", "create")}
