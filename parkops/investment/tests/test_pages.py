"""The 招商引资 pages as their users meet them: the board by stage, a unit kept to its own leads, a project
moved on to 注册 from its page, the activities, the ledger import and the command."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from parkops.investment import services
from parkops.investment.choices import ActivityKind, Stage
from parkops.investment.models import InvestmentActivity, InvestmentProject
from parkops.investment.tests import ledgers
from parkops.org.choices import Role
from parkops.testing.factories import InvestmentProjectFactory, UnitFactory, UserFactory, credit_code

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def commerce(park):
    return UnitFactory(park=park, name="商务局")


@pytest.fixture
def commerce_reporter(commerce):
    return UserFactory(username="swj", role=Role.REPORTER, unit=commerce)


def _lead(park, unit, name, total=Decimal("100000"), user=None):
    return services.project_save(project=InvestmentProject(park=park, name=name, investor="某投资方", unit=unit,
                                                           total_investment=total), user=user)


def test_the_board_counts_each_stage_in_yi_yuan(park, commerce, supervisor):
    _lead(park, commerce, "铜箔项目", Decimal("125000"))
    signed = _lead(park, commerce, "模具项目", Decimal("21300"))
    services.stage_advance(project=signed, stage=Stage.SIGNED, on=date.today(), user=supervisor)
    page = _client(supervisor).get(reverse("investment:board")).content.decode()
    assert "在库项目2个，计划总投资14.63亿元" in page
    assert 'data-stage="lead"' in page and "12.50亿元" in page and "2.13亿元" in page


def test_a_unit_sees_and_works_only_its_own_leads(park, commerce, unit, commerce_reporter):
    own = _lead(park, commerce, "本单位线索")
    other = _lead(park, unit, "工信局线索")
    client = _client(commerce_reporter)
    board = client.get(reverse("investment:board")).content.decode()
    assert "本单位线索" in board and "工信局线索" not in board
    assert client.get(reverse("investment:project_detail", args=[other.pk])).status_code == 403
    assert client.post(reverse("investment:stage_advance", args=[other.pk]),
                       {"stage": "negotiating", "on": "2025-01-01"}).status_code == 403
    assert client.get(reverse("investment:project_detail", args=[own.pk])).status_code == 200
    export = client.get(reverse("investment:board") + "?export=xlsx")
    assert export.status_code == 200


def test_a_unit_registers_a_lead_for_itself_whatever_the_form_says(park, commerce, unit, commerce_reporter):
    response = _client(commerce_reporter).post(reverse("investment:project_create"), {
        "name": "新线索", "investor": "某集团", "capital_source": "domestic", "total_investment": "30000",
        "unit": unit.pk})
    assert response.status_code == 200  # 工信局 is not among the units offered
    assert not InvestmentProject.objects.filter(name="新线索").exists()
    _client(commerce_reporter).post(reverse("investment:project_create"), {
        "name": "新线索", "investor": "某集团", "capital_source": "domestic", "total_investment": "30000",
        "unit": commerce.pk})
    assert InvestmentProject.objects.get(name="新线索").unit == commerce


def test_registering_from_the_page_links_the_enterprise(park, commerce, commerce_reporter):
    project = _lead(park, commerce, "精密模具项目")
    client = _client(commerce_reporter)
    url = reverse("investment:stage_advance", args=[project.pk])
    today = date.today().isoformat()
    refused = client.post(url, {"stage": "registered", "on": today})
    assert "须填写新注册企业的统一社会信用代码" in refused.content.decode()
    client.post(url, {"stage": "registered", "on": today, "credit_code": credit_code(9),
                      "enterprise_name": "德安精密模具有限公司"})
    page = client.get(reverse("investment:project_detail", args=[project.pk])).content.decode()
    assert "德安精密模具有限公司" in page and "线索 → 注册" in page


def test_activities_are_recorded_with_their_leads_and_counted(park, commerce, commerce_reporter):
    lead = _lead(park, commerce, "光学膜材项目")
    client = _client(commerce_reporter)
    client.post(reverse("investment:activity_create"), {
        "kind": ActivityKind.VIA_CHAMBER, "held_on": "2025-04-10", "title": "温州商会招商对接会", "unit": commerce.pk,
        "leads": [lead.pk]})
    activity = InvestmentActivity.objects.get()
    assert list(activity.leads.all()) == [lead]
    page = client.get(reverse("investment:activity_list")).content.decode()
    assert "商会招商：1次" in page and "2025-04：1次" in page


@pytest.mark.parametrize("count", [10, 1000])
def test_the_board_takes_a_bounded_number_of_queries(park, commerce, supervisor, count,
                                                     django_assert_max_num_queries):
    InvestmentProject.objects.bulk_create(InvestmentProjectFactory.build_batch(count, park=park, unit=commerce))
    client = _client(supervisor)
    client.get(reverse("investment:board"))  # the session and the menu warmed up
    with django_assert_max_num_queries(12):
        response = client.get(reverse("investment:board"))
    assert response.content.decode().count("card-body p-2") == count


def test_the_import_page_previews_then_writes(park, supervisor):
    client = _client(supervisor)
    url = reverse("investment:ledger_import")
    preview = client.post(url, {"step": "upload", "file": ledgers.two_sheets()})
    assert "精密模具项目" in preview.content.decode()
    assert not InvestmentProject.objects.exists()
    token = client.session["investment_ledger_import"]["token"]
    client.post(url, {"step": "confirm", "token": token})
    assert InvestmentProject.objects.count() == 4


def test_the_command_lists_each_project_with_its_stage_amount_and_unit(park, tmp_path):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(ledgers.word_stages().read())
    out = StringIO()
    call_command("import_investment", str(path), "--dry-run", "--json", stdout=out)
    data = json.loads(out.getvalue())
    copper = next(p for p in data["projects"] if p["name"] == "年产5000吨高端铜箔项目")
    assert (copper["stage"], copper["total_wan"], copper["unit"]) == ("签约", "125000", "商务局")
    assert data["committed"] is False and not InvestmentProject.objects.exists()


def test_the_supervisor_bins_a_project_and_restores_it(park, commerce, supervisor, commerce_reporter):
    project = _lead(park, commerce, "误登记的项目")
    assert "删除" not in _client(commerce_reporter).get(
        reverse("investment:project_detail", args=[project.pk])).content.decode().split("阶段记录")[0]
    client = _client(supervisor)
    client.post(reverse("core:trash_delete", args=["investment.investmentproject", project.pk]))
    link = reverse("investment:project_detail", args=[project.pk])
    assert link not in client.get(reverse("investment:board")).content.decode()
    assert "误登记的项目" in client.get(reverse("core:trash_list")).content.decode()
    client.post(reverse("core:trash_restore", args=["investment.investmentproject", project.pk]))
    assert link in client.get(reverse("investment:board")).content.decode()


@pytest.mark.parametrize("count", [10, 1000])
def test_the_activity_list_takes_a_bounded_number_of_queries(park, commerce, supervisor, count,
                                                             django_assert_max_num_queries):
    leads = InvestmentProject.objects.bulk_create(InvestmentProjectFactory.build_batch(2, park=park, unit=commerce))
    activities = InvestmentActivity.objects.bulk_create(
        InvestmentActivity(park=park, kind=ActivityKind.VISIT, held_on=date(2026, 1 + n % 12, 1),
                           title=f"外出考察{n}", unit=commerce) for n in range(count))
    InvestmentActivity.leads.through.objects.bulk_create(
        InvestmentActivity.leads.through(investmentactivity_id=activity.pk, investmentproject_id=lead.pk)
        for activity in activities for lead in leads)
    client = _client(supervisor)
    client.get(reverse("investment:activity_list"))  # the session and the menu warmed up
    with django_assert_max_num_queries(14):
        page = client.get(reverse("investment:activity_list")).content.decode()
    assert f"外出考察：{count}次" in page
