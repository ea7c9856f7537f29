from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from parkops.org.choices import Role
from parkops.testing.factories import ParkFactory, UnitFactory, UserFactory


@pytest.fixture
def park(db):
    return ParkFactory()


@pytest.fixture
def unit(park):
    return UnitFactory(park=park, name="工信局")


@pytest.fixture
def supervisor(db):
    return UserFactory(username="supervisor", role=Role.SUPERVISOR)


@pytest.fixture
def reporter(unit):
    return UserFactory(username="reporter", role=Role.REPORTER, unit=unit)


@pytest.fixture
def leader(db):
    return UserFactory(username="leader", role=Role.LEADER)


@pytest.fixture
def sysadmin(park):
    return UserFactory(username="sysadmin", display_name="系统员", role=Role.SYSTEM_ADMIN)


@pytest.fixture
def security(db):
    return UserFactory(username="security", display_name="安全员", role=Role.SECURITY_ADMIN)


@pytest.fixture
def auditor(db):
    return UserFactory(username="auditor", display_name="审计员", role=Role.AUDIT_ADMIN)


class Clock:
    """The time Django reads (timezone.now), moved forward by the test instead of by waiting."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))  # 09:00 in Beijing
    monkeypatch.setattr(timezone, "now", clock)
    return clock


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploads and imports written by a test go to its own folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def worker_does_queued_work_at_once(monkeypatch, django_capture_on_commit_callbacks):
    """What a test request queues for the worker (django-q's sync mode) is done as the request's
    transaction commits, before its response is read: the next page shows the worker's outcome."""
    monkeypatch.setattr("django_q.conf.Conf.SYNC", True)
    request = Client.request

    def request_then_work(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(self, **kwargs)

    monkeypatch.setattr(Client, "request", request_then_work)
