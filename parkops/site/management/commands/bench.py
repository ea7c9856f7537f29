"""`parkops bench [--scale small|province] [--json]`: every case against its floor, in one run.

It never measures the database in use: it starts itself again on a bench database — a temporary
PARKOPS_DATA_DIR on SQLite, or `parkops_bench` on the PostgreSQL server of DATABASE_URL (dropped and
made anew) — builds the data set there, and serves it with gunicorn on --port.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.core.management.base import BaseCommand, CommandError

INNER = "PARKOPS_BENCH_INNER"
BENCH_DB = "parkops_bench"


def _bench_postgres(url: str) -> str:
    """The bench database on the same server, made empty."""
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        admin.execute(f"CREATE DATABASE {BENCH_DB}")
    return urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


class Command(BaseCommand):
    help = "性能基准：列表页、看板、经济汇总、统计导入、一览表，各与其基线同场交替测量，给出中位数、p95与比值。"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["tiny", "small", "province"], default="small")
        parser.add_argument("--json", action="store_true", help="以JSON输出结果")
        parser.add_argument("--port", type=int, default=8104, help="gunicorn 端口")
        parser.add_argument("--only", default="", help="只测这些（逗号分隔：pages,summary,report,import）")
        parser.add_argument("--child", nargs="+", help="（内部）子进程中测一次导入或读取")

    def handle(self, *args, **options):
        from parkops.site import bench_cases

        if options["child"]:
            bench_cases.child_main(options["child"][0], options["child"][1:])
            return
        if not os.environ.get(INNER):
            self._restart_on_bench_database(options)
            return
        from parkops.site.bench import as_json, line

        def log(text: str) -> None:
            self.stderr.write(text)

        scale = bench_cases.SCALES[options["scale"]]
        started = time.perf_counter()
        only = {part.strip() for part in options["only"].split(",") if part.strip()} or None
        bench_cases.build(scale, log=log, only=only)
        results = bench_cases.all_cases(scale, port=options["port"], directory=Path(os.environ["PARKOPS_DATA_DIR"]),
                                        only=only, log=log)
        log(f"共用时{time.perf_counter() - started:.0f}秒")
        if options["json"]:
            self.stdout.write(as_json(results))
        else:
            for result in results:
                self.stdout.write(line(result))

    def _restart_on_bench_database(self, options) -> None:
        directory = tempfile.mkdtemp(prefix="parkops-bench-")
        env = {**os.environ, INNER: "1", "PARKOPS_DATA_DIR": directory}
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith("postgres"):
            env["DATABASE_URL"] = _bench_postgres(url)
        else:
            env.pop("DATABASE_URL", None)
        argv = [sys.executable, str(Path(__file__).resolve().parents[4] / "manage.py"), "bench",
                "--scale", options["scale"], "--port", str(options["port"])]
        if options["json"]:
            argv.append("--json")
        if options["only"]:
            argv += ["--only", options["only"]]
        self.stderr.write(f"基准数据库：{env.get('DATABASE_URL') or directory}")
        try:
            completed = subprocess.run(argv, env=env)
        finally:
            shutil.rmtree(directory, ignore_errors=True)
        if completed.returncode != 0:
            raise CommandError("基准测试未完成。")
