"""A unit reports progress; the supervisor accepts it or returns it with a reason; the unit corrects
and resubmits; a leader writes a 批示. Through the services and through the pages, with the
attachments a unit sends and the history the system keeps of every change.
"""

import random
from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import docx
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parkops.org.choices import Role
from parkops.supervision import services
from parkops.supervision.choices import Light, ReportAction, ReportStatus
from parkops.supervision.models import Attachment, ProgressReport, ReportEvent
from parkops.testing.factories import PlanFactory, TargetFactory, TaskFactory, UnitFactory, UserFactory, month

SEPTEMBER, OCTOBER = month(2023, 9), month(2023, 10)
PROGRESS = "1-10月园区规上企业营业收入380亿元。"

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
NOISE = random.Random(2026).randbytes(4096)


def docx_bytes() -> bytes:
    buffer = BytesIO()
    document = docx.Document()
    document.add_paragraph("土地收储协议")
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture
def duban(db):
    return UserFactory(username="duban", display_name="李督办", role=Role.SUPERVISOR)


@pytest.fixture
def gxj(unit):
    return UserFactory(username="gxj", display_name="工信局填报员", role=Role.REPORTER, unit=unit)


@pytest.fixture
def lingdao(db):
    return UserFactory(username="lingdao", display_name="王晓君", role=Role.LEADER)


@pytest.fixture
def task(park, unit):
    task = TaskFactory(plan=PlanFactory(park=park, year=2023), number="9", lead_units=[unit],
                       text="坚持工业强县战略不动摇，力争工业营业收入达到720亿元。")
    TargetFactory(task=task)  # 达到720亿元
    return task


def submit(task, unit, user, period=OCTOBER, text=PROGRESS, **kwargs):
    return services.report_submit(task=task, unit=unit, user=user, period=period, text=text, **kwargs)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def task_page(client, task) -> str:
    return client.get(reverse("supervision:task_detail", args=[task.pk])).content.decode()


def events(report) -> list[tuple[str, str, str]]:
    return [(e.action, str(e.user or ""), e.reason) for e in report.events.all()]


# --- submit, return, resubmit, accept --------------------------------------------------------------


def test_a_submitted_report_awaits_review_with_its_figure(task, unit, gxj):
    target = task.targets.get()

    report = submit(task, unit, gxj, figures={target.pk: Decimal(3_800_000)})

    assert report.status == ReportStatus.SUBMITTED
    assert (report.submitted_by, report.figure_for(target)) == (gxj, Decimal(3_800_000))
    assert events(report) == [(ReportAction.SUBMIT, "工信局填报员", "")]


def test_returning_a_report_needs_a_reason(task, unit, gxj, duban):
    report = submit(task, unit, gxj)

    with pytest.raises(ValidationError, match="退回时须填写理由"):
        services.report_return(report=report, user=duban, reason="   ")

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert events(report) == [(ReportAction.SUBMIT, "工信局填报员", "")]


def test_a_returned_report_is_resubmitted_for_the_same_period(task, unit, gxj, duban):
    report = submit(task, unit, gxj, text="1-10月营业收入380亿元。")
    services.report_return(report=report, user=duban, reason="请注明数据来源")

    again = submit(task, unit, gxj, text="1-10月园区规上企业营业收入380亿元（县统计局快报）。")

    assert again.pk == report.pk
    assert again.status == ReportStatus.SUBMITTED and again.return_reason == ""
    assert again.text == "1-10月园区规上企业营业收入380亿元（县统计局快报）。"
    assert events(again) == [
        (ReportAction.SUBMIT, "工信局填报员", ""),
        (ReportAction.RETURN, "李督办", "请注明数据来源"),
        (ReportAction.RESUBMIT, "工信局填报员", ""),
    ]


def test_a_figure_left_out_of_a_resubmitted_report_is_withdrawn(task, unit, gxj, duban):
    target = task.targets.get()
    report = submit(task, unit, gxj, figures={target.pk: Decimal(3_800_000)})
    services.report_return(report=report, user=duban, reason="营业收入数待县统计局核定后再报")

    again = submit(task, unit, gxj, text="营业收入数待县统计局核定。", figures={})

    assert again.figure_for(target) is None
    assert not again.figures.exists()


def test_a_report_awaiting_review_cannot_be_sent_again_for_the_same_period(task, unit, gxj):
    submit(task, unit, gxj)

    with pytest.raises(ValidationError, match="2023年10月的进展已报送（待审核），不能重复报送"):
        submit(task, unit, gxj, text="又一份")

    assert ProgressReport.objects.get(task=task).text == PROGRESS


def test_accepting_records_who_accepted(task, unit, gxj, duban):
    report = services.report_accept(report=submit(task, unit, gxj), user=duban)

    report.refresh_from_db()
    assert (report.status, report.reviewed_by) == (ReportStatus.ACCEPTED, duban)
    assert report.reviewed_at is not None
    assert events(report)[-1] == (ReportAction.ACCEPT, "李督办", "")


def test_an_accepted_report_can_be_neither_returned_nor_accepted_again(task, unit, gxj, duban):
    report = services.report_accept(report=submit(task, unit, gxj), user=duban)

    with pytest.raises(ValidationError, match="该报告已由李督办于.*采纳，不能再退回"):
        services.report_return(report=report, user=duban, reason="补充材料")
    with pytest.raises(ValidationError, match="不能再采纳"):
        services.report_accept(report=report, user=duban)


def test_accept_and_return_of_one_report_at_once_only_the_first_takes_effect(task, unit, gxj, duban, park):
    # Two supervisors open the review queue at the same moment: each holds the report as submitted.
    submit(task, unit, gxj)
    other = UserFactory(username="wang", display_name="王督办", role=Role.SUPERVISOR)
    seen_by_li = ProgressReport.objects.get(task=task, unit=unit)
    seen_by_wang = ProgressReport.objects.get(task=task, unit=unit)

    services.report_accept(report=seen_by_li, user=duban)
    with pytest.raises(ValidationError, match="该报告已由李督办于.*采纳，不能再退回"):
        services.report_return(report=seen_by_wang, user=other, reason="数字不对")

    stored = ProgressReport.objects.get(task=task, unit=unit)
    assert (stored.status, stored.reviewed_by, stored.return_reason) == (ReportStatus.ACCEPTED, duban, "")
    assert [action for action, _user, _reason in events(stored)] == [ReportAction.SUBMIT, ReportAction.ACCEPT]


def test_two_returns_of_one_report_at_once_leave_one_return(task, unit, gxj, duban):
    submit(task, unit, gxj)
    first, second = (ProgressReport.objects.get(task=task, unit=unit) for _ in range(2))

    services.report_return(report=first, user=duban, reason="补充照片")
    with pytest.raises(ValidationError, match="已由李督办于.*退回，不能再退回"):
        services.report_return(report=second, user=duban, reason="补充照片")

    assert [action for action, _user, _reason in events(first)].count(ReportAction.RETURN) == 1


def test_a_unit_not_on_the_task_cannot_report_on_it(task, park, gxj):
    stranger = UnitFactory(park=park, name="城管局")

    with pytest.raises(ValidationError, match="城管局不是该任务的牵头或配合单位"):
        submit(task, stranger, gxj)


def test_a_period_still_to_come_cannot_be_reported(task, unit, gxj):
    next_month = (timezone.localdate().replace(day=1) + timedelta(days=32)).replace(day=1)

    with pytest.raises(ValidationError, match="不能报送尚未到来的期间"):
        submit(task, unit, gxj, period=next_month)


def test_an_empty_text_is_refused(task, unit, gxj):
    with pytest.raises(ValidationError, match="请填写完成情况"):
        submit(task, unit, gxj, text="  \n ")
    assert not ProgressReport.objects.exists()


# --- attachments -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("现场照片.png", PNG),
        ("现场照片.jpg", JPEG),
        ("IMG_0001.JPEG", JPEG),  # as phones and cameras name them
        ("收储协议.pdf", PDF),
        ("资产转让说明.docx", docx_bytes()),
        ("盘活台账.xlsx", xlsx_bytes()),
        ("盘活台账.et", xlsx_bytes()),  # WPS表格 saves in the Excel format
    ],
    ids=["png", "jpg", "JPEG", "pdf", "docx", "xlsx", "wps et"],
)
def test_allowed_attachments_are_kept(task, unit, gxj, name, content):
    report = submit(task, unit, gxj, files=[upload(name, content)])

    attachment = report.attachments.get()
    assert (attachment.original_name, attachment.size, attachment.uploaded_by) == (name, len(content), gxj)
    with attachment.file.open("rb") as stored:
        assert stored.read() == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("收储协议.pdf", EXE, "文件“收储协议.pdf”的内容不是允许的类型"),
        ("收储协议.pdf", NOISE, "文件“收储协议.pdf”的内容不是允许的类型"),
        ("现场照片.png", PDF, "文件“现场照片.png”的扩展名与内容不符：内容为PDF格式"),
        ("空白.pdf", b"", "文件“空白.pdf”是空文件"),
    ],
    ids=["exe named pdf", "random bytes named pdf", "pdf named png", "empty"],
)
def test_a_refused_attachment_leaves_no_report_behind(task, unit, gxj, name, content, message):
    with pytest.raises(ValidationError, match=message):
        submit(task, unit, gxj, files=[upload("现场照片.png", PNG), upload(name, content)],
               figures={task.targets.get().pk: Decimal(3_800_000)})

    assert not ProgressReport.objects.exists()
    assert not Attachment.objects.exists()
    assert not ReportEvent.objects.exists()


def test_an_attachment_over_the_size_limit_is_refused(task, unit, gxj, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    big = PDF.ljust(1536 * 1024, b"\x00")

    with pytest.raises(ValidationError, match=r"文件“全年台账.pdf”大小为1.5MB，超过上限1.0MB"):
        submit(task, unit, gxj, files=[upload("全年台账.pdf", big)])

    assert not ProgressReport.objects.exists()
    # A file of exactly the limit is fine.
    assert submit(task, unit, gxj, files=[upload("全年台账.pdf", big[: 1024 * 1024])]).attachments.count() == 1


def test_a_refused_attachment_leaves_a_returned_report_as_it_was(task, unit, gxj, duban):
    report = submit(task, unit, gxj, text="初稿")
    services.report_return(report=report, user=duban, reason="请附收储协议")

    with pytest.raises(ValidationError):
        submit(task, unit, gxj, text="修改稿", files=[upload("收储协议.pdf", EXE)])

    report.refresh_from_db()
    assert (report.status, report.text, report.return_reason) == (ReportStatus.RETURNED, "初稿", "请附收储协议")
    assert [e.action for e in report.events.all()] == [ReportAction.SUBMIT, ReportAction.RETURN]


# --- through the pages -----------------------------------------------------------------------------


def test_reporter_submits_progress_with_a_figure_in_yi_and_a_file(task, gxj):
    client = logged_in(gxj)
    target = task.targets.get()

    response = client.post(reverse("supervision:report_submit", args=[task.pk]), {
        "period": "2023-10", "text": PROGRESS, f"target_{target.pk}": "380",
        "files": [upload("营业收入快报.pdf", PDF), upload("现场照片.png", PNG)],
    }, follow=True)

    report = ProgressReport.objects.get(task=task)
    assert (report.period, report.status, report.figure_for(target)) == (
        OCTOBER, ReportStatus.SUBMITTED, Decimal(3_800_000))
    assert sorted(report.attachments.values_list("original_name", flat=True)) == ["现场照片.png", "营业收入快报.pdf"]
    page = response.content.decode()
    assert "已报送2023年10月进展，等待督办员审核。" in page
    assert "380.00亿元" in page and "营业收入快报.pdf" in page and "现场照片.png" in page and "待审核" in page


def test_the_report_page_shows_why_a_file_was_refused_and_keeps_nothing(task, gxj):
    client = logged_in(gxj)

    response = client.post(reverse("supervision:report_submit", args=[task.pk]), {
        "period": "2023-10", "text": PROGRESS, "files": upload("收储协议.pdf", EXE),
    })

    assert response.status_code == 200
    assert "文件“收储协议.pdf”的内容不是允许的类型" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_supervisor_return_without_a_reason_is_refused_on_the_page(task, unit, gxj, duban):
    report = submit(task, unit, gxj)

    response = logged_in(duban).post(reverse("supervision:report_review", args=[report.pk]),
                                     {"action": "return", "reason": ""}, follow=True)

    assert "退回时须填写理由。" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_the_full_round_on_the_pages_return_resubmit_accept(task, unit, gxj, duban):
    target = task.targets.get()
    september = services.report_accept(
        report=submit(task, unit, gxj, period=SEPTEMBER, text="1-9月营业收入342亿元。"), user=duban)
    reporter, supervisor = logged_in(gxj), logged_in(duban)
    submit_url = reverse("supervision:report_submit", args=[task.pk])
    reporter.post(submit_url, {"period": "2023-10", "text": "1-10月营业收入380亿元。", f"target_{target.pk}": "380"})
    october = ProgressReport.objects.get(task=task, period=OCTOBER)

    # The review queue lists it; the supervisor returns it with a reason.
    assert "1-10月营业收入380亿元。" in supervisor.get(reverse("supervision:review_queue")).content.decode()
    supervisor.post(reverse("supervision:report_review", args=[october.pk]),
                    {"action": "return", "reason": "请注明数据来源"})
    page = task_page(reporter, task)
    assert "退回理由：请注明数据来源" in page
    assert "李督办 退回：请注明数据来源" in page
    assert f"{submit_url}?period=2023-10" in page  # the reporter's 修改后重新报送

    # The form comes back with what was sent, the figure in 亿元 as it was typed.
    form = reporter.get(f"{submit_url}?period=2023-10").context["form"]
    assert form.initial["text"] == "1-10月营业收入380亿元。"
    assert form.initial[f"target_{target.pk}"] == Decimal(380)
    reporter.post(submit_url, {"period": "2023-10", "text": "1-10月营业收入380亿元（统计快报）。",
                               f"target_{target.pk}": "380"})
    supervisor.post(reverse("supervision:report_review", args=[october.pk]), {"action": "accept"})

    october.refresh_from_db()
    assert (october.status, october.reviewed_by) == (ReportStatus.ACCEPTED, duban)
    assert [(e.action, e.user) for e in october.events.all()] == [
        (ReportAction.SUBMIT, gxj), (ReportAction.RETURN, duban), (ReportAction.RESUBMIT, gxj),
        (ReportAction.ACCEPT, duban),
    ]
    page = task_page(supervisor, task)
    assert ProgressReport.objects.filter(task=task).count() == 2
    for report in (september, october):
        assert f'id="report-{report.pk}" data-status="accepted"' in page
    assert "1-9月营业收入342亿元。" in page and "1-10月营业收入380亿元（统计快报）。" in page
    assert "工信局填报员 重新报送" in page and "李督办 采纳" in page


def test_a_leaders_comment_appears_on_the_task_page(task, gxj, lingdao):
    logged_in(lingdao).post(reverse("supervision:comment_add", args=[task.pk]),
                            {"text": "请工信局加快进度，确保全年目标完成。"})

    page = task_page(logged_in(gxj), task)
    assert "请工信局加快进度，确保全年目标完成。" in page
    assert "王晓君 ·" in page


def test_an_empty_comment_is_not_kept(task):
    with pytest.raises(ValidationError, match="批示内容不能为空"):
        services.comment_add(task=task, user=None, text=" ")
    assert not task.comments.exists()


# --- history ---------------------------------------------------------------------------------------


def test_history_records_each_change_of_a_report_and_who_made_it(task, gxj, duban):
    logged_in(gxj).post(reverse("supervision:report_submit", args=[task.pk]), {"period": "2023-10", "text": PROGRESS})
    report = ProgressReport.objects.get(task=task)
    logged_in(duban).post(reverse("supervision:report_review", args=[report.pk]),
                          {"action": "return", "reason": "请注明数据来源"})

    history = list(report.history.order_by("history_id"))
    assert [(h.history_type, h.status, h.history_user) for h in history] == [
        ("+", ReportStatus.SUBMITTED, gxj),
        ("~", ReportStatus.RETURNED, duban),
    ]
    assert history[-1].return_reason == "请注明数据来源"


def test_history_records_a_light_override_on_the_task(task, duban):
    logged_in(duban).post(reverse("supervision:light_override", args=[task.pk]),
                          {"light": Light.DONE, "reason": "经现场核实已完成"})

    latest = task.history.latest()
    assert (latest.light_override, latest.light_override_reason) == (Light.DONE, "经现场核实已完成")
    assert latest.history_change_reason == "认定灯色：已完成"
    assert latest.history_user == duban


@pytest.mark.parametrize(("next_url", "lands_on"), [
    ("/supervision/tasks/", "/supervision/tasks/"),
    ("https://evil.example/phish", "/supervision/reports/review/"),
    ("//evil.example/phish", "/supervision/reports/review/"),
])
def test_after_a_review_the_supervisor_goes_back_only_to_a_page_of_ours(task, unit, gxj, duban, next_url, lands_on):
    report = submit(task, unit, gxj)

    response = logged_in(duban).post(reverse("supervision:report_review", args=[report.pk]),
                                     {"action": "accept", "next": next_url})

    assert response["Location"] == lands_on
