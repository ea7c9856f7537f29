"""The load client: N virtual users doing a park's daily mix against a running server, for a set time.

Hand-written on threads and `requests` (already locked for pip-audit) rather than locust: locust is not
in the intranet's package mirror, and what the audit asks for besides latencies (every acknowledged write
recorded with its content, to be looked for in the database afterwards) is easier said plainly here.
Each virtual user logs in once through the log-in form (Argon2 is slow by design: log-ins are timed
apart from the pages) and keeps its session and CSRF cookie, as a browser does.

Writes: requests.csv (one line per request), writes.json (every acknowledged write and what it said),
summary.json (per-endpoint counts, errors and percentiles).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import threading
import time
from html import unescape
from pathlib import Path

import requests

PHONE = ("Mozilla/5.0 (Linux; Android 14; HUAWEI Mate 60) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/120.0 Mobile Safari/537.36")
DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
LOGIN_PAGE = "园区通 · 登录"
REVIEW_ACTION = re.compile(r'action="(/supervision/reports/(\d+)/review/)[^"]*"')
ALERT = re.compile(r'<div class="alert alert-(\w+)[^"]*"[^>]*>(.*?)</div>', re.S)
TAG = re.compile(r"<[^>]+>")


class Failure(Exception):
    """A request that a user would have seen go wrong: an error status, a refused form, a lost session."""


def alerts(html: str) -> list[tuple[str, str]]:
    return [(kind, " ".join(unescape(TAG.sub("", text)).split())) for kind, text in ALERT.findall(html)]


class Run:
    def __init__(self, base: str, deadline: float, output: Path):
        self.base, self.deadline, self.output = base, deadline, output
        self.lock = threading.Lock()
        self.rows: list[dict] = []
        self.writes: list[dict] = []
        self.started = time.time()

    def record(self, **row) -> None:
        with self.lock:
            self.rows.append(row)

    def acknowledged(self, **write) -> None:
        with self.lock:
            self.writes.append(write)


class VirtualUser(threading.Thread):
    role = ""
    agent = DESKTOP
    first = None

    def __init__(self, run: Run, account: dict, password: str, setup: dict, seed: int):
        super().__init__(daemon=True, name=account["username"])
        self.run_, self.account, self.password, self.setup = run, account, password, setup
        self.plan = setup["plan"] | {"period": setup["period"]}
        self.random = random.Random(seed)
        self.http = requests.Session()
        self.http.headers["User-Agent"] = self.agent

    # -- requests ---------------------------------------------------------------------------------

    def call(self, endpoint: str, method: str, path: str, *, expect=(200,), data=None, files=None,
             params=None, redirects=True, kind="page") -> requests.Response:
        started = time.perf_counter()
        error = ""
        response = None
        try:
            response = self.http.request(method, self.run_.base + path, data=data, files=files, params=params,
                                         allow_redirects=redirects, timeout=180)
            if response.status_code not in expect:
                error = f"HTTP {response.status_code}"
            elif "text/html" in response.headers.get("Content-Type", "") and LOGIN_PAGE in response.text \
                    and endpoint != "GET /login/":
                error = "sent back to the log-in page (session lost)"
        except requests.RequestException as exc:
            error = f"{type(exc).__name__}: {exc}"
        elapsed = (time.perf_counter() - started) * 1000
        self.run_.record(t=round(time.time() - self.run_.started, 3), user=self.account["username"], role=self.role,
                         kind=kind, endpoint=endpoint, status=response.status_code if response is not None else 0,
                         ms=round(elapsed, 1), bytes=len(response.content) if response is not None else 0,
                         error=error)
        if error:
            raise Failure(f"{endpoint}: {error}")
        return response

    def csrf(self) -> str:
        return self.http.cookies.get("csrftoken", "")

    def login(self) -> None:
        self.call("GET /login/", "GET", "/login/", kind="login")
        response = self.call("POST /login/", "POST", "/login/", kind="login", expect=(302,), redirects=False, data={
            "csrfmiddlewaretoken": self.csrf(), "username": self.account["username"], "password": self.password,
            "next": "",
        })
        if response.headers.get("Location", "").rstrip("/") not in ("", self.run_.base):
            # Not fatal for the page, but the audit's point: every virtual user gets straight in.
            pass

    def think(self) -> None:
        time.sleep(self.random.uniform(0.5, 2.0))

    def run(self) -> None:
        try:
            self.login()
        except Failure:
            return
        actions, weights = zip(*self.mix(), strict=True)
        while time.time() < self.run_.deadline:
            action, self.first = self.first or self.random.choices(actions, weights)[0], None
            try:
                action()
            except Failure:
                pass  # recorded already; a user carries on with the next thing
            except Exception as exc:  # the client's own slip counts as an error too, never as silence
                self.run_.record(t=round(time.time() - self.run_.started, 3), user=self.account["username"],
                                 role=self.role, kind="check", endpoint="client", status=0, ms=0, bytes=0,
                                 error=f"{type(exc).__name__}: {exc}")
            self.think()

    def mix(self):
        raise NotImplementedError


class Leader(VirtualUser):
    """On a phone, between meetings: the home page, the dashboards, the project list and a project."""

    role = "leader"
    agent = PHONE

    def mix(self):
        return [(self.home, 3), (self.supervision_dashboard, 3), (self.economy, 3), (self.projects, 3),
                (self.project, 2), (self.tasks, 2), (self.notices, 1)]

    def home(self):
        self.call("GET /", "GET", "/")

    def supervision_dashboard(self):
        self.call("GET /supervision/", "GET", "/supervision/")

    def economy(self):
        self.call("GET /economy/", "GET", "/economy/")

    def projects(self):
        self.call("GET /projects/", "GET", "/projects/")

    def project(self):
        self.call("GET /projects/<id>/", "GET", f"/projects/{self.random.choice(self.setup['projects'])}/")

    def tasks(self):
        self.call("GET /supervision/tasks/", "GET", "/supervision/tasks/")

    def notices(self):
        self.call("GET /notices/", "GET", "/notices/")


class Clerk(VirtualUser):
    """A unit's 填报员: the work list, a task, and the monthly progress report."""

    role = "clerk"

    def mix(self):
        return [(self.my_reports, 3), (self.task_list, 2), (self.submit, 4), (self.notices, 1)]

    def my_reports(self):
        self.call("GET /supervision/reports/mine/", "GET", "/supervision/reports/mine/")

    def task_list(self):
        self.call("GET /supervision/tasks/", "GET", "/supervision/tasks/")

    def notices(self):
        self.call("GET /notices/", "GET", "/notices/")

    def submit(self):
        if not self.account["slots"]:
            return self.my_reports()
        task_id, period = self.account["slots"].pop(0)
        path = f"/supervision/tasks/{task_id}/report/"
        self.call("GET /supervision/tasks/<id>/report/", "GET", path, params={"period": period})
        text = f"压测{self.account['username']}报送{period}进展：完成阶段目标，序号{self.random.randrange(10**9)}。"
        response = self.call("POST /supervision/tasks/<id>/report/", "POST", path, kind="write", expect=(302,),
                             redirects=False, data={"csrfmiddlewaretoken": self.csrf(), "period": period,
                                                    "text": text})
        if response.headers.get("Location", "").rstrip("/").endswith(f"/supervision/tasks/{task_id}"):
            self.run_.acknowledged(kind="progress_report", user=self.account["username"], task=task_id,
                                   unit=self.account["unit"], period=period, text=text)
        page = self.call("GET /supervision/tasks/<id>/", "GET", f"/supervision/tasks/{task_id}/")
        if not any("已报送" in text for _kind, text in alerts(page.text)):
            self.run_.record(t=round(time.time() - self.run_.started, 3), user=self.account["username"],
                             role=self.role, kind="check", endpoint="message after report", status=page.status_code,
                             ms=0, bytes=0, error="no 已报送 message after the redirect")


class Supervisor(VirtualUser):
    """The 督办员: the review queue (accept / return), a report drawn up, an export, an import now and then."""

    role = "supervisor"

    def run(self) -> None:
        # The first supervisor imports the 一览表 first thing, so that every run, a short one too, has one.
        self.first = self.ledger_import if self.account["index"] == 0 else None
        super().run()

    def mix(self):
        return [(self.review, 6), (self.dashboard, 2), (self.tasks, 2), (self.export_xlsx, 1),
                (self.export_docx, 1), (self.draw_up_report, 0.3), (self.ledger_import, 0.3)]

    def dashboard(self):
        self.call("GET /supervision/", "GET", "/supervision/")

    def tasks(self):
        self.call("GET /supervision/tasks/", "GET", "/supervision/tasks/")

    def review(self):
        queue = self.call("GET /supervision/reports/review/", "GET", "/supervision/reports/review/")
        # Only reports the load clerks sent, and each supervisor its own share of them: two supervisors
        # reviewing one report is the conditional UPDATE's test, not this one's.
        candidates = [(path, int(pk)) for path, pk in REVIEW_ACTION.findall(queue.text)]
        candidates = [c for c in dict.fromkeys(candidates) if c[1] % self.account["count"] == self.account["index"]]
        if not candidates:
            return
        path, pk = self.random.choice(candidates)
        accept = self.random.random() < 0.8
        data = {"csrfmiddlewaretoken": self.csrf(), "action": "accept" if accept else "return"}
        if not accept:
            data["reason"] = "压测退回：请补充本月完成数。"
        page = self.call("POST /supervision/reports/<id>/review/", "POST", path, kind="write", data=data)
        messages = alerts(page.text)
        if any(("已采纳" if accept else "已退回") in text for _kind, text in messages):
            self.run_.acknowledged(kind="review", user=self.account["username"], report=pk,
                                   status="accepted" if accept else "returned")
        else:
            self.run_.record(t=round(time.time() - self.run_.started, 3), user=self.account["username"],
                             role=self.role, kind="check", endpoint="message after review", status=page.status_code,
                             ms=0, bytes=0, error=f"no confirmation after the review: {messages}")

    def export_xlsx(self):
        self.call("GET /supervision/ledger/export/ (xlsx)", "GET", "/supervision/ledger/export/", kind="export",
                  params={"plan": self.plan["id"], "format": "xlsx"})

    def export_docx(self):
        return self.call("GET /supervision/ledger/export/ (docx)", "GET", "/supervision/ledger/export/",
                         kind="export", params={"plan": self.plan["id"], "format": "docx"})

    def draw_up_report(self):
        code = self.random.choice(["economic_brief", "task_ledger"])
        self.call("GET /reports/types/<code>/", "GET", f"/reports/types/{code}/")
        data = {"csrfmiddlewaretoken": self.csrf(), "period": self.plan["period"]}
        if code == "task_ledger":
            data["plan"] = self.plan["id"]
        response = self.call("POST /reports/types/<code>/generate/", "POST", f"/reports/types/{code}/generate/",
                             kind="write", expect=(302,), redirects=False, data=data)
        match = re.search(r"/reports/(\d+)/$", response.headers.get("Location", ""))
        if not match:
            raise self._fail("POST /reports/types/<code>/generate/", response, "not sent to the report's page")
        pk = int(match.group(1))
        self.run_.acknowledged(kind="generated_report", user=self.account["username"], report=pk, code=code)
        self.call("GET /reports/<id>/", "GET", f"/reports/{pk}/")
        # As the page does (htmx, every second) until the worker has finished; a report that never
        # finishes within five minutes is an error a user would notice.
        for _ in range(300):
            time.sleep(1)
            box = self.call("GET /reports/<id>/progress/ (poll)", "GET", f"/reports/{pk}/progress/", kind="poll")
            if "hx-get" not in box.text:
                break
        else:
            raise self._fail("report drawn up", box, "not finished after 300 polls")
        if "alert-danger" in box.text:
            raise self._fail("report drawn up", box, "the worker failed: " + " ".join(TAG.sub("", box.text).split()))
        self.call("GET /reports/<id>/download/docx/", "GET", f"/reports/{pk}/download/docx/", kind="export")

    def ledger_import(self):
        """Export the plan's 一览表, then import it into this supervisor's own plan: upload, preview, confirm."""
        ledger = self.export_docx()
        self.call("GET /supervision/ledger/import/", "GET", "/supervision/ledger/import/")
        plan_name = f"{self.plan['name'][:4]}年负载测试计划（{self.account['username']}）"
        preview = self.call("POST /supervision/ledger/import/ (preview)", "POST", "/supervision/ledger/import/",
                            kind="write", data={"csrfmiddlewaretoken": self.csrf(), "plan": plan_name, "period": ""},
                            files={"file": ("一览表.docx", ledger.content,
                                            "application/vnd.openxmlformats-officedocument.wordprocessingml.document")})
        token = re.search(r'name="token" value="([0-9a-f]{32})"', preview.text)
        if token is None or re.search(r'value="confirm"\s+disabled', preview.text):
            raise self._fail("POST /supervision/ledger/import/ (preview)", preview,
                             f"the preview offers no confirmation: {alerts(preview.text)}")
        response = self.call("POST /supervision/ledger/import/ (confirm)", "POST", "/supervision/ledger/import/",
                             kind="write", expect=(302,), redirects=False,
                             data={"csrfmiddlewaretoken": self.csrf(), "step": "confirm", "token": token.group(1)})
        if not re.search(r"/supervision/plans/\d+/$", response.headers.get("Location", "")):
            page = self.call("GET /supervision/ledger/import/", "GET", response.headers.get("Location", "/"))
            raise self._fail("POST /supervision/ledger/import/ (confirm)", page,
                             f"not imported: {alerts(page.text)}")
        self.run_.acknowledged(kind="ledger_import", user=self.account["username"], plan=plan_name)
        self.call("GET /supervision/plans/<id>/", "GET", response.headers["Location"])

    def _fail(self, endpoint, response, error) -> Failure:
        self.run_.record(t=round(time.time() - self.run_.started, 3), user=self.account["username"], role=self.role,
                         kind="check", endpoint=endpoint, status=getattr(response, "status_code", 0), ms=0, bytes=0,
                         error=error)
        return Failure(f"{endpoint}: {error}")


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value at or above `share` of the values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(-(-share * len(ordered) // 1)) - 1))]


def summarise(rows: list[dict], seconds: float) -> dict:
    def stats(subset):
        times = [r["ms"] for r in subset if r["kind"] != "check"]
        return {"requests": len(times), "errors": sum(1 for r in subset if r["error"]),
                "p50_ms": percentile(times, 0.50), "p95_ms": percentile(times, 0.95),
                "p99_ms": percentile(times, 0.99), "max_ms": max(times, default=0)}

    endpoints = sorted({r["endpoint"] for r in rows})
    pages = [r for r in rows if r["kind"] not in ("login",)]
    return {
        "seconds": round(seconds, 1),
        "endpoints": {name: stats([r for r in rows if r["endpoint"] == name]) for name in endpoints},
        "overall": {**stats(pages), "throughput_rps": round(len([r for r in pages if r["kind"] != "check"])
                                                             / max(seconds, 1), 2)},
        "login": stats([r for r in rows if r["kind"] == "login"]),
        "errors": sum(1 for r in rows if r["error"]),
        "error_samples": [r for r in rows if r["error"]][:30],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", required=True)
    parser.add_argument("--plan", required=True, help="the JSON prepare.py wrote")
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--ramp", type=float, default=5.0, help="users started per second")
    parser.add_argument("--output", required=True)
    args = parser.parse_args()

    setup = json.loads(Path(args.plan).read_text(encoding="utf-8"))
    output = Path(args.output)
    output.mkdir(parents=True, exist_ok=True)
    run = Run(args.base, deadline=0, output=output)
    # The day's mix of people: half clerks, three in ten leaders, one in five supervisors.
    clerks = setup["clerks"][: max(1, args.users // 2)]
    supervisors = setup["supervisors"][: max(1, args.users // 5)]
    leaders = setup["leaders"][: max(1, args.users - len(clerks) - len(supervisors))]
    for account in supervisors:
        account["count"] = len(supervisors)
    users = ([Clerk(run, a, setup["password"], setup, i) for i, a in enumerate(clerks)]
             + [Supervisor(run, a, setup["password"], setup, 100 + i) for i, a in enumerate(supervisors)]
             + [Leader(run, a, setup["password"], setup, 200 + i) for i, a in enumerate(leaders)])
    random.Random(0).shuffle(users)
    run.started = time.time()
    run.deadline = run.started + args.seconds
    for user in users:
        user.start()
        time.sleep(1 / args.ramp)
    for user in users:
        user.join(timeout=args.seconds + 600)
    seconds = time.time() - run.started

    with (output / "requests.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["t", "user", "role", "kind", "endpoint", "status", "ms",
                                                    "bytes", "error"])
        writer.writeheader()
        writer.writerows(run.rows)
    (output / "writes.json").write_text(json.dumps(run.writes, ensure_ascii=False, indent=1), encoding="utf-8")
    summary = summarise(run.rows, seconds)
    summary["users"] = {"total": len(users), "clerks": len(clerks), "supervisors": len(supervisors),
                        "leaders": len(leaders)}
    summary["logged_in"] = sum(1 for r in run.rows if r["endpoint"] == "POST /login/" and not r["error"])
    (output / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{summary['overall']['requests']} requests, {summary['errors']} errors, "
          f"p95 {summary['overall']['p95_ms']} ms, {len(run.writes)} writes acknowledged")


if __name__ == "__main__":
    main()
