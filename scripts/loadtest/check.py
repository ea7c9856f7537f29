"""After the run: looks for every acknowledged write in the database and writes the report.

Exits 1 when a request failed or an acknowledged write is missing or not as acknowledged.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from collections import Counter
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkops.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from parkops.core.periods import parse_period  # noqa: E402
from parkops.reports.models import GeneratedReport, ReportStatus  # noqa: E402
from parkops.supervision.models import Plan, ProgressReport  # noqa: E402


def find(write: dict) -> str:
    """'' when the write is in the database as acknowledged, else what is wrong."""
    kind = write["kind"]
    if kind == "progress_report":
        report = ProgressReport.all_objects.filter(task_id=write["task"], unit_id=write["unit"],
                                                   period=parse_period(write["period"])).first()
        if report is None:
            return "no report for the task, unit and month"
        return "" if report.text == write["text"] else f"text differs: {report.text!r}"
    if kind == "review":
        status = ProgressReport.all_objects.filter(pk=write["report"]).values_list("status", flat=True).first()
        return "" if status == write["status"] else f"status is {status!r}"
    if kind == "generated_report":
        # Acknowledged when queued; by the check the worker must have finished it (the client waited for it).
        status = GeneratedReport.objects.filter(pk=write["report"]).values_list("status", flat=True).first()
        return "" if status == ReportStatus.DONE else f"status is {status!r}"
    if kind == "ledger_import":
        plan = Plan.objects.filter(name=write["plan"]).first()
        return "" if plan and plan.tasks.exists() else "plan or its tasks missing"
    return f"unknown kind {kind}"


def machine() -> dict:
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), "0")
    load = os.getloadavg()
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        database = cursor.fetchone()[0]
    return {
        "nproc": os.cpu_count(), "memory_gib": round(int(memory) / 1024 / 1024, 1),
        "load_average_after": [round(x, 2) for x in load], "kernel": platform.release(),
        "python": platform.python_version(), "django": version("Django"), "gunicorn": version("gunicorn"),
        "requests": version("requests"), "psycopg": version("psycopg"), "database": database,
        "parkops_commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                         text=True).stdout.strip(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--output", required=True)
    parser.add_argument("--server", default="", help="how the server ran (for the report)")
    args = parser.parse_args(argv)
    output = Path(args.output)
    summary = json.loads((output / "summary.json").read_text(encoding="utf-8"))
    writes = json.loads((output / "writes.json").read_text(encoding="utf-8"))

    missing = [(w, problem) for w in writes for problem in [find(w)] if problem]
    by_kind = Counter(w["kind"] for w in writes)
    lost_by_kind = Counter(w["kind"] for w, _ in missing)
    facts = machine()
    result = {"acknowledged": len(writes), "found": len(writes) - len(missing),
              "by_kind": {k: {"acknowledged": n, "found": n - lost_by_kind[k]} for k, n in by_kind.items()},
              "missing": [{"write": w, "problem": p} for w, p in missing], "machine": facts}
    (output / "writes-check.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")

    overall, login = summary["overall"], summary["login"]
    passed = summary["errors"] == 0 and not missing and len(writes) > 0
    lines = [
        "# ParkOps load test", "",
        f"**{'PASSED' if passed else 'FAILED'}**: {summary['errors']} errors, "
        f"{result['found']} of {result['acknowledged']} acknowledged writes found in the database.", "",
        f"- Users: {summary['users']['total']} ({summary['users']['clerks']} clerks, "
        f"{summary['users']['supervisors']} supervisors, {summary['users']['leaders']} leaders on phones), "
        f"{summary['logged_in']} logged in; think time 0.5–2 s between actions",
        f"- Duration: {summary['seconds']} s; {overall['requests']} page requests "
        f"({overall['throughput_rps']} per second)",
        f"- Pages overall: p50 {overall['p50_ms']:.0f} ms, p95 {overall['p95_ms']:.0f} ms, "
        f"p99 {overall['p99_ms']:.0f} ms, max {overall['max_ms']:.0f} ms",
        f"- Log-ins (Argon2, once per user, not in the pages' figures): {login['requests']} requests, "
        f"p50 {login['p50_ms']:.0f} ms, p95 {login['p95_ms']:.0f} ms, max {login['max_ms']:.0f} ms",
        f"- Server: {args.server}",
        f"- Machine: {facts['nproc']} CPUs, {facts['memory_gib']} GiB, load average after "
        f"{facts['load_average_after']} (shared with other work: latencies are pessimistic)",
        f"- Versions: Python {facts['python']}, Django {facts['django']}, gunicorn {facts['gunicorn']}, "
        f"psycopg {facts['psycopg']}, requests {facts['requests']}, ParkOps {facts['parkops_commit']}; "
        f"{facts['database']}",
        "", "## Writes", "", "| kind | acknowledged | found |", "|---|---:|---:|",
        *[f"| {k} | {v['acknowledged']} | {v['found']} |" for k, v in sorted(result["by_kind"].items())],
        "", "## Per endpoint", "",
        "| endpoint | requests | errors | p50 ms | p95 ms | p99 ms | max ms |", "|---|---:|---:|---:|---:|---:|---:|",
        *[f"| {name} | {s['requests']} | {s['errors']} | {s['p50_ms']:.0f} | {s['p95_ms']:.0f} | {s['p99_ms']:.0f} "
          f"| {s['max_ms']:.0f} |" for name, s in summary["endpoints"].items()],
    ]
    if summary["error_samples"]:
        lines += ["", "## Errors (first 30)", "", *[f"- {r['user']} {r['endpoint']}: {r['error']}"
                                                    for r in summary["error_samples"]]]
    if missing:
        lines += ["", "## Missing writes (first 30)", "", *[f"- {w}: {p}" for w, p in missing[:30]]]
    lines += ["", "Raw data: requests.csv (every request), writes.json (every acknowledged write), summary.json, "
              "writes-check.json.", ""]
    (output / "report.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines[:12]))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
