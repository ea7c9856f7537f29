"""催办 read receipts are signed with a button, never by opening a page: a viewer of the unit, or a
browser that prefetches the inbox, must not tell the leader that the unit has read a chase."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from parkops.org.choices import Role
from parkops.projects.models import Chase
from parkops.projects.services import chase_send
from parkops.testing.factories import PersonFactory, ProjectFactory, UnitFactory, UserFactory


@pytest.fixture
def chase(park) -> Chase:
    reform = UnitFactory(park=park, name="发改委")
    project = ProjectFactory(park=park, name="厦门乾照光电项目", responsible_unit=reform)
    leader = UserFactory(username="lingdao", role=Role.LEADER)
    return chase_send(project=project, unit=reform, message="请本周内落实供电接入。", user=leader)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", [Role.VIEWER, Role.REPORTER])
def test_opening_the_inbox_signs_for_nothing(chase, role):
    member = UserFactory(role=role, unit=chase.unit)
    page = _client(member).get(reverse("projects:inbox"))
    assert "请本周内落实供电接入" in page.content.decode()
    assert "未签收" in page.content.decode()
    chase.refresh_from_db()
    assert chase.read_at is None and chase.read_by is None


def test_a_reporter_of_the_unit_signs_with_the_button(chase):
    reporter = UserFactory(role=Role.REPORTER, unit=chase.unit)
    client = _client(reporter)
    sign_url = reverse("projects:chase_sign", args=[chase.pk])
    assert sign_url in client.get(reverse("projects:inbox")).content.decode()
    assert client.get(sign_url).status_code == 405  # a link followed by a crawler signs nothing
    response = client.post(sign_url, follow=True)
    assert "已签收“厦门乾照光电项目”的催办" in response.content.decode()
    chase.refresh_from_db()
    assert chase.read_by == reporter and chase.read_at is not None


def test_a_viewer_of_the_unit_is_not_offered_the_button_and_cannot_sign(chase):
    viewer = UserFactory(role=Role.VIEWER, unit=chase.unit)
    client = _client(viewer)
    sign_url = reverse("projects:chase_sign", args=[chase.pk])
    assert sign_url not in client.get(reverse("projects:inbox")).content.decode()
    assert client.post(sign_url).status_code == 403
    chase.refresh_from_db()
    assert chase.read_at is None


def test_signing_needs_the_csrf_token(chase):
    reporter = UserFactory(role=Role.REPORTER, unit=chase.unit)
    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)
    assert client.post(reverse("projects:chase_sign", args=[chase.pk])).status_code == 403
    chase.refresh_from_db()
    assert chase.read_at is None


def test_a_signed_chase_says_when_and_a_receipt_without_its_time_still_reads_well(chase, clock):
    """The unit's inbox and the leader's phone view say 已于2026-03-02 09:00签收; a chase signed before the
    time was kept says 已签收, never "已于签收"."""
    reporter = UserFactory(role=Role.REPORTER, unit=chase.unit)
    unit = _client(reporter)
    unit.post(reverse("projects:chase_sign", args=[chase.pk]))
    older = Chase.objects.create(project=chase.project, unit=chase.unit, message="请尽快办理。",
                                 sent_by=chase.sent_by, read_by=reporter, read_at=None)

    inbox = unit.get(reverse("projects:inbox")).content.decode()
    leader = chase.sent_by
    leader.person = PersonFactory(park=chase.project.park, name="王晓君")
    leader.save()
    chase.project.leader = leader.person
    chase.project.save()
    mine = _client(leader).get(reverse("projects:my_projects")).content.decode()

    assert "已于2026-03-02 09:00签收" in inbox and "已于2026-03-02 09:00签收" in mine
    assert "已签收" in inbox and older.is_signed
    assert "已于签收" not in inbox and "已于签收" not in mine
    assert "未签收" not in inbox
