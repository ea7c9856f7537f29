"""A returned report comes back to its unit with the reason it was returned, its text and figures as sent
(figures as people write them: 380, not 380.0000), and the files attached before, which the unit may remove
so that re-attaching the corrected file does not leave two."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from parkops.supervision import services
from parkops.supervision.models import Attachment
from parkops.testing.factories import PlanFactory, TargetFactory, TaskFactory, month

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + b"\x00" * 64


@pytest.fixture
def returned(park, unit, supervisor, reporter):
    task = TaskFactory(plan=PlanFactory(park=park, name="2023年县《政府工作报告》目标任务"), number="9",
                       lead_units=[unit])
    target = TargetFactory(task=task, amount=7_200_000, unit="万元")
    report = services.report_submit(task=task, unit=unit, user=reporter, period=month(2023, 10), text="1-10月380亿元。",
                                    figures={target.pk: Decimal(3_800_000)},
                                    files=[SimpleUploadedFile("旧数据.pdf", PDF)])
    return services.report_return(report=report, user=supervisor, reason="附件数据口径不对，请换成统计局口径。")


@pytest.fixture
def clerk(reporter) -> Client:
    client = Client()
    client.force_login(reporter)
    return client


def form_url(report) -> str:
    return reverse("supervision:report_submit", args=[report.task_id]) + "?period=2023-10"


def test_the_form_shows_the_return_reason_the_figures_as_written_and_the_old_files(clerk, returned):
    page = clerk.get(form_url(returned)).content.decode()

    assert "2023年10月进展已于" in page and "被退回" in page and "附件数据口径不对，请换成统计局口径。" in page
    assert 'value="380"' in page and "380.0000" not in page
    assert "删除已附的文件" in page and "旧数据.pdf" in page


def test_the_unit_removes_the_old_file_and_attaches_the_corrected_one(clerk, returned):
    old = returned.attachments.get()

    clerk.post(form_url(returned), {
        "period": "2023-10", "text": "1-10月380亿元（统计局口径）。", "remove_attachments": [old.pk],
        "files": SimpleUploadedFile("统计局数据.pdf", PDF), f"target_{returned.task.targets.get().pk}": "380",
    })

    assert [a.original_name for a in Attachment.objects.filter(report=returned)] == ["统计局数据.pdf"]


def test_files_not_ticked_stay(clerk, returned):
    clerk.post(form_url(returned), {"period": "2023-10", "text": "补充说明。",
                                    "files": SimpleUploadedFile("补充.pdf", PDF)})

    assert sorted(a.original_name for a in Attachment.objects.filter(report=returned)) == ["旧数据.pdf", "补充.pdf"]
