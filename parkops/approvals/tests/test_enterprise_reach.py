"""An enterprise user sees its own enterprise's cases, on its 园企之窗 and on the case page, and nothing
of another enterprise's: not the page, not a step action, not the park's lists."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from parkops.approvals import services
from parkops.approvals.choices import StepStatus
from parkops.approvals.models import Step
from parkops.org.choices import Role
from parkops.testing.factories import (
    EnterpriseFactory,
    EnterpriseUserFactory,
    ParkFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world():
    park = ParkFactory()
    unit = UnitFactory(park=park, name="住建局")
    supervisor = UserFactory(role=Role.SUPERVISOR)
    ours, theirs = EnterpriseFactory(park=park, name="江西乾照光电有限公司"), EnterpriseFactory(park=park, name="江西维科技术有限公司")
    cases = {}
    for enterprise, title in ((ours, "本企业施工许可"), (theirs, "别家企业施工许可")):
        cases[enterprise.pk] = services.case_open(park=park, user=supervisor, title=title, enterprise=enterprise,
                                                  filed_on=date.today(), steps=[services.StepPlan(unit, "审查", 5)])
    return EnterpriseUserFactory(enterprise=ours), cases[ours.pk], cases[theirs.pk]


def test_the_enterprise_window_lists_its_own_cases_only(world):
    user, own, other = world
    page = logged_in(user).get(reverse("services:mine")).content.decode()
    assert "我的审批" in page and "本企业施工许可" in page and "别家企业施工许可" not in page


def test_an_enterprise_user_reads_its_own_case_but_not_anothers(world):
    user, own, other = world
    client = logged_in(user)
    page = client.get(reverse("approvals:case_detail", args=[own.pk]))
    assert page.status_code == 200 and "本企业施工许可" in page.content.decode()
    assert "要求补正" not in page.content.decode() and "办结出件" not in page.content.decode()
    assert client.get(reverse("approvals:case_detail", args=[other.pk])).status_code == 403


def test_an_enterprise_user_cannot_change_any_case(world):
    user, own, other = world
    client = logged_in(user)
    for case in (own, other):
        step = case.steps.get()
        for action in ("pause", "complete"):
            assert client.post(reverse("approvals:step_act", args=[step.pk, action]), {"text": "企业自己办结"}).status_code == 403
        assert client.post(reverse("approvals:case_close", args=[case.pk]), {"document_name": "许可证"}).status_code == 403
    assert set(Step.objects.values_list("status", flat=True)) == {StepStatus.RUNNING}


def test_the_case_list_shows_an_enterprise_user_its_own_cases_only(world):
    user, own, other = world
    page = logged_in(user).get(reverse("approvals:case_list")).content.decode()
    assert "本企业施工许可" in page and "别家企业施工许可" not in page and "受理申请" not in page
    assert logged_in(user).get(reverse("approvals:case_list") + "?export=xlsx").status_code == 403


@pytest.mark.parametrize("page", ["approvals:agenda", "approvals:stats", "approvals:power_list",
                                  "approvals:case_new", "approvals:power_import"])
def test_the_parks_pages_are_closed_to_an_enterprise_user(world, page):
    user, own, other = world
    assert logged_in(user).get(reverse(page)).status_code == 403
