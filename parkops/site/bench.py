"""`parkops bench`: each operation against the floor it cannot go below, measured side by side in one
run (issue 15). On a shared machine an absolute time says little; the ratio of an operation to its
floor, both timed in the same minute, interleaved, is what a change can be judged by.

A case is an operation, its floor and a target ratio. Results give the median and p95 of both (p95 by
nearest rank: with a handful of samples it is the slowest), the ratio of the medians, and for the import
its peak memory. `run_cases` takes any list of cases, so a test can run one cheap case.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# The targets of issue 15: lists and dashboards within 3× the bare view, the summary within 2× its SQL,
# the import within 3× a bare calamine read, reports within 2× a bare python-docx write, and the peak
# memory of a 50,000-row import within 1.5× that of a 5,000-row one.
PAGE_TARGET, SUMMARY_TARGET, IMPORT_TARGET, REPORT_TARGET, MEMORY_TARGET = 3.0, 2.0, 3.0, 2.0, 1.5


@dataclass
class Case:
    name: str
    target: float
    operation: Callable[[], object]
    floor: Callable[[], object]
    repeats: int = 5
    warm_up: bool = True


@dataclass
class Result:
    name: str
    target: float
    times: list[float] = field(default_factory=list)
    floor_times: list[float] = field(default_factory=list)
    peak_mb: float | None = None
    floor_peak_mb: float | None = None
    # A memory case compares peaks, not times.
    ratio_override: float | None = None
    note: str = ""

    @property
    def median_s(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    @property
    def p95_s(self) -> float | None:
        return p95(self.times)

    @property
    def floor_s(self) -> float | None:
        return statistics.median(self.floor_times) if self.floor_times else None

    @property
    def floor_p95_s(self) -> float | None:
        return p95(self.floor_times)

    @property
    def ratio(self) -> float | None:
        if self.ratio_override is not None:
            return self.ratio_override
        if self.median_s is None or not self.floor_s:
            return None
        return self.median_s / self.floor_s

    @property
    def meets(self) -> bool | None:
        return None if self.ratio is None else self.ratio <= self.target

    def as_dict(self) -> dict:
        def rounded(value, places=4):
            return None if value is None else round(value, places)

        return {
            "name": self.name, "median_s": rounded(self.median_s), "p95_s": rounded(self.p95_s),
            "floor_s": rounded(self.floor_s), "floor_p95_s": rounded(self.floor_p95_s),
            "ratio": rounded(self.ratio, 2), "target": self.target, "meets": self.meets,
            "peak_mb": rounded(self.peak_mb, 1), "floor_peak_mb": rounded(self.floor_peak_mb, 1),
            "samples": len(self.times), "note": self.note,
        }


def p95(values: list[float]) -> float | None:
    """Nearest-rank 95th percentile."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def timed(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def measure(case: Case) -> Result:
    """The operation and its floor, alternately, so both see the same load on the machine."""
    result = Result(case.name, case.target)
    if case.warm_up:
        case.operation()
        case.floor()
    for _ in range(case.repeats):
        result.times.append(timed(case.operation))
        result.floor_times.append(timed(case.floor))
    return result


def run_cases(cases: list[Case], *, log: Callable[[str], None] = lambda line: None) -> list[Result]:
    results = []
    for case in cases:
        result = measure(case)
        log(line(result))
        results.append(result)
    return results


def line(result: Result) -> str:
    def s(value):
        return "—" if value is None else f"{value:.3f}s"

    ratio = "—" if result.ratio is None else f"{result.ratio:.1f}×"
    verdict = {True: "达标", False: "未达标", None: ""}[result.meets]
    memory = f"，峰值{result.peak_mb:.0f}MB" if result.peak_mb is not None else ""
    return (f"{result.name}：中位{s(result.median_s)} p95 {s(result.p95_s)}；基线中位{s(result.floor_s)} "
            f"p95 {s(result.floor_p95_s)}；比值{ratio}（目标≤{result.target:g}×）{verdict}{memory}")


def as_json(results: list[Result]) -> str:
    return json.dumps({"cases": [r.as_dict() for r in results]}, ensure_ascii=False, indent=1)


# -- child processes: a run's own time, and its own peak memory ---------------------------------------


def run_child(args: list[str], *, env: dict | None = None) -> tuple[dict, float]:
    """Run `python manage.py bench --child …`; returns what it printed (JSON: its own timing) and its
    peak resident memory in MB, read for this one child through wait4."""
    process = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out, err = b"", b""
    # wait4 reaps the child and hands back its own rusage (RUSAGE_CHILDREN would mix all children).
    stdout_chunks = []
    while True:
        chunk = process.stdout.read(65536)
        if not chunk:
            break
        stdout_chunks.append(chunk)
    err = process.stderr.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    out = b"".join(stdout_chunks)
    if process.returncode != 0:
        raise RuntimeError(f"子进程失败（{process.returncode}）：{err.decode(errors='replace')[-2000:]}")
    last = out.decode().strip().splitlines()[-1]
    return json.loads(last), usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def manage_py() -> str:
    return str(Path(__file__).resolve().parents[2] / "manage.py")
