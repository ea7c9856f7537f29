"""惠企政策兑现情况表 through the report centre: the cash-outs as of a day by policy, with 兑现率, amounts and
average working days, the late ones named and what each enterprise received in the year, in the official
format."""

from datetime import date
from io import BytesIO

import docx
import pytest
from django.utils import timezone

from parkops.policies import services
from parkops.policies.choices import Field, Mode, Operator
from parkops.reports.builtin.policy_cashout import build_context
from parkops.reports.registry import ReportRequest
from parkops.reports.services import render_active
from parkops.testing.enterprise_figures import enterprise
from parkops.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
SEP, SEP_LAST = date(2025, 9, 1), date(2024, 9, 1)
TODAY = date(2025, 12, 31)


def test_the_report_gives_each_policys_rate_amounts_and_days_and_names_the_late(park, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    grower = enterprise(park, "甲电子有限公司", scale_from=date(2020, 1, 1), revenue={SEP: "12000", SEP_LAST: "10000"})
    waiting = enterprise(park, "乙材料有限公司", scale_from=date(2025, 3, 1), revenue={SEP: "9000"})  # no year-ago figure
    approved = enterprise(park, "丙机械有限公司", scale_from=date(2025, 3, 1), revenue={SEP: "5000"})
    supervisor = UserFactory(role="supervisor")
    policy = services.policy_create(park=park, user=supervisor, name="关于促进工业经济稳增长的若干政策措施",
                                    issuer="县人民政府", year=2025, mode=Mode.EXEMPT)
    clause = services.clause_add(policy=policy, user=supervisor, title="营收增长10%以上奖励10万元", amount="10",
                                 conditions=[(Field.SCALE, Operator.YES, ""), (Field.REVENUE_GROWTH, Operator.GTE, "10")])
    paid = services.candidate_confirm(clause=clause, enterprise=grower, user=supervisor, on=date(2025, 12, 1))
    services.application_pay(application=paid, user=supervisor, on=date(2025, 12, 5), amount="8")  # 4 working days
    second = services.application_file(clause=clause, enterprise=approved, user=supervisor, on=date(2025, 12, 1))
    services.application_review(application=second, user=supervisor, approve=True, amount="6", on=date(2025, 12, 2))
    services.application_file(clause=clause, enterprise=waiting, user=supervisor, on=date(2025, 12, 1))  # review due 8 Dec

    context = build_context(ReportRequest(park=park, period=date(2025, 12, 1), day=TODAY))

    assert context["summary"] == ("截至2025年12月31日，共受理惠企政策兑现3笔，审核通过2笔（核定16万元），已兑现1笔8万元，"
                                  "兑现率50.00%，平均用时4.0个工作日；不予兑现0笔，逾期未办1笔。")
    [line] = context["policies"]
    assert (line["name"], line["mode"], line["total"], line["approved"], line["paid"], line["paid_amount"],
            line["paid_rate"], line["overdue"]) == ("关于促进工业经济稳增长的若干政策措施", "免申即享", "3", "2", "1", "8万元",
                                                    "50.00%", "1")
    assert [o["enterprise"] for o in context["overdue"]] == ["乙材料有限公司"] and context["no_overdue"] == ""
    assert context["received"] == [{"number": "1", "enterprise": "甲电子有限公司", "amount": "8万元"}]
    document = docx.Document(BytesIO(render_active("policy_cashout", context)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "1. 乙材料有限公司：营收增长10%以上奖励10万元（" in text
    assert "三、2025年各企业兑现金额" in text
    assert document.sections[0].page_width > document.sections[0].page_height  # landscape
