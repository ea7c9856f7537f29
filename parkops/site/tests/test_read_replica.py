"""A read replica (DATABASE_REPLICA_URL) takes the dashboards' and the report centre's reads; every write, every
read in a transaction and every other page stays on the primary. Tested on PostgreSQL with a second connection
to the same database standing for the replica (settings_test)."""

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parkops.core.replica import REPLICA, reads_from_replica
from parkops.org.choices import Role
from parkops.org.models import Unit
from parkops.testing.factories import ParkFactory, PlanFactory, TaskFactory, UnitFactory, UserFactory

pytestmark = [
    pytest.mark.skipif(REPLICA not in settings.DATABASES, reason="a replica is tested on PostgreSQL"),
    pytest.mark.django_db(transaction=True, databases=["default", REPLICA]),
]


@pytest.fixture
def replica_on(settings):
    settings.REPLICA_READS = True


@pytest.fixture
def supervisor_client(client):
    park = ParkFactory()
    TaskFactory.create_batch(3, plan=PlanFactory(park=park))
    client.force_login(UserFactory(role=Role.SUPERVISOR))
    return client


def tables_read(alias: str, queries: CaptureQueriesContext) -> set[str]:
    return {name for q in queries.captured_queries if q["sql"].startswith("SELECT")
            for name in ("supervision_task", "supervision_plan", "django_session") if f'"{name}"' in q["sql"]}


def test_the_dashboard_reads_its_figures_from_the_replica_and_its_session_from_the_primary(
        replica_on, supervisor_client):
    with CaptureQueriesContext(connections["default"]) as primary, \
            CaptureQueriesContext(connections[REPLICA]) as replica:
        response = supervisor_client.get(reverse("supervision:dashboard"))

    assert response.status_code == 200
    assert {"supervision_task", "supervision_plan"} <= tables_read(REPLICA, replica)
    assert "supervision_task" not in tables_read("default", primary)
    assert "django_session" in tables_read("default", primary)


def test_other_pages_and_every_read_without_the_setting_stay_on_the_primary(settings, supervisor_client):
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        settings.REPLICA_READS = True
        assert supervisor_client.get(reverse("supervision:task_list")).status_code == 200
        settings.REPLICA_READS = False
        assert supervisor_client.get(reverse("supervision:dashboard")).status_code == 200

    assert replica.captured_queries == []


def test_a_read_in_a_transaction_and_everything_after_a_write_go_to_the_primary(replica_on):
    park = ParkFactory()
    unit_id = UnitFactory(park=park).pk
    with reads_from_replica():
        with CaptureQueriesContext(connections[REPLICA]) as replica, transaction.atomic():
            Unit.objects.get(pk=unit_id)
        assert replica.captured_queries == []

        unit = Unit.objects.get(pk=unit_id)
        assert unit._state.db == REPLICA
        unit.name = "工信局"
        with CaptureQueriesContext(connections[REPLICA]) as replica:
            unit.save()  # to the primary, with its history's reads
            assert Unit.objects.get(pk=unit_id).name == "工信局"  # read-your-writes
        assert replica.captured_queries == []
    assert Unit.objects.get(pk=unit_id).name == "工信局"
