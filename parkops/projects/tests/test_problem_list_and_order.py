"""困难问题 has a page of its own, linked from the counts on 调度与统计; the project list puts red first."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parkops.testing.factories import (
    MonthlyProgressFactory,
    ProblemFactory,
    ProjectFactory,
    StageEventFactory,
    YearPlanFactory,
    month,
)

TODAY = date(2026, 12, 10)


@pytest.fixture
def desk(supervisor, monkeypatch) -> Client:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    client = Client()
    client.force_login(supervisor)
    return client


def test_the_problem_count_on_dispatch_links_to_the_list_of_every_problem(desk, park):
    project = ProjectFactory(park=park, name="乾照光电")
    ProblemFactory(project=project, description="用地指标尚未落实", raised_on=date(2026, 10, 8))
    ProblemFactory(project=project, description="施工用电未接入", raised_on=date(2026, 11, 2), status="solved")

    dispatch = desk.get(reverse("projects:dispatch")).content.decode()
    assert f'href="{reverse("projects:problem_list")}?year=2026" id="problems-raised">2 个</a>' in dispatch

    listed = desk.get(reverse("projects:problem_list") + "?year=2026").content.decode()
    assert "用地指标尚未落实" in listed and "施工用电未接入" in listed
    assert listed.index("用地指标尚未落实") < listed.index("施工用电未接入")  # open before solved
    only_open = desk.get(reverse("projects:problem_list") + "?status=open").content.decode()
    assert "施工用电未接入" not in only_open


def test_the_project_list_puts_red_first_not_the_alphabet(desk, park):
    green = ProjectFactory(park=park, name="阿尔法材料", stage="under_construction")  # first by name
    YearPlanFactory(project=green, year=2026, planned_investment=1100)
    StageEventFactory(project=green, stage="started", on=date(2026, 1, 5))
    for number in range(1, 12):
        MonthlyProgressFactory(project=green, period=month(2026, number), invested=Decimal(100))
    ProjectFactory(park=park, name="中寰电池", stage="under_construction")  # grey: no plan, no report
    red = ProjectFactory(park=park, name="维科基地", stage="signed")
    YearPlanFactory(project=red, year=2026, planned_investment=10000)  # 1亿元 planned, nothing by November

    page = desk.get(reverse("projects:project_list")).content.decode()

    assert page.index("维科基地") < page.index("阿尔法材料") < page.index("中寰电池")
