"""The API against its own OpenAPI schema: schemathesis generates requests for every operation the schema
at /api/schema/ lists, sends them through the WSGI app as a signed-in supervisor on a small park, and
fails on a 5xx or on a response the schema does not describe (a field missing, null where the schema
says never, the wrong type) — what another system reading our API would trip over first.

Bounded (a few examples an operation, derandomized, no deadline), so the run is the same on every
machine and takes seconds."""

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from parkops.org.choices import Role
from parkops.testing.factories import (
    EnterpriseFactory,
    IndustryChainFactory,
    ParkFactory,
    ProblemFactory,
    ProjectFactory,
    TargetFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
)
from parkops.wsgi import application

EXAMPLES = 8


@pytest.fixture
def supervisor_cookies(db) -> dict[str, str]:
    park = ParkFactory()
    unit = UnitFactory(park=park, name="工信局")
    task = TaskFactory(plan__park=park, lead_units=[unit])
    TargetFactory(task=task)
    project = ProjectFactory(park=park)
    ProblemFactory(project=project)
    chain = IndustryChainFactory(park=park, name="装备制造")
    EnterpriseFactory(park=park, chain=chain)
    EnterpriseFactory(park=park)  # no zone, no chain, not 规上: the nulls a schema must allow
    client = Client()
    client.force_login(UserFactory(username="api-supervisor", role=Role.SUPERVISOR))
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


@pytest.fixture
def connections_kept_open(api_schema):
    """Django closes the database connection when a request finishes; its test client stops that, but the
    calls here go to the WSGI app itself, and on PostgreSQL a closed connection ends the test's transaction.
    After api_schema: the test client puts the signal back when its request is done."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(supervisor_cookies):
    # Read through Django's test client: the schema is for signed-in users only, and werkzeug's client
    # (from_wsgi) drops a Cookie header it did not set itself. The calls go through the WSGI app.
    client = Client()
    for name, value in supervisor_cookies.items():
        client.cookies[name] = value
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = schemathesis.openapi.from_dict(response.json())
    schema.app = application
    return schema


def fuzz(operation, cookies: dict[str, str]) -> None:
    """Up to EXAMPLES requests to one operation, stopping at the first that breaks a check."""

    @given(case=operation.as_strategy())
    @hypothesis_settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                         suppress_health_check=list(HealthCheck))
    def one_example(case):
        response = case.call_and_validate(cookies=cookies, checks=[not_a_server_error, response_schema_conformance])
        # Signed in: a 403 everywhere would pass every check and prove nothing.
        assert response.status_code != 403, f"{operation.label}: 403"

    one_example()


# pytest-django's transaction wraps the whole loop: the park is built once for every operation.
def test_every_api_operation_answers_within_its_schema(api_schema, supervisor_cookies, connections_kept_open):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 14  # list and detail of plans, tasks, reports, projects, problems, enterprises, chains
    for operation in operations:
        fuzz(operation, supervisor_cookies)


# The examples the fuzzing found, kept: each field came back null while the schema promised a string.
@pytest.mark.parametrize("path, component, field", [
    ("/api/economy/enterprises/", "Enterprise", "zone"),
    ("/api/economy/enterprises/", "Enterprise", "chain"),
    ("/api/economy/enterprises/", "Enterprise", "scale_since"),
    ("/api/projects/projects/", "Project", "leader"),
    ("/api/projects/projects/", "Project", "responsible_unit"),
    ("/api/projects/problems/", "Problem", "responsible_unit"),
])
def test_a_field_that_comes_back_null_is_nullable_in_the_schema(supervisor_cookies, path, component, field):
    client = Client()
    for name, value in supervisor_cookies.items():
        client.cookies[name] = value
    rows = client.get(path).json()["results"]
    assert any(row[field] is None for row in rows)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert schema["components"]["schemas"][component]["properties"][field].get("nullable") is True
