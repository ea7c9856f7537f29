"""Files built to crash or exhaust a parser, sent to every import page and the template upload: each is
refused with a message in Chinese, nothing is written, and the server process goes on.

The outside test that found these: a 4.7 KB .xlsx with cells in A1 and XFD1048576 made the reader
allocate 512 GB and abort the whole server, on all four Excel import pages."""

import zipfile
from io import BytesIO

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook

from parkops.core.imports import ImportFileError, read_document
from parkops.economy.models import Enterprise, ImportRun, IndicatorValue
from parkops.org.choices import Role
from parkops.projects.models import Project
from parkops.reports.models import ReportTemplate
from parkops.supervision.models import Task
from parkops.testing.factories import UserFactory


def corner_to_corner() -> bytes:
    """A header in A1 and one cell in the last column of the last row: the whole sheet in between."""
    book = Workbook()
    sheet = book.active
    sheet["A1"], sheet["B1"], sheet["C1"] = "企业名称", "统一社会信用代码", "营业收入"
    sheet["XFD1048576"] = "x"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_member(content: bytes, name: str, data: bytes) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(BytesIO(content)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr(name, data)
    return buffer.getvalue()


def a_sheet(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def nothing_written() -> bool:
    return not (Task.objects.exists() or Project.objects.exists() or Enterprise.objects.exists()
                or IndicatorValue.objects.exists())


@pytest.fixture
def supervisor(client, park):
    user = UserFactory(role=Role.SUPERVISOR)
    client.force_login(user)
    return user


def test_the_corner_to_corner_sheet_is_refused_by_its_extent_before_it_is_read(park):
    assert len(corner_to_corner()) < 6000

    with pytest.raises(ImportFileError) as refusal:
        read_document(SimpleUploadedFile("10月规上工业.xlsx", corner_to_corner()))

    assert "用到第1048576行" in refusal.value.message and "超过上限" in refusal.value.message


@pytest.mark.parametrize("url, fields", [
    ("supervision:ledger_import", {"step": "upload", "plan": "2026年目标任务", "period": "2026-10"}),
    ("projects:table_import", {"step": "upload"}),
    ("economy:enterprise_import", {"step": "upload"}),
])
def test_every_import_page_refuses_the_corner_to_corner_sheet(client, supervisor, url, fields):
    response = client.post(reverse(url), {**fields, "file": SimpleUploadedFile("台账.xlsx", corner_to_corner())})

    page = response.content.decode()
    assert response.status_code == 200
    assert "超过上限" in page and "1048576" in page
    assert nothing_written()


def test_the_statistics_import_page_refuses_it_too(client, supervisor, worker_does_queued_work_at_once):
    response = client.post(reverse("economy:indicator_import"),
                           {"file": SimpleUploadedFile("10月规上工业.xlsx", corner_to_corner()), "period": "2025-10"})

    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED
    page = client.get(response.url).content.decode()
    assert "超过上限" in page
    assert nothing_written()


def test_a_sheet_past_the_row_limit_is_refused(park, settings):
    settings.IMPORT_MAX_ROWS = 50
    content = a_sheet([["单位名称"]] + [[f"单位{n}"] for n in range(60)])

    with pytest.raises(ImportFileError) as refusal:
        read_document(SimpleUploadedFile("名单.xlsx", content))

    assert "共61行，超过上限50行" in refusal.value.message


def test_on_sqlite_a_sheet_too_large_for_one_short_write_is_refused(park, settings):
    """On SQLite an import's transaction holds the whole database's write lock; a sheet whose write
    would hold it past other users' 30 s wait is refused before anything is read into the database."""
    settings.IMPORT_MAX_ROWS, settings.IMPORT_SQLITE_MAX_ROWS = 300_000, 50
    content = a_sheet([["单位名称"]] + [[f"单位{n}"] for n in range(60)])

    if connection.vendor != "sqlite":
        assert len(read_document(SimpleUploadedFile("名单.xlsx", content)).tables[0].rows) == 61
        return
    with pytest.raises(ImportFileError) as refusal:
        read_document(SimpleUploadedFile("名单.xlsx", content))

    assert "共61行，超过上限50行" in refusal.value.message


def test_a_cell_past_the_length_limit_is_refused(park, settings):
    settings.IMPORT_MAX_CELL_CHARS = 1000
    content = a_sheet([["单位名称", "备注"], ["工信局", "很" * 1001]])

    with pytest.raises(ImportFileError) as refusal:
        read_document(SimpleUploadedFile("名单.xlsx", content))

    assert "第2行第2列的内容有1001字，超过上限1000字" in refusal.value.message


def test_a_word_table_past_the_cell_limit_is_refused(park, settings):
    settings.IMPORT_MAX_CELLS = 2000
    document = docx.Document()
    document.add_table(rows=101, cols=30)
    buffer = BytesIO()
    document.save(buffer)

    with pytest.raises(ImportFileError) as refusal:
        read_document(SimpleUploadedFile("台账.docx", buffer.getvalue()))

    assert "101行×30列，超过上限2000个单元格" in refusal.value.message


@pytest.mark.parametrize("extension", ["xlsx", "docx"])
def test_a_macro_enabled_file_is_refused(park, extension):
    if extension == "xlsx":
        content = a_sheet([["单位名称"], ["工信局"]])
        member = "xl/vbaProject.bin"
    else:
        buffer = BytesIO()
        document = docx.Document()
        document.add_table(rows=2, cols=1).cell(0, 0).text = "单位名称"
        document.save(buffer)
        content, member = buffer.getvalue(), "word/vbaProject.bin"

    with pytest.raises(ImportFileError) as refusal:
        read_document(SimpleUploadedFile(f"台账.{extension}", with_member(content, member, b"\xd0\xcf\x11\xe0macro")))

    assert "含有宏" in refusal.value.message


def test_a_parser_that_runs_out_of_memory_stops_in_its_own_process(park, settings):
    # Far too little memory for python-docx to open anything: what a document built to balloon does.
    settings.PARSE_MEMORY_MB = 40
    document = docx.Document()
    table = document.add_table(rows=200, cols=10)
    for row in table.rows:
        for cell in row.cells:
            cell.text = "单位名称" * 200
    buffer = BytesIO()
    document.save(buffer)

    with pytest.raises(ImportFileError) as refusal:
        read_document(SimpleUploadedFile("台账.docx", buffer.getvalue()))

    assert "内存超过40MB" in refusal.value.message


def test_the_template_upload_checks_the_inflated_size(client, supervisor, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    document = docx.Document()
    document.add_paragraph("{{ park }}")
    buffer = BytesIO()
    document.save(buffer)
    bomb = with_member(buffer.getvalue(), "word/media/padding.bin", b"\0" * (25 * 1024 * 1024))
    assert len(bomb) < settings.IMPORT_MAX_BYTES

    response = client.post(reverse("reports:template_upload", args=["task_ledger"]),
                           {"file": SimpleUploadedFile("模板.docx", bomb), "note": ""})

    assert response.status_code == 400
    assert "解压后过大" in response.content.decode()
    assert not ReportTemplate.objects.filter(version__gt=1).exists()


def test_a_template_that_loops_for_ever_is_stopped_and_refused(client, supervisor, settings):
    settings.PARSE_SECONDS = 2
    document = docx.Document()
    document.add_paragraph("标题")
    document.add_paragraph("{% for a in range(100000) %}{% for b in range(100000) %}{{ park }}{% endfor %}{% endfor %}")
    buffer = BytesIO()
    document.save(buffer)

    response = client.post(reverse("reports:template_upload", args=["supervision_bulletin"]),
                           {"file": SimpleUploadedFile("模板.docx", buffer.getvalue()), "note": ""})

    assert response.status_code == 400
    assert "处理时间超过2秒" in response.content.decode()
    assert not ReportTemplate.objects.filter(version__gt=1).exists()
