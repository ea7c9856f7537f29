"""The cases `parkops bench` measures, and the data set and server they are measured on.

Runs inside a bench database only (a temporary PARKOPS_DATA_DIR on SQLite, parkops_bench on PostgreSQL):
the command re-starts itself there before anything here is called.
"""

from __future__ import annotations

import importlib
import io
import json
import os
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from parkops.site.bench import (
    IMPORT_TARGET,
    MEMORY_TARGET,
    PAGE_TARGET,
    REPORT_TARGET,
    SUMMARY_TARGET,
    Case,
    Result,
    manage_py,
    run_child,
)


@dataclass(frozen=True)
class Scale:
    enterprises: int
    tasks: int
    projects: int
    years: int
    parks: int  # besides the demo park
    import_rows: int = 50_000
    small_import_rows: int = 5_000
    repeats: int = 5
    import_repeats: int = 3


SCALES = {
    # The demo park plus a few thousand generated enterprises and tasks: under 10 minutes on 2 CPUs.
    "small": Scale(enterprises=3000, tasks=2000, projects=300, years=2, parks=0, import_repeats=2),
    # A check that the bench itself works, in a minute: no figure from it means anything.
    "tiny": Scale(enterprises=200, tasks=100, projects=20, years=2, parks=0, import_rows=2000,
                  small_import_rows=200, repeats=2, import_repeats=1),
    "province": Scale(enterprises=30000, tasks=5000, projects=2000, years=10, parks=99),
}
IMPORT_PARK = "基准测试导入园区"
LEDGER_PLAN = "基准测试一览表（500项）"


# -- the data set ----------------------------------------------------------------------------------------


def build(scale: Scale, *, log, only: set[str] | None = None) -> None:
    from parkops.org.services import served_park
    from parkops.site.scale import generate, plan_with_tasks

    call_command("migrate", verbosity=0)
    if only == {"import"}:
        return  # the import brings its own park and enterprises
    started = time.perf_counter()
    call_command("load_demo", stdout=io.StringIO())
    log(f"演示园区：{time.perf_counter() - started:.1f}秒")
    demo = served_park()
    started = time.perf_counter()
    # The demo park takes the first share, so the pages (which show the first park) see the generated rows.
    generate(parks=scale.parks + 1, enterprises=scale.enterprises, years=scale.years, seed=1, tasks=scale.tasks,
             projects=scale.projects, into=demo, log=log)
    plan_with_tasks(demo, name=LEDGER_PLAN, tasks=500)
    log(f"生成数据：{time.perf_counter() - started:.1f}秒")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def bench_session() -> str:
    """A supervisor's session, as a log-in leaves it: the cookie the HTTP cases send."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from parkops.org.choices import Role
    from parkops.org.models import User

    user, _ = User.objects.get_or_create(username="bench", defaults={
        "display_name": "基准测试", "role": Role.SUPERVISOR, "password_changed_at": timezone.now()})
    store = importlib.import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


# -- the server ------------------------------------------------------------------------------------------


class Server:
    """gunicorn on the bench's port, with the bench database and the floor view switched on."""

    def __init__(self, port: int):
        self.port = port
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        env = {**os.environ, "PARKOPS_BENCH": "true"}
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.process = subprocess.Popen(
            [gunicorn, "parkops.wsgi:application", "--bind", f"127.0.0.1:{self.port}", "--workers", "1",
             "--timeout", "900", "--log-level", "warning"], env=env, cwd=Path(manage_py()).parent)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/login/", timeout=5).read()
                return self
            except OSError:
                time.sleep(0.5)
        self.__exit__(None, None, None)
        raise RuntimeError(f"gunicorn 未能在端口{self.port}启动")

    def __exit__(self, *exc) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def getter(self, path: str, cookie: str):
        url = f"http://127.0.0.1:{self.port}{path}"

        def get() -> int:
            request = urllib.request.Request(url, headers={"Cookie": cookie})
            with urllib.request.urlopen(request, timeout=900) as response:
                body = response.read()
                if response.status != 200 or response.url.rstrip("/").endswith("login"):
                    raise RuntimeError(f"{path}：{response.status} {response.url}")
                return len(body)
        return get


# -- the cases -------------------------------------------------------------------------------------------


def page_cases(server: Server, cookie: str, scale: Scale) -> list[Case]:
    from parkops.economy.models import IndustryChain
    from parkops.org.services import served_park
    from parkops.supervision.models import Plan

    park = served_park()
    plan = Plan.objects.filter(park=park, name__startswith="规模测试督办计划").first()
    chain = IndustryChain.objects.filter(park=park, name__startswith="装备制造").first()
    floor = {kind: server.getter(f"/bench/floor/?rows={kind}", cookie) for kind in ("task", "project", "enterprise")}
    pages = [
        ("督办任务列表（50行，按计划筛选，按期限排序）", f"/supervision/tasks/?plan={plan.pk}&sort=-deadline&per_page=50",
         "task"),
        ("重点项目列表（50行，产业项目，按名称排序）", "/projects/?kind=industrial&sort=name&per_page=50", "project"),
        ("企业列表（50行，按产业链筛选，按名称排序）", f"/economy/enterprises/?chain={chain.pk}&sort=name&per_page=50",
         "enterprise"),
        ("首页（今日待办）", "/", "task"),
        ("经济运行看板", "/economy/", "enterprise"),
    ]
    return [Case(name, PAGE_TARGET, server.getter(path, cookie), floor[kind], repeats=scale.repeats)
            for name, path, kind in pages]


SUMMARY_SQL = """
SELECT v.indicator_id, SUM(v.cumulative), SUM(v.month_value), COUNT(v.month_value), COUNT(*),
       SUM(CASE WHEN c.is_leading THEN v.cumulative END), SUM(b.cumulative)
FROM economy_indicatorvalue v
JOIN economy_enterprise e ON e.id = v.enterprise_id
LEFT JOIN economy_industrychain c ON c.id = e.chain_id
LEFT JOIN economy_indicatorvalue b
       ON b.enterprise_id = v.enterprise_id AND b.indicator_id = v.indicator_id AND b.period = %s
WHERE e.park_id = %s AND e.deleted_at IS NULL AND v.period = %s
  AND EXISTS (SELECT 1 FROM economy_scalemembership m WHERE m.enterprise_id = e.id
              AND m.entered_period <= %s AND (m.left_period IS NULL OR m.left_period > %s))
GROUP BY v.indicator_id
"""


def summary_case(scale: Scale) -> Case:
    """economy_summary against the same sums (now, a year earlier, the leading chains', over the
    规上 enterprises of the park) as one hand-written query."""
    from parkops.economy.figures import economy_summary, latest_period
    from parkops.org.services import served_park

    park = served_park()
    period = latest_period(park)
    year_ago = date(period.year - 1, period.month, 1)

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(SUMMARY_SQL, [year_ago, park.pk, period, period, period])
            return cursor.fetchall()

    return Case(f"园区经济运行汇总（{period:%Y-%m}）", SUMMARY_TARGET, lambda: economy_summary(park=park, period=period),
                floor, repeats=scale.repeats)


def report_case(scale: Scale) -> Case:
    """The 一览表 .docx of 500 tasks through the report centre against python-docx writing its rows bare."""
    import docx

    from parkops.reports.builtin.task_ledger import ledger_context, ledger_docx
    from parkops.supervision.exporters import build_ledger
    from parkops.supervision.models import Plan

    plan = Plan.objects.get(name=LEDGER_PLAN)
    period = plan.tasks.order_by("-reports__period").values_list("reports__period", flat=True).first()
    rows = [r for r in ledger_context(build_ledger(plan=plan, period=period, include_light=True))["rows"]
            if not r["heading"]]
    keys = ("task", "county_leaders", "lead_units", "cooperating_units", "park_leaders", "progress", "light")

    def floor():
        document = docx.Document()
        table = document.add_table(rows=len(rows) + 1, cols=len(keys))
        for column, key in enumerate(keys):
            table.cell(0, column).text = key
        for table_row, row in zip(table.rows[1:], rows, strict=True):
            cells = table_row.cells
            for column, key in enumerate(keys):
                cells[column].text = str(row[key])
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    def operation():
        return ledger_docx(build_ledger(plan=plan, period=period, include_light=True))

    return Case(f"一览表 .docx（{len(rows)}项任务）", REPORT_TARGET, operation, floor, repeats=scale.repeats)


# -- the import: child processes, each with its own time and peak memory ---------------------------------

SHEET_HEADER = ["序号", "统一社会信用代码", "详细名称", "营业收入（万元）", "工业总产值（万元）", "利润总额（万元）",
                "税收（万元）", "从业人员（人）"]


def import_sheets(scale: Scale, directory: Path, *, year: int) -> tuple[Path, Path]:
    """A park of `import_rows` registered enterprises and the bureau's sheet for them (openpyxl, write-only),
    and the same sheet cut to `small_import_rows`."""
    from openpyxl import Workbook

    from parkops.economy.models import Enterprise
    from parkops.org.models import Park
    from parkops.site.scale import credit_code_for

    park = Park.objects.create(name=IMPORT_PARK, short_name="基准导入区")
    firms = [(credit_code_for(77, n), f"基准导入企业{n:06d}有限公司") for n in range(1, scale.import_rows + 1)]
    Enterprise.objects.bulk_create([Enterprise(park=park, credit_code=code, name=name, normalised_name=name)
                                    for code, name in firms], batch_size=5000)
    if connection.vendor == "postgresql":
        # Without fresh statistics the planner takes the park for one enterprise and joins the import's
        # read-back of its own rows to it in a nested loop that ran for over eight minutes (see README).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE economy_enterprise")
    paths = []
    for rows, stem in ((scale.import_rows, "large"), (scale.small_import_rows, "small")):
        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        # No month in the title: the same file is imported into several months, one a run.
        sheet.append(["规模以上工业企业主要经济指标（基准测试）"])
        sheet.append(SHEET_HEADER)
        for number, (code, name) in enumerate(firms[:rows], start=1):
            sheet.append([number, code, name, 1000 + number % 997, 1200 + number % 991, 50 + number % 89,
                          30 + number % 53, 100 + number % 400])
        path = directory / f"import-{stem}.xlsx"
        book.save(path)
        paths.append(path)
    return paths[0], paths[1]


def import_cases(scale: Scale, directory: Path, *, log) -> list[Result]:
    """Each run in a child process (its peak memory is its own), into a month not yet imported, so every
    run writes the same number of rows; the floor is a child reading the same file with python-calamine."""
    year = 2019
    large, small = import_sheets(scale, directory, year=year)
    env = dict(os.environ)
    note = ""
    if connection.vendor == "sqlite" and scale.import_rows > settings.IMPORT_SQLITE_MAX_ROWS:
        # The pages refuse a sheet this big on SQLite (README, "Imports on SQLite"): the bench lifts the
        # limit for its own children, to measure what the limit guards against.
        env["IMPORT_SQLITE_MAX_ROWS"] = str(scale.import_rows + 100)  # the title and the header too
        note = f"SQLite上超出IMPORT_SQLITE_MAX_ROWS（{settings.IMPORT_SQLITE_MAX_ROWS}行），基准测试临时放宽"

    def child(*args: str) -> tuple[dict, float]:
        return run_child([manage_py(), "bench", "--child", *args], env=env)

    month = iter(range(1, 13))
    big = Result(f"统计数据导入（{scale.import_rows}行）", IMPORT_TARGET, note=note)
    for _ in range(scale.import_repeats):
        out, peak = child("import", str(large), f"{year}-{next(month):02d}", IMPORT_PARK)
        big.times.append(out["seconds"])
        big.peak_mb = max(big.peak_mb or 0, peak)
        out, floor_peak = child("calamine", str(large))
        big.floor_times.append(out["seconds"])
        big.floor_peak_mb = max(big.floor_peak_mb or 0, floor_peak)
    log(f"  导入{scale.import_rows}行：{big.times}；calamine：{big.floor_times}；峰值{big.peak_mb:.0f}MB")
    little_peaks, little_times = [], []
    for _ in range(2):
        out, peak = child("import", str(small), f"{year}-{next(month):02d}", IMPORT_PARK)
        little_peaks.append(peak)
        little_times.append(out["seconds"])
    memory = Result(f"导入峰值内存（{scale.import_rows}行对{scale.small_import_rows}行）", MEMORY_TARGET,
                    peak_mb=big.peak_mb, floor_peak_mb=max(little_peaks),
                    ratio_override=big.peak_mb / max(little_peaks),
                    note=f"{scale.small_import_rows}行导入用时{min(little_times):.2f}秒")
    return [big, memory]


def child_main(kind: str, args: list[str]) -> None:
    """`bench --child import FILE YYYY-MM PARK` / `bench --child calamine FILE`: one timed run, printed as JSON."""
    if kind == "calamine":
        from python_calamine import CalamineWorkbook

        started = time.perf_counter()
        book = CalamineWorkbook.from_path(args[0])
        rows = sum(len(book.get_sheet_by_index(i).to_python()) for i in range(len(book.sheet_names)))
        print(json.dumps({"seconds": time.perf_counter() - started, "rows": rows}))
        return
    path, period, park = args
    started = time.perf_counter()
    out = io.StringIO()
    call_command("import_indicators", path, "--period", period, "--park", park, stdout=out, stderr=io.StringIO())
    print(json.dumps({"seconds": time.perf_counter() - started}))


def all_cases(scale: Scale, *, port: int, directory: Path, only: set[str] | None = None, log) -> list[Result]:
    """Every group of cases; a group that fails is reported as failed, and the others still run."""
    from parkops.site.bench import run_cases

    def pages() -> list[Result]:
        cookie = bench_session()
        with Server(port) as server:
            return run_cases(page_cases(server, cookie, scale), log=log)

    groups = {
        "pages": pages,
        "summary": lambda: run_cases([summary_case(scale)], log=log),
        "report": lambda: run_cases([report_case(scale)], log=log),
        "import": lambda: import_cases(scale, directory, log=log),
    }
    results: list[Result] = []
    for name, group in groups.items():
        if only and name not in only:
            continue
        try:
            results += group()
        except Exception as error:  # noqa: BLE001 (the report says which group failed and why)
            log(f"{name}失败：{error}")
            results.append(Result(name, 0.0, note=f"失败：{str(error)[:300]}"))
    return results
