"""No GET changes data: every page and API endpoint of the site, opened with GET by every role of the demo
park (and by nobody), writes nothing but the session, the user's last log-in and the audit log.

A GET is what a link, a prefetching browser, a crawler or a read-only role does; anything it changed
would be changed by someone who never asked for it (the unit inbox once signed 催办 receipts this way).
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from parkops.core.models import AuditChain, AuditEntry
from parkops.org.models import Park, User
from parkops.projects.models import Chase, Project
from parkops.projects.services import chase_send
from parkops.reports.services import fail_stalled_reports
from parkops.testing.demo import load_demo_without_economy
from parkops.testing.factories import EnterpriseFactory, credit_code

# What a GET may write: the session, the log-in time, and the audit log (page views, exports).
# The session, and the audit log with its chain's head (core.auditchain): downloads and exports are recorded.
ALLOWED_WRITES = {"django_session", AuditEntry._meta.db_table, AuditChain._meta.db_table}
WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
# The demo's accounts, one for each role, and the 驻企联络员 (a reporter with projects of their own).
ACCOUNTS = ["duban", "lingdao", "chakan", "fgw", "gxj", "lianluo", "sysadmin", "secadmin", "auditor"]
SAMPLE_VALUES = {"int": "1", "period": "2025-10", "code": "task_ledger", "pk": "1", "kind": "docx",
                 "key": "supervision.task"}


def site_paths() -> list[str]:
    """Every URL pattern of the site as a path to GET, its parameters filled with the demo's first
    objects (pk 1) or a sample value; DRF's format-suffix variants are the same views and left out."""
    paths = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            text = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, text)
            elif isinstance(pattern, URLPattern):
                if "format" in text:
                    continue
                path = re.sub(r"<int:\w+>", SAMPLE_VALUES["int"], text)
                path = re.sub(r"<(?:str:)?(\w+)>", lambda m: SAMPLE_VALUES[m.group(1)], path)
                path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: SAMPLE_VALUES[m.group(1)], path)
                path = path.replace("^", "").replace("$", "").replace("/?", "/")
                paths.append("/" + path)

    walk(get_resolver().url_patterns, "")
    return sorted(set(paths))


def business_writes(queries: list[dict]) -> list[str]:
    writes = []
    for query in queries:
        match = WRITE.match(query["sql"])
        if not match:
            continue
        table = match.group(1)
        if table in ALLOWED_WRITES:
            continue
        if table == User._meta.db_table and re.search(r'SET\s+"?last_login"?\s*=', query["sql"]) \
                and query["sql"].count("=") <= 2:
            continue
        writes.append(query["sql"][:200])
    return writes


@pytest.fixture
def demo(db, monkeypatch):
    # The demo without its three years of statistics (which make each economy page slow, not different);
    # a few enterprises stand in, so the economy's pages of one object are visited too.
    load_demo_without_economy()
    park = Park.objects.get()
    for n in range(3):
        EnterpriseFactory(park=park, credit_code=credit_code(n + 1))
    # A report page marks a report a dead worker left behind failed (a correction, not a user's change):
    # the worker's schedule has done so here first, as it would have.
    fail_stalled_reports()
    # An unread 催办 to 发改委 (fgw's unit): the inbox must show it without signing for it.
    project = Project.objects.order_by("pk").first()
    fgw = User.objects.get(username="fgw")
    chase_send(project=project, unit=fgw.unit, message="请本周内落实。", user=User.objects.get(username="lingdao"))


def test_the_site_has_pages_for_the_walk_to_visit():
    paths = site_paths()
    assert len(paths) > 80
    assert "/projects/inbox/" in paths and "/reports/types/task_ledger/" in paths


def test_no_get_by_any_role_changes_business_data(demo):
    paths = site_paths()
    changed: dict[str, list[str]] = {}
    unread_chases = Chase.objects.filter(read_at__isnull=True).count()
    for account in [None, *ACCOUNTS]:
        client = Client(raise_request_exception=False)
        if account:
            client.force_login(User.objects.get(username=account))
        for path in paths:
            with CaptureQueriesContext(connection) as captured:
                client.get(path)
            writes = business_writes(captured.captured_queries)
            if writes:
                changed[f"{account or '未登录'} GET {path}"] = writes
    assert not changed, "\n".join(f"{request}: {writes}" for request, writes in changed.items())
    assert Chase.objects.filter(read_at__isnull=True).count() == unread_chases == 1
