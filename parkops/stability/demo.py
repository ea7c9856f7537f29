"""The demo park's 信访与平安 (seed 001: 处理信访部门、政府热线、五型政府、治理中心、群众来访等平台移送的信访案件20件，
均已处理完毕; 成功化解各类纠纷30余起; seed 003: “12345”热线、民声通道、市长信箱信访件共计56件; “两会”期间实行24小时
值班制度; seed 001: “两个覆盖”集中攻坚 — 完成353家重点非公企业的摸排，确定攻坚对象288家，已完成第一阶段94家企业的
党组织覆盖，新成立单建党支部11个、联合党支部12个，覆盖率由11.1%上升到43%).

The coverage figures come out of the entries (selectors.coverage_figures): 288 targets of whom 32 were
covered before the campaign (32/288 = 11.1%); 94 enterprises covered in its first stage — 11 by a branch
of their own, 60 in 12 joint branches, 23 by an instructor — 92 of them targets, two surveyed enterprises
outside the list that joined a joint branch; so (32 + 92)/288 = 43.1%, the seed's 43%.
Every record is made through the services; dates are relative to today; a second run adds nothing."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from parkops.economy.selectors import registry_enterprises
from parkops.org.demo import SUPERVISOR_USERNAME
from parkops.org.models import Park, Person
from parkops.org.services import unit_for_name
from parkops.stability import services
from parkops.stability.choices import CaseKind, MediationResult, PartyForm, Satisfaction, Source
from parkops.stability.models import Case, CoverageCampaign, CoverageEntry, Dispute, DutyShift

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ("伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英")

# (source, kind, what was reported, place, handling unit)
PETITIONS = (
    (Source.PETITION_OFFICE, "反映企业拖欠农民工工资，要求尽快支付", "江西和首纺织有限公司", "高新区"),
    (Source.HOTLINE, "反映园区企业夜间施工噪音扰民", "纺织产业园纺织路北侧", "城管局"),
    (Source.FIVE_TYPE, "反映征地补偿款未足额发放", "丰林镇桥头村", "丰林镇"),
    (Source.GOVERNANCE, "反映企业废气异味影响周边居民", "江西永安电力设备有限公司", "生态环境局"),
    (Source.VISIT, "来访反映工伤认定进度缓慢", "德安鸿运纺织有限公司", "高新区"),
)
HOTLINE_CASES = (
    (Source.HOTLINE, CaseKind.COMPLAINT, "投诉园区道路路灯损坏，夜间通行不便", "九岭路", "城管局"),
    (Source.HOTLINE, CaseKind.CONSULT, "咨询入园企业厂房租赁政策", "标准厂房2号楼", "高新区"),
    (Source.HOTLINE, CaseKind.HELP, "求助协调企业用电增容", "江西宏美科技有限公司", "发改委"),
    (Source.PEOPLES_VOICE, CaseKind.SUGGESTION, "建议增设园区公交站点", "上好佳路", "住建局"),
    (Source.MAYOR_MAILBOX, CaseKind.COMPLAINT, "投诉企业雨水排口污水外溢", "江西永安电力设备有限公司", "生态环境局"),
    (Source.HOTLINE, CaseKind.COMPLAINT, "投诉企业拖欠货款", "九江义杰机床有限公司", "工信局"),
    (Source.PEOPLES_VOICE, CaseKind.CONSULT, "咨询高新技术企业认定申报条件", "", "科技局"),
)
DISPUTE_KINDS = ("labour", "labour", "labour", "contract", "neighbour", "environment", "land")


def _name(n: int) -> str:
    return SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 7) % len(GIVEN)]


def _phone(n: int) -> str:
    return f"13{7 + n % 3}{(n * 7919) % 10000:04d}{(n * 104729) % 10000:04d}"


def build_stability(park: Park, today: date) -> None:
    user = get_user_model().objects.filter(username=SUPERVISOR_USERNAME).first()
    year_start = date(today.year, 1, 1)
    start = year_start if (today - year_start).days >= 90 else today - timedelta(days=330)
    if not Case.objects.filter(park=park).exists():
        _cases(park, today, start, user)
    if not Dispute.objects.filter(park=park).exists():
        _disputes(park, today, start, user)
    if not DutyShift.objects.filter(park=park).exists():
        _roster(park, today, user)
    if not CoverageCampaign.objects.filter(park=park).exists():
        _coverage(park, today, user)


def _register(park, user, *, n: int, source, kind, content, place, unit, received: date, leader=None,
              person: int | None = None) -> Case:
    person = n if person is None else person
    return services.case_register(case=Case(
        park=park, number=f"{received.year}-{n:03d}", source=source, kind=kind, received_on=received,
        petitioner_name=_name(person), petitioner_phone=_phone(person), place=place, content=content,
        handling_unit=unit_for_name(park, unit), leader=leader), user=user, reason="演示数据")


def _close(case: Case, user, today: date, *, days_late: int = 0, satisfaction=Satisfaction.SATISFIED) -> None:
    """Answered the working day before its clock runs out (or days late), visited the same day."""
    replied = case.due_on + timedelta(days=days_late) if days_late else case.due_on - timedelta(days=1)
    replied = min(max(case.received_on, replied), today)
    services.case_reply(case=case, reply="经核实，已协调相关企业和部门处理，并向反映人作出答复。", on=replied, user=user)
    services.case_review(case=case, visited_on=replied, satisfaction=satisfaction, user=user)


def _cases(park, today: date, start: date, user) -> None:
    span = max((today - start).days - 20, 1)
    leader = Person.objects.filter(park=park, name="涂志峰").first()
    # 20 信访件 from the platforms of seed 001, all handled; one person came back three times (重复件).
    for i in range(20):
        source, content, place, unit = PETITIONS[i % len(PETITIONS)]
        received = start + timedelta(days=span * i // 20)
        case = _register(park, user, n=i + 1, source=source, kind=CaseKind.PETITION, content=content, place=place,
                         unit=unit, received=received, leader=leader, person=1 if i in (0, 5, 10) else None)
        # 均已处理完毕: each answered within a month, or by today for the latest.
        _close(case, user, min(today, case.received_on + timedelta(days=25)),
               satisfaction=Satisfaction.BASICALLY if i % 6 == 5 else Satisfaction.SATISFIED)
    # 56 工单 of the 12345 hotline, 民声通道 and 市长信箱 (seed 003): most closed, a few open, one overdue.
    for i in range(56):
        source, kind, content, place, unit = HOTLINE_CASES[i % len(HOTLINE_CASES)]
        received = start + timedelta(days=span * i // 56) if i < 52 else today - timedelta(days=(56 - i) * 2)
        if i == 51:  # left undone past its clock: escalated, and on the 今日待办 of unit and supervisor
            received = today - timedelta(days=30)
        n = 21 + i
        case = _register(park, user, n=n, source=source, kind=kind, content=content, place=place, unit=unit,
                         received=received, leader=leader)
        if i < 50 and case.due_on < today:
            _close(case, user, today, days_late=2 if i == 13 else 0,
                   satisfaction=Satisfaction.DISSATISFIED if i == 20 else Satisfaction.SATISFIED)
        elif i == 50 and case.due_on >= today - timedelta(days=1):
            services.case_reply(case=case, reply="已约谈企业，限期整改。", on=min(today, case.due_on), user=user)
    services.escalate_overdue_cases(today=today, user=user)


def _disputes(park, today: date, start: date, user) -> None:
    span = max((today - start).days, 1)
    for i in range(32):  # 成功化解各类纠纷30余起
        occurred = start + timedelta(days=span * i // 32)
        kind = DISPUTE_KINDS[i % len(DISPUTE_KINDS)]
        result = MediationResult.MEDIATING if i >= 30 else MediationResult.RESOLVED
        services.dispute_save(dispute=Dispute(
            park=park, occurred_on=occurred, kind=kind, parties=f"{_name(100 + i)}等{2 + i % 5}人与企业",
            place=PETITIONS[i % len(PETITIONS)][2], mediator=unit_for_name(park, "高新区"),
            description="深入企业排查发现，双方就工资结算、合同履行等问题存在分歧。", result=result,
            outcome="经园区调解，双方达成一致并签订调解协议。" if result == MediationResult.RESOLVED else "",
            resolved_on=min(today, occurred + timedelta(days=5)) if result == MediationResult.RESOLVED else None),
            user=user)


def _roster(park, today: date, user) -> None:
    """全国两会 (3月上旬) of this year."""
    year = today.year
    leaders = ("王晓君", "涂志峰", "廖国峰", "陈明昊", "徐舒笠", "伍星")
    for offset in range(13):
        on = date(year, 3, 3) + timedelta(days=offset)
        services.shift_save(shift=DutyShift(
            park=park, period="全国两会", on=on, leader=leaders[offset % len(leaders)],
            staff=f"{_name(200 + offset)}、{_name(220 + offset)}", phone="0792-4321110", note="24小时值班"), user=user)


def _coverage(park, today: date, user) -> None:
    started = today - timedelta(days=240)
    campaign = services.campaign_save(campaign=CoverageCampaign(park=park, name="非公企业“两个覆盖”集中攻坚",
                                                                started_on=started), user=user)
    registry = list(registry_enterprises(park=park)[:353])
    names = [e.name for e in registry] + [
        f"德安{SURNAMES[n % 20]}{GIVEN[(n // 20) % 20]}{('科技', '纺织', '建材', '机械', '物流')[n % 5]}有限公司"
        for n in range(353 - len(registry))]
    for n, name in enumerate(names):
        enterprise = registry[n] if n < len(registry) else None
        # 0-31: targets covered before; 32-123: targets covered now (92); 124-287: targets still to cover;
        # 288-289: surveyed outside the list, covered in a joint branch; the rest surveyed only.
        is_target = n < 288
        form, organisation, covered_before = PartyForm.NONE, "", n < 32
        new = 32 <= n < 124 or n in (288, 289)
        if covered_before:
            form, organisation = PartyForm.SINGLE, f"{name[:6]}党支部"
        elif new:
            k = n - 32 if n < 124 else 92 + (n - 288)
            if k < 11:
                form, organisation = PartyForm.SINGLE, f"{name[:8]}党支部"
            elif k < 71:
                form, organisation = PartyForm.JOINT, f"高新区第{(k - 11) // 5 + 1}联合党支部"
            else:
                form = PartyForm.INSTRUCTOR
        covered_on = started + timedelta(days=(n * 3) % 230 + 5) if new else None
        employees = getattr(enterprise, "employees", None) or 30 + (n * 37) % 400
        members = getattr(enterprise, "party_members", None) or (3 + n % 5 if is_target else n % 3)
        services.entry_save(entry=CoverageEntry(
            campaign=campaign, enterprise=enterprise, enterprise_name=name, employees=employees, party_members=members,
            is_target=is_target, form=form, organisation=organisation, covered_before=covered_before,
            covered_on=covered_on), user=user)
