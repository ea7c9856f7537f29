"""Attachments a reviewer will open on an office machine: active content is refused with what to do
instead (macros, PDF scripts and launch actions, encrypted files, pixel bombs), names keep no folders or
control characters, and a name sent in GBK arrives in Chinese instead of the file vanishing."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parkops.core.middleware import _PartHeadersInUtf8
from parkops.core.periods import previous_month
from parkops.core.photos import process_photo
from parkops.core.tests.hostile_corpus import PLAIN_PDF, corpus, ledger_docx, png_pixel_bomb, small_png
from parkops.core.uploads import ATTACHMENT_KINDS, check_attachment, display_name
from parkops.org.choices import Role
from parkops.supervision.models import Attachment, ProgressReport
from parkops.testing.factories import PlanFactory, TaskFactory, UserFactory

HOSTILE = {hostile.label: hostile for hostile in corpus()}


def attach(name: str, content: bytes) -> str:
    return check_attachment(SimpleUploadedFile(name, content), allowed=set(ATTACHMENT_KINDS), max_bytes=1024 * 1024)


@pytest.mark.parametrize("label, says", [
    (".docm named .docx", "含有宏"),
    (".xlsm named .xlsx", "含有宏"),
    ("old .doc with a VBA project", "含有宏"),
    ("encrypted document (OLE EncryptedPackage)", "设有打开密码"),
    ("PDF with /OpenAction JavaScript", "含有JavaScript脚本"),
    ("PDF with /Launch", "含有启动外部程序的动作"),
    ("PDF with /J#61vaScript escaped", "含有JavaScript脚本"),
    ("PDF with JavaScript in a compressed object stream", "含有JavaScript脚本"),
    ("XXE file:///etc/passwd in word/document.xml of .docx", "文档类型定义"),
    ("PNG of 60000x60000 pixels", "像素过大"),
])
def test_an_attachment_with_active_content_is_refused_with_what_to_do(label, says):
    hostile = HOSTILE[label]

    with pytest.raises(ValidationError) as refusal:
        attach(hostile.filename, hostile.content)

    assert says in refusal.value.messages[0]


def test_plain_attachments_are_still_accepted():
    assert attach("收储协议.pdf", PLAIN_PDF) == "pdf"
    assert attach("会议纪要.docx", ledger_docx()) == "docx"
    assert attach("现场.png", small_png()) == "png"


def test_a_site_photo_of_billions_of_pixels_is_refused_before_it_is_decoded():
    with pytest.raises(ValidationError) as refusal:
        process_photo(SimpleUploadedFile("现场.png", png_pixel_bomb()))

    assert refusal.value.messages == ["照片“现场.png”像素过大，无法处理。"]


@pytest.mark.parametrize("sent, kept", [
    ("../../etc/x.pdf", "x.pdf"), ("C:\\x\\y.pdf", "y.pdf"), ("台账\x00.pdf", "台账.pdf"),
    ("台\x1b[31m账\r\n.pdf", "台[31m账.pdf"), ("..", "未命名文件"),
])
def test_a_name_keeps_no_folders_or_control_characters(sent, kept):
    assert display_name(sent) == kept


def _multipart(boundary: bytes, filename: bytes, content: bytes, **fields: str) -> bytes:
    parts = [b"--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (
        boundary, name.encode(), value.encode()) for name, value in fields.items()]
    parts.append(b"--%s\r\nContent-Disposition: form-data; name=\"files\"; filename=\"%s\"\r\n"
                 b"Content-Type: application/pdf\r\n\r\n%s\r\n" % (boundary, filename, content))
    return b"".join(parts) + b"--%s--\r\n" % boundary


def test_an_attachment_named_in_gbk_is_kept_with_its_chinese_name(park, unit):
    reporter = UserFactory(role=Role.REPORTER, unit=unit)
    task = TaskFactory(plan=PlanFactory(park=park, year=timezone.localdate().year), lead_units=[unit])
    client = Client()
    client.force_login(reporter)
    body = _multipart(b"----WebKitFormBoundaryGBK", "收储协议（盖章版）.pdf".encode("gbk"), PLAIN_PDF,
                      period=f"{previous_month(timezone.localdate()):%Y-%m}", text="已签订收储协议。")

    response = client.generic("POST", reverse("supervision:report_submit", args=[task.pk]), body,
                              content_type="multipart/form-data; boundary=----WebKitFormBoundaryGBK")

    assert response.status_code == 302
    assert ProgressReport.objects.get().text == "已签订收储协议。"
    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["收储协议（盖章版）.pdf"]


@pytest.mark.parametrize("read_size", [1, 7, 64, 4096])
def test_part_headers_cut_anywhere_between_reads_come_out_whole(read_size):
    body = _multipart(b"BOUNDARY", "进展报告.pdf".encode("gbk"), b"%PDF-1.4 " + b"x" * 10_000, text="完成")

    class Trickle(io.BytesIO):
        def read(self, size=-1):
            return super().read(read_size)

    recoded = _PartHeadersInUtf8(Trickle(body), b"--BOUNDARY").read()

    assert recoded == body.replace("进展报告.pdf".encode("gbk"), "进展报告.pdf".encode())
