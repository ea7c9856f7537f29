from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from parkops.org.choices import Role
from parkops.testing.factories import EnterpriseFactory, ParkFactory, UnitFactory, UserFactory

TODAY = date(2025, 11, 20)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def park(db):
    return ParkFactory()


@pytest.fixture
def supervisor(park):
    return UserFactory(role=Role.SUPERVISOR)


@pytest.fixture
def ecology(park):
    return UnitFactory(park=park, name="生态环境局")


@pytest.fixture
def weike(park):
    return EnterpriseFactory(park=park, name="江西维科技术有限公司", legal_representative="李卫")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
