"""The demo park's land: the 13 parcels, 536 亩 of the seeds' 低效闲置工业用地处置台账 (seed 001: 建立13宗、
面积536亩工业用地低效闲置问题处置台账, 通过采取返租共管、依法回购、司法拍卖、租赁转产、合作共建等方式; seed
003: 腾笼换鸟; 土地收储中心收储德源发新能源、信益和实业两家公司的土地; 建设标准厂房盘活和首纺织闲置资产, 引进祺又
环保项目盘活双龙服饰闲置资产, 引进伟晟环保盘活永安电力闲置土地), with the year's target (盘活土地350亩以上).
Every record is made through the services; dates are relative to today; a second run adds nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model

from parkops.land import services
from parkops.land.choices import LedgerKind
from parkops.land.models import Building, DisposalCase, DisposalStep, FactoryUnit, Lease, Parcel
from parkops.org.demo import SUPERVISOR_USERNAME
from parkops.org.models import Park, Person
from parkops.org.services import unit_for_name


@dataclass(frozen=True)
class LedgerParcel:
    """One line of the 处置台账 as the park writes it."""

    holder: str
    location: str
    mu: str
    kind: str  # 闲置 / 低效
    cause: str
    method: str
    progress: str
    unit: str
    leader: str
    deadline: str  # as written: "2025年12月底"


SEED_LEDGER = (
    LedgerParcel("江西和首纺织有限公司", "纺织产业园纺织路北侧", "45.6", "闲置", "企业停产，资金链断裂", "合作共建",
                 "园区平台公司与企业合作建设标准厂房，已完成厂房改造设计", "高新区管委会", "涂志峰", "2025年12月底"),
    LedgerParcel("德安双龙服饰有限公司", "宝塔大道东段", "28.4", "闲置", "企业转产后厂房空置", "租赁转产",
                 "已引进祺又环保项目租赁厂房转产，设备进场安装", "工信局", "廖国峰", "2025年9月底"),
    LedgerParcel("江西永安电力设备有限公司", "丰林镇工业小区", "52.3", "闲置", "项目未按合同约定开工", "腾笼换鸟",
                 "引进伟晟环保项目，已签订土地转让协议", "丰林镇", "廖国峰", "2025年10月底"),
    LedgerParcel("江西德源发新能源有限公司", "新能源大道西侧", "96.5", "闲置", "项目停建满两年", "收回",
                 "县土地收储中心已完成收储", "自然资源局", "陈明昊", "2025年6月底"),
    LedgerParcel("江西信益和实业有限公司", "工业大道南段", "71.2", "低效", "厂房利用率不足三成", "收回",
                 "县土地收储中心已完成收储", "自然资源局", "陈明昊", "2025年6月底"),
    LedgerParcel("九江宏发陶瓷有限公司", "高新区三期B-07地块", "38.75", "低效", "企业经营困难，亩均税收偏低", "返租共管",
                 "平台公司返租厂房，统一招租管理", "高新区管委会", "王晓君", "2025年12月底"),
    LedgerParcel("德安金鑫铸造有限公司", "聂桥工业区", "22.15", "低效", "产能落后，列入淘汰类", "依法回购",
                 "已完成资产评估，正在协商回购价格", "自然资源局", "陈明昊", "2025年11月底"),
    LedgerParcel("江西恒达化纤有限公司", "宝塔工业园C区", "41.8", "闲置", "企业涉诉，土地厂房被查封", "司法拍卖",
                 "法院已发布拍卖公告", "县法院", "王晓君", "2025年12月底"),
    LedgerParcel("德安华盛木业有限公司", "邹桥乡工业点", "18.6", "低效", "亩均税收低于园区标准", "租赁转产",
                 "正在对接意向承租企业", "邹桥乡", "涂志峰", "2026年3月底"),
    LedgerParcel("江西天瑞新材料有限公司", "新材料产业园A-12地块", "35.4", "闲置", "资金不到位，交地后未开工", "合作共建",
                 "与意向企业洽谈合作建设", "商务局", "廖国峰", "2026年6月底"),
    LedgerParcel("德安鸿运纺织有限公司", "纺织产业园北区", "24.9", "低效", "设备老旧，产值下滑", "腾笼换鸟",
                 "已引进宏美科技项目，办理土地过户", "高新区管委会", "涂志峰", "2025年8月底"),
    LedgerParcel("江西昌盛机械有限公司", "装备制造园东区", "33.1", "闲置", "企业破产清算", "司法拍卖",
                 "破产管理人已委托评估", "县法院", "王晓君", "2026年6月底"),
    LedgerParcel("九江宏泰建材有限公司", "工业大道北段", "27.3", "低效", "产品滞销，厂房半数闲置", "返租共管",
                 "平台公司返租闲置厂房，已招引2家小微企业入驻", "高新区管委会", "王晓君", "2025年12月底"),
)
SEED_TOTAL_MU = Decimal("536")
# The demo's cases closed this year, in 亩 盘活: the 收储 of two companies' land, two 腾笼换鸟 and a 转产.
CLOSED = {"江西德源发新能源有限公司": 120, "江西信益和实业有限公司": 100, "江西永安电力设备有限公司": 80,
          "德安鸿运纺织有限公司": 60, "德安双龙服饰有限公司": 40}
TARGET_MU = Decimal("350")  # 常态化开展闲置企业盘活，盘活土地350亩以上


def build_land(park: Park, today: date) -> None:
    if Parcel.objects.filter(park=park).exists():
        return
    user = get_user_model().objects.filter(username=SUPERVISOR_USERNAME).first()
    services.ensure_methods(park)
    year_start = date(today.year, 1, 1)
    for index, line in enumerate(SEED_LEDGER):
        kind = LedgerKind.IDLE if line.kind == "闲置" else LedgerKind.INEFFICIENT
        # The idle ones were agreed to start two to three years ago: the rule finds them 闲置 by itself.
        agreed = today - timedelta(days=500 + index * 40) if kind == LedgerKind.IDLE else None
        started = None if kind == LedgerKind.IDLE else today - timedelta(days=2000)
        parcel = services.parcel_save(parcel=Parcel(
            park=park, number=f"DA-2019-{index + 1:03d}", holder_name=line.holder, location=line.location,
            area_mu=Decimal(line.mu), ledger_kind=kind, cause=line.cause, agreed_start_on=agreed,
            started_on=started, completed_on=None if started is None else started + timedelta(days=400),
            approved_on=today - timedelta(days=2600 + index * 10), supplied_on=today - timedelta(days=2500 + index * 10),
            land_price=Decimal(line.mu) * 12), user=user, reason="演示数据")
        unit = unit_for_name(park, line.unit)
        leader = Person.objects.filter(park=park, name=line.leader).first()
        opened = max(year_start, today - timedelta(days=300))
        deadline = today + timedelta(days=-30 if index in (7, 11) else 60 + index * 15)
        case = services.case_save(case=DisposalCase(
            parcel=parcel, method=services.method_for_name(park, line.method), progress=line.progress,
            responsible_unit=unit, leader=leader, opened_on=opened, deadline=deadline), user=user, reason="演示数据")
        services.step_save(step=DisposalStep(case=case, title="约谈企业、摸清底数", planned_on=opened + timedelta(days=20),
                                             done_on=min(today, opened + timedelta(days=18))), user=user)
        services.step_save(step=DisposalStep(case=case, title=f"确定{line.method}方案并报批",
                                             planned_on=today - timedelta(days=10) if index == 6 else
                                             today + timedelta(days=30)), user=user)
        if line.holder in CLOSED:
            closed_on = max(opened + timedelta(days=30), today - timedelta(days=20 * (index + 1)))
            services.case_close(case=case, on=min(closed_on, today), revitalised_mu=min(Decimal(CLOSED[line.holder]),
                                                                                    parcel.area_mu),
                                user=user, result="演示数据")
    services.target_set(park=park, year=today.year, target_mu=TARGET_MU, user=user)
    _factories(park, today, user)


# Seed 003: 宏茂纺织、乾屹纺织等70个中小项目通过租赁标准化厂房或闲置厂房方式落户园区.
FACTORIES = (
    ("标准厂房1号楼", 4, "24000", (("宏茂纺织有限公司", "8000", -700, 400), ("乾屹纺织有限公司", "6000", -400, 700),
                              ("德安祺又环保科技有限公司", "4000", -120, 950))),
    ("标准厂房2号楼", 3, "18000", (("江西宏美科技有限公司", "9000", -200, 900), ("九江义杰机床有限公司", "3000", -900, -30))),
    ("标准厂房3号楼", 5, "30000", (("江西乾屹新材料有限公司", "12000", -60, 1000),)),
)


# 标准厂房4号楼 is divided into units (单元) and let unit by unit: 103 and 202 stand vacant.
UNITS = (("101", 1, "1200"), ("102", 1, "1200"), ("103", 1, "600"), ("201", 2, "1500"), ("202", 2, "1500"))
UNIT_LEASES = (("九江鑫达电子有限公司", ("101", "102"), -30, 1065), ("江西瑞康医疗器械有限公司", ("201",), -250, 845))


def _factories(park: Park, today: date, user) -> None:
    for name, floors, area, leases in FACTORIES:
        building = services.building_save(building=Building(park=park, name=name, floors=floors, floor_area=Decimal(area),
                                                            plot_ratio=Decimal("1.2")), user=user)
        for tenant, let, starts, ends in leases:
            services.lease_save(lease=Lease(building=building, tenant_name=tenant, area=Decimal(let),
                                            starts_on=today + timedelta(days=starts), ends_on=today + timedelta(days=ends),
                                            rent=Decimal("8")), user=user)
    building = services.building_save(building=Building(park=park, name="标准厂房4号楼", floors=2, floor_area=Decimal("6600"),
                                                        plot_ratio=Decimal("1.2")), user=user)
    units = {number: services.unit_save(unit=FactoryUnit(building=building, number=number, floor=floor, area=Decimal(area)),
                                        user=user) for number, floor, area in UNITS}
    for tenant, numbers, starts, ends in UNIT_LEASES:
        services.lease_save(lease=Lease(building=building, tenant_name=tenant, starts_on=today + timedelta(days=starts),
                                        ends_on=today + timedelta(days=ends), rent=Decimal("9"),
                                        rent_free_until=today + timedelta(days=starts + 90)),
                            units=[units[number] for number in numbers], user=user)
