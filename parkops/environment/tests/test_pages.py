"""The pages as their users meet them: lists with lights, each scoped to the user's unit where the matrix
says so, exported, and each costing the same queries for ten records or a thousand."""

from datetime import datetime, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from parkops.environment import services
from parkops.environment.choices import Disposal, DisposalStatus, FeedbackStatus, InspectionLevel
from parkops.environment.models import FeedbackItem, Outlet, PollutantLimit, Reading, SmallPolluter
from parkops.environment.tests.conftest import TODAY, logged_in
from parkops.org.choices import Role
from parkops.testing.factories import EnterpriseFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def _records(park, unit, count: int, start: int = 0) -> None:
    """Feedback items, outlets with readings and 小散乱污 in every state, written in bulk."""
    FeedbackItem.objects.bulk_create([FeedbackItem(
        park=park, level=InspectionLevel.values[n % 3], number=str(n), problem=f"反馈问题{n:04d}", key=f"k{n}",
        unit=unit, status=FeedbackStatus.values[n % 4], deadline=TODAY + timedelta(days=n % 30 - 10))
        for n in range(start, start + count)])
    enterprise = EnterpriseFactory(park=park)
    outlets = Outlet.objects.bulk_create([Outlet(park=park, enterprise=enterprise, name=f"{n}#排口", key=f"o{n}")
                                          for n in range(start, start + count)])
    PollutantLimit.objects.bulk_create([PollutantLimit(outlet=o, pollutant="总铅", key="总铅", unit="mg/L",
                                                       limit_value=Decimal("0.5")) for o in outlets])
    moment = timezone.make_aware(datetime(2025, 11, 1, 9))
    Reading.objects.bulk_create([Reading(park=park, outlet=o, pollutant="总铅", pollutant_key="总铅",
                                         value=Decimal("0.3"), limit_value=Decimal("0.5"), unit="mg/L",
                                         measured_at=moment, over_limit=False) for o in outlets])
    SmallPolluter.objects.bulk_create([SmallPolluter(
        park=park, name=f"作坊{n:04d}", disposal=Disposal.values[n % 3], status=DisposalStatus.values[n % 2],
        deadline=TODAY + timedelta(days=n % 20 - 5), unit=unit) for n in range(start, start + count)])


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["environment:feedback_list", "environment:reading_list",
                                  "environment:outlet_list", "environment:polluter_list"])
def test_pages_cost_the_same_queries_for_ten_records_or_a_thousand(park, page):
    unit = UnitFactory(park=park)
    client = logged_in(UserFactory(role=Role.SUPERVISOR))
    _records(park, unit, 10)
    few = _queries(client, reverse(page))
    _records(park, unit, 990, start=10)
    assert FeedbackItem.objects.count() == 1000 and Reading.objects.count() == 1000
    assert _queries(client, reverse(page)) == few


def test_a_reporter_sees_only_his_units_feedback_and_cannot_accept(park, supervisor):
    mine, other = UnitFactory(park=park, name="生态环境局"), UnitFactory(park=park, name="住建局")
    own = services.feedback_register(item=FeedbackItem(park=park, problem="本单位的雨污混接问题", unit=mine), user=supervisor)
    services.feedback_register(item=FeedbackItem(park=park, problem="外单位的扬尘问题", unit=other), user=supervisor)
    client = logged_in(UserFactory(role=Role.REPORTER, unit=mine))
    page = client.get(reverse("environment:feedback_list")).content.decode()
    assert "本单位的雨污混接问题" in page and "外单位的扬尘问题" not in page
    detail = client.get(reverse("environment:feedback_detail", args=[own.pk])).content.decode()
    assert "申请销号" in detail and "登记验收结论" not in detail
    assert client.post(reverse("environment:feedback_accept", args=[own.pk]), {"passed": "1"}).status_code == 403


def test_the_feedback_ledger_exports_with_its_state_and_escapes_formulas(park, supervisor, ecology):
    services.feedback_register(item=FeedbackItem(park=park, problem="=HYPERLINK(\"http://x\")部分企业危废贮存不规范",
                                                 unit=ecology, deadline=TODAY - timedelta(days=3)), user=supervisor)
    response = logged_in(supervisor).get(reverse("environment:feedback_list") + "?export=xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:8] == ("序号", "督察级别", "反馈问题", "整改目标", "整改措施", "责任单位", "整改时限", "整改进展")
    assert rows[1][1] == "中央环保督察" and rows[1][5] == "生态环境局" and rows[1][-1] == "逾期"
    problem = sheet.cell(row=2, column=3)  # kept as text, shown as written, never run as a formula
    assert problem.data_type == "s" and problem.quotePrefix


def test_the_monitoring_page_marks_the_reading_over_its_limit_with_its_hazard_and_task(park, supervisor, weike):
    outlet = services.outlet_save(outlet=Outlet(park=park, enterprise=weike, name="YS001 雨水排放口"), user=supervisor)
    services.reading_record(outlet=outlet, pollutant="总铅", value=Decimal("0.82"), unit="mg/L", limit=Decimal("0.5"),
                            measured_at=timezone.make_aware(datetime(2025, 11, 10, 9, 30)), user=supervisor)
    page = logged_in(supervisor).get(reverse("environment:reading_list") + "?over=on").content.decode()
    assert "超标" in page and "江西维科技术有限公司" in page and "隐患" in page and "督办任务" in page
    book = logged_in(supervisor).get(reverse("environment:reading_list") + "?export=xlsx").content
    rows = list(load_workbook(BytesIO(book)).active.iter_rows(values_only=True))
    assert rows[1][:8] == ("江西维科技术有限公司", "YS001 雨水排放口", "总铅", "0.82", "mg/L", "0.5", "2025-11-10 09:30", "超标")


def test_the_small_polluter_list_shows_each_disposal_and_its_light(park, supervisor, ecology):
    services.polluter_save(polluter=SmallPolluter(park=park, name="小型电镀作坊", disposal=Disposal.SHUT_DOWN,
                                                  deadline=TODAY - timedelta(days=2), unit=ecology), user=supervisor)
    services.polluter_save(polluter=SmallPolluter(park=park, name="喷漆作坊", disposal=Disposal.RELOCATE,
                                                  deadline=TODAY + timedelta(days=60), unit=ecology,
                                                  status=DisposalStatus.DONE), user=supervisor)
    page = logged_in(supervisor).get(reverse("environment:polluter_list")).content.decode()
    assert "关停取缔" in page and "限期搬迁" in page and "逾期" in page and "已完成" in page
    rows = list(load_workbook(BytesIO(logged_in(supervisor).get(reverse("environment:polluter_list") + "?export=xlsx")
                                      .content)).active.iter_rows(values_only=True))
    assert [row[4] for row in rows[1:]] == ["关停取缔", "限期搬迁"] or [row[4] for row in rows[1:]] == ["限期搬迁", "关停取缔"]
