"""Two people editing one project, or closing one problem, at once: only the first change takes
effect and the second is told whose it was. A deleted project leaves the lists, the statistics and
the reports, with its problems."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from parkops.core import trash
from parkops.org.choices import Role
from parkops.projects import services, statistics
from parkops.projects.choices import ProblemCategory, ProblemStatus
from parkops.projects.exporters import build_table
from parkops.projects.models import Problem, Project
from parkops.testing.factories import ProjectFactory, UserFactory


@pytest.fixture
def zhang(db):
    return UserFactory(username="zhang", display_name="张调度", role=Role.SUPERVISOR)


@pytest.fixture
def li(db):
    return UserFactory(username="li", display_name="李调度", role=Role.SUPERVISOR)


@pytest.fixture
def qianzhao(park, unit):
    return ProjectFactory(park=park, name="厦门乾照光电项目", total_investment=Decimal(500000), responsible_unit=unit)


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(response) -> dict:
    data = {}
    for bound in response.context["form"]:
        value = bound.field.prepare_value(bound.value())
        if value is not False:
            data[bound.html_name] = "" if value is None else value
    return data


def test_second_save_of_a_project_is_refused_with_who_changed_what(qianzhao, zhang, li):
    url = reverse("projects:project_edit", args=[qianzhao.pk])
    zhang_page, li_page = browser(zhang), browser(li)
    zhang_data, li_data = form_data(zhang_page.get(url)), form_data(li_page.get(url))

    zhang_data["total_investment"] = "600000"
    assert zhang_page.post(url, zhang_data).status_code == 302
    li_data["land_mu"] = "150"
    response = li_page.post(url, li_data)

    page = response.content.decode()
    assert "未保存：您打开此页面后，张调度于" in page and "总投资（万元）：500000 → 600000" in page
    assert 'value="150"' in page
    qianzhao.refresh_from_db()
    assert (qianzhao.total_investment, qianzhao.land_mu) == (Decimal(600000), None)


def test_a_stage_change_between_loading_and_saving_is_a_change_too(qianzhao, zhang, li):
    loaded = qianzhao.version
    services.stage_change(project=qianzhao, stage="signed", on=date(2025, 3, 1), user=zhang)

    stale = Project.objects.get(pk=qianzhao.pk)
    stale.land_mu = Decimal(150)
    with pytest.raises(ValidationError, match="张调度于.*当前阶段"):
        services.project_save(project=stale, user=li, loaded_version=loaded)


def test_closing_one_problem_twice_at_once_keeps_the_first_result(qianzhao, unit, zhang, li):
    problem = services.problem_raise(project=qianzhao, category=ProblemCategory.LAND, description="用地指标未落实",
                                     user=zhang)
    first, second = Problem.objects.get(pk=problem.pk), Problem.objects.get(pk=problem.pk)

    services.problem_update_status(problem=first, status=ProblemStatus.SOLVED, user=zhang, resolution="已落实指标")
    with pytest.raises(ValidationError, match="该问题已办结（已解决，张调度于.*确认），不能再修改状态"):
        services.problem_update_status(problem=second, status=ProblemStatus.UNSOLVABLE, user=li,
                                       resolution="无法落实")

    problem.refresh_from_db()
    assert (problem.status, problem.resolution, problem.confirmed_by) == (ProblemStatus.SOLVED, "已落实指标", zhang)


def test_a_deleted_project_is_not_counted_in_statistics_or_reports(qianzhao, park, zhang):
    other = ProjectFactory(park=park, name="德安光伏项目")
    services.problem_raise(project=qianzhao, category=ProblemCategory.LAND, description="用地", user=zhang)
    today = date(2026, 6, 30)
    assert statistics.project_statistics(park=park, year=2026, today=today).total.projects == 2

    trash.soft_delete(qianzhao, user=zhang)

    stats = statistics.project_statistics(park=park, year=2026, today=today)
    assert (stats.total.projects, stats.problems_raised) == (1, 0)
    table = build_table(park=park, year=2026, today=today)
    assert [row.project for row in table.rows] == [other]
    listing = browser(zhang).get(reverse("projects:project_list")).content.decode()
    assert "德安光伏项目" in listing and "厦门乾照光电项目" not in listing
    assert "厦门乾照光电项目" not in browser(zhang).get("/api/projects/projects/").content.decode()
    assert not Problem.objects.exists()


def test_a_deleted_projects_name_is_not_silently_reused(qianzhao, park, zhang):
    trash.soft_delete(qianzhao, user=zhang)

    with pytest.raises(ValidationError, match="是已删除的项目，请在回收站恢复它"):
        services.project_save(project=Project(park=park, name="厦门乾照光电项目", total_investment=1), user=zhang)
