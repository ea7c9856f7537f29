"""土地与厂房 feeds supervision by itself: the task "常态化开展闲置企业盘活，盘活土地350亩以上" bound to
land.revitalised_mu takes its figure and light from the 处置台账, and closing a case moves both, with the
case listed behind the figure on the task's page."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parkops.land import services as land_services
from parkops.land.choices import LedgerKind
from parkops.land.models import DisposalCase, Parcel
from parkops.supervision.choices import Light
from parkops.supervision.lights import compute_light
from parkops.supervision.models import Task
from parkops.testing.factories import PlanFactory, TargetFactory, TaskFactory

pytestmark = pytest.mark.django_db

TODAY = date(2025, 11, 20)  # 序时进度 88.77%


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def task(park, unit) -> Task:
    task = TaskFactory(plan=PlanFactory(park=park, year=2025), text="常态化开展闲置企业盘活，盘活土地350亩以上。",
                       lead_units=[unit])
    TargetFactory(task=task, phrase="盘活土地350亩以上", amount=350, unit="亩", metric_key="land.revitalised_mu")
    return task


def case_for(park, user, holder: str, mu: str, method: str) -> DisposalCase:
    parcel = land_services.parcel_save(parcel=Parcel(park=park, holder_name=holder, location=f"{holder}厂区",
                                                     area_mu=Decimal(mu), ledger_kind=LedgerKind.IDLE), user=user)
    return land_services.case_save(case=DisposalCase(parcel=parcel, method=land_services.method_for_name(park, method),
                                                     opened_on=date(2025, 2, 1), deadline=date(2025, 12, 31)),
                                   user=user)


def light_of(task: Task):
    return compute_light(Task.objects.with_listing_data().get(pk=task.pk), today=TODAY)


def test_closing_a_case_moves_the_bound_targets_figure_and_light(park, task, supervisor):
    assert light_of(task).light == Light.NOT_STARTED  # no 处置台账 kept: nothing recorded
    collected = case_for(park, supervisor, "江西德源发新能源有限公司", "200", "收回")
    swapped = case_for(park, supervisor, "江西永安电力设备有限公司", "160", "腾笼换鸟")
    assert light_of(task).reason.startswith("截至11月20日盘活土地面积0亩")

    land_services.case_close(case=collected, on=date(2025, 6, 30), revitalised_mu=Decimal("200"), user=supervisor)
    light = light_of(task)
    assert light.light == Light.BEHIND
    assert light.reason == "截至11月20日盘活土地面积200亩，为目标350亩的57.14%，序时进度88.77%，落后31.63个百分点"

    land_services.case_close(case=swapped, on=date(2025, 11, 18), revitalised_mu=Decimal("160"), user=supervisor)
    light = light_of(task)
    assert (light.light, light.reason) == (Light.DONE, "截至11月20日盘活土地面积360亩，已达目标350亩")

    client = Client()
    client.force_login(supervisor)
    page = client.get(reverse("supervision:task_detail", args=[task.pk])).content.decode()
    assert "绑定指标：盘活土地面积" in page
    assert '<strong class="live-value">360亩</strong>' in page
    assert "构成该数的记录（2条）" in page
    parcel = swapped.parcel
    assert f'<a href="/land/parcels/{parcel.pk}/">{parcel}</a>' in page
    assert "2025年11月18日腾笼换鸟办结，盘活160亩" in page


def test_a_case_closed_last_year_is_not_this_years(park, task, supervisor):
    old = case_for(park, supervisor, "江西信益和实业有限公司", "71.2", "收回")
    DisposalCase.objects.filter(pk=old.pk).update(opened_on=date(2024, 3, 1))
    old.refresh_from_db()
    land_services.case_close(case=old, on=date(2024, 12, 20), revitalised_mu=Decimal("71.2"), user=supervisor)
    assert light_of(task).reason.startswith("截至11月20日盘活土地面积0亩")
