"""A worker killed while it draws up a report leaves it 生成中; after REPORT_STALL_MINUTES with no step
the worker's schedule, or the report's own page, marks it failed and says why and what to do."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from parkops.jobs import tasks
from parkops.org.choices import Role
from parkops.reports import engine, services
from parkops.reports.models import GeneratedReport, ReportStatus
from parkops.supervision.models import Plan
from parkops.supervision.tests.ledgers import PLAN, SAMPLE_DOCX, import_file
from parkops.testing.factories import UserFactory


class WorkerKilled(BaseException):
    """What SIGKILL looks like from inside: nothing after it runs, no except Exception catches it."""


@pytest.fixture
def killed_mid_report(park, clock, monkeypatch, settings) -> GeneratedReport:
    settings.REPORT_STALL_MINUTES = 35
    import_file(SAMPLE_DOCX)
    plan = Plan.objects.get(name=PLAN)
    report = GeneratedReport.objects.create(report_type="task_ledger", park=park, title="一览表",
                                            period=date(2023, 10, 1), plan=plan)

    def die(*args, **kwargs):
        raise WorkerKilled

    monkeypatch.setattr(engine, "render", die)
    with pytest.raises(WorkerKilled):
        services.run_generation(report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.RUNNING and report.stage == "填写模板"
    return report


def test_the_schedule_marks_a_report_failed_once_it_has_made_no_progress_for_the_stall_time(killed_mid_report,
                                                                                            clock):
    clock.advance(minutes=34)  # slow is not dead: within the task timeout it may still be working
    assert tasks.fail_stalled_reports() == "没有中断的报告。"
    killed_mid_report.refresh_from_db()
    assert killed_mid_report.status == ReportStatus.RUNNING

    clock.advance(minutes=2)
    assert tasks.fail_stalled_reports() == "有1份报告因后台任务中断已标记为失败。"
    killed_mid_report.refresh_from_db()
    assert killed_mid_report.status == ReportStatus.FAILED
    assert killed_mid_report.error == "生成中断：超过35分钟没有进展，后台任务进程可能已停止或重启。请重新生成。"
    assert killed_mid_report.finished_at == clock.now


def test_opening_the_page_of_a_stalled_report_shows_it_failed(killed_mid_report, client, clock):
    clock.advance(minutes=36)
    client.force_login(UserFactory(role=Role.SUPERVISOR))
    page = client.get(killed_mid_report.get_absolute_url()).content.decode()
    assert "生成中断：超过35分钟没有进展" in page and "请重新生成" in page
    fragment = client.get(reverse("reports:report_progress", args=[killed_mid_report.pk])).content.decode()
    assert "hx-trigger" not in fragment  # the page stops polling


def test_a_report_never_taken_from_the_queue_is_marked_failed_too(park, clock, settings):
    settings.REPORT_STALL_MINUTES = 35
    report = GeneratedReport.objects.create(report_type="task_ledger", park=park, title="一览表",
                                            period=date(2023, 10, 1))
    clock.advance(minutes=36)
    assert services.fail_stalled_reports() == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and "后台任务进程可能没有运行" in report.error


def test_finished_reports_are_left_alone(park, clock):
    done = GeneratedReport.objects.create(report_type="task_ledger", park=park, title="一览表",
                                          period=date(2023, 10, 1), status=ReportStatus.DONE)
    clock.advance(days=30)
    assert services.fail_stalled_reports() == 0
    done.refresh_from_db()
    assert done.status == ReportStatus.DONE
