"""The demo park's 赋权清单 and approval cases: the seeds' powers (the planning documents the park issues
itself, the certificates it reviews and seals for the county's 见章签章, the 11 newly devolved ones of which
six have moved from 协同办 to 独立办 with the day and reason), and cases in every state: a parallel approval
of three departments done on time, one waiting on a 补正, one in sequence, one overdue, for the enterprises
with accounts (qiye1–qiye3 see theirs on 园企之窗). 代办员: 高新区填报员 (gxq). A second run adds nothing."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from parkops.approvals import services
from parkops.approvals.choices import Mode
from parkops.approvals.models import ApprovalCase, Power
from parkops.core.workdays import is_workday
from parkops.economy.selectors import enterprises_with_figures
from parkops.org.demo import SUPERVISOR_USERNAME
from parkops.org.models import Park
from parkops.org.services import unit_for_name

AGENT_USERNAME = "gxq"
BASIS_PLANNING = "《中华人民共和国城乡规划法》第三十七条、第三十八条、第四十条"
BASIS_BUILDING = "《中华人民共和国建筑法》第七条；《建筑工程施工许可管理办法》"
MOVED_ON = date(2025, 7, 1)
MOVED_REASON = "按《关于进一步规范工业园区部分行使行政审批及管理职能的通知》，园区已具备承接条件，由协同办转为独立办"

# (name, source unit, mode, statutory days, promised days, basis, materials, moved to 独立办)
POWERS = (
    ("规划设计条件核定", "自然资源局", Mode.DIRECT, 20, 5, BASIS_PLANNING, "申请表\n土地出让合同或划拨决定书\n宗地图", False),
    ("建设项目用地红线图出具", "自然资源局", Mode.DIRECT, 20, 5, BASIS_PLANNING, "申请表\n宗地界址坐标", False),
    ("建设工程设计方案审查", "自然资源局", Mode.DIRECT, 20, 10, BASIS_PLANNING, "申请表\n设计方案文本及图纸", False),
    ("施工图审查意见出具", "住建局", Mode.DIRECT, 20, 10, BASIS_BUILDING, "施工图设计文件\n勘察成果文件", False),
    ("建设用地规划许可证核发", "自然资源局", Mode.SEAL, 20, 7, BASIS_PLANNING, "申请表\n土地出让合同\n规划设计条件", False),
    ("建设工程规划许可证核发", "自然资源局", Mode.SEAL, 20, 10, BASIS_PLANNING, "申请表\n设计方案审查意见\n施工图", False),
    ("建筑工程施工许可证核发", "住建局", Mode.SEAL, 15, 5, BASIS_BUILDING,
     "申请表\n建设工程规划许可证\n施工合同\n施工图审查合格书", False),
    ("城镇污水排入排水管网许可", "城管局", Mode.JOINT, 20, 10, "《城镇排水与污水处理条例》第二十一条",
     "申请书\n排水户内部排水管网图\n水质检测报告", True),
    ("建筑工程安全监督备案", "住建局", Mode.JOINT, 5, 3, "《建设工程安全生产管理条例》第十条", "备案表\n安全措施资料", True),
    ("建筑工程质量监督注册", "住建局", Mode.JOINT, 5, 3, "《建设工程质量管理条例》第十三条", "注册表\n施工许可证", True),
    ("房屋建筑工程竣工验收备案", "住建局", Mode.JOINT, 15, 5, "《房屋建筑和市政基础设施工程竣工验收备案管理办法》",
     "竣工验收备案表\n竣工验收报告", True),
    ("建设工程消防验收备案", "住建局", Mode.JOINT, 15, 10, "《中华人民共和国消防法》第十三条", "备案表\n竣工图纸", True),
    ("企业投资项目备案", "发改委", Mode.JOINT, 5, 2, "《企业投资项目核准和备案管理条例》", "项目备案申请表", True),
    ("临时占用城市道路许可", "城管局", Mode.JOINT, 20, 10, "《城市道路管理条例》第三十一条", "申请书\n占道平面图", False),
    ("城市建筑垃圾处置核准", "城管局", Mode.JOINT, 20, 10, "《城市建筑垃圾管理规定》第七条", "申请表\n处置方案", False),
    ("挖掘城市道路许可", "城管局", Mode.JOINT, 20, 10, "《城市道路管理条例》第三十三条", "申请书\n施工方案", False),
    ("户外广告设施设置审批", "城管局", Mode.JOINT, 20, 10, "《城市市容和环境卫生管理条例》第十一条", "申请表\n效果图", False),
    ("建设项目环境影响报告表审批", "生态环境局", Mode.JOINT, 30, 15, "《中华人民共和国环境影响评价法》第二十二条",
     "报批申请\n环境影响报告表", False),
)


def _workdays_back(today: date, days: int) -> date:
    day = today
    while days > 0:
        day -= timedelta(days=1)
        days -= is_workday(day)
    return day


def build_powers(park: Park, supervisor) -> dict[str, Power]:
    found = {power.name: power for power in Power.objects.filter(park=park)}
    for number, (name, unit_name, mode, statutory, promised, basis, materials, moved) in enumerate(POWERS, start=1):
        if name in found:
            continue
        power = Power(park=park, number=number, name=name, source_unit=unit_for_name(park, unit_name), mode=mode,
                      statutory_days=statutory, promised_days=promised, legal_basis=basis, materials=materials,
                      note="新下放事项" if mode == Mode.JOINT else "")
        services.power_save(power=power, user=supervisor, mode_on=date(2024, 3, 1), mode_reason="列入高新区赋权清单")
        if moved:
            power.mode = Mode.INDEPENDENT
            services.power_save(power=power, user=supervisor, mode_on=MOVED_ON, mode_reason=MOVED_REASON)
        found[name] = power
    return found


def build_approvals(park: Park, today: date | None = None) -> tuple[int, int]:
    today = today or timezone.localdate()
    User = get_user_model()
    supervisor = User.objects.filter(username=SUPERVISOR_USERNAME).first()
    agent = User.objects.filter(username=AGENT_USERNAME).first() or supervisor
    powers = build_powers(park, supervisor)
    enterprises = enterprises_with_figures(park=park, limit=3)
    if ApprovalCase.objects.filter(park=park).exists() or len(enterprises) < 3:
        return len(powers), ApprovalCase.objects.filter(park=park).count()
    unit = lambda name: unit_for_name(park, name)  # noqa: E731
    plan = services.StepPlan

    # A parallel approval of three departments, one 补正, done on time and the licence issued.
    filed = _workdays_back(today, 12)
    done = services.case_open(
        park=park, user=supervisor, power=powers["建设工程规划许可证核发"], enterprise=enterprises[0], agent=agent,
        title="二期厂房建设工程规划许可", filed_on=filed,
        steps=[plan(unit("自然资源局"), "规划审查", 7), plan(unit("住建局"), "施工图审查", 7),
               plan(unit("生态环境局"), "环保意见", 7)])
    steps = {step.unit.name: step for step in done.steps.select_related("unit")}
    services.step_complete(step=steps["自然资源局"], result="符合规划设计条件", user=supervisor,
                           on=_workdays_back(today, 8))
    services.step_pause(step=steps["住建局"], reason="缺消防设计专篇", user=supervisor, on=_workdays_back(today, 10))
    services.step_resume(step=steps["住建局"], user=supervisor, on=_workdays_back(today, 7))
    services.step_complete(step=steps["住建局"], result="施工图审查合格", user=supervisor, on=_workdays_back(today, 4))
    services.step_complete(step=steps["生态环境局"], result="同意", user=supervisor, on=_workdays_back(today, 5))
    services.case_close(case=done, document_name="《建设工程规划许可证》", document_number="建字第360426202500031号",
                        user=agent, on=_workdays_back(today, 3))

    # Waiting on a 补正 at one department while the other two go on.
    waiting = services.case_open(
        park=park, user=supervisor, power=powers["建筑工程施工许可证核发"], enterprise=enterprises[1], agent=agent,
        filed_on=_workdays_back(today, 3),
        steps=[plan(unit("住建局"), "施工许可审查", 5), plan(unit("自然资源局"), "规划核验", 5),
               plan(unit("城管局"), "占道意见", 5)])
    first = waiting.steps.get(unit__name="住建局")
    services.step_pause(step=first, reason="施工合同未盖骑缝章，请补正", user=supervisor, on=_workdays_back(today, 1))

    # In sequence: 备案, then 环评; the first is done, the second under way.
    in_turn = services.case_open(
        park=park, user=supervisor, title="年产10万套智能家居项目前期手续", enterprise=enterprises[2], agent=agent,
        filed_on=_workdays_back(today, 6), limit_days=20,
        steps=[plan(unit("发改委"), "企业投资项目备案", 2, 1), plan(unit("生态环境局"), "环评审批", 15, 2)])
    services.step_complete(step=in_turn.steps.get(position=1), result="已备案", user=supervisor,
                           on=_workdays_back(today, 5))

    # Overdue: the drainage permit past its promise.
    services.case_open(
        park=park, user=supervisor, power=powers["城镇污水排入排水管网许可"], enterprise=enterprises[0], agent=agent,
        filed_on=_workdays_back(today, 14),
        steps=[plan(unit("城管局"), "排水许可审查", 10), plan(unit("生态环境局"), "水质意见", 10)])

    # New this week, for the 并联审批日.
    services.case_open(
        park=park, user=supervisor, power=powers["建设用地规划许可证核发"], enterprise=enterprises[1], agent=agent,
        filed_on=_workdays_back(today, 1),
        steps=[plan(unit("自然资源局"), "用地规划审查", 7), plan(unit("住建局"), "意见", 7)])
    return len(powers), ApprovalCase.objects.filter(park=park).count()
