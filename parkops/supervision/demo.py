"""The demo park's supervision: this year's 《政府工作报告》 tasks of seed 000, with a few months of
reports through the whole review cycle, and an inspection ledger with deadlines (seed 004), so that
every light and every list on the dashboard has something true-looking to show."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from parkops.core.formatting import to_canonical
from parkops.org.models import Park
from parkops.org.services import person_for_name, unit_for_name
from parkops.supervision import services
from parkops.supervision.choices import Cycle
from parkops.supervision.models import Plan, Section, Task


@dataclass
class DemoTask:
    number: str
    section: str
    text: str
    county: list[str]
    lead: list[str]
    cooperating: list[str]
    park: list[str]
    # month -> (progress text, figures by target position in 亿元/亩 as written)
    history: dict[int, tuple[str, list[Decimal]]] = field(default_factory=dict)
    deadline: date | None = None
    pending: tuple[int, str] | None = None  # (month, text) submitted and awaiting review
    returned: tuple[int, str, str] | None = None  # (month, text, reason)


SECTION_2 = "二、坚持以“提质”促“提升”，迈出工业强县新步伐"
SECTION_2_3 = "（三）提升园区承载水平。"
SECTION_4 = "四、坚持以“长治”求“长效”，汇聚绿色发展新动能"
SECTION_4_2 = "（二）加快节能降碳改造。"


def gov_report_tasks(year: int) -> list[DemoTask]:
    return [
        DemoTask(
            "9", SECTION_2,
            "坚持工业强县战略不动摇，大力推进新型工业化，建设现代化产业体系，力争工业营业收入达到720亿元。",
            ["周洁"], ["工信局", "高新区"], ["科技局", "发改委"], ["王晓君", "涂志峰"],
            history={
                7: ("1-7月园区规上企业营业收入268亿元。", [Decimal(268)]),
                8: ("1-8月园区规上企业营业收入305亿元。", [Decimal(305)]),
                9: ("1-9月园区规上企业营业收入342亿元。", [Decimal(342)]),
                10: ("1-10月园区规上企业营业收入380亿元。", [Decimal(380)]),
            },
        ),
        DemoTask(
            "19", SECTION_2_3,
            "创建省级绿色园区，加快高新区机制体制改革，深入实施集群式项目满园扩园行动，力争高新区营业收入突破610亿元。",
            ["周洁"], ["高新区"], ["自然资源局", "商务局"], ["廖国峰", "王晓君"],
            history={
                9: ("高新区正在与第三方沟通洽谈体制机制改革，计划12月底前草拟初步改革方案。1-9月高新区营业收入452亿元。",
                    [Decimal(452)]),
                10: ("《职能配置、内设机构和人员编制规定》已通过常委会会议研究审定，并正式印发。高新区获批省级绿色工业园区，"
                     "正式文件已下发。1-10月高新区营业收入505亿元。", [Decimal(505)]),
            },
        ),
        DemoTask(
            "20", SECTION_2_3,
            "加快丰林工业新区三期开发，力争完成高新区第三轮扩区调区。",
            ["周纬华", "周洁"], ["发改委", "高新区"], ["自然资源局", "丰林镇", "高塘乡"], ["廖国峰", "陈明昊"],
            history={
                8: ("丰林工业新区三期开发拆迁工作已完成，正在开展征地、迁坟、青苗评估等工作。", []),
                9: ("正在开展北四路东延、北五路东延、依塘路和北四路北侧300余亩土地平整等施工工作。", []),
            },
            pending=(10, "启动德安高新区第三轮扩区调区工作有关事项，已经县政府常务会、县委常委会会议研究审定，第三方中介选定"
                         "工作已完成，正在开展相关规划报告编制收资等工作，需县自然资源局加快国土空间规划及宝塔园区控规等规划报审。"),
        ),
        DemoTask(
            "21", SECTION_2_3,
            "常态化开展闲置企业盘活，盘活土地350亩以上。",
            ["刘元勋", "周洁"], ["高新区", "自然资源局"], [], ["王晓君", "徐舒笠"],
            history={
                8: ("已完成福得来家具、宝塔塑业等6家企业资产转让，共盘活土地212亩。", [Decimal(212)]),
                9: ("已完成福得来家具、宝塔塑业、怡富实业等8家企业资产转让，共盘活土地276亩。", [Decimal(276)]),
                10: ("已完成福得来家具、宝塔塑业、怡富实业、昌德制冷、宏源彩印、杨云科技、恒力达、钰金源、天琼电子、义门陈针织等"
                     "10家企业资产转让；通过县土地收储中心收储德源发新能源、信益和实业两家公司的土地，共盘活土地357亩。"
                     "针对闲置企业和土地盘活，进行任务分解，成立专班。", [Decimal(357)]),
            },
        ),
        DemoTask(
            "22", SECTION_2_3,
            "启动智慧园区建设，强化“亩产论英雄”导向，开展“节地增效”行动，推进“标准地”建设，提升园区发展效益。",
            ["刘元勋", "周洁"], ["高新区", "工信局", "自然资源局"], [], ["王晓君", "涂志峰"],
            history={
                8: ("根据省工信厅通知，开展园区数字化转型评估工作。", []),
                9: ("正在与移动、电信等公司接洽智慧园区平台建设相关事宜。", []),
            },
            returned=(10, "拟定智慧园区建设方案，正在确定建设价格及施工主体。",
                      "请补充建设方案的审定时间和“标准地”建设进展，并附数字化转型评估结果文件。"),
        ),
        DemoTask(
            "23", SECTION_2_3,
            "加快标准厂房、园区屋顶分布式光伏等项目建设，完成宝塔园区上好佳路和九岭路及周边人居环境改造，不断完善园区基础设施。",
            ["周纬华", "周洁"], ["高新区", "中寰集团"], ["发改委", "城管局", "住建局"], ["廖国峰", "陈明昊", "涂志峰"],
            deadline=date(year, 10, 31),
            history={
                9: ("2023年标准厂房土石方工程完成85%；上好佳路和九岭路改造工程已完成挂网招标。园区光伏覆盖率目前为64.96%。",
                    []),
            },
        ),
        DemoTask(
            "24", SECTION_2_3,
            "适时启动丰林工业新区纺织品市场规划，推进新区与丰林集镇产城融合，满足企业员工生活娱乐需求。",
            ["周洁"], ["高新区"], ["商务局", "丰林镇"], ["廖国峰", "陈明昊"],
        ),
        DemoTask(
            "47", SECTION_4_2,
            "推动丰林工业新区“五统一”项目高效利用，推进高新区循环化改造。",
            ["周洁"], ["高新区"], ["生态环境局"], ["廖国峰", "伍星"],
            history={
                9: ("丰林工业新区“五统一”项目基本已建成，工业水、印染污水预处理和中水等项目已试运行。", []),
                10: ("丰林工业新区“五统一”项目基本已建成，且工业水、印染污水预处理和中水等项目已试运行，已产生了资源循环利用效益；"
                     "热电联产和污泥处置预计明年年初投产。", []),
            },
        ),
    ]


def inspection_tasks(today: date) -> list[DemoTask]:
    """An inspection ledger (观摩台账) whose tasks carry their own deadlines."""
    return [
        DemoTask("1", "", "完成污水处理厂二期规划设计，覆盖高新区所有入园企业。", ["周洁"], ["高新区"],
                 ["生态环境局", "住建局"], ["伍星"], deadline=today + timedelta(days=2),
                 history={max(1, today.month - 1): ("污水处理厂二期初步设计已完成，正在组织专家评审。", [])}),
        DemoTask("2", "", "完成园区环境一体化监测平台建设，对企业空气排放物24小时监控。", ["周洁"], ["生态环境局"],
                 ["高新区"], ["伍星"], deadline=today - timedelta(days=13),
                 history={max(1, today.month - 2): ("平台设备采购已完成招标。", [])}),
        DemoTask("3", "", "清理整治园区闲置和低效用地380亩以上。", ["刘元勋"], ["自然资源局", "高新区"], [],
                 ["徐舒笠"], deadline=date(today.year, 12, 31),
                 history={max(1, today.month - 1): ("已完成120亩清理整治任务，另160亩正在商谈中。", [Decimal(120)])}),
    ]


def _section(plan: Plan, heading: str, cache: dict[str, Section]) -> Section | None:
    if not heading:
        return None
    if heading not in cache:
        parent = None
        if heading.startswith("（"):
            parent = cache[SECTION_4] if heading == SECTION_4_2 else cache[SECTION_2]
        cache[heading], _ = Section.objects.get_or_create(
            plan=plan, heading=heading, defaults={"parent": parent, "position": len(cache)})
    return cache[heading]


def _build_plan(park: Park, plan: Plan, demo_tasks: list[DemoTask]) -> None:
    User = get_user_model()
    supervisor = User.objects.get(username="duban")
    sections: dict[str, Section] = {}
    if any(t.section == SECTION_4_2 for t in demo_tasks):
        _section(plan, SECTION_2, sections)
    for position, demo in enumerate(demo_tasks):
        if demo.section == SECTION_4_2:
            _section(plan, SECTION_4, sections)
        task = Task.objects.create(plan=plan, section=_section(plan, demo.section, sections), number=demo.number,
                                   position=position, text=demo.text, deadline=demo.deadline)
        services.task_set_people(
            task=task,
            county_leaders=[person_for_name(park, n) for n in demo.county],
            park_leaders=[person_for_name(park, n) for n in demo.park],
            lead_units=[unit_for_name(park, n) for n in demo.lead],
            cooperating_units=[unit_for_name(park, n) for n in demo.cooperating],
        )
        targets = services.task_targets_from_text(task)
        lead = task.lead_units[0]
        reporter = User.objects.filter(unit=lead, role="reporter").first() or supervisor
        for month, (text, figures) in sorted(demo.history.items()):
            report = services.report_submit(
                task=task, unit=lead, user=reporter, period=date(plan.year, month, 1), text=text,
                figures={t.pk: _canonical(t, v) for t, v in zip(targets, figures, strict=False)},
            )
            services.report_accept(report=report, user=supervisor)
        if demo.pending:
            month, text = demo.pending
            services.report_submit(task=task, unit=lead, user=reporter, period=date(plan.year, month, 1), text=text)
        if demo.returned:
            month, text, reason = demo.returned
            report = services.report_submit(task=task, unit=lead, user=reporter, period=date(plan.year, month, 1),
                                            text=text)
            services.report_return(report=report, user=supervisor, reason=reason)


def _canonical(target, value: Decimal) -> Decimal:
    """The demo writes money as the ledgers do, in 亿元."""
    return to_canonical(value, "亿元")[0] if target.unit == "万元" else value


def story_year(today: date) -> int:
    """The year of the 《政府工作报告》 story, which runs to October's report: this year once October
    is over, else last year, since no report can be sent for a month still to come."""
    return today.year if today.month > 10 else today.year - 1


def build_supervision(park: Park) -> None:
    today = timezone.localdate()
    if Plan.objects.filter(park=park).exists():
        return
    year = story_year(today)
    gov = Plan.objects.create(
        park=park, name=f"{year}年县《政府工作报告》目标任务", year=year, cycle=Cycle.MONTHLY, due_day=5,
        ledger_title=f"高新区{year}年县《政府工作报告》目标任务完成情况一览表",
    )
    _build_plan(park, gov, gov_report_tasks(year))
    inspection = Plan.objects.create(
        park=park, name=f"{today.year}年全省重点项目观摩台账", year=today.year, cycle=Cycle.ONCE, due_day=5,
    )
    _build_plan(park, inspection, inspection_tasks(today))
