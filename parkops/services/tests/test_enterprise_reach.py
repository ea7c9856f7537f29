"""An enterprise user reaches its own requests and nothing else: logged in as qiye1 of the demo park, every
route of the URLconf (pages, exports, reports, the API) is asked with GET and POST, with the real ids of
the other enterprises' requests and of every other module's records, and must refuse (403/404/405) or send
it to its own page; the few pages it may open show nothing of another enterprise."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from parkops.services.middleware import OPEN_VIEWS
from parkops.services.models import EnterpriseAccount, RequestEvent, ServiceRequest

pytestmark = pytest.mark.django_db

# Values for the routes' text parts: the report types, trash keys, periods and actions there are.
WORDS = {
    "code": ("task_ledger", "land_disposal", "supervision_bulletin", "economic_brief", "service_requests"),
    "key": ("land.parcel", "projects.project", "economy.enterprise"),
    "period": ("2025-10",),
    "kind": ("docx", "pdf"),
    "action": ("route", "accept", "reply", "extend", "resolve", "rate", "reopen", "to_task"),
    "format": ("json",),
}
SKIPPED = {"core:logout", "org:login"}  # would end the session being tested
PLACEHOLDER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def _routes(patterns, prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else \
                (pattern.namespace or namespace)
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else (pattern.name or "")
            yield prefix + str(pattern.pattern), name


def _paths(route: str, ids: list[int]):
    """Concrete paths of a route, its placeholders filled with each candidate."""
    route = route.replace("^", "").replace("$", "").replace("/?", "/").replace("\\.", ".")
    names = [a or b for a, b in PLACEHOLDER.findall(route)]
    if not names:
        yield "/" + route
        return
    fills = []
    for name in names:
        fills.append(WORDS.get(name, [str(pk) for pk in ids]))
    for values in _product(fills):
        parts = PLACEHOLDER.split(route)
        # split() gives text, then both groups of each placeholder, then text: keep the text, fill the rest.
        texts = parts[::3]
        yield "/" + "".join(t + (values[i] if i < len(values) else "") for i, t in enumerate(texts))


def _product(lists):
    if not lists:
        yield ()
        return
    for head in lists[0]:
        for tail in _product(lists[1:]):
            yield (head, *tail)


@pytest.fixture(scope="module")
def demo_park(django_db_setup, django_db_blocker):
    """The demo park, loaded once for the module and rolled back after it (each test runs inside)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", stdout=StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_an_enterprise_user_reaches_nothing_of_another_enterprise_nor_of_the_park(demo_park):
    account = EnterpriseAccount.objects.select_related("user", "enterprise").get(user__username="qiye1")
    own = account.enterprise
    others = ServiceRequest.objects.exclude(enterprise=own)
    assert others.exists() and ServiceRequest.objects.filter(enterprise=own).exists()
    other_names = set(others.values_list("enterprise_name", flat=True))
    other_texts = {r.content[:30] for r in others}
    # Real ids: the other enterprises' requests and accounts, other enterprises, and the first records of
    # every other module's tables.
    ids = sorted({*others.values_list("pk", flat=True)[:3], *others.values_list("enterprise_id", flat=True)[:2],
                  1, 2, 3})
    own_ids = set(ServiceRequest.objects.filter(enterprise=own).values_list("pk", flat=True))
    before = (list(others.order_by("pk").values_list("status", "rating", "unit_id", "supervision_task_id")),
              RequestEvent.objects.exclude(request__enterprise=own).count())

    client = Client()
    client.force_login(account.user)
    mine = reverse("services:mine")
    reached, walked = [], 0
    for route, name in _routes(get_resolver().url_patterns):
        if name in SKIPPED:
            continue
        for path in _paths(route, ids + sorted(own_ids)[:1]):
            for method in ("get", "post"):
                response = getattr(client, method)(path)
                walked += 1
                status = response.status_code
                if status in (403, 404, 405):
                    continue
                body = b"".join(response.streaming_content) if response.streaming else response.content
                text = body.decode(errors="replace")
                shows_other = any(n in text for n in other_names) or any(t in text for t in other_texts)
                if status == 302:
                    target = response["Location"]
                    # Its own page, its home (which sends it there), its messages, the log-in.
                    allowed = target in (mine, "/", reverse("notices:inbox"), reverse("org:login")) or \
                        target.startswith("/services/requests/") and \
                        int(target.split("/")[3]) in own_ids
                    if not allowed:
                        reached.append(f"{method.upper()} {path} → {target}")
                elif status == 200 and (name.startswith("services:") or name in OPEN_VIEWS) and not shows_other:
                    continue
                else:
                    reached.append(f"{method.upper()} {path} → {status}")
    assert walked > 500
    assert reached == [], "\n".join(reached)
    after = (list(others.order_by("pk").values_list("status", "rating", "unit_id", "supervision_task_id")),
             RequestEvent.objects.exclude(request__enterprise=own).count())
    assert after == before


def test_an_enterprise_users_home_is_its_own_page_and_its_menu_shows_nothing_else(demo_park):
    client = Client()
    client.force_login(EnterpriseAccount.objects.get(user__username="qiye1").user)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("services:mine")
    page = response.content.decode()
    assert "园企之窗" in page
    for park_page in ("今日待办", "督查督办", "重点项目", "企业库", "土地与厂房", "报告中心"):
        assert park_page not in page, park_page
