"""The demo park's 隐患排查治理 (seed 001: 对区内所有行业领域和生产经营单位及九小场所开展大排查大整治，累计检查企业180
余家，摸排出安全隐患条数150余条，均下达了限期整改责任书): a proportionate sample, one in five — 36 inspections of
enterprises and 九小场所, 30 hazards — in every state of the loop: registered, issued, under way, overdue
(escalated, a 重大 one 挂牌督办), awaiting recheck, failed once and back under way, closed with photos
before and after. Every record is made through the services; dates are relative to today; a second run
adds nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from parkops.org.demo import SUPERVISOR_USERNAME
from parkops.org.models import Park
from parkops.org.services import unit_for_name
from parkops.safety import selectors, services
from parkops.safety.choices import Level, MajorCategory, PlaceKind, TraineeRole, TrainingKind
from parkops.safety.models import Attendance, Hazard, Inspection, TrainingSession

PLAN = "安全生产大排查大整治"
INSPECTORS = ("李督办、应急管理局 陈安", "李督办、消防救援大队 刘消", "应急管理局 陈安、高新区 黄网格")


@dataclass(frozen=True)
class DemoHazard:
    place_name: str
    place: str
    description: str
    measures: str
    state: str  # registered / issued / rectifying / overdue / awaiting / failed / closed
    level: str = Level.GENERAL
    category: str = ""
    small_place: bool = False


HAZARDS = (
    DemoHazard("江西和首纺织有限公司", "纺纱车间", "车间内堆放大量棉絮未及时清理，消防通道被成品布匹占用", "清理车间棉絮，腾空消防通道，"
               "设置通道禁止占用标识", "closed"),
    DemoHazard("德安金鑫铸造有限公司", "熔炼车间", "中频炉冷却水系统未设置温度、压力监测和报警装置", "加装冷却水温度、压力、流量监测"
               "报警装置并与电源联锁", "overdue", Level.MAJOR, MajorCategory.MACHINERY),
    DemoHazard("江西恒达化纤有限公司", "原料仓库", "仓库电气线路未穿管保护，私拉乱接临时线路", "拆除临时线路，电气线路穿阻燃管敷设",
               "closed"),
    DemoHazard("九江宏发陶瓷有限公司", "抛光车间", "抛光粉尘除尘系统未采用泄爆、隔爆措施，除尘器设在车间内", "除尘器移至室外并加装"
               "泄爆片、隔爆阀，制定粉尘清扫制度", "rectifying", Level.MAJOR, MajorCategory.DUST),
    DemoHazard("江西天瑞新材料有限公司", "污水池", "污水池有限空间作业未设置警示标识，未配备气体检测仪", "设置有限空间警示标识，"
               "配备四合一气体检测仪，作业前审批", "awaiting", Level.MAJOR, MajorCategory.CONFINED_SPACE),
    DemoHazard("德安华盛木业有限公司", "木工车间", "锯切设备防护罩缺失", "恢复安装防护罩并每班检查", "closed"),
    DemoHazard("德安鸿运纺织有限公司", "配电房", "配电房未配备绝缘垫、绝缘手套，门口无挡鼠板", "配备绝缘用具，加装挡鼠板", "closed"),
    DemoHazard("江西永安电力设备有限公司", "喷涂车间", "喷涂车间电气设备不防爆", "更换为防爆电气设备", "failed"),
    DemoHazard("江西双龙服饰有限公司", "员工宿舍", "宿舍楼安全出口上锁，疏散指示标志损坏", "打开安全出口，更换疏散指示标志",
               "closed"),
    DemoHazard("江西信益和实业有限公司", "叉车", "叉车司机无特种作业操作证上岗", "停止无证人员作业，组织培训取证", "closed"),
    DemoHazard("德安祺又环保科技有限公司", "危废暂存间", "危险废物暂存间未设置防渗漏措施和标识", "铺设防渗地面，设置围堰和标识",
               "issued"),
    DemoHazard("江西伟晟环保科技有限公司", "破碎车间", "破碎机检修未执行停电挂牌上锁制度", "制定并落实能量隔离上锁挂牌制度",
               "issued"),
    DemoHazard("德安宝塔机械制造有限公司", "行车", "行车限位器失效，吊钩防脱钩装置损坏", "修复限位器，更换吊钩防脱装置，"
               "委托特检机构检验", "overdue"),
    DemoHazard("江西德安光电科技有限公司", "化学品仓库", "化学品仓库未张贴安全技术说明书，禁忌物混存", "分类分区存放，张贴化学品"
               "安全技术说明书", "closed"),
    DemoHazard("德安聚鑫新材料有限公司", "空压机房", "储气罐安全阀超期未校验", "安全阀送检校验", "closed"),
    DemoHazard("江西赣北铜业有限公司", "熔铸车间", "铜水浇铸区域地面有积水", "清除积水，设置防水围堰，作业前确认地面干燥",
               "rectifying"),
    DemoHazard("德安创新五金制品有限公司", "冲压车间", "冲床双手按钮被短接，光电保护装置失效", "恢复双手操作按钮和光电保护",
               "awaiting"),
    DemoHazard("江西林丰木业有限公司", "锅炉房", "生物质锅炉房未设置可燃气体报警仪", "安装报警仪并与风机联锁", "closed"),
    DemoHazard("德安佳美食品有限公司", "冷库", "冷库门未设置内部开启装置和报警按钮", "加装内开门装置和报警按钮", "registered"),
    DemoHazard("江西亿达包装有限公司", "印刷车间", "车间内违规存放超量油墨、稀释剂", "超量部分移至专用仓库，车间内只存一天用量",
               "closed"),
    DemoHazard("德安新光纺织有限公司", "织布车间", "灭火器压力不足，部分过期", "更换过期灭火器，每月检查", "closed"),
    DemoHazard("江西华瑞电子有限公司", "回流焊车间", "车间排风系统故障", "维修排风系统", "issued"),
    DemoHazard("德安县聚福楼餐馆", "后厨", "液化石油气钢瓶与灶具距离不足，未安装燃气泄漏报警装置", "钢瓶单独存放，安装燃气泄漏"
               "报警和切断装置", "closed", small_place=True),
    DemoHazard("宝塔路便民超市", "仓储区", "仓储区与经营区未防火分隔，电动自行车室内充电", "设置防火分隔，禁止室内充电",
               "closed", small_place=True),
    DemoHazard("高新区小太阳托育园", "休息室", "休息室电暖器靠近床铺，无专人看护", "移除电暖器，改用空调", "closed",
               small_place=True),
    DemoHazard("丰林镇兴旺汽修店", "维修车间", "维修车间内违规进行喷漆作业", "停止车间内喷漆，设置专用喷漆房", "rectifying",
               small_place=True),
    DemoHazard("德安县悦来宾馆", "楼道", "楼道内堆放杂物，应急照明不亮", "清理杂物，修复应急照明", "registered",
               small_place=True),
    DemoHazard("江西和首纺织有限公司", "配电室", "配电柜前后未铺设绝缘垫", "铺设绝缘垫", "closed"),
    DemoHazard("德安金鑫铸造有限公司", "砂处理", "皮带输送机未设置急停拉绳", "加装急停拉绳开关", "issued"),
    DemoHazard("九江宏发陶瓷有限公司", "窑炉", "天然气管道未设置紧急切断阀", "安装紧急切断阀", "closed"),
)

# Enterprises inspected without a hazard found (检查合格): the rest of the sample's 36 inspections.
CLEAN_PLACES = ("德安欣荣纸业有限公司", "江西蓝海新能源有限公司", "德安县万家乐小吃店", "江西科达电器有限公司",
                "德安盛达物流有限公司", "江西中科光电有限公司", "德安东升建材有限公司")


def _photo(colour: tuple[int, int, int], label: str) -> SimpleUploadedFile:
    image = Image.new("RGB", (640, 480), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 60, 580, 420), outline=(255, 255, 255), width=8)
    draw.line((60, 60, 580, 420), fill=(255, 255, 255), width=6)
    buffer = BytesIO()
    image.save(buffer, format="JPEG")
    return SimpleUploadedFile(f"{label}.jpg", buffer.getvalue(), content_type="image/jpeg")


def build_safety(park: Park, today: date) -> tuple[int, int]:
    if Hazard.objects.filter(park=park).exists():
        return Inspection.objects.filter(park=park).count(), Hazard.objects.filter(park=park).count()
    users = get_user_model().objects
    supervisor = users.filter(username=SUPERVISOR_USERNAME).first()
    reporter = users.filter(username="gxq").first() or supervisor
    park_office = unit_for_name(park, "高新区")
    emergency = unit_for_name(park, "应急管理局")
    registry = selectors.enterprises_named(park=park, names=[h.place_name for h in HAZARDS] + list(CLEAN_PLACES))
    inspections: dict[str, Inspection] = {}

    def inspect(name: str, on: date, small: bool, index: int) -> Inspection:
        if name not in inspections:
            inspections[name] = services.inspection_save(inspection=Inspection(
                park=park, plan=f"{today.year}年{PLAN}" if on.year == today.year else f"{on.year}年{PLAN}",
                inspected_on=on, inspectors=INSPECTORS[index % 3], unit=emergency if index % 2 else park_office,
                place_kind=PlaceKind.SMALL_PLACE if small else PlaceKind.ENTERPRISE,
                enterprise=None if small else registry.get(name), place_name=name,
                place_address="德安县高新区" if small else "",
                checklist="安全生产责任制和管理制度\n消防设施和疏散通道\n电气线路和设备\n特种设备和特种作业人员\n危险化学品和危险废物"),
                user=supervisor, reason="演示数据")
        return inspections[name]

    for index, line in enumerate(HAZARDS):
        # Found over the last eight months, the overdue ones well back, those just found in the last days.
        back = {"registered": 3, "issued": 8, "overdue": 60}.get(line.state, 30 + index * 6)
        found = today - timedelta(days=min(back, 230))
        inspection = inspect(line.place_name, found, line.small_place, index)
        hazard = services.hazard_register(hazard=Hazard(
            park=park, inspection=inspection, enterprise=inspection.enterprise, enterprise_name=line.place_name,
            place=line.place, description=line.description, level=line.level, major_category=line.category,
            responsible_unit=park_office if index % 3 else emergency, found_on=found,
            responsible_person=["张建国", "刘海波", "陈立新", "王志强"][index % 4]),
            user=supervisor, reason="演示数据",
            photos=[_photo((150, 60, 40), f"隐患{index + 1}整改前")] if index % 4 == 0 or line.state == "failed" else ())
        if line.state == "registered":
            continue
        deadline = {"overdue": found + timedelta(days=30), "issued": today + timedelta(days=2 if index % 2 else 12),
                    "rectifying": today + timedelta(days=5 + index), "failed": today + timedelta(days=10)}.get(
            line.state, found + timedelta(days=20))
        hazard = services.hazard_issue(hazard=hazard, user=supervisor, measures=line.measures, on=found,
                                       deadline=max(deadline, found))
        if line.state == "issued":
            continue
        hazard = services.hazard_start(hazard=hazard, user=reporter, note="企业已制定整改方案")
        if line.state in ("rectifying", "overdue"):
            if line.level == Level.MAJOR and line.state == "rectifying":
                services.hazard_list(hazard=hazard, user=supervisor, on=found + timedelta(days=2),
                                     note="重大隐患，管委会挂牌督办")
            continue
        after = [_photo((40, 120, 60), f"隐患{index + 1}整改后")] if index % 4 == 0 or line.state == "failed" else ()
        rectified = min(today, found + timedelta(days=15))
        hazard = services.hazard_report(hazard=hazard, user=reporter, rectification=f"已整改：{line.measures}",
                                        photos=after, on=rectified, photo_required=False)
        if line.state == "awaiting":
            continue
        if line.state == "failed":
            services.hazard_recheck(hazard=hazard, user=supervisor, passed=False, on=rectified,
                                    note="部分照明灯具仍为非防爆型，请全部更换", rechecked_by="应急管理局 陈安")
            continue
        services.hazard_recheck(hazard=hazard, user=supervisor, passed=True, on=min(today, rectified + timedelta(days=3)),
                                note="现场复查，整改到位", rechecked_by="李督办、应急管理局 陈安")
    for index, name in enumerate(CLEAN_PLACES):
        inspect(name, today - timedelta(days=20 + index * 9), "小吃店" in name, index)
    services.escalate_overdue_hazards(today=today, user=None)
    return len(inspections), len(HAZARDS)


# Seed 001: 在项目入园前，开展企业法人安全培训并进行考试 — 4轮, 40余家.
TRAINEES = ("刘", "陈", "张", "王", "李", "黄", "周", "吴", "徐", "孙", "胡", "朱")
GIVEN = ("建国", "海波", "立新", "志强", "红梅", "晓东", "国华", "春林", "振宇", "秀英", "德明")
NEW_ENTRANTS = tuple(f"江西{name}{trade}有限公司" for trade in ("智能装备", "新材料") for name in (
    "华瑞", "鑫达", "恒通", "宏远", "金泰", "瑞丰", "博源", "联创", "天润", "顺发", "佳和", "盛世", "亿丰", "新能", "中正",
    "永兴", "荣达", "兴业", "凯旋", "祥和", "卓越"))


def build_training(park: Park, today: date) -> int:
    if TrainingSession.objects.filter(park=park).exists():
        return TrainingSession.objects.filter(park=park).count()
    supervisor = get_user_model().objects.filter(username=SUPERVISOR_USERNAME).first()
    number = 0
    for round_number in range(1, 5):
        session = services.training_save(session=TrainingSession(
            park=park, title=f"{today.year}年新入园企业法人安全生产培训", kind=TrainingKind.NEW_ENTRANT,
            round_number=round_number, held_on=today - timedelta(days=150 - round_number * 35),
            place="管委会三楼会议室", trainer="应急管理局 陈安"), user=supervisor)
        for _ in range(11 if round_number < 3 else 10):
            number += 1
            services.attendance_save(attendance=Attendance(
                session=session, enterprise_name=NEW_ENTRANTS[number - 1],
                person_name=TRAINEES[number % 12] + GIVEN[number % 11], role=TraineeRole.LEGAL_PERSON,
                score=Decimal(52 + (number * 7) % 47)), user=supervisor)
    return 4
