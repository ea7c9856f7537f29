"""企业诉求办理通报 through the report centre: a month's requests with their rates in one sentence, the table
by unit, the overdue ones and those rated 不满意, in the official format."""

from datetime import date
from io import BytesIO

import docx
import pytest
from django.utils import timezone

from parkops.org.choices import Role
from parkops.reports import registry
from parkops.reports.builtin.service_requests import build_context
from parkops.reports.registry import ReportRequest
from parkops.reports.services import render_active
from parkops.services import services
from parkops.services.choices import Rating
from parkops.testing.factories import EnterpriseFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_bulletin_gives_the_months_rates_by_unit_and_names_the_overdue_and_the_unsatisfied(park, monkeypatch):
    day = {"today": date(2025, 11, 3)}
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day["today"])
    supervisor = UserFactory(role=Role.SUPERVISOR)
    gxj, zrzy = UnitFactory(park=park, name="工信局"), UnitFactory(park=park, name="自然资源局")
    done = services.request_file(park=park, user=supervisor, enterprise=EnterpriseFactory(park=park, name="甲公司"),
                                 content="用电增容", category="utilities", unit=gxj)
    services.request_accept(request=done, user=supervisor)
    services.request_resolve(request=done, result="已送电", user=supervisor)
    services.request_rate(request=done, rating=Rating.UNSATISFIED, note="送电太慢", user=supervisor)
    services.request_file(park=park, user=supervisor, enterprise_name="乙公司", content="新增用地指标", category="land",
                          unit=zrzy)
    day["today"] = date(2025, 12, 10)

    context = build_context(ReportRequest(park=park, period=date(2025, 11, 1)))

    assert context["title"] == "关于2025年11月企业诉求办理情况的通报"
    assert context["month_summary"] == ("2025年11月，全区共受理企业诉求2件（用地1件、水电气1件），办结1件，"
                                        "办结率50.00%；按时办结率100.00%；满意率0.00%。")
    assert [(u["unit"], u["total"], u["resolved_rate"]) for u in context["units"]] == [
        ("工信局", "1", "100.00%"), ("自然资源局", "1", "0.00%")]
    # Filed Monday 3 November: acceptance was due the next day; at the month's end it is still waiting.
    assert [o["enterprise"] for o in context["overdue"]] == ["乙公司"]
    assert context["unsatisfied"] == [{"enterprise": "甲公司", "content": "用电增容", "unit": "工信局",
                                       "note": "送电太慢"}]
    document = docx.Document(BytesIO(render_active("service_requests", context)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "1. 乙公司：新增用地指标（承办单位：自然资源局；应于2025年11月4日前受理，已逾期）。" in text
    assert [c.text for c in document.tables[0].rows[1].cells][:4] == ["1", "工信局", "1", "1"]


def test_it_is_a_report_type_of_the_report_centre():
    registry.collect()
    assert registry.get("service_requests").name == "企业诉求办理通报"
