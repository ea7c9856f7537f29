import pytest

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


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploads and imports written by a test go to its own folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
