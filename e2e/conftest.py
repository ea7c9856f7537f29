"""Browser tests: Playwright drives Debian's chromium against pytest-django's live server.

Playwright's own browser download cannot be had on our machines, so `playwright install` is never run:
the browser is the Debian package at /usr/bin/chromium, which `make test` installs. The live server
serves static files through the staticfiles finders, so Bootstrap comes from node_modules as in `make run`.
"""

import os
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = os.environ.get("PARKOPS_CHROMIUM", "/usr/bin/chromium")
# Without the networking switches chromium keeps calling home, and the closed network refuses it.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
HERE = Path(__file__).resolve().parent


class OneRequestAtATimeServer(WSGIServer):
    """The live server, answering one request after another. On SQLite the live server's threads share the
    test's one in-memory connection, so a page's photos loading beside a form's POST interleaved their
    savepoints ("no such savepoint") and failed the POST. Django closes each connection of a server that is
    not threaded, so the browser's parallel requests simply queue."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)  # the thread serving is the one holding the overridden connections


LiveServerThread.server_class = OneRequestAtATimeServer


def pytest_collection_modifyitems(config, items):
    # All browser tests go to one xdist worker: one chromium, and the other worker keeps the app tests going.
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser() -> Browser:
    for stale in SCREENSHOTS.glob("FAILED-*.png"):  # from an earlier run: only this run's failures remain
        stale.unlink()
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make test does, as root).", pytrace=False)
    # Playwright's sync API keeps an asyncio loop in this thread, and Django then refuses ORM calls
    # here (the tests' factories, the database flush between tests). Nothing runs concurrently on that
    # loop, so the guard only gets in the way.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# expect() waits for what a page shows; on a loaded machine that can take longer than its default 5 s.
expect.set_options(timeout=30_000)


def _page(request, browser: Browser, live_server, **context_options) -> Page:
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai",
                                  **context_options)
    # Generous bounds, not expectations: a loaded 2-core machine (CI beside other work) serves the economy
    # dashboard in well over 15 s; a test waits for what the page shows, never for a duration.
    context.set_default_timeout(90_000)
    page = context.new_page()
    request.addfinalizer(lambda: _close(request, context, page))
    return page


def _close(request, context, page: Page) -> None:
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        # A failed browser test leaves a picture of what the browser showed, for CI's artifacts.
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"FAILED-{request.node.name}.png", full_page=True)
    context.close()


@pytest.fixture
def page(request, browser, live_server) -> Page:
    """A desktop browser tab; page.goto("/login/") is relative to the live server."""
    return _page(request, browser, live_server, viewport=DESKTOP)


@pytest.fixture
def phone_page(request, browser, live_server) -> Page:
    """A phone-sized tab (390×844, touch), the way leaders open the dashboard."""
    return _page(request, browser, live_server, viewport=PHONE, device_scale_factor=2, is_mobile=True,
                 has_touch=True)


@pytest.fixture
def screenshot():
    """screenshot(page, "login-desktop") saves artifacts/screenshots/login-desktop.png and returns its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: Page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take
