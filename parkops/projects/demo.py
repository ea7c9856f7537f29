"""The demo park's key projects, from seeds 001, 002 and 003.

乾照光电 (50亿, about 6亿 done by the end of May) and 维科南昌基地's four projects come from seed 003; the
projects seed 002 reports in production, in trial production and installing equipment, and the three
seed 001 names as under way, from those seeds. Figures the seeds do not give are plausible inventions,
and the story is told relative to today so the demo always has a current month to look at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model

from parkops.org.models import Park, Person, Unit, Zone
from parkops.projects.choices import ProblemCategory, ProblemStatus, ProjectKind, ProjectLevel, Stage
from parkops.projects.milestones import done_on, ensure_milestone_templates, milestones_for
from parkops.projects.models import MonthlyProgress, Problem, Project, ProjectYearPlan, StageEvent

LIAISON_USERNAME = "lianluo"


@dataclass
class DemoProject:
    name: str
    enterprise: str
    chain: str
    stage: Stage
    total_yi: str
    plan_yi: str = "0"
    monthly_wan: int = 0  # invested each month this year
    kind: ProjectKind = ProjectKind.INDUSTRIAL
    level: ProjectLevel = ProjectLevel.COUNTY
    zone: str = "丰林工业新区"
    leader: str = "廖国峰"
    unit: str = "高新区"
    land_mu: str | None = None
    image_progress: str = "按计划推进。"
    liaison: bool = False
    problems: list[tuple[str, str, str, int]] = field(default_factory=list)  # category, text, unit, days to deadline


PROJECTS = [
    DemoProject("厦门乾照光电项目", "江西乾照光电有限公司", "LED光电", Stage.UNDER_CONSTRUCTION, "50", "15", 12000,
                level=ProjectLevel.PROVINCE, zone="宝塔园区", leader="王晓君", land_mu="600", liaison=True,
                image_progress="生产区域一区、二区厂房主体工程已全部完工；化学品库、固废收集间正在进行基础施工，"
                               "废水站正在进行桩基施工；宿舍正在进行基础混凝土浇筑。",
                problems=[("utilities", "乾照光电10KV新建线路需供电公司加快接入审批。", "发改委", -12),
                          ("relocation", "厂区东侧3处坟墓尚未搬迁，影响围墙施工。", "丰林镇", 20)]),
    DemoProject("维科南昌基地日产20万只铝壳电池制造基地", "维科技术股份有限公司", "新能源电池", Stage.STARTED, "40", "8",
                4000, level=ProjectLevel.CITY, leader="王晓君", land_mu="320", liaison=True,
                image_progress="场地平整完成，1#厂房桩基施工。",
                problems=[("land", "二期用地80亩尚未完成农转用报批。", "自然资源局", 15)]),
    DemoProject("维科南昌基地日产30万只聚合物电池制造基地", "维科技术股份有限公司", "新能源电池", Stage.LAND_SUPPLIED,
                "30", "3", 1500, level=ProjectLevel.CITY, leader="王晓君", land_mu="260",
                image_progress="已摘牌供地，正在办理施工许可。"),
    DemoProject("一维山微显整机基地", "维科技术股份有限公司", "智能制造", Stage.SIGNED, "15", "1", 0, leader="涂志峰",
                image_progress="入园协议已签订，正在办理立项备案。",
                problems=[("approval", "能评报告需省发改委审查，时间较长。", "发改委", -3)]),
    DemoProject("至微光机芯片基地", "维科技术股份有限公司", "LED光电", Stage.NEGOTIATING, "15", leader="涂志峰",
                image_progress="正在洽谈投资协议。"),
    DemoProject("工控“云创港”标准厂房", "德安中寰工业发展集团有限公司", "标准厂房", Stage.UNDER_CONSTRUCTION, "18", "6",
                4500, kind=ProjectKind.STANDARD_FACTORY, zone="宝塔园区", leader="陈明昊", unit="中寰集团",
                image_progress="施工一标段已完成6#、2-1#、2-2#桩基检测，两栋楼一层承台和地梁钢筋绑扎基本结束。"),
    DemoProject("金日市政道路工程", "德安中寰工业发展集团有限公司", "基础设施", Stage.UNDER_CONSTRUCTION, "1.2",
                "0.8", 700, kind=ProjectKind.INFRASTRUCTURE, leader="陈明昊", unit="中寰集团",
                image_progress="路基完成80%，雨污水管网铺设中。"),
    DemoProject("弘鼎机械扩建项目", "江西弘鼎机械有限公司", "智能制造", Stage.UNDER_CONSTRUCTION, "3", "2", 1600,
                leader="徐舒笠", image_progress="主体封顶，正在进行内部装修。"),
    DemoProject("集好新材料项目", "江西集好新材料有限公司", "新材料", Stage.UNDER_CONSTRUCTION, "5", "3", 900,
                leader="徐舒笠", image_progress="1#、2#厂房钢结构吊装。",
                problems=[("labour", "钢结构安装工人短缺约40人。", "人社局", 10)]),
    DemoProject("亿鸿展盛项目", "江西亿鸿展盛科技有限公司", "电子信息", Stage.EQUIPMENT_INSTALLATION, "2", "1", 850,
                leader="伍星", image_progress="生产设备安装调试中。"),
    DemoProject("臻秦项目", "江西臻秦新材料有限公司", "新材料", Stage.EQUIPMENT_INSTALLATION, "1.5", "0.6", 500,
                leader="伍星", image_progress="生产线安装调试中。"),
    DemoProject("惠程科技项目", "江西惠程科技有限公司", "智能制造", Stage.EQUIPMENT_INSTALLATION, "2.5", "1.2", 1000,
                leader="伍星", image_progress="设备进场，安装调试。"),
    DemoProject("鑫鸣灏项目", "江西鑫鸣灏实业有限公司", "新材料", Stage.TRIAL_PRODUCTION, "1.8", "0.5", 300,
                leader="廖国峰", image_progress="试生产，产品送检。"),
    DemoProject("卓控项目", "江西卓控科技有限公司", "智能制造", Stage.TRIAL_PRODUCTION, "1.2", "0.4", 340,
                leader="廖国峰", image_progress="试生产。"),
    DemoProject("伟晟环保项目", "江西伟晟环保科技有限公司", "节能环保", Stage.TRIAL_PRODUCTION, "1", "0.3", 260,
                leader="廖国峰", image_progress="试生产，环保设施调试。"),
    DemoProject("鸿星尔克项目", "鸿星尔克（江西）实业有限公司", "纺织服装", Stage.IN_PRODUCTION, "6", "1", 500,
                leader="涂志峰", image_progress="已建成投产。"),
    DemoProject("伟创力项目", "伟创力（江西）电子有限公司", "电子信息", Stage.IN_PRODUCTION, "4", "0.5", 300,
                leader="涂志峰", image_progress="已建成投产。"),
]

# The stages each demo project has passed through, in order, ending with its current one.
_PATH = list(Stage)


def _months(today: date) -> list[date]:
    """This year's months that have ended: the ones a project could have reported."""
    return [date(today.year, month, 1) for month in range(1, today.month)]


def build_projects(park: Park, today: date) -> None:
    if Project.objects.filter(park=park).exists():
        return
    ensure_milestone_templates()  # a database flushed since its migrations has lost them
    User = get_user_model()
    liaison = User.objects.filter(username=LIAISON_USERNAME).first()
    zones = {zone.name: zone for zone in Zone.objects.filter(park=park)}
    months = _months(today)
    for index, demo in enumerate(PROJECTS):
        unit, _ = Unit.objects.get_or_create(park=park, normalised_name=demo.unit, defaults={"name": demo.unit})
        project = Project.objects.create(
            park=park, name=demo.name, enterprise_name=demo.enterprise, industry_chain=demo.chain, kind=demo.kind,
            level=demo.level, zone=zones.get(demo.zone), total_investment=Decimal(demo.total_yi) * 10000,
            land_mu=Decimal(demo.land_mu) if demo.land_mu else None,
            leader=Person.objects.filter(park=park, normalised_name=demo.leader).first(),
            liaison=liaison if demo.liaison else None, responsible_unit=unit,
            planned_start=date(today.year, 3, 1), planned_completion=date(today.year + 1, 6, 30),
        )
        _stages(project, demo.stage, today, offset=index)
        _nodes(project, demo.stage, today, late=index == 0)
        if Decimal(demo.plan_yi):
            ProjectYearPlan.objects.create(project=project, year=today.year,
                                           planned_investment=Decimal(demo.plan_yi) * 10000)
        if demo.monthly_wan:
            for period in months:
                MonthlyProgress.objects.create(project=project, period=period, invested=Decimal(demo.monthly_wan),
                                               image_progress=demo.image_progress, reported_by=liaison)
        for category, text, unit_name, days in demo.problems:
            owner, _ = Unit.objects.get_or_create(park=park, normalised_name=unit_name, defaults={"name": unit_name})
            Problem.objects.create(project=project, category=ProblemCategory(category), description=text,
                                   raised_by=liaison, raised_on=today - timedelta(days=30), responsible_unit=owner,
                                   leader=project.leader, deadline=today + timedelta(days=days),
                                   status=ProblemStatus.OPEN)


def _nodes(project: Project, current: Stage, today: date, *, late: bool) -> None:
    """The kind's nodes: as many done as the stage says, two or three weeks apart, the next one due
    within the week, so that the leader's view shows what is coming (and, for one project, what is late
    but not yet a month late, which would turn its light red). A node the stage history has passed
    (开工 for a project 在建) is done on the day the history says, and the nodes before it earlier."""
    nodes = milestones_for(project)
    reached = [position for position, node in enumerate(nodes) if done_on(node)]
    done = max(round(len(nodes) * Stage.rank(current) / Stage.rank(Stage.IN_PRODUCTION)),
               max(reached, default=-1) + 1)
    ceiling = today
    for position in reversed(range(len(nodes))):
        node = nodes[position]
        if position < done:
            node.actual_on = done_on(node) or min(today - timedelta(days=20 * (done - position) + 10),
                                                  ceiling - timedelta(days=6))
            node.planned_on = node.actual_on - timedelta(days=position % 3 * 4)
            ceiling = node.actual_on
        else:
            node.planned_on = today + timedelta(days=7 + 21 * (position - done))
        if late and position == done:
            node.planned_on = today - timedelta(days=12)
        node.save()


def _stages(project: Project, current: Stage, today: date, *, offset: int) -> None:
    """Stage events a month apart, ending with the current stage a little before today."""
    path = _PATH[: _PATH.index(current) + 1]
    start = today - timedelta(days=30 * len(path) + offset)
    for step, stage in enumerate(path):
        StageEvent.objects.create(project=project, stage=stage, on=start + timedelta(days=30 * step))
    project.stage = current
    project.save(update_fields=["stage"])
