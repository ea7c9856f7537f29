"""The statistics import page's runs (ImportRun): the upload kept, read and written by the worker.

A province's sheet takes longer to read and write than a request should wait, so the page queues the
work for the worker (django-q, as the report centre does) and polls the run's row for its progress:
start_run() keeps the upload and queues read_run(); confirm_run() marks the run for writing and the page
queues write_run(). Everything the page shows is in the row, so any web process can serve it.

The writing is one transaction, all or nothing; its progress is written beside it through a second
connection, which PostgreSQL lets commit while the import's transaction is open. SQLite has one writer
at a time, so there the page says 正在写入 without a count until the end. A run nobody works on any more
(the worker killed or restarted) is marked failed after IMPORT_STALL_MINUTES without a step, longer than
the worker's task timeout: by the worker every few minutes, and when its page is opened.
"""

from __future__ import annotations

import logging
import os
import re
import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet
from django.utils import timezone

from parkops.core import locks
from parkops.core.import_views import KEEP_SECONDS, imports_dir
from parkops.core.imports import ImportBusy, ImportFileError
from parkops.core.periods import month_start
from parkops.economy import header_mappings
from parkops.economy.importers import IndicatorImporter, checked_bytes
from parkops.economy.indicator_plan import indicator_busy_message, indicator_lock_name
from parkops.economy.indicator_preview import CHECKING, READING, WRITING, IndicatorPreview, Progress
from parkops.economy.models import ImportRun, Indicator
from parkops.org.models import Park, User

logger = logging.getLogger(__name__)

_TOKEN = re.compile(r"^[0-9a-f]{32}\.xlsx$")
_PHASE_LABELS = {READING: "正在读取", CHECKING: "正在再次核对", WRITING: "正在写入"}
ACTIVE = (ImportRun.Status.READING, ImportRun.Status.WRITING)


def kept_path(run: ImportRun) -> Path | None:
    return imports_dir() / run.kept_file if _TOKEN.match(run.kept_file or "") else None


def _sweep_kept_files() -> None:
    folder = imports_dir()
    if not folder.is_dir():
        return
    cutoff = time.time() - KEEP_SECONDS
    for path in folder.glob("*.xlsx"):
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


# -- queueing: the page's side ------------------------------------------------------------------------


def _queue(function: str, *args, run: ImportRun) -> None:
    from django_q.tasks import async_task

    # Once the request's transaction has committed: the worker must find the run as the page left it.
    transaction.on_commit(lambda: async_task(f"parkops.economy.import_runs.{function}", *args,
                                             task_name=f"indicator-import-{run.pk}", group="imports"))


def start_run(*, park: Park, period: date, upload: File, create_missing: bool, user,
              scale_sheet: bool | None = None) -> ImportRun:
    """Check the upload (raising ImportFileError in Chinese), keep it, and queue the run's reading."""
    name = os.path.basename(upload.name or "")
    checked_bytes(upload, name)
    _sweep_kept_files()
    kept = f"{uuid.uuid4().hex}.xlsx"
    path = imports_dir() / kept
    path.parent.mkdir(parents=True, exist_ok=True)
    upload.seek(0)
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    run = ImportRun.objects.create(park=park, period=month_start(period), filename=name[:200], kept_file=kept,
                                   create_missing=create_missing, scale_sheet=scale_sheet, created_by=user)
    _queue("read_run", run.pk, run=run)
    return run


def confirm_refusal(run: ImportRun, *, create_missing: bool) -> str | None:
    """Why the run cannot be written now, in Chinese; None when it can."""
    if run.status != ImportRun.Status.PREVIEWED:
        return "该导入已不在待确认状态。"
    summary = run.preview or {}
    blocking = summary.get("errors", 0) - (1 if summary.get("missing_refused") else 0)
    if blocking > 0:
        return f"文件有{blocking}处错误，请修改后重新上传。"
    if summary.get("missing_refused") and not create_missing:
        return f"表中有{summary['counts']['new']}家新企业：请勾选“登记表中新企业”后确认导入，或先在企业名录中登记。"
    return None


def confirm_run(run: ImportRun, *, create_missing: bool, user) -> str | None:
    """Mark the run for writing, once, and queue the writing: a refusal message, or None."""
    refusal = confirm_refusal(run, create_missing=create_missing)
    if refusal:
        return refusal
    holder = locks.holder(indicator_lock_name(run.park, run.period))
    if holder:
        return indicator_busy_message(holder, run.period)
    won = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.PREVIEWED).update(
        status=ImportRun.Status.WRITING, phase="", create_missing=run.create_missing or create_missing,
        rows_done=0, rows_total=0, message="", updated_at=timezone.now())
    if not won:
        return "该导入已在写入或已结束。"
    _queue("write_run", run.pk, user.pk, run=run)
    return None


def remap_run(run: ImportRun, chosen: dict[str, str]) -> str | None:
    """Read the run's file again with the headers the user mapped to indicators on its page (header key
    → indicator code), beside those mapped before: a refusal message, or None."""
    if run.status != ImportRun.Status.PREVIEWED:
        return "该导入已不在待确认状态。"
    known = set(Indicator.objects.filter(code__in=set(chosen.values())).values_list("code", flat=True))
    chosen = {key[:100]: code for key, code in chosen.items() if code in known}
    if not chosen:
        return "请为未识别的表头选择对应的指标。"
    won = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.PREVIEWED).update(
        status=ImportRun.Status.READING, phase="", mappings={**run.mappings, **chosen}, rows_done=0, rows_total=0,
        message="", updated_at=timezone.now())
    if not won:
        return "该导入已在写入或已结束。"
    _queue("read_run", run.pk, run=run)
    return None


def cancel_run(run: ImportRun) -> bool:
    if run.status not in (ImportRun.Status.PREVIEWED, ImportRun.Status.FAILED):
        return False
    _finish(run, ImportRun.Status.CANCELLED)
    return True


# -- the work: the worker's side ----------------------------------------------------------------------


def _second_connection() -> BaseDatabaseWrapper | None:
    """A connection of its own for the progress of a write, committed while the import's transaction
    is open. None on SQLite: its one writer is the import until it commits."""
    ours = connections[DEFAULT_DB_ALIAS]
    if ours.vendor == "sqlite":
        return None
    return type(ours)(dict(ours.settings_dict), alias="import-progress")


def _reporter(run_id: int, beside: BaseDatabaseWrapper | None) -> Progress:
    table = ImportRun._meta.db_table

    def report(phase: str, done: int, total: int) -> None:
        if phase != WRITING:
            ImportRun.objects.filter(pk=run_id).update(phase=phase, rows_done=done, rows_total=total,
                                                       updated_at=timezone.now())
        elif beside is not None:
            with beside.cursor() as cursor:
                # bandit B608: the table name is the model's, every value is bound.
                cursor.execute(f"UPDATE {table} SET phase = %s, rows_done = %s, rows_total = %s, "  # nosec B608
                               "updated_at = %s WHERE id = %s", [phase, done, total, timezone.now(), run_id])

    return report


def _finish(run: ImportRun, status: str, **fields) -> None:
    run.refresh_from_db(fields=["rows_done", "rows_total", "phase"])  # the progress saved without this instance
    if status in (ImportRun.Status.DONE, ImportRun.Status.FAILED, ImportRun.Status.CANCELLED):
        path = kept_path(run)
        if path is not None:
            path.unlink(missing_ok=True)
    for name, value in fields.items():
        setattr(run, name, value)
    run.status = status
    run.save()


def _preview_kept(run: ImportRun, phase: str, progress: Progress) -> tuple[IndicatorImporter, IndicatorPreview]:
    path = kept_path(run)
    if path is None or not path.is_file():
        raise ImportFileError("上传的文件已不在服务器上（超过一天未确认会被清除），请重新上传。")
    importer = IndicatorImporter(park=run.park, period=run.period, create_missing=run.create_missing,
                                 scale_sheet=run.scale_sheet, mappings=header_mappings.by_codes(run.mappings or {}),
                                 progress=progress, phase=phase)
    with File(path.open("rb"), name=run.filename) as kept:
        return importer, importer.preview(kept)


def _claimed(run_id: int, status: str) -> ImportRun | None:
    """The run, if it still waits for this work (a run failed as stalled meanwhile is left alone)."""
    return ImportRun.objects.select_related("park").filter(pk=run_id, status=status).first()


def read_run(run_id: int) -> str:
    """The worker's task: read the kept file and leave its preview on the run (status previewed), or
    its failure. Returns the line the worker records."""
    run = _claimed(run_id, ImportRun.Status.READING)
    if run is None:
        return f"统计数据导入{run_id}已不在读取状态，未处理。"
    try:
        _, preview = _preview_kept(run, READING, _reporter(run.pk, None))
    except ImportFileError as error:
        _finish(run, ImportRun.Status.FAILED, message=error.message)
        return f"读取失败：{run.filename}"
    except Exception:
        logger.exception("reading import run %s", run_id)
        _finish(run, ImportRun.Status.FAILED, message="读取文件时出错，未导入任何数据。请重试，或联系系统管理员。")
        return f"读取失败：{run.filename}"
    _finish(run, ImportRun.Status.PREVIEWED, preview=preview.summary(), message="")
    return f"已读取：{run.filename}"


def write_run(run_id: int, user_id: int) -> str:
    """The worker's task: read the kept file again and write what it says now, all or nothing."""
    run = _claimed(run_id, ImportRun.Status.WRITING)
    if run is None:
        return f"统计数据导入{run_id}已不在写入状态，未处理。"
    user = User.objects.get(pk=user_id)
    beside = _second_connection()
    try:
        # Read again: the commit writes what the file and the registry say now, checked again.
        importer, preview = _preview_kept(run, CHECKING, _reporter(run.pk, beside))
        if preview.has_errors:
            _finish(run, ImportRun.Status.PREVIEWED, preview=preview.summary(),
                    message=f"再次核对时发现{len(preview.errors)}处错误，未导入任何数据。")
            return f"再次核对有错误：{run.filename}"
        # The writing phase starts before its transaction, so every page can say so from the start.
        ImportRun.objects.filter(pk=run.pk).update(phase=WRITING, rows_done=0, rows_total=len(preview.figures),
                                                   updated_at=timezone.now())
        outcome = importer.commit(preview, user=user)  # one transaction: all or nothing
    except ImportBusy as busy:
        _finish(run, ImportRun.Status.PREVIEWED, message=busy.message)
        return f"未写入（另一导入进行中）：{run.filename}"
    except ImportFileError as error:
        _finish(run, ImportRun.Status.FAILED, message=error.message)
        return f"写入失败：{run.filename}"
    except Exception:
        logger.exception("writing import run %s", run_id)
        _finish(run, ImportRun.Status.FAILED, message="写入时出错，已全部撤销，未导入任何数据。请重试，或联系系统管理员。")
        return f"写入失败：{run.filename}"
    finally:
        if beside is not None:
            beside.close()
    _finish(run, ImportRun.Status.DONE, outcome=outcome.as_dict(), message="")
    return f"已导入：{run.filename}（{outcome.summary()}）"


# -- how far a run is ---------------------------------------------------------------------------------


def fail_stalled_runs(*, now: datetime | None = None, runs: QuerySet[ImportRun] | None = None) -> int:
    """Runs left reading or writing by a worker that died (killed, restarted, out of memory), or never
    picked up because no worker runs, are marked failed with the reason; returns how many. A run steps
    on at every thousand rows and the worker stops any task after its timeout, so one with no step for
    IMPORT_STALL_MINUTES (longer than that timeout) has nobody working on it any more."""
    now = now or timezone.now()
    minutes = settings.IMPORT_STALL_MINUTES
    runs = ImportRun.objects.all() if runs is None else runs
    stalled = list(runs.filter(status__in=ACTIVE, updated_at__lt=now - timedelta(minutes=minutes)))
    failed = 0
    for run in stalled:
        if run.status == ImportRun.Status.READING and not run.phase:
            message = (f"排队超过{minutes}分钟仍未开始读取：后台任务进程可能没有运行，未导入任何数据。"
                       "请联系系统管理员检查后台任务，再重新上传文件。")
        else:
            message = "导入已中断（可能是服务重启），未导入任何数据。请重新上传文件。"
        # Only if it is still as found: the worker may have finished it meanwhile.
        if ImportRun.objects.filter(pk=run.pk, status=run.status, updated_at=run.updated_at).update(
                status=ImportRun.Status.FAILED, message=message, updated_at=now):
            failed += 1
            path = kept_path(run)
            if path is not None:
                path.unlink(missing_ok=True)
    if failed:
        logger.warning("marked %s stalled statistics imports failed", failed)
    return failed


@dataclass(frozen=True)
class RunState:
    """How far a run is, for its page."""

    status: str
    label: str
    done: int
    total: int
    counted: bool  # done/total are known (not while SQLite's one writer is the import)
    unit: str = "行"  # what done and total count: the sheet's rows, or the figures written

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def percent(self) -> int:
        return min(100, round(self.done * 100 / self.total)) if self.total else 0


def run_state(run: ImportRun) -> RunState:
    """The run as its page shows it, from its row alone; a stalled run is failed first."""
    if run.status in ACTIVE and fail_stalled_runs(runs=ImportRun.objects.filter(pk=run.pk)):
        run.refresh_from_db()
    if run.status not in ACTIVE:
        return RunState(run.status, run.get_status_display(), run.rows_done, run.rows_total, counted=True)
    if not run.phase:
        label = "排队中，等待后台任务" if run.status == ImportRun.Status.READING else "排队中，等待写入"
        return RunState(run.status, label, 0, 0, counted=False)
    writing = run.phase == WRITING
    return RunState(run.status, _PHASE_LABELS[run.phase], run.rows_done, run.rows_total,
                    counted=not writing or run.rows_done > 0, unit="条数据" if writing else "行")
