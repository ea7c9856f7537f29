"""The report centre's pages and command: drawing a report up in the background, watching it, downloading
it again, and previewing it with each figure traced to its records."""

from datetime import date
from io import BytesIO

import docx
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from parkops.core.models import AuditAction, AuditEntry
from parkops.org.choices import Role
from parkops.reports import pdf
from parkops.reports.models import GeneratedReport, ReportStatus
from parkops.supervision.models import Plan
from parkops.supervision.tests.ledgers import PLAN, SAMPLE_DOCX, import_file
from parkops.testing.factories import UserFactory

OCTOBER = date(2023, 10, 1)


@pytest.fixture
def plan(park):
    import_file(SAMPLE_DOCX)
    return Plan.objects.get(name=PLAN)


@pytest.fixture
def supervisor(client, park):
    user = UserFactory(role=Role.SUPERVISOR)
    client.force_login(user)
    return user


@pytest.fixture
def worker_runs_at_once(monkeypatch):
    """django-q in sync mode: what the worker would do, done when the request's transaction commits."""
    monkeypatch.setattr("django_q.conf.Conf.SYNC", True)


@pytest.fixture
def no_libreoffice(monkeypatch):
    monkeypatch.setattr(pdf, "soffice", lambda: None)


def test_a_report_requested_on_the_page_is_drawn_up_by_the_worker_and_kept(
        client, supervisor, plan, worker_runs_at_once, no_libreoffice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:generate", args=["task_ledger"]),
                               {"period": "2023-10", "plan": plan.pk})

    report = GeneratedReport.objects.get()
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    assert report.status == ReportStatus.DONE and report.progress == 100
    assert report.requested_by == supervisor and report.template.version == 1
    page = client.get(report.get_absolute_url()).content.decode()
    assert "下载 Word" in page and "下载 Excel" in page and "下载 PDF" not in page
    assert "未安装 LibreOffice" in page

    download = client.get(reverse("reports:report_download", args=[report.pk, "docx"]))
    document = docx.Document(BytesIO(download.content))
    assert document.paragraphs[0].text == plan.title_for_ledger
    assert sum(1 for row in document.tables[0].rows if row.cells[0].text[:1].isdigit()) == 8
    workbook = load_workbook(BytesIO(client.get(reverse("reports:report_download", args=[report.pk, "xlsx"])).content))
    assert workbook.active["A1"].value == plan.title_for_ledger
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, detail__contains=plan.title_for_ledger).exists()


def test_a_queued_report_shows_its_progress_and_polls_until_it_is_done(client, supervisor, plan):
    report = GeneratedReport.objects.create(report_type="task_ledger", park=plan.park, title="一览表",
                                            period=OCTOBER, plan=plan, status=ReportStatus.RUNNING, progress=50,
                                            stage="填写模板")

    fragment = client.get(reverse("reports:report_progress", args=[report.pk])).content.decode()

    assert 'hx-trigger="every 1s"' in fragment and "填写模板" in fragment and "50%" in fragment
    report.status = ReportStatus.FAILED
    report.error = "“目标任务完成情况一览表”需要一个督办计划"
    report.save()
    fragment = client.get(reverse("reports:report_progress", args=[report.pk])).content.decode()
    assert "hx-trigger" not in fragment and "需要一个督办计划" in fragment


def test_the_preview_links_each_figure_to_its_definition_and_its_records(client, supervisor, plan):
    from parkops.reports import services
    from parkops.reports.models import ReportTemplate

    # A template that prints the counts: the built-in 一览表 prints only the table.
    template = docx.Document(BytesIO(bytes(services.active_template("task_ledger").content)))
    template.paragraphs[1].insert_paragraph_before("共{{ counts.total }}，滞后{{ counts.behind }}。")
    buffer = BytesIO()
    template.save(buffer)
    services.upload_template(code="task_ledger", content=buffer.getvalue(), filename="t.docx", note="",
                             user=supervisor, park=plan.park)
    assert ReportTemplate.objects.get(is_active=True).version == 2

    page = client.get(reverse("reports:preview", args=["task_ledger"]), {"period": "2023-10", "plan": plan.pk})

    html = page.content.decode()
    assert page.status_code == 200
    assert 'class="report-figure" href="#figure-1"' in html and "8项<sup>1</sup>" in html
    assert f"{PLAN}任务数" in html and "本表所列任务的项数" in html
    behind_list = f"{reverse('supervision:task_list')}?plan={plan.pk}&amp;light=behind"
    assert behind_list in html
    # The table is in the preview as in Word.
    assert "完成情况" in html and "<table" in html


def test_a_month_written_wrongly_is_said_so(client, supervisor, plan):
    response = client.get(reverse("reports:preview", args=["task_ledger"]), {"period": "2023-13", "plan": plan.pk},
                          follow=True)
    assert "月份" in response.content.decode() or "2023-13" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("reports:type_detail", args=["task_ledger"])


@pytest.mark.parametrize(("role", "allowed"), [(Role.SUPERVISOR, True), (Role.LEADER, True), (Role.VIEWER, True),
                                               (Role.REPORTER, False), (Role.SYSTEM_ADMIN, False)])
def test_the_report_centre_is_for_the_committee(client, park, role, allowed):
    client.force_login(UserFactory(role=role))
    for url in (reverse("reports:index"), reverse("reports:type_detail", args=["task_ledger"])):
        assert client.get(url).status_code == (200 if allowed else 403)


def test_the_type_page_documents_its_fields(client, supervisor, plan):
    page = client.get(reverse("reports:type_detail", args=["task_ledger"])).content.decode()
    assert "row.progress" not in page  # children are listed by name under their list
    assert "rows 的各项 .progress" in page and "该期已审核的完成情况" in page
    assert "sources 的各项 .definition" in page
    assert "生成后可下载 Word、Excel" in page


def test_the_command_writes_each_format(plan, tmp_path, no_libreoffice):
    call_command("report", "task_ledger", "--period", "2023-10", "--plan", PLAN, "-o", str(tmp_path / "一览表.docx"))
    call_command("report", "task_ledger", "--period", "2023-10", "-o", str(tmp_path / "一览表.xlsx"))

    document = docx.Document(tmp_path / "一览表.docx")
    assert document.paragraphs[0].text == plan.title_for_ledger
    assert load_workbook(tmp_path / "一览表.xlsx").active["A1"].value == plan.title_for_ledger
    with pytest.raises(CommandError, match="未安装 LibreOffice"):
        call_command("report", "task_ledger", "--period", "2023-10", "-o", str(tmp_path / "一览表.pdf"))
    with pytest.raises(CommandError, match="没有报告类型“weekly”。可选：.*task_ledger"):
        call_command("report", "weekly", "--period", "2023-10", "-o", str(tmp_path / "x.docx"))
    with pytest.raises(CommandError, match="没有名为“无此计划”的计划"):
        call_command("report", "task_ledger", "--period", "2023-10", "--plan", "无此计划", "-o", str(tmp_path / "x.docx"))
