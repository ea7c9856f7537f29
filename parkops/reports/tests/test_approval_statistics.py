"""审批办理情况统计表 through the report centre: the cases as of a day by power and by department, with the
on-time rate and the average working days, and the overdue ones named, in the official format."""

from datetime import date
from io import BytesIO

import docx
import pytest
from django.utils import timezone

from parkops.approvals import services
from parkops.approvals.models import Power
from parkops.org.choices import Role
from parkops.reports.builtin.approval_statistics import build_context
from parkops.reports.registry import ReportRequest
from parkops.reports.services import render_active
from parkops.testing.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_statistics_give_each_powers_and_departments_rates_and_name_the_overdue(park, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2025, 10, 20))
    supervisor = UserFactory(role=Role.SUPERVISOR)
    zrzy, zjj = UnitFactory(park=park, name="自然资源局"), UnitFactory(park=park, name="住建局")
    power = services.power_save(power=Power(park=park, name="建设工程规划许可证核发", mode="seal", promised_days=10),
                                user=supervisor)
    done = services.case_open(park=park, user=supervisor, power=power, enterprise_name="甲公司",
                              filed_on=date(2025, 9, 25), steps=[services.StepPlan(zrzy, "规划审查", 7)])
    services.step_complete(step=done.steps.get(), result="同意", user=supervisor, on=date(2025, 10, 10))
    services.case_close(case=done, document_name="许可证", user=supervisor, on=date(2025, 10, 10))
    services.case_open(park=park, user=supervisor, title="施工许可", enterprise_name="乙公司", filed_on=date(2025, 9, 25),
                       steps=[services.StepPlan(zjj, "施工许可审查", 5)])

    context = build_context(ReportRequest(park=park, period=date(2025, 10, 1), day=date(2025, 10, 20)))

    # 25 Sep → 10 Oct over National Day: 6 working days (26, 28 调休, 29, 30 Sep, 9, 10 Oct).
    assert context["summary"] == ("截至2025年10月20日，共受理审批（代办）事项2件，办结1件，按时办结率100.00%，"
                                  "平均用时6.0个工作日；逾期未办结1件。")
    assert [(p["name"], p["total"], p["done"], p["average"]) for p in context["powers"]] == [
        ("其他事项（未列入清单）", "1", "0", "—"), ("建设工程规划许可证核发", "1", "1", "6.0")]
    assert [(u["name"], u["overdue"]) for u in context["units"]] == [("住建局", "1"), ("自然资源局", "0")]
    document = docx.Document(BytesIO(render_active("approval_statistics", context)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "1. 乙公司：施工许可（住建局环节逾期）。" in text
