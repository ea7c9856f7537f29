"""A real race on PostgreSQL: one supervisor's accept holds the report's row, another's return waits
on it, and once the first commits the second finds the report no longer submitted. Only PostgreSQL
has row locks to wait on; on SQLite the sequential tests in test_reporting.py stand for this one."""

import threading
import time
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from parkops.org.choices import Role
from parkops.supervision import services
from parkops.supervision.choices import ReportStatus
from parkops.supervision.models import ProgressReport
from parkops.testing.factories import ParkFactory, PlanFactory, TaskFactory, UnitFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only"),
]


def _waiting_on_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND wait_event_type = 'Lock'")
        return cursor.fetchone()[0]


def test_an_accept_and_a_return_racing_take_effect_once():
    park = ParkFactory()
    unit = UnitFactory(park=park, name="工信局")
    task = TaskFactory(plan=PlanFactory(park=park), number="9", lead_units=[unit])
    li = UserFactory(username="li", display_name="李督办", role=Role.SUPERVISOR)
    wang = UserFactory(username="wang", display_name="王督办", role=Role.SUPERVISOR)
    reporter = UserFactory(username="gxj", role=Role.REPORTER, unit=unit)
    report = services.report_submit(task=task, unit=unit, user=reporter, period=date(2025, 10, 1), text="已开工")
    accepted, release = threading.Event(), threading.Event()
    outcome: dict[str, str] = {}

    def accept_and_hold_the_row():
        try:
            with transaction.atomic():
                services.report_accept(report=ProgressReport.objects.get(pk=report.pk), user=li)
                accepted.set()
                release.wait(30)
        finally:
            connections.close_all()

    def return_meanwhile():
        try:
            services.report_return(report=ProgressReport.objects.get(pk=report.pk), user=wang, reason="数字不对")
            outcome["return"] = "taken"
        except ValidationError as error:
            outcome["return"] = error.messages[0]
        finally:
            connections.close_all()

    first = threading.Thread(target=accept_and_hold_the_row)
    first.start()
    assert accepted.wait(30)
    second = threading.Thread(target=return_meanwhile)
    second.start()
    for _ in range(300):  # until the return is queued behind the accept's row lock (at most ~15 s)
        if _waiting_on_a_lock():
            break
        time.sleep(0.05)
    waited = _waiting_on_a_lock() > 0
    release.set()
    first.join()
    second.join()

    assert waited, "the return never waited for the accept's row lock"
    assert outcome["return"].startswith("该报告已由李督办于") and outcome["return"].endswith("采纳，不能再退回。")
    stored = ProgressReport.objects.get(pk=report.pk)
    assert (stored.status, stored.reviewed_by, stored.return_reason) == (ReportStatus.ACCEPTED, li, "")
