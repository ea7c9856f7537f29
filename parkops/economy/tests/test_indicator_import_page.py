"""The monthly sheet's import page: upload → reading with progress → preview → confirm → writing → done.

The page queues reading and writing for the worker; here the worker does them as each request's
transaction commits (django-q's sync mode), so each step's outcome is on the next page."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.urls import reverse
from django.utils import timezone

from parkops.core import locks
from parkops.economy import import_runs, importers, indicator_plan, services
from parkops.economy.models import Enterprise, ImportRun
from parkops.economy.services import write_values
from parkops.economy.tests.sheets import (
    BATTERY,
    BATTERY_CODE,
    COPPER,
    COPPER_CODE,
    FLAT_ROWS,
    LED,
    LED_CODE,
    db_counts,
    flat_sheet,
    stored,
)
from parkops.testing.factories import EnterpriseFactory

URL = reverse("economy:indicator_import")


@pytest.fixture(autouse=True)
def worker(worker_does_queued_work_at_once):
    """The worker's reading and writing done at once, so the test sees their outcome without waiting."""


@pytest.fixture
def registry(park):
    return [EnterpriseFactory(park=park, credit_code=LED_CODE, name=LED),
            EnterpriseFactory(park=park, credit_code=BATTERY_CODE, name=BATTERY)]


def upload(client, content: bytes, *, name: str = "10月规上工业.xlsx", period: str = "2025-10", **fields):
    return client.post(URL, {"file": SimpleUploadedFile(name, content), "period": period, **fields})


def kept_files(settings) -> list:
    folder = settings.MEDIA_ROOT / "imports"
    return list(folder.iterdir()) if folder.exists() else []


def test_upload_preview_confirm_writes_the_figures(client, park, registry, supervisor, settings):
    client.force_login(supervisor)

    response = upload(client, flat_sheet(FLAT_ROWS[:2]))

    run = ImportRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("economy:import_run", args=[run.pk])
    assert run.status == ImportRun.Status.PREVIEWED and run.rows_done == run.rows_total == 4
    page = client.get(response.url).content.decode()
    assert "待确认" in page and "2025年1-10月规模以上工业企业主要经济指标" in page
    assert "已有企业 2" in page and "新增 11" in page and "营业收入（千元）" in page and "千元 → 万元" in page
    assert "1.23亿元" in page  # 123456.7千元 in the sample, as pages print money
    assert 'hx-trigger="every 1s"' not in page  # nothing left to poll for
    assert len(kept_files(settings)) == 1 and stored(LED_CODE, "revenue") is None

    response = client.post(response.url, {"action": "confirm"})

    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE and run.outcome["counts"]["新增数据"] == 11
    assert stored(LED_CODE, "revenue") == Decimal("12345.67")
    assert kept_files(settings) == []
    page = client.get(response.url).content.decode()
    assert "已导入“10月规上工业.xlsx”：新增数据11，入规2。" in page


def test_run_page_polls_and_shows_progress_while_reading(client, park, supervisor):
    client.force_login(supervisor)
    run = ImportRun.objects.create(park=park, period="2025-10-01", filename="全省.xlsx", created_by=supervisor,
                                   phase=importers.READING, rows_done=12000, rows_total=30000)

    page = client.get(reverse("economy:import_run", args=[run.pk])).content.decode()
    fragment = client.get(reverse("economy:import_run", args=[run.pk]), HTTP_HX_REQUEST="true").content.decode()

    assert 'hx-trigger="every 1s"' in page and "progress-bar" in page
    assert "正在读取：已处理 12000/30000 行" in page and 'style="width: 40%"' in page
    assert fragment.lstrip().startswith('<div id="run-status"') and 'hx-trigger="every 1s"' in fragment
    assert "<nav" not in fragment  # the fragment alone, swapped into the page


def test_writing_progress_is_shown_from_the_runs_row_to_any_process(client, park, supervisor):
    client.force_login(supervisor)
    # As the worker leaves it while it writes: the row is all a page of any process reads.
    run = ImportRun.objects.create(park=park, period="2025-10-01", filename="全省.xlsx", created_by=supervisor,
                                   status=ImportRun.Status.WRITING, phase=importers.WRITING, rows_done=60000,
                                   rows_total=240000)

    page = client.get(reverse("economy:import_run", args=[run.pk])).content.decode()

    assert "正在写入：已处理 60000/240000 条数据" in page and 'style="width: 25%"' in page


def test_a_run_waiting_for_the_worker_says_so(client, park, supervisor):
    client.force_login(supervisor)
    run = ImportRun.objects.create(park=park, period="2025-10-01", filename="全省.xlsx", created_by=supervisor)

    page = client.get(reverse("economy:import_run", args=[run.pk])).content.decode()

    assert "排队中，等待后台任务，请稍候…" in page and 'hx-trigger="every 1s"' in page


def test_a_run_whose_worker_is_gone_is_shown_failed(client, park, supervisor, settings):
    client.force_login(supervisor)
    run = ImportRun.objects.create(park=park, period="2025-10-01", filename="全省.xlsx", created_by=supervisor,
                                   phase=importers.READING, rows_done=12000, rows_total=30000)
    quiet = timedelta(minutes=settings.IMPORT_STALL_MINUTES + 1)
    ImportRun.objects.filter(pk=run.pk).update(updated_at=timezone.now() - quiet)

    page = client.get(reverse("economy:import_run", args=[run.pk])).content.decode()

    assert "导入已中断（可能是服务重启），未导入任何数据。请重新上传文件。" in page
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED


def test_a_run_no_worker_picked_up_is_failed_by_the_workers_schedule(park, supervisor, settings):
    waiting = ImportRun.objects.create(park=park, period="2025-10-01", filename="全省.xlsx", created_by=supervisor)
    busy = ImportRun.objects.create(park=park, period="2025-09-01", filename="9月.xlsx", created_by=supervisor,
                                    status=ImportRun.Status.WRITING, phase=importers.WRITING)
    quiet = timedelta(minutes=settings.IMPORT_STALL_MINUTES + 1)
    ImportRun.objects.filter(pk=waiting.pk).update(updated_at=timezone.now() - quiet)

    assert import_runs.fail_stalled_runs() == 1  # what the worker's schedule calls (jobs.tasks)

    waiting.refresh_from_db()
    assert waiting.status == ImportRun.Status.FAILED and "后台任务进程可能没有运行" in waiting.message
    assert ImportRun.objects.get(pk=busy.pk).status == ImportRun.Status.WRITING  # it steps on: still worked on
    assert import_runs.fail_stalled_runs() == 0


def test_new_enterprises_need_the_tick_box(client, park, registry, supervisor):
    client.force_login(supervisor)
    run_url = upload(client, flat_sheet()).url
    before = db_counts()

    page = client.get(run_url).content.decode()
    assert "表中新企业（1）" in page and COPPER_CODE in page and COPPER in page
    assert 'name="create_missing"' in page and "登记表中新企业（1家）" in page
    refused = client.post(run_url, {"action": "confirm"}, follow=True).content.decode()
    assert "表中有1家新企业：请勾选“登记表中新企业”后确认导入" in refused and db_counts() == before

    client.post(run_url, {"action": "confirm", "create_missing": "on"})

    assert ImportRun.objects.get().status == ImportRun.Status.DONE
    assert Enterprise.objects.get(credit_code=COPPER_CODE).name == COPPER
    assert stored(COPPER_CODE, "revenue") == Decimal("5555.55")


def test_ticking_the_box_on_upload_registers_them_at_once(client, park, registry, supervisor):
    client.force_login(supervisor)
    run_url = upload(client, flat_sheet(), create_missing="on").url

    page = client.get(run_url).content.decode()
    assert "确认导入时将按表中的统一社会信用代码和名称登记" in page and 'name="create_missing"' not in page
    client.post(run_url, {"action": "confirm"})

    assert Enterprise.objects.filter(credit_code=COPPER_CODE).exists()


def test_a_sheet_with_errors_cannot_be_confirmed_and_writes_nothing(client, park, registry, supervisor):
    client.force_login(supervisor)
    bad = [list(FLAT_ROWS[0]), FLAT_ROWS[1]]
    bad[0][3] = "十二万"
    run_url = upload(client, flat_sheet(bad)).url
    before = db_counts()

    page = client.get(run_url).content.decode()
    assert "错误：第3行：“营业收入”应为数字，收到“十二万”。" in page
    assert 'value="confirm" disabled' in page
    response = client.post(run_url, {"action": "confirm"}, follow=True)

    assert "文件有1处错误，请修改后重新上传。" in response.content.decode()
    assert db_counts() == before and ImportRun.objects.get().status == ImportRun.Status.PREVIEWED


def test_cancel_discards_the_kept_file(client, park, registry, supervisor, settings):
    client.force_login(supervisor)
    run_url = upload(client, flat_sheet(FLAT_ROWS[:2])).url

    response = client.post(run_url, {"action": "cancel"}, follow=True)

    assert "已取消导入“10月规上工业.xlsx”，未写入任何数据。" in response.content.decode()
    assert ImportRun.objects.get().status == ImportRun.Status.CANCELLED and kept_files(settings) == []
    assert client.post(run_url, {"action": "confirm"}).status_code == 302 and stored(LED_CODE, "revenue") is None


def test_a_word_file_is_refused_on_the_form(client, park, supervisor, settings):
    client.force_login(supervisor)

    page = upload(client, "改了扩展名的文本".encode()).content.decode()

    assert "文件“10月规上工业.xlsx”的内容不是允许的类型（允许：Excel）。" in page
    assert ImportRun.objects.count() == 0 and kept_files(settings) == []


def test_an_unreadable_sheet_ends_in_failed_with_the_reason(client, park, supervisor, settings):
    client.force_login(supervisor)
    sheet = flat_sheet([[1, LED_CODE, LED, 1]], header=["序号", "统一社会信用代码", "企业名称", "出口交货值"])

    page = client.get(upload(client, sheet).url).content.decode()

    assert "未找到统计表的表头" in page and "重新上传" in page
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED and kept_files(settings) == []


@pytest.mark.parametrize("role_fixture", ["leader", "reporter"])
def test_only_those_who_manage_the_economy_may_import(client, park, request, role_fixture):
    user = request.getfixturevalue(role_fixture)
    client.force_login(user)
    run = ImportRun.objects.create(park=park, period="2025-10-01", filename="x.xlsx", created_by=user)

    assert client.get(URL).status_code == 403
    assert upload(client, flat_sheet()).status_code == 403
    assert client.get(reverse("economy:import_run", args=[run.pk])).status_code == 403
    assert client.post(reverse("economy:import_run", args=[run.pk]), {"action": "cancel"}).status_code == 403
    assert ImportRun.objects.get().status == ImportRun.Status.READING


def test_a_failure_while_writing_undoes_everything(client, park, registry, supervisor, monkeypatch):
    client.force_login(supervisor)
    run_url = upload(client, flat_sheet(), create_missing="on").url
    before = db_counts()
    written = []

    def fails_once_the_values_are_inserted(*args, **kwargs):
        written.append(db_counts())
        raise OSError("disk full")

    # The write inserts the new enterprise and every new value, then updates the changed ones: it fails there.
    monkeypatch.setattr(services, "_update_with_history", fails_once_the_values_are_inserted)

    page = client.post(run_url, {"action": "confirm"}, follow=True).content.decode()

    assert "写入时出错，已全部撤销，未导入任何数据。" in page
    assert written[0]["enterprises"] > before["enterprises"] and written[0]["values"] > before["values"]
    assert db_counts() == before  # the new enterprise and the values inserted rolled back
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED


def test_confirming_while_the_same_month_is_being_imported_is_refused_and_names_who(
        client, park, registry, supervisor, settings):
    settings.DATA_DIR = settings.MEDIA_ROOT.parent  # the test's own folder for the lock files
    client.force_login(supervisor)
    upload(client, flat_sheet(FLAT_ROWS[:2]))
    run = ImportRun.objects.get()
    before = db_counts()

    # Another import of 2025年10月 (here: the command line) is inside its write.
    with locks.exclusive(importers.indicator_lock_name(park, run.period), who="命令行导入"):
        response = client.post(reverse("economy:import_run", args=[run.pk]), {"action": "confirm"}, follow=True)
        page = response.content.decode()
        assert "2025年10月的统计数据正由命令行导入（" in page and "请等其完成后再试（本次未导入任何数据）" in page
        run.refresh_from_db()
        assert run.status == ImportRun.Status.PREVIEWED
        assert db_counts() == before

    client.post(reverse("economy:import_run", args=[run.pk]), {"action": "confirm"})  # once it has finished
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE and stored(LED_CODE, "revenue") == Decimal("12345.67")


def _progress_seen_from_another_connection() -> tuple:
    ours = connections[DEFAULT_DB_ALIAS]
    elsewhere = type(ours)(dict(ours.settings_dict), alias="another-process")
    try:
        with elsewhere.cursor() as cursor:
            cursor.execute("SELECT phase, rows_done, rows_total FROM economy_importrun")
            return cursor.fetchone()
    finally:
        elsewhere.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer: the import, until it commits")
@pytest.mark.django_db(transaction=True)
def test_writing_progress_is_seen_by_other_processes_while_the_import_is_still_open(
        client, park, registry, supervisor, monkeypatch):
    client.force_login(supervisor)
    run_url = upload(client, flat_sheet(FLAT_ROWS[:2])).url
    seen = []

    def write_and_look(*args, **kwargs):
        seen.append(_progress_seen_from_another_connection())
        return write_values(*args, **kwargs)

    # The figures are worked out before the transaction, counted as they go; the write itself is short.
    monkeypatch.setattr(indicator_plan, "write_values", write_and_look)

    client.post(run_url, {"action": "confirm"})

    assert ImportRun.objects.get().status == ImportRun.Status.DONE
    phase, done, total = seen[0]
    assert phase == "writing" and done == total > 0  # inside the import's transaction, seen from outside it
