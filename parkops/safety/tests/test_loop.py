"""A hazard round its closed loop through the services: 登记 with a photo, 下达整改 with its numbered notice and
a deadline counted in working days over the National Day 调休, 整改中, 已整改待复查 with photos after (resized, no
EXIF), 复查不通过 back to 整改中, and 复查通过 关闭; each step recorded with who and when, audited, and told to
whoever acts next; no step out of turn."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from parkops.core.models import AuditEntry
from parkops.safety import services
from parkops.safety.choices import Level, PhotoStage, Status, Step
from parkops.safety.lights import hazard_light
from parkops.safety.models import Hazard
from parkops.safety.tests.conftest import TODAY
from parkops.safety.tests.helpers import hazard, phone_photo
from parkops.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_hazard_walks_its_whole_loop_with_a_failed_recheck(park, unit, supervisor, reporter, notices):
    found = services.hazard_register(hazard=Hazard(
        park=park, enterprise_name="德安金鑫铸造有限公司", place="熔炼车间", description="中频炉冷却水系统未设置监测报警装置",
        responsible_unit=unit), user=supervisor, photos=[phone_photo("整改前.jpg")])
    assert found.status == Status.REGISTERED and hazard_light(found, today=TODAY).label == "未下达"

    issued = services.hazard_issue(hazard=found, user=supervisor, measures="加装冷却水温度、压力监测报警装置")
    # 10 working days from Friday 26 September 2025: the 调休 Sunday 28th counts, 1–8 October do not, the
    # 调休 Saturday 11th does.
    assert issued.deadline == date(2025, 10, 16)
    assert issued.notice_number == f"{park.short_name or park.name}安改〔2025〕1号"
    assert [n.users for n in notices if "限期整改" in n.title] == [(reporter,)]

    services.hazard_start(hazard=issued, user=reporter, note="已订购监测装置")
    with pytest.raises(ValidationError, match="整改后的照片"):
        services.hazard_report(hazard=issued, user=reporter, rectification="已安装")
    services.hazard_report(hazard=issued, user=reporter, rectification="已安装温度监测", photos=[phone_photo("整改后.jpg")])
    assert any("待复查" in n.title and supervisor in n.users for n in notices)

    with pytest.raises(ValidationError, match="写明仍存在的问题"):
        services.hazard_recheck(hazard=issued, user=supervisor, passed=False)
    back = services.hazard_recheck(hazard=issued, user=supervisor, passed=False, note="压力监测未与电源联锁",
                                   rechecked_by="应急管理局 陈安")
    assert back.status == Status.RECTIFYING and "压力监测未与电源联锁" in back.rectification

    services.hazard_report(hazard=back, user=reporter, rectification="压力监测已与电源联锁")  # the photos after are there
    closed = services.hazard_recheck(hazard=back, user=supervisor, passed=True, rechecked_by="李督办")
    assert (closed.status, closed.closed_on, closed.rechecked_by) == (Status.CLOSED, TODAY, "李督办")
    assert hazard_light(closed, today=TODAY).label == "已销号"

    steps = list(closed.steps.values_list("step", "by__username"))
    assert steps == [(Step.REGISTER, "supervisor"), (Step.ISSUE, "supervisor"), (Step.START, "reporter"),
                     (Step.REPORT, "reporter"), (Step.RECHECK_FAIL, "supervisor"), (Step.REPORT, "reporter"),
                     (Step.RECHECK_PASS, "supervisor")]
    assert AuditEntry.objects.filter(detail__contains="复查不通过").exists()
    assert closed.history.count() >= 7

    with pytest.raises(ValidationError, match="复查通过已关闭"):
        services.hazard_start(hazard=closed, user=reporter)


def test_photos_are_resized_and_lose_their_location(park, supervisor):
    found = services.hazard_register(hazard=Hazard(park=park, enterprise_name="宝塔路便民超市", description="电动自行车室内充电"),
                                     user=supervisor, photos=[phone_photo()])
    photo = found.photos.get()
    assert photo.stage == PhotoStage.BEFORE
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert max(image.size) <= 1920
        assert not image.getexif()


def test_a_major_hazard_needs_its_category_and_may_be_listed(park, supervisor):
    with pytest.raises(ValidationError, match="工贸企业重大事故隐患判定标准"):
        services.hazard_register(hazard=Hazard(park=park, enterprise_name="九江宏发陶瓷有限公司", description="除尘器设在车间内",
                                               level=Level.MAJOR), user=supervisor)
    major = hazard(park, supervisor, level=Level.MAJOR)
    listed = services.hazard_list(hazard=major, user=supervisor)
    assert listed.listed_on == TODAY
    with pytest.raises(ValidationError, match="只有重大隐患"):
        services.hazard_list(hazard=hazard(park, supervisor, description="另一条一般隐患"), user=supervisor)


def test_a_major_hazard_is_given_thirty_working_days_by_default(park, supervisor):
    issued = services.hazard_issue(hazard=hazard(park, supervisor, level=Level.MAJOR), user=supervisor,
                                   measures="制定治理方案")
    assert issued.deadline == date(2025, 11, 13)


def test_notice_numbers_run_through_the_year(park, supervisor):
    first = services.hazard_issue(hazard=hazard(park, supervisor), user=supervisor, measures="整改")
    second = services.hazard_issue(hazard=hazard(park, supervisor, description="第二条"), user=supervisor, measures="整改")
    assert (first.notice_number[-4:], second.notice_number[-4:]) == ("5〕1号", "5〕2号")


def test_no_step_out_of_turn(park, supervisor):
    found = hazard(park, supervisor)
    with pytest.raises(ValidationError, match="不能复查"):
        services.hazard_recheck(hazard=found, user=supervisor, passed=True)
    with pytest.raises(ValidationError, match="整改措施"):
        services.hazard_issue(hazard=found, user=supervisor)
    with pytest.raises(ValidationError, match="晚于今天"):
        services.hazard_register(hazard=Hazard(park=park, enterprise_name="某企业", description="某隐患",
                                               found_on=date(2025, 12, 1)), user=UserFactory())
