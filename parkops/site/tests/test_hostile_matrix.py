"""Every hostile file of the corpus (hostile_corpus.py) sent to every upload point: the five import pages,
the five import commands, the report template upload, progress report attachments, site photos and hazard photos.
Each is refused in Chinese (no traceback, no error page), nothing is written, /etc/passwd never comes
back, and no file appears outside MEDIA_ROOT.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parkops.core.imports import ImportFileError, parse_isolated, sheet_limits
from parkops.core.periods import previous_month
from parkops.core.tests.hostile_corpus import (
    LIMITS,
    SECRET_MARK,
    corpus,
    ledger_xlsx,
    lying_about_size,
    member,
    rebuilt,
)
from parkops.economy.models import Enterprise, ImportRun, IndicatorValue
from parkops.investment.models import InvestmentProject
from parkops.land.models import Parcel
from parkops.org.choices import Role
from parkops.org.models import Person, Unit, User
from parkops.projects.models import MonthlyProgress, Project, SitePhoto
from parkops.reports.models import ReportTemplate
from parkops.safety.models import Hazard, HazardPhoto
from parkops.stability.models import Case
from parkops.supervision.models import Attachment, ProgressReport, Task
from parkops.testing.factories import PlanFactory, ProjectFactory, TaskFactory, UserFactory

CORPUS = corpus()
CHINESE = re.compile(r"[\u4e00-\u9fff]")
# What a refusal says, whichever check made it.
REFUSALS = ("不是允许的类型", "扩展名与内容不符", "解压后过大", "含有宏", "已加密", "文档类型定义", "已损坏",
            "超过上限", "旧版Word/Excel格式", "不予接收", "已拒绝", "无法读取", "像素过大", "模板须为", "内存超过", "处理时间超过")


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (
        Task, Project, Enterprise, IndicatorValue, Attachment, ProgressReport, MonthlyProgress, SitePhoto,
        User, Person, Unit, InvestmentProject, Parcel, Hazard, HazardPhoto, Case)} | {
        "ReportTemplate": ReportTemplate.objects.filter(version__gt=1).count()}


@pytest.fixture
def world(park, unit, settings, tmp_path):
    for name, value in LIMITS.items():
        setattr(settings, name, value)
    settings.MEDIA_ROOT = tmp_path / "media"
    supervisor = UserFactory(role=Role.SUPERVISOR)
    system_admin = UserFactory(role=Role.SYSTEM_ADMIN)
    reporter = UserFactory(role=Role.REPORTER, unit=unit)
    task = TaskFactory(plan=PlanFactory(park=park, year=timezone.localdate().year), lead_units=[unit])
    project = ProjectFactory(park=park)
    return {"supervisor": supervisor, "system_admin": system_admin, "reporter": reporter, "task": task, "project": project, "tmp": tmp_path}


def _page(world, user: str, url: str, fields: dict, file_field: str, hostile) -> str:
    client = Client()
    client.force_login(world[user])
    upload = SimpleUploadedFile(hostile.filename, hostile.content)
    response = client.post(url, {**fields, file_field: upload}, follow=True)
    assert response.status_code in (200, 400), (hostile.label, url, response.status_code)
    return response.content.decode()


def ledger_page(world, hostile):
    return _page(world, "supervisor", reverse("supervision:ledger_import"),
                 {"step": "upload", "plan": "2026年目标任务", "period": "2026-10"}, "file", hostile)


def projects_page(world, hostile):
    return _page(world, "supervisor", reverse("projects:table_import"), {"step": "upload"}, "file", hostile)


def enterprises_page(world, hostile):
    return _page(world, "supervisor", reverse("economy:enterprise_import"), {"step": "upload"}, "file", hostile)


def investment_page(world, hostile):
    return _page(world, "supervisor", reverse("investment:ledger_import"), {"step": "upload"}, "file", hostile)


def land_page(world, hostile):
    return _page(world, "supervisor", reverse("land:ledger_import"), {"step": "upload"}, "file", hostile)


def safety_page(world, hostile):
    return _page(world, "supervisor", reverse("safety:ledger_import"), {"step": "upload"}, "file", hostile)


def hazard_photo(world, hostile):
    return _page(world, "supervisor", reverse("safety:hazard_create"),
                 {"enterprise_name": "德安金鑫铸造有限公司", "description": "消防通道被占用", "level": "general",
                  "found_on": f"{timezone.localdate():%Y-%m-%d}"}, "photos", hostile)
def cases_page(world, hostile):
    return _page(world, "supervisor", reverse("stability:case_import"), {"step": "upload"}, "file", hostile)


def directory_page(world, hostile):
    return _page(world, "system_admin", reverse("org:directory_import"), {"step": "upload"}, "file", hostile)


def indicators_page(world, hostile, monkeypatch=None):
    page = _page(world, "supervisor", reverse("economy:indicator_import"), {"period": "2025-10"}, "file", hostile)
    # A file that passes the checks in the request is read in the background (run here by the fixture):
    # its run fails with the reason, and the run page shows it.
    assert not ImportRun.objects.exclude(status=ImportRun.Status.FAILED).exists()
    return page


def template_upload(world, hostile):
    return _page(world, "supervisor", reverse("reports:template_upload", args=["task_ledger"]), {"note": ""},
                 "file", hostile)


def report_attachment(world, hostile):
    return _page(world, "reporter", reverse("supervision:report_submit", args=[world["task"].pk]),
                 {"period": f"{previous_month(timezone.localdate()):%Y-%m}", "text": "已完成年度目标的80%。"},
                 "files", hostile)


def site_photo(world, hostile):
    return _page(world, "supervisor", reverse("projects:progress_report", args=[world["project"].pk]),
                 {"period": f"{previous_month(timezone.localdate()):%Y-%m}", "invested": "100",
                  "image_progress": "主体施工"}, "photos", hostile)


def _command(name: str, *arguments):
    def run(world, hostile):
        # A file on disk has no folders in its name: the command is given a plain one with the same extension.
        suffix = Path(hostile.filename.replace("\0", "").replace("\\", "/")).suffix
        path = world["tmp"] / f"hostile{suffix}"
        path.write_bytes(hostile.content)
        out, err = io.StringIO(), io.StringIO()
        with pytest.raises(CommandError) as refusal:
            call_command(name, str(path), *arguments, stdout=out, stderr=err)
        return str(refusal.value) + out.getvalue() + err.getvalue()
    return run


UPLOAD_POINTS = {
    "ledger import page": ledger_page,
    "projects table import page": projects_page,
    "enterprise import page": enterprises_page,
    "indicator import page": indicators_page,
    "通讯录 import page": directory_page,
    "招商台账 import page": investment_page,
    "处置台账 import page": land_page,
    "隐患台账 import page": safety_page,
    "信访件台账 import page": cases_page,
    "import-ledger": _command("import_ledger", "--plan", "2026年目标任务", "--period", "2026-10"),
    "import-projects": _command("import_projects"),
    "import-enterprises": _command("import_enterprises"),
    "import-indicators": _command("import_indicators", "--period", "2025-10"),
    "import-org": _command("import_org"),
    "import-investment": _command("import_investment"),
    "import-land": _command("import_land"),
    "import-hazards": _command("import_hazards"),
    "import-cases": _command("import_cases"),
    "template upload": template_upload,
    "progress report attachment": report_attachment,
    "site photo": site_photo,
    "hazard photo": hazard_photo,
}
ATTACHMENT_POINTS = {"progress report attachment"}


def _files_outside_media(root: Path, media: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and media not in p.parents and p.name != "hostile" + p.suffix]


@pytest.mark.parametrize("point", list(UPLOAD_POINTS))
def test_every_hostile_file_is_refused_at_every_upload_point(world, point, worker_does_queued_work_at_once):
    send = UPLOAD_POINTS[point]
    before = counts()

    for hostile in CORPUS:
        if point in ATTACHMENT_POINTS and hostile.fine_as_attachment:
            continue  # a large honest workbook is refused only by the importers' limits
        answer = send(world, hostile)

        assert "Traceback" not in answer, (hostile.label, point)
        assert any(refusal in answer for refusal in REFUSALS), (hostile.label, point, answer[-2000:])
        assert SECRET_MARK not in answer, (hostile.label, point)
        assert counts() == before, (hostile.label, point)
        assert not ImportRun.objects.exclude(status=ImportRun.Status.FAILED).exists()

    assert not Path("/etc/x.xlsx").exists()
    assert _files_outside_media(world["tmp"], world["tmp"] / "media") == []
    assert not any(SECRET_MARK in message for message in ImportRun.objects.values_list("message", flat=True))


def test_an_honest_large_workbook_is_still_a_fine_attachment(world):
    hostile = next(h for h in CORPUS if h.fine_as_attachment)
    page = report_attachment(world, hostile)

    assert "已报送" in page
    stored = Attachment.objects.get()
    assert stored.original_name == "台账.xlsx"
    assert Path(stored.file.path).is_relative_to(world["tmp"] / "media")
    assert CHINESE.search(page)


@pytest.mark.parametrize("lies", [False, True], ids=["honest sizes", "falsified sizes"])
def test_a_bomb_past_the_declared_size_check_stops_in_the_child_process(park, settings, lies):
    # What the checks in the request cannot see: a sheet of 256 MB in one cell, inside a 1 GB allowance,
    # or declaring 1 KB. Sent straight to the reader as if those checks had been fooled.
    settings.PARSE_MEMORY_MB = 300
    xlsx = ledger_xlsx()
    sheet = member(xlsx, "xl/worksheets/sheet1.xml").replace(
        b"<sheetData>", b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>' + b"x" * (256 * 1024 * 1024)
        + b"</t></is></c></row>", 1)
    bomb = rebuilt(xlsx, replace={"xl/worksheets/sheet1.xml": sheet})
    if lies:
        bomb = lying_about_size(bomb, "xl/worksheets/sheet1.xml", 1000)
    assert len(bomb) < 1024 * 1024

    with pytest.raises(ImportFileError) as refusal:
        parse_isolated("parkops.core.fileparse:read_tables", bomb, "xlsx", sheet_limits(), name="台账.xlsx")

    # A reader trusting the directory stops at its checksum; one that inflates for real, at the memory limit.
    assert ("已损坏" if lies else "内存超过300MB") in refusal.value.message
