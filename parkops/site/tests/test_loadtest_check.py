"""The load test's verdict (scripts/loadtest): a write the server acknowledged but the database lacks, or
holds with other content, fails the run, as does any failed request; the figures are nearest-rank."""

import importlib.util
import json
from datetime import date
from pathlib import Path

import pytest

from parkops.supervision.models import ProgressReport
from parkops.testing.factories import TaskFactory, UnitFactory

SCRIPTS = Path(__file__).resolve().parents[3] / "scripts" / "loadtest"


def script(name: str):
    spec = importlib.util.spec_from_file_location(f"loadtest_{name}", SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check = script("check")
client = script("client")


def row(endpoint: str, ms: float, error: str = "", kind: str = "page") -> dict:
    return {"t": 0, "user": "load-clerk-00", "role": "clerk", "kind": kind, "endpoint": endpoint, "status": 200,
            "ms": ms, "bytes": 0, "error": error}


def write_run(folder: Path, rows: list[dict], writes: list[dict]) -> None:
    summary = client.summarise(rows, 10.0)
    summary["users"] = {"total": 1, "clerks": 1, "supervisors": 0, "leaders": 0}
    summary["logged_in"] = 1
    (folder / "summary.json").write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    (folder / "writes.json").write_text(json.dumps(writes, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def submitted(db):
    unit = UnitFactory()
    task = TaskFactory(lead_units=[unit])
    report = ProgressReport.objects.create(task=task, unit=unit, period=date(2020, 3, 1), text="压测报送：已完成。")
    return {"kind": "progress_report", "user": "load-clerk-00", "task": task.pk, "unit": unit.pk,
            "period": "2020-03", "text": report.text}


def test_an_acknowledged_report_is_found_only_with_the_content_acknowledged(submitted):
    assert check.find(submitted) == ""
    assert "text differs" in check.find(submitted | {"text": "另一份内容"})
    assert check.find(submitted | {"period": "2020-04"}) == "no report for the task, unit and month"


def test_a_lost_write_fails_the_run_and_the_report_names_it(submitted, tmp_path):
    rows = [row("GET /", 100), row("POST /supervision/tasks/<id>/report/", 200, kind="write")]
    lost = submitted | {"period": "2020-05", "text": "未入库的报送"}
    write_run(tmp_path, rows, [submitted])
    assert check.main(["--output", str(tmp_path)]) == 0
    assert "**PASSED**: 0 errors, 1 of 1 acknowledged writes found" in (tmp_path / "report.md").read_text()

    write_run(tmp_path, rows, [submitted, lost])
    assert check.main(["--output", str(tmp_path)]) == 1
    report = (tmp_path / "report.md").read_text()
    assert "**FAILED**: 0 errors, 1 of 2 acknowledged writes found" in report
    assert "未入库的报送" in report
    assert json.loads((tmp_path / "writes-check.json").read_text())["missing"][0]["write"]["period"] == "2020-05"


def test_one_failed_request_fails_the_run(submitted, tmp_path):
    write_run(tmp_path, [row("GET /", 100), row("GET /economy/", 5, error="HTTP 500")], [submitted])
    assert check.main(["--output", str(tmp_path)]) == 1
    assert "GET /economy/: HTTP 500" in (tmp_path / "report.md").read_text()


def test_percentiles_are_nearest_rank_and_log_ins_are_kept_apart():
    rows = [row("GET /", ms) for ms in range(1, 101)] + [row("POST /login/", 5000, kind="login")]
    summary = client.summarise(rows, 50.0)
    assert (summary["overall"]["p50_ms"], summary["overall"]["p95_ms"], summary["overall"]["p99_ms"]) == (50, 95, 99)
    assert summary["overall"]["requests"] == 100 and summary["overall"]["throughput_rps"] == 2.0
    assert summary["login"]["p50_ms"] == 5000 and summary["overall"]["max_ms"] == 100
