"""The demo park's 招商引资: about fifteen projects across the stages, from the seeds' wording (seed 002:
招引入驻园区各类产业项目25个、总投资额246.5亿元, 以商招商、商会招商、扩产倍增; 20个左右的项目跟踪洽谈;
seed 003: 实际利用外资), with the activities that produced them, and an 入园联审 meeting of five leads
(seed 001: 工业项目入园联审会议) decided by the year's entry criteria. Every record is made through the
services, so each has its stage history, and those registered or started are the registry's enterprise
and 重点项目调度's key project. Dates are relative to today; a second run adds nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from parkops.investment import selectors, services
from parkops.investment.choices import PIPELINE, ActivityKind, CapitalSource, Opinion, ReviewKind, Stage
from parkops.investment.models import InvestmentActivity, InvestmentProject, ReviewMeeting
from parkops.org.choices import Role
from parkops.org.demo import DEMO_PASSWORD, SUPERVISOR_USERNAME
from parkops.org.models import Park, Person, Unit

UNIT_REPORTER = ("swj", "商务局填报员", "商务局")


@dataclass
class DemoLead:
    name: str
    investor: str
    chain: str
    total_yi: str
    stage: Stage
    unit: str = "商务局"
    tracker: str = "涂志峰"
    origin: tuple[str, str] = ("", "")
    usd_wan: str = ""  # a foreign project: its amount in 万美元
    country: str = ""
    land_mu: str = ""
    credit_code: str = ""
    reason: str = ""


LEADS = [
    DemoLead("年产5000吨高端铜箔项目", "江西铜博科技有限公司", "有色金属", "12.5", Stage.STARTED, origin=("江西省", "南昌市"),
             land_mu="150", credit_code="91361126MA0000801B"),
    DemoLead("智能装备产业园项目", "浙江中控技术股份有限公司", "装备制造", "8", Stage.SIGNED, unit="高新区", tracker="廖国峰",
             origin=("浙江省", "杭州市"), land_mu="120"),
    DemoLead("功能性面料项目", "福建七匹狼集团", "纺织服装", "3.2", Stage.NEGOTIATING, origin=("福建省", "泉州市")),
    DemoLead("新型显示模组项目", "深圳一维山科技有限公司", "电子信息", "15", Stage.LEAD, origin=("广东省", "深圳市")),
    DemoLead("高性能纱线项目", "江苏华艺集团", "纺织服装", "2.6", Stage.NEGOTIATING, unit="丰林镇", tracker="廖国峰",
             origin=("江苏省", "无锡市")),
    DemoLead("精密模具项目", "新加坡丰源精密私人有限公司", "装备制造", "", Stage.REGISTERED, usd_wan="3000",
             country="新加坡", land_mu="60", credit_code="91361126MA0000802E"),
    DemoLead("光学膜材项目", "香港新辉控股有限公司", "电子信息", "", Stage.NEGOTIATING, usd_wan="1200", country="中国香港"),
    DemoLead("铝合金压铸件项目", "宁波拓普集团", "有色金属", "6", Stage.IN_PRODUCTION, unit="高新区", tracker="陈明昊",
             origin=("浙江省", "宁波市"), land_mu="80", credit_code="91361126MA0000803H"),
    DemoLead("新能源汽车线束项目", "温州长江汽车电子", "装备制造", "4.5", Stage.SIGNED, origin=("浙江省", "温州市")),
    DemoLead("锂电池隔膜项目", "深圳星源材质", "新能源电池", "20", Stage.TERMINATED, unit="高新区", tracker="王晓君",
             origin=("广东省", "深圳市"), reason="投资方调整战略布局，转投其他园区"),
    DemoLead("再生铜精深加工项目", "江西铜业集团", "有色金属", "9.8", Stage.LEAD, origin=("江西省", "鹰潭市")),
    DemoLead("智能仓储机器人项目", "上海快仓智能", "装备制造", "3", Stage.LEAD, unit="高新区", tracker="伍星",
             origin=("上海市", "")),
    DemoLead("羊绒制品扩产项目", "德安恒丰纺织", "纺织服装", "1.5", Stage.STARTED, unit="丰林镇", tracker="徐舒笠",
             origin=("江西省", "九江市"), credit_code="91361126MA0000804L"),
    DemoLead("半导体封装材料项目", "台湾长兴材料", "电子信息", "", Stage.LEAD, usd_wan="2500", country="中国台湾"),
    DemoLead("工业气体项目", "法国液化空气集团", "装备制造", "", Stage.NEGOTIATING, usd_wan="800", country="法国",
             unit="高新区", tracker="陈明昊"),
]

DEMO_RATE = Decimal("7.10")


def _reporter(park: Park) -> None:
    User = get_user_model()
    username, display_name, unit_name = UNIT_REPORTER
    unit = Unit.objects.filter(park=park, name=unit_name).first()
    if unit is None or User.objects.filter(username=username).exists():
        return
    user = User(username=username, display_name=display_name, role=Role.REPORTER, unit=unit)
    user.set_password(DEMO_PASSWORD)
    user.password_changed_at = timezone.now()  # set by the demo: nobody is sent to change it at once
    user.save()


def build_investment(park: Park, today: date) -> None:
    _reporter(park)
    if InvestmentProject.objects.filter(park=park).exists():
        build_review(park, today)
        return
    user = get_user_model().objects.filter(username=SUPERVISOR_USERNAME).first()
    made = []
    for index, lead in enumerate(LEADS):
        foreign = bool(lead.usd_wan)
        project = InvestmentProject(
            park=park, name=lead.name, investor=lead.investor, industry_chain=lead.chain,
            capital_source=CapitalSource.FOREIGN if foreign else CapitalSource.DOMESTIC,
            total_investment=Decimal(lead.total_yi or 0) * 10000, origin_province=lead.origin[0],
            origin_city=lead.origin[1], origin_country=lead.country or "中国",
            foreign_amount=Decimal(lead.usd_wan) if foreign else None, exchange_rate=DEMO_RATE if foreign else None,
            land_mu=Decimal(lead.land_mu) if lead.land_mu else None,
            unit=Unit.objects.filter(park=park, name=lead.unit).first(),
            tracker=Person.objects.filter(park=park, name=lead.tracker).first())
        # Each project's life spread over the last year and a half, a month or two a stage.
        day = today - timedelta(days=540 - index * 11)
        services.project_save(project=project, user=user, since=day, reason="演示数据")
        stages = [Stage.TERMINATED] if lead.stage == Stage.TERMINATED else PIPELINE[1:PIPELINE.index(lead.stage) + 1]
        for stage in stages:
            day = min(today, day + timedelta(days=45))
            terms = None
            if stage == Stage.SIGNED:
                total = project.total_investment
                terms = services.AgreementTerms(
                    total_investment=total, first_phase_investment=(total * Decimal("0.4")).quantize(Decimal(1)),
                    start_by=day + timedelta(days=120), production_by=day + timedelta(days=480),
                    output_at_full=total * Decimal("1.5"), tax_at_full=(total * Decimal("0.06")).quantize(Decimal(1)))
            services.stage_advance(project=project, stage=stage, on=day, user=user, credit_code=lead.credit_code,
                                   enterprise_name=f"德安{lead.name.removesuffix('项目')}有限公司", agreement=terms, terminated_reason=lead.reason,
                                   note="演示数据")
        made.append(project)
    activities = [
        (ActivityKind.FAIR, 300, "2025粤港澳大湾区产业招商推介会", "深圳", "商务局", [3, 6, 13]),
        (ActivityKind.VISIT, 240, "赴长三角考察装备制造企业", "杭州、宁波", "高新区", [1, 7, 11]),
        (ActivityKind.VIA_ENTERPRISE, 200, "以商招商：乾照光电上下游企业座谈", "德安", "高新区", [9]),
        (ActivityKind.VIA_CHAMBER, 150, "江西温州商会招商对接会", "南昌", "商务局", [8]),
        (ActivityKind.RESIDENT, 90, "上海驻点招商组月度走访", "上海", "商务局", [2, 10]),
    ]
    for kind, days_ago, title, place, unit_name, lead_indexes in activities:
        activity = InvestmentActivity(park=park, kind=kind, held_on=today - timedelta(days=days_ago), title=title,
                                      place=place, unit=Unit.objects.filter(park=park, name=unit_name).first())
        services.activity_save(activity=activity, leads=[made[i] for i in lead_indexes], user=user)
    build_review(park, today)


# The five leads on the demo meeting, with the figures of their applications: one that meets every
# criterion, one whose 亩均税收 falls a little short (附条件通过), one of a 负面清单 industry, one whose
# investor has an environmental penalty still open (一票否决), one whose tax forecast is missing (暂缓).
# (name, industry, land 亩, fixed investment 万元, tax 万元/年, output 万元/年, 容积率, 建筑系数 %, penalty open)
REVIEWED = [
    ("新型显示模组项目", "电子信息", "300", "150000", "12000", "300000", "1.2", "50", False),
    ("再生铜精深加工项目", "有色金属", "200", "98000", "5400", "180000", "0.8", "46", False),
    ("功能性面料项目", "纺织印染", "80", "32000", "2600", "60000", "1.0", "45", False),
    ("高性能纱线项目", "纺织服装", "70", "26000", "2300", "50000", "0.9", "44", True),
    ("智能仓储机器人项目", "装备制造", "100", "30000", None, "45000", "1.1", "42", False),
]
MEMBERS = ("自然资源局", "生态环境局", "工信局", "发改委")


def build_review(park: Park, today: date) -> None:
    """A 工业用地项目 meeting held a fortnight ago: five leads, each member's opinion, each decision as the
    criteria suggest it."""
    if ReviewMeeting.objects.filter(park=park).exists():
        return
    user = get_user_model().objects.filter(username=SUPERVISOR_USERNAME).first()
    host = Unit.objects.filter(park=park, name="商务局").first()
    members = list(Unit.objects.filter(park=park, name__in=MEMBERS))
    projects = {p.name: p for p in InvestmentProject.objects.filter(park=park, name__in=[r[0] for r in REVIEWED])}
    if host is None or not members or len(projects) < len(REVIEWED):
        return
    held_on = today - timedelta(days=14)
    meeting = services.meeting_save(meeting=ReviewMeeting(
        park=park, kind=ReviewKind.LAND, held_on=held_on, number=1, host="高新区管委会主任 王晓君", host_unit=host,
        place="高新区管委会三楼会议室", other_matters="请商务局会同自然资源局做好通过项目的供地准备，暂缓项目补齐资料后提交下次会议审议。"),
        members=members, user=user)
    for name, industry, land, invested, tax, output, ratio, density, penalty in REVIEWED:
        item = services.item_add(meeting=meeting, project=projects[name], user=user)
        item.industry, item.land_mu, item.fixed_investment = industry, Decimal(land), Decimal(invested)
        item.tax_per_year = Decimal(tax) if tax else None
        item.output_per_year, item.plot_ratio, item.building_density = Decimal(output), Decimal(ratio), Decimal(density)
        item.dishonest, item.penalty_open, item.illegal_land = False, penalty, False
        services.item_save(item=item, user=user)
        for unit in members:
            environment = unit.name == "生态环境局"
            opinion, text = (Opinion.DISAGREE, "该企业环保处罚尚未整改到位") if environment and penalty else \
                (Opinion.CONDITIONAL, "须在开工前取得环评批复，废水经预处理后接入园区污水处理厂") \
                if environment and industry == "有色金属" else (Opinion.AGREE, "")
            services.opinion_record(item=item, unit=unit, opinion=opinion, text=text, user=user)
        assessment = selectors.assess_item(item)
        services.decide(item=item, decision=assessment.suggestion, conditions=assessment.conditions_text,
                        user=user)
