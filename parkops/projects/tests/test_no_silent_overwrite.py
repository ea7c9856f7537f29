"""No silent overwrite: the monthly progress form opened on a month already reported opens that report and
says so; a report sent for a month reported meanwhile is not written until the person has seen it; the
stage form takes the browser's date and starts at the project's current stage; figures read as written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parkops.projects.choices import Stage
from parkops.projects.models import MonthlyProgress, StageEvent
from parkops.testing.factories import MonthlyProgressFactory, ProjectFactory, month

TODAY = date(2026, 12, 10)


@pytest.fixture
def project(park, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    project = ProjectFactory(park=park, name="乾照光电", stage=Stage.UNDER_CONSTRUCTION)
    MonthlyProgressFactory(project=project, period=month(2026, 11), invested=Decimal("418"),
                           image_progress="主体封顶")
    return project


@pytest.fixture
def desk(supervisor) -> Client:
    client = Client()
    client.force_login(supervisor)
    return client


def test_the_form_opens_on_the_month_already_reported_as_that_report(desk, project):
    page = desk.get(reverse("projects:progress_report", args=[project.pk])).content.decode()

    assert "2026年11月进展已于" in page and "报送，正在修改" in page
    assert 'value="418"' in page and "418.0000" not in page
    assert "主体封顶" in page


def test_a_month_reported_meanwhile_is_shown_before_it_is_changed(desk, project):
    url = reverse("projects:progress_report", args=[project.pk])
    sent = {"period": "2026-11", "invested": "500", "image_progress": "装修", "editing": ""}

    page = desk.post(url, sent).content.decode()

    assert "2026年11月进展已于" in page and "本月完成投资418万元" in page and "提交后将修改该月进展" in page
    assert MonthlyProgress.objects.get(project=project, period=month(2026, 11)).invested == Decimal("418")

    response = desk.post(url, {**sent, "editing": "2026-11"})

    assert response.status_code == 302
    assert MonthlyProgress.objects.get(project=project, period=month(2026, 11)).invested == Decimal("500")


def test_a_month_not_yet_reported_is_sent_at_once(desk, project):
    url = reverse("projects:progress_report", args=[project.pk]) + "?period=2026-12"
    page = desk.get(url).content.decode()
    assert "正在修改" not in page

    desk.post(url, {"period": "2026-12", "invested": "20", "image_progress": "设备进场", "editing": ""})

    assert MonthlyProgress.objects.get(project=project, period=month(2026, 12)).invested == Decimal("20")


def test_the_stage_form_shows_todays_date_and_the_current_stage_and_takes_the_browsers_date(desk, project):
    page = desk.get(reverse("projects:project_detail", args=[project.pk])).content.decode()

    assert 'type="date" name="on" value="2026-12-10"' in page
    assert '<option value="under_construction" selected>' in page

    desk.post(reverse("projects:stage_change", args=[project.pk]), {"stage": Stage.COMPLETED, "on": "2026-12-02"})

    assert StageEvent.objects.get(project=project).on == date(2026, 12, 2)



def test_the_project_form_shows_amounts_as_written(desk, project):
    page = desk.get(reverse("projects:project_edit", args=[project.pk])).content.decode()

    assert 'name="total_investment" value="100000"' in page and ".0000" not in page
