"""Every role against every project action: a liaison edits only the projects assigned to them, a unit
only the problems assigned to it, leaders and the supervisor chase, the three administrators see nothing.

Besides the seven roles there are two people the roles alone do not describe: the liaison of one
project (a 填报员 of the park office) and the liaison of another. Allowed actors must succeed and leave
their effect; every other actor gets 403 and leaves nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parkops.core.periods import previous_month
from parkops.org.choices import Role
from parkops.projects.choices import ProblemStatus
from parkops.projects.models import Chase, MonthlyProgress, Problem, Project, StageEvent
from parkops.projects.tests.progress_tables import YUNCHUANG, table_xlsx
from parkops.testing.factories import PlanFactory, ProblemFactory, ProjectFactory, UnitFactory, UserFactory

LIAISON, OTHER_LIAISON = "liaison", "other_liaison"
ACTORS = [*Role, LIAISON, OTHER_LIAISON]
READERS = {Role.SUPERVISOR, Role.LEADER, Role.VIEWER}


@dataclass
class World:
    users: dict
    own: object  # the liaison's project
    other: object  # the other liaison's project
    problem: object  # on the liaison's project, assigned to 发改委 (the reporter's unit)


@pytest.fixture
def world(park) -> World:
    park_office = UnitFactory(park=park, name="高新区")
    reform = UnitFactory(park=park, name="发改委")
    users = {role: UserFactory(username=f"user_{role}", role=role, unit=reform if role == Role.REPORTER else park_office)
             for role in Role}
    users[LIAISON] = UserFactory(username="liaison", role=Role.REPORTER, unit=park_office)
    users[OTHER_LIAISON] = UserFactory(username="other_liaison", role=Role.REPORTER, unit=park_office)
    own = ProjectFactory(park=park, name="厦门乾照光电项目", liaison=users[LIAISON], responsible_unit=park_office)
    other = ProjectFactory(park=park, name="维科南昌基地", liaison=users[OTHER_LIAISON], responsible_unit=park_office)
    problem = ProblemFactory(project=own, responsible_unit=reform, description="接入审批")
    return World(users, own, other, problem)


def _import_table(client, w):
    """Upload, and confirm what the preview showed."""
    url = reverse("projects:table_import")
    response = client.post(url, {"step": "upload", "file": SimpleUploadedFile("进展情况表.xlsx", table_xlsx())})
    if response.status_code != 200:
        return response
    return client.post(url, {"step": "confirm", "token": client.session["project_table_import"]["token"]})


@dataclass(frozen=True)
class Action:
    name: str
    allowed: set
    run: Callable[[Client, World], object]
    effect: Callable[[World], bool] | None = None


def _progress(project_of):
    def run(client, w):
        return client.post(reverse("projects:progress_report", args=[project_of(w).pk]),
                           {"period": f"{previous_month(timezone.localdate()):%Y-%m}", "invested": "100",
                            "image_progress": "主体施工"})
    return run


MATRIX = [
    Action("list projects", READERS | {Role.REPORTER, LIAISON, OTHER_LIAISON},
           lambda c, w: c.get(reverse("projects:project_list"))),
    # Both liaisons work for the park office, which is responsible for both projects: they see both.
    Action("view own project", READERS | {Role.REPORTER, LIAISON, OTHER_LIAISON},
           lambda c, w: c.get(reverse("projects:project_detail", args=[w.own.pk]))),
    Action("report progress on own project", {Role.SUPERVISOR, LIAISON}, _progress(lambda w: w.own),
           effect=lambda w: MonthlyProgress.objects.filter(project=w.own).exists()),
    Action("report progress on another's project", {Role.SUPERVISOR, OTHER_LIAISON}, _progress(lambda w: w.other),
           effect=lambda w: MonthlyProgress.objects.filter(project=w.other).exists()),
    Action("raise a problem on own project", {Role.SUPERVISOR, Role.LEADER, LIAISON},
           lambda c, w: c.post(reverse("projects:problem_raise", args=[w.own.pk]),
                               {"category": "land", "description": "二期用地未报批"}),
           effect=lambda w: Problem.objects.filter(description="二期用地未报批").exists()),
    Action("raise a problem on another's project", {Role.SUPERVISOR, Role.LEADER, OTHER_LIAISON},
           lambda c, w: c.post(reverse("projects:problem_raise", args=[w.other.pk]),
                               {"category": "land", "description": "越权提出"}),
           effect=lambda w: Problem.objects.filter(description="越权提出").exists()),
    Action("resolve a problem assigned to the unit", {Role.SUPERVISOR, Role.REPORTER},
           lambda c, w: c.post(reverse("projects:problem_work", args=[w.problem.pk]),
                               {"status": "solved", "resolution": "已批复"}),
           effect=lambda w: Problem.objects.get(pk=w.problem.pk).status == ProblemStatus.SOLVED),
    Action("chase the unit", {Role.SUPERVISOR, Role.LEADER},
           lambda c, w: c.post(reverse("projects:chase_send", args=[w.own.pk]),
                               {"problem": w.problem.pk, "message": "请抓紧办理"}),
           effect=lambda w: Chase.objects.exists()),
    Action("create a project", {Role.SUPERVISOR},
           lambda c, w: c.post(reverse("projects:project_create"),
                               {"name": "至微光机芯片基地", "kind": "industrial", "level": "county",
                                "total_investment": "150000", "invested_before": "0", "is_active": "on"}),
           effect=lambda w: Project.objects.filter(name="至微光机芯片基地").exists()),
    Action("record a stage on own project", {Role.SUPERVISOR, LIAISON},
           lambda c, w: c.post(reverse("projects:stage_change", args=[w.own.pk]),
                               {"stage": "signed", "on": "2026-01-05"}),
           effect=lambda w: StageEvent.objects.filter(project=w.own).exists()),
    Action("turn a problem into a supervision task", {Role.SUPERVISOR},
           lambda c, w: c.post(reverse("projects:problem_to_task", args=[w.problem.pk]),
                               {"plan": PlanFactory(park=w.own.park).pk}),
           effect=lambda w: Problem.objects.get(pk=w.problem.pk).supervision_task_id is not None),
    Action("import the progress table", {Role.SUPERVISOR},
           _import_table, effect=lambda w: Project.objects.filter(name=YUNCHUANG[1]).exists()),
    Action("export projects", READERS | {Role.REPORTER, LIAISON, OTHER_LIAISON},
           lambda c, w: c.get(reverse("projects:project_list") + "?export=xlsx")),
]


@pytest.mark.parametrize("actor", ACTORS, ids=[str(a) for a in ACTORS])
@pytest.mark.parametrize("action", MATRIX, ids=[a.name for a in MATRIX])
def test_project_role_matrix(world, action: Action, actor):
    client = Client()
    client.force_login(world.users[actor])

    response = action.run(client, world)

    if actor in action.allowed:
        assert response.status_code in (200, 302), f"{actor} should be allowed to {action.name}"
        if action.effect is not None:
            assert action.effect(world), f"{actor} was allowed to {action.name} but nothing changed"
    else:
        assert response.status_code == 403, f"{actor} must be refused to {action.name}, got {response.status_code}"
        if action.effect is not None:
            assert not action.effect(world), f"{actor} was refused to {action.name} yet it happened"


def test_a_unit_sees_the_project_of_a_problem_assigned_to_it_but_not_others(world):
    client = Client()
    client.force_login(world.users[Role.REPORTER])

    page = client.get(reverse("projects:project_list")).content.decode()

    assert "厦门乾照光电项目" in page and "维科南昌基地" not in page


def test_photos_are_shown_only_to_those_who_may_see_the_project(world):
    from parkops.projects import services
    from parkops.projects.tests.images import phone_jpeg, upload

    report = services.progress_report(project=world.other, period=date(2026, 1, 1), invested=100,
                                      image_progress="主体施工", photos=[upload("工地.jpg", phone_jpeg(800, 600))],
                                      user=world.users[OTHER_LIAISON])
    url = reverse("projects:photo", args=[report.photos.get().pk])
    allowed, refused = Client(), Client()
    allowed.force_login(world.users[OTHER_LIAISON])
    refused.force_login(world.users[Role.REPORTER])  # 发改委 sees only the project its problem is on

    assert allowed.get(url).status_code == 200
    assert refused.get(url).status_code == 403
