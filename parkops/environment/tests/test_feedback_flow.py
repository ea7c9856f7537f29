"""环保督察反馈问题: each is a task of its level's supervision plan; 申请销号 needs evidence, 验收 may send it back,
销号 makes its task 已完成 and plans a 回头看, and a 回头看 that finds the problem back reopens it."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from parkops.environment import services
from parkops.environment.choices import FeedbackStatus, InspectionLevel, ReviewResult
from parkops.environment.importers import FeedbackImporter
from parkops.environment.models import FeedbackItem
from parkops.environment.tests.helpers import FEEDBACK_HEADER, FEEDBACK_ROWS, xlsx
from parkops.supervision.models import Plan, Task
from parkops.supervision.selectors import with_lights

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde" \
      b"\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"


def _photo(name="整改后.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def _item(park, user, ecology, **fields):
    values = {"problem": "园区污水处理厂进水浓度偏低，部分企业雨污管网混接错接", "level": InspectionLevel.CENTRAL,
              "batch": "第三轮中央生态环境保护督察", "unit": ecology, "deadline": date(2025, 12, 31), **fields}
    return services.feedback_register(item=FeedbackItem(park=park, **values), user=user)


def _light(task):
    return with_lights(Task.objects.filter(pk=task.pk).with_listing_data(), today=date(2025, 11, 20))[0].light.light


def test_an_item_becomes_a_task_of_its_levels_plan_led_by_its_unit(park, supervisor, ecology):
    item = _item(park, supervisor, ecology)
    assert item.task.plan.name == "第三轮中央生态环境保护督察反馈问题整改"
    assert item.task.deadline == date(2025, 12, 31) and item.task.number == "1"
    assert [u.name for u in item.task.lead_units] == ["生态环境局"]
    second = _item(park, supervisor, ecology, problem="危险废物贮存不规范")
    assert second.task.plan == item.task.plan and second.task.number == "2"
    with pytest.raises(ValidationError, match="已有这一条"):
        _item(park, supervisor, ecology)


def test_the_xiaohao_flow_and_a_review_that_reopens_it(park, supervisor, ecology):
    item = _item(park, supervisor, ecology)
    with pytest.raises(ValidationError, match="须上传佐证材料"):
        services.feedback_apply(item=item, user=supervisor, progress="已完成雨污分流改造")
    item = services.feedback_apply(item=item, user=supervisor, progress="已完成雨污分流改造", files=[_photo()])
    assert item.status == FeedbackStatus.APPLIED and item.evidence.count() == 1

    with pytest.raises(ValidationError, match="写明仍存在的问题"):
        services.feedback_accept(item=item, user=supervisor, passed=False)
    item = services.feedback_accept(item=item, user=supervisor, passed=False, note="仍有2处混接点未改造")
    assert item.status == FeedbackStatus.RECTIFYING
    item = services.feedback_apply(item=item, user=supervisor, progress="混接点已全部改造")  # the evidence is kept
    item = services.feedback_accept(item=item, user=supervisor, passed=True, accepted_by="县生态环境局 周检")
    item = services.feedback_close(item=item, user=supervisor, on=date(2025, 11, 1))
    assert item.status == FeedbackStatus.CLOSED and item.closed_on == date(2025, 11, 1)
    assert _light(item.task) == "done"
    review = item.reviews.get()
    assert review.planned_on == date(2026, 1, 30)  # 90 days after 销号

    services.review_record(review=review, user=supervisor, result=ReviewResult.REBOUNDED,
                           note="回头看发现雨水管网仍有生产废水混入", on=date(2025, 11, 18))
    item.refresh_from_db()
    assert item.status == FeedbackStatus.RECTIFYING and item.reopened_count == 1 and item.closed_on is None
    assert _light(item.task) != "done"
    assert [r.get_step_display() for r in item.records.all()][-1] == "回头看：问题反弹，重新整改"
    with pytest.raises(ValidationError, match="已登记结果"):
        services.review_record(review=review, user=supervisor, result=ReviewResult.CONSOLIDATED)


def test_a_consolidated_review_keeps_the_item_closed(park, supervisor, ecology):
    item = _item(park, supervisor, ecology)
    item = services.feedback_apply(item=item, user=supervisor, progress="已完成", files=[_photo()])
    item = services.feedback_accept(item=item, user=supervisor, passed=True)
    item = services.feedback_close(item=item, user=supervisor, review_on=date(2025, 11, 20))
    services.review_record(review=item.reviews.get(), user=supervisor, result=ReviewResult.CONSOLIDATED)
    item.refresh_from_db()
    assert item.status == FeedbackStatus.CLOSED and _light(item.task) == "done"


def test_a_macro_file_is_refused_as_evidence(park, supervisor, ecology):
    item = _item(park, supervisor, ecology)
    with pytest.raises(ValidationError):
        services.feedback_apply(item=item, user=supervisor, progress="已完成",
                                files=[SimpleUploadedFile("报告.exe", b"MZ\x90\x00" + b"\x00" * 100)])
    item.refresh_from_db()
    assert item.status == FeedbackStatus.RECTIFYING and item.evidence.count() == 0


def test_the_feedback_list_imports_once_with_its_tasks(park, supervisor, ecology):
    upload = xlsx(FEEDBACK_HEADER, FEEDBACK_ROWS, title="中央生态环境保护督察反馈问题整改清单", name="清单.xlsx")
    importer = FeedbackImporter(park=park)
    preview = importer.preview(upload)
    assert not preview.errors and [line.level for line in preview.lines] == ["central", "central"]
    importer.commit(preview, user=supervisor)
    first, second = FeedbackItem.objects.order_by("pk")
    assert first.deadline == date(2026, 6, 30) and first.unit == ecology and first.progress == "已排查管网12公里"
    assert second.deadline is None and second.deadline_text == "立行立改"
    assert Plan.objects.get().name == "中央环保督察反馈问题整改" and Task.objects.count() == 2

    again = FeedbackImporter(park=park).preview(xlsx(FEEDBACK_HEADER, FEEDBACK_ROWS, name="清单.xlsx"))
    assert [line.action for line in again.lines] == ["unchanged", "unchanged"]
    rows = [FEEDBACK_ROWS[0][:6] + ["已完成改造8处"], FEEDBACK_ROWS[1]]
    importer = FeedbackImporter(park=park)
    importer.commit(importer.preview(xlsx(FEEDBACK_HEADER, rows, name="清单.xlsx")), user=supervisor)
    assert FeedbackItem.objects.count() == 2 and Task.objects.count() == 2
    assert FeedbackItem.objects.get(number="1").progress == "已完成改造8处"
