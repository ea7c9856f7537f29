"""The demo park's 生态环境 (seed 001: 做好各级环保督察反馈问题整改，中央环保督察反馈问题全部整改完成并销号，开展“回头看”;
对雨水排口重金属每月至少监测两次; “小散乱污”企业关停取缔、限期搬迁、停产整治): feedback items of the three levels in
every state of the 销号 flow, one reopened by its 回头看; four outlets of registry enterprises with their limits and
three months of readings, one over its limit (which opened a hazard and a supervision task by itself); a
小散乱污 list. Everything through the services; dates relative to today; a second run adds nothing."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from parkops.environment import selectors, services
from parkops.environment.choices import Disposal, DisposalStatus, InspectionLevel, OutletKind, ReviewResult
from parkops.environment.models import FeedbackItem, Outlet, PollutantLimit, Reading, SmallPolluter
from parkops.org.demo import SUPERVISOR_USERNAME
from parkops.org.services import unit_for_name

FEEDBACK = (
    # level, problem, goal, measures, unit, months to deadline (negative: past), state
    (InspectionLevel.CENTRAL, "园区污水处理厂进水浓度偏低，部分企业雨污管网混接错接", "完成雨污分流改造，进水COD浓度稳定在200mg/L以上",
     "排查企业雨污管网，实施混接错接点改造，建立管网巡查制度", "高新区", -6, "reopened"),
    (InspectionLevel.CENTRAL, "部分企业危险废物贮存不规范，台账记录不完整", "危险废物规范化管理达标率100%",
     "开展危废专项检查，督促企业规范贮存场所，建立电子台账", "生态环境局", -5, "closed"),
    (InspectionLevel.CENTRAL, "园区扬尘管控不到位，建筑工地未落实“六个百分百”", "建筑工地扬尘防治措施落实到位",
     "开展工地扬尘专项整治，安装在线监测和视频监控", "住建局", -4, "closed"),
    (InspectionLevel.PROVINCIAL, "个别企业废气收集处理设施运行不正常", "废气处理设施正常运行、稳定达标排放",
     "督促企业修复废气收集系统，安装用电监控", "生态环境局", 1, "applied"),
    (InspectionLevel.PROVINCIAL, "园区环境风险应急预案未及时修订", "完成园区突发环境事件应急预案修订并备案",
     "委托第三方修订预案，组织应急演练", "应急管理局", 2, "accepted"),
    (InspectionLevel.CITY, "园区河道沿岸存在生活垃圾和建筑垃圾堆放", "河道沿岸垃圾全部清理，建立长效保洁机制",
     "组织集中清理，落实河长制日常巡河", "城管局", 1, "rectifying"),
    (InspectionLevel.CITY, "部分企业未按要求开展自行监测", "重点排污单位自行监测开展率100%",
     "督促企业制定自行监测方案，按期公开监测信息", "生态环境局", 0, "rectifying"),
)

# Rain outlets' heavy metals (seed 001: 雨水排口重金属每月至少监测两次) and a wastewater outlet's COD and pH.
OUTLETS = (
    ("YS001 雨水排放口", OutletKind.RAINWATER, (("总铅", "mg/L", "0.5", None), ("总镉", "mg/L", "0.05", None),
                                               ("总铬", "mg/L", "1.0", None))),
    ("DW001 废水总排口", OutletKind.WASTEWATER, (("化学需氧量", "mg/L", "500", None), ("pH值", "无量纲", "9", "6"),
                                              ("氨氮", "mg/L", "45", None))),
)

POLLUTERS = (
    ("德安县丰林镇无证废塑料加工点", "丰林镇桥头村", "无环评手续，露天焚烧废塑料", Disposal.SHUT_DOWN, -30, DisposalStatus.DONE),
    ("高新区东区小型电镀作坊", "高新区东区12号", "含重金属废水直排", Disposal.SHUT_DOWN, -10, DisposalStatus.IN_HAND),
    ("德安县宝塔乡家具喷漆作坊", "宝塔乡工业路", "无废气处理设施，居民投诉异味", Disposal.RELOCATE, 60, DisposalStatus.IN_HAND),
    ("高新区西区石材切割加工点", "高新区西区", "粉尘无组织排放，废水未经沉淀外排", Disposal.SUSPEND, 20, DisposalStatus.IN_HAND),
    ("德安县蒲亭镇小型洗砂场", "蒲亭镇河东", "洗砂废水直排河道", Disposal.SHUT_DOWN, -60, DisposalStatus.DONE),
    ("高新区南区废旧轮胎翻新作坊", "高新区南区", "炼胶废气无组织排放", Disposal.SUSPEND, 5, DisposalStatus.IN_HAND),
)


def _photo(label: str) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (320, 240), (60, 130, 90)).save(buffer, format="PNG")
    return SimpleUploadedFile(f"{label}.png", buffer.getvalue(), content_type="image/png")


def _month_offset(today, months: int):
    return today + timedelta(days=30 * months)


def build_feedback(park, today, user) -> int:
    if FeedbackItem.objects.filter(park=park).exists():
        return FeedbackItem.objects.filter(park=park).count()
    for number, (level, problem, goal, measures, unit, months, state) in enumerate(FEEDBACK, start=1):
        deadline = _month_offset(today, months)
        item = services.feedback_register(item=FeedbackItem(
            park=park, level=level, batch={InspectionLevel.CENTRAL: "第三轮中央生态环境保护督察"}.get(level, ""),
            number=str(number), problem=problem, goal=goal, measures=measures, unit=unit_for_name(park, unit),
            deadline=deadline, deadline_text=f"{deadline.year}年{deadline.month}月底前", progress="正在整改"),
            user=user, reason="演示数据")
        if state == "rectifying":
            continue
        applied = min(today, deadline) - timedelta(days=40 if state in ("closed", "reopened") else 5)
        item = services.feedback_apply(item=item, user=user, progress=f"已完成：{measures}",
                                       files=[_photo(f"整改佐证{number}")], on=applied)
        if state == "applied":
            continue
        item = services.feedback_accept(item=item, user=user, passed=True, accepted_by="县生态环境局 周检",
                                        note="现场验收，整改到位", on=applied + timedelta(days=3))
        if state == "accepted":
            continue
        closed = applied + timedelta(days=7)
        item = services.feedback_close(item=item, user=user, on=closed, review_on=closed + timedelta(days=25))
        review = item.reviews.get()
        if state == "reopened":
            services.review_record(review=review, user=user, result=ReviewResult.REBOUNDED, checked_by="县生态环境局 周检",
                                   note="回头看发现2家企业雨水管网仍有生产废水混入", on=closed + timedelta(days=25))
        else:
            services.review_record(review=review, user=user, result=ReviewResult.CONSOLIDATED, checked_by="县生态环境局 周检",
                                   note="整改成效巩固", on=closed + timedelta(days=25))
    return len(FEEDBACK)


def build_monitoring(park, today, user) -> tuple[int, int, int]:
    if Outlet.objects.filter(park=park).exists():
        readings = Reading.objects.filter(park=park)
        return Outlet.objects.filter(park=park).count(), readings.count(), readings.filter(over_limit=True).count()
    enterprises = list(selectors.enterprise_choices(park=park)[:2])
    outlets = []
    for enterprise in enterprises:
        for name, kind, limits in OUTLETS:
            outlet = services.outlet_save(outlet=Outlet(park=park, enterprise=enterprise, name=name, kind=kind,
                                                        location="厂区东侧"), user=user, reason="演示数据")
            for pollutant, unit, limit, lower in limits:
                services.limit_save(limit=PollutantLimit(outlet=outlet, pollutant=pollutant, unit=unit,
                                                         limit_value=Decimal(limit),
                                                         lower_limit=Decimal(lower) if lower else None),
                                    user=user, reason="演示数据")
            outlets.append(outlet)
    for outlet in outlets:
        limits = list(outlet.limits.all())
        for sample in range(6):  # twice a month for three months
            day = today - timedelta(days=5 + sample * 15)
            moment = timezone.make_aware(datetime.combine(day, time(9, 30)))
            for index, limit in enumerate(limits):
                share = Decimal("0.2") + Decimal((sample * 7 + index * 3 + outlet.pk) % 6) / 10
                value = (limit.limit_value * share).quantize(Decimal("0.001"))
                if limit.lower_limit is not None:
                    value = Decimal("7.2") + Decimal(sample % 3) / 10
                # One reading over its limit: the first enterprise's rain outlet, lead, a fortnight ago.
                if outlet == outlets[0] and sample == 1 and index == 0:
                    value = limit.limit_value * Decimal("1.64")
                services.reading_record(outlet=outlet, pollutant=limit.pollutant, value=value, unit=limit.unit,
                                        measured_at=moment, user=user, source="演示：雨水排口重金属监测")
    readings = Reading.objects.filter(park=park)
    return len(outlets), readings.count(), readings.filter(over_limit=True).count()


def build_polluters(park, today, user) -> int:
    if SmallPolluter.objects.filter(park=park).exists():
        return SmallPolluter.objects.filter(park=park).count()
    for name, address, problem, disposal, days, status in POLLUTERS:
        deadline = today + timedelta(days=days)
        services.polluter_save(polluter=SmallPolluter(
            park=park, name=name, address=address, problem=problem, disposal=disposal, deadline=deadline,
            unit=unit_for_name(park, "生态环境局"), status=status,
            done_on=min(today, deadline) if status == DisposalStatus.DONE else None,
            progress="已断水断电、拆除生产设备" if status == DisposalStatus.DONE else "已下达整改通知，正在推进",
            found_on=today - timedelta(days=90)), user=user, reason="演示数据")
    return len(POLLUTERS)


def build_environment(park, today) -> dict[str, int]:
    user = get_user_model().objects.filter(username=SUPERVISOR_USERNAME).first()
    feedback = build_feedback(park, today, user)
    outlets, readings, over = build_monitoring(park, today, user)
    polluters = build_polluters(park, today, user)
    return {"feedback": feedback, "outlets": outlets, "readings": readings, "over": over, "polluters": polluters}
