"""The 入园联审 pages as their users meet them: the meeting list with the year's totals, a meeting page
with each project's criteria and opinions, a member department recording its own opinion, the decision
form, the criteria settings; the list's queries do not grow with the meetings or their projects."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parkops.investment import services
from parkops.investment.choices import Decision, Opinion, ReviewKind
from parkops.investment.models import (
    InvestmentProject,
    ReviewCriteria,
    ReviewItem,
    ReviewMeeting,
    ReviewOpinion,
)
from parkops.org.choices import Role
from parkops.testing.factories import InvestmentProjectFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def units(park):
    return {name: UnitFactory(park=park, name=name) for name in ("商务局", "自然资源局", "生态环境局", "城管局")}


@pytest.fixture
def meeting(park, units, supervisor):
    return services.meeting_save(meeting=ReviewMeeting(
        park=park, kind=ReviewKind.LAND, held_on=date.today(), number=1, host="王晓君", host_unit=units["商务局"]),
        members=[units["自然资源局"], units["生态环境局"]], user=supervisor)


def _put_on(meeting, user, name, **figures) -> ReviewItem:
    project = InvestmentProjectFactory(park=meeting.park, name=name, total_investment=60000, land_mu=150)
    item = services.item_add(meeting=meeting, project=project, user=user)
    for attr, value in {"industry": "装备制造", "tax_per_year": Decimal(5000), "plot_ratio": Decimal("1.2"), "building_density": Decimal(45),
                        "dishonest": False, "penalty_open": False, "illegal_land": False, **figures}.items():
        setattr(item, attr, value)
    return services.item_save(item=item, user=user)


def test_the_meeting_page_shows_each_criterion_and_both_the_suggestion_and_the_decision(meeting, supervisor):
    item = _put_on(meeting, supervisor, "智能装备产业园项目")
    page = _client(supervisor).get(reverse("investment:meeting_detail", args=[meeting.pk])).content.decode()
    assert "投资强度</td><td class=\"text-nowrap\">400万元/亩</td><td class=\"text-nowrap\">≥300万元/亩" in page
    assert "尚待生态环境局、自然资源局提出意见" in page or "尚待自然资源局、生态环境局提出意见" in page
    assert 'data-suggestion="deferred"' in page
    client = _client(supervisor)
    response = client.post(reverse("investment:item_decide", args=[item.pk]), {"decision": "passed"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "与之不同，请在决定说明中写明理由" in page
    client.post(reverse("investment:item_decide", args=[item.pk]), {"decision": "passed", "note": "县政府专题会已研究"})
    page = client.get(reverse("investment:meeting_detail", args=[meeting.pk])).content.decode()
    assert 'data-decision="passed"' in page and "与建议不同" in page and "县政府专题会已研究" in page


def test_a_member_department_records_its_own_opinion_only(meeting, units, supervisor):
    item = _put_on(meeting, supervisor, "铜箔项目")
    environment = UserFactory(role=Role.REPORTER, unit=units["生态环境局"])
    client = _client(environment)
    page = client.get(reverse("investment:meeting_detail", args=[meeting.pk])).content.decode()
    assert f'<option value="{units["生态环境局"].pk}">生态环境局</option>' in page
    assert f'<option value="{units["自然资源局"].pk}">自然资源局</option>' not in page
    assert "登记会议决定" not in page
    client.post(reverse("investment:opinion_record", args=[item.pk]),
                {"unit": units["自然资源局"].pk, "opinion": "agree"})
    assert not ReviewOpinion.objects.exists()
    client.post(reverse("investment:opinion_record", args=[item.pk]),
                {"unit": units["生态环境局"].pk, "opinion": "conditional", "text": "开工前取得环评批复"})
    opinion = ReviewOpinion.objects.get()
    assert (opinion.unit, opinion.opinion, opinion.recorded_by) == (units["生态环境局"], Opinion.CONDITIONAL, environment)
    outsider = UserFactory(role=Role.REPORTER, unit=units["城管局"])
    assert _client(outsider).get(reverse("investment:meeting_detail", args=[meeting.pk])).status_code == 403


def test_a_commerce_bureau_holds_its_own_meeting_and_puts_its_leads_on_it(park, units):
    InvestmentProjectFactory(park=park, name="商务局的线索", unit=units["商务局"])
    commerce = UserFactory(role=Role.REPORTER, unit=units["商务局"])
    client = _client(commerce)
    response = client.post(reverse("investment:meeting_create"), {
        "kind": "factory", "held_on": "2025-09-10", "number": "3", "host": "商务局局长",
        "host_unit": units["商务局"].pk, "members": [units["自然资源局"].pk, units["生态环境局"].pk]})
    meeting = ReviewMeeting.objects.get()
    assert response["Location"] == reverse("investment:meeting_detail", args=[meeting.pk])
    assert str(meeting) == "2025年第3次租赁厂房项目入园联审会议" and meeting.host_unit == units["商务局"]
    lead = InvestmentProject.objects.get(name="商务局的线索")
    client.post(reverse("investment:item_add", args=[meeting.pk]), {"project": lead.pk})
    assert meeting.items.get().project == lead
    # A department without leads of its own holds no meeting.
    urban = UserFactory(role=Role.REPORTER, unit=units["城管局"])
    assert _client(urban).get(reverse("investment:meeting_create")).status_code == 403


def test_the_supervisor_sets_the_years_criteria_and_others_read_them(park, supervisor, reporter):
    client = _client(supervisor)
    page = client.get(reverse("investment:criteria") + "?year=2026").content.decode()
    assert "2026年尚未设置入园标准，下列为系统默认标准" in page and "投资强度不低于300万元/亩" in page
    data = {"min_land_mu": "15", "investment_intensity_min": "350", "tax_per_mu_min": "30", "plot_ratio_min": "1.0",
            "building_density_min": "40", "conditional_margin": "20", "negative_list": "印染\n电镀",
            "industry_table": "纺织服装：0.8\n有色金属：0.6"}
    client.post(reverse("investment:criteria") + "?year=2026", {**data, "industry_table": "纺织服装=零点八"})
    assert not ReviewCriteria.objects.exists()
    client.post(reverse("investment:criteria") + "?year=2026", data)
    criteria = ReviewCriteria.objects.get(year=2026)
    assert criteria.investment_intensity_min == 350
    assert criteria.plot_ratio_by_industry == {"纺织服装": "0.8", "有色金属": "0.6"}
    page = _client(reporter).get(reverse("investment:criteria") + "?year=2026").content.decode()
    assert "投资强度不低于350万元/亩" in page and "修改2026年入园标准" not in page
    assert _client(reporter).post(reverse("investment:criteria") + "?year=2026", data).status_code == 403
    page = client.get(reverse("investment:criteria") + "?year=2027").content.decode()
    assert "2027年尚未设置入园标准，下列为2026年的标准" in page and "投资强度不低于350万元/亩" in page


def _meetings(park, host, members, supervisor, *, count: int, projects_each: int) -> None:
    """Many meetings of many projects, written in bulk: the list must not care how many."""
    projects = InvestmentProject.objects.bulk_create([
        InvestmentProject(park=park, name=f"项目{n}", total_investment=Decimal(10000 + n)) for n in
        range(count * projects_each)])
    for m in range(count):
        meeting = ReviewMeeting(park=park, kind=ReviewKind.LAND if m % 2 else ReviewKind.FACTORY,
                                held_on=date(2025, 1 + m % 12, 1 + m % 28), number=m + 1, host="王晓君", host_unit=host)
        meeting.save()
        meeting.members.set(members)
        ReviewItem.objects.bulk_create([
            ReviewItem(meeting=meeting, project=project, investment=project.total_investment,
                       decision=Decision.PASSED if n % 3 else Decision.REJECTED)
            for n, project in enumerate(projects[m * projects_each:(m + 1) * projects_each])])


@pytest.mark.parametrize(("meetings", "projects_each"), [(2, 5), (20, 50)])
def test_the_meeting_list_takes_the_same_queries_for_10_or_1000_projects(park, units, supervisor, meetings,
                                                                          projects_each):
    _meetings(park, units["商务局"], [units["自然资源局"]], supervisor, count=meetings, projects_each=projects_each)
    client = _client(supervisor)
    client.get(reverse("investment:meeting_list"))  # the session, warmed
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("investment:meeting_list")).content.decode()
    assert page.count('href="/investment/review/') >= meetings
    assert len(queries) <= 8, [q["sql"] for q in queries]
    # The first meeting of the list: its projects, those passed (every n not divisible by 3) and their investment.
    newest = ReviewMeeting.objects.order_by("-held_on", "-number").first()
    passed = newest.items.filter(decision=Decision.PASSED)
    assert f"<td class=\"text-end\">{newest.items.count()}个</td>" in page
    assert f"<td class=\"text-end\">{passed.count()}个</td>" in page


def test_the_meeting_page_takes_the_same_queries_for_5_or_50_projects(meeting, supervisor):
    client = _client(supervisor)
    for n in range(5):
        _put_on(meeting, supervisor, f"项目{n}")
    client.get(reverse("investment:meeting_detail", args=[meeting.pk]))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("investment:meeting_detail", args=[meeting.pk]))
    for n in range(5, 50):
        _put_on(meeting, supervisor, f"项目{n}")
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("investment:meeting_detail", args=[meeting.pk])).content.decode()
    assert page.count('class="bg-white border rounded p-3 mb-3 review-item"') == 50
    assert len(many) == len(few)


def test_the_project_page_shows_what_the_meetings_decided(meeting, units, supervisor):
    item = _put_on(meeting, supervisor, "铜箔项目")
    for unit in meeting.members.all():
        services.opinion_record(item=item, unit=unit, opinion=Opinion.AGREE, user=supervisor)
    services.decide(item=item, decision=Decision.CONDITIONAL, conditions="容积率不低于1.2", note="会议研究", user=supervisor)
    page = _client(supervisor).get(reverse("investment:project_detail", args=[item.project_id])).content.decode()
    assert f"{meeting}</a>：附条件通过（容积率不低于1.2）" in page


def test_a_project_comes_off_the_agenda_until_it_is_decided(meeting, units, supervisor):
    item = _put_on(meeting, supervisor, "铜箔项目")
    services.opinion_record(item=item, unit=units["自然资源局"], opinion=Opinion.AGREE, user=supervisor)
    decided = _put_on(meeting, supervisor, "铝箔项目")
    for unit in meeting.members.all():
        services.opinion_record(item=decided, unit=unit, opinion=Opinion.AGREE, user=supervisor)
    services.decide(item=decided, decision=Decision.PASSED, user=supervisor)
    client = _client(supervisor)
    client.post(reverse("investment:item_remove", args=[item.pk]))
    client.post(reverse("investment:item_remove", args=[decided.pk]))
    assert [i.project.name for i in meeting.items.all()] == ["铝箔项目"]
    assert not ReviewOpinion.objects.filter(item_id=item.pk).exists()
    page = client.get(reverse("investment:meeting_detail", args=[meeting.pk])).content.decode()
    assert "撤下上会项目</button>" not in page  # the decided one stays
