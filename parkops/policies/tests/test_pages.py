"""The pages as their users meet them: a clause's matches with their figures and the confirm button; the
ledger with lights, exported; the enterprise's own page listing the policies it matches; the import of a
policy list, previewed by the command; and the list pages cost the same queries for ten matches or
applications as for a thousand."""

import json
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from parkops.org.choices import Role
from parkops.policies import services
from parkops.policies.choices import Field, Mode, Operator, Source, Status
from parkops.policies.models import Application, Clause, Policy
from parkops.testing.enterprise_figures import bulk_applications, bulk_growers, enterprise
from parkops.testing.factories import EnterpriseUserFactory, ParkFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = date(2025, 11, 20)
OCT, OCT_LAST = date(2025, 10, 1), date(2024, 10, 1)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def park():
    return ParkFactory()


@pytest.fixture
def supervisor():
    return UserFactory(role=Role.SUPERVISOR)


def _policy(park, user, mode=Mode.EXEMPT):
    policy = services.policy_create(park=park, user=user, name="稳增长若干措施", issuer="县人民政府", year=2025, mode=mode)
    clause = services.clause_add(policy=policy, user=user, title="营业收入增长10%以上奖励10万元", amount="10",
                                 conditions=[(Field.SCALE, Operator.YES, ""), (Field.REVENUE_GROWTH, Operator.GTE, "10")])
    return policy, clause


def test_a_clause_page_lists_the_matches_with_their_figures_and_confirms_one(park, supervisor):
    grower = enterprise(park, "甲电子有限公司", scale_from=date(2020, 1, 1), revenue={OCT: "11000", OCT_LAST: "10000"})
    enterprise(park, "乙材料有限公司", scale_from=date(2020, 1, 1), revenue={OCT: "10999", OCT_LAST: "10000"})
    policy, clause = _policy(park, supervisor)
    client = logged_in(supervisor)
    page = client.get(reverse("policies:policy_detail", args=[policy.pk])).content.decode()
    assert "甲电子有限公司" in page and "营业收入同比增长 10.00%（1-10月）" in page
    assert "乙材料有限公司" not in page
    assert "确认免申兑现" in page
    client.post(reverse("policies:clause_act", args=[clause.pk, "confirm"]), {"enterprise": grower.pk})
    confirmed = Application.objects.get()
    assert (confirmed.enterprise, confirmed.source, confirmed.status) == (grower, Source.MATCHED, Status.APPROVED)
    ledger = client.get(reverse("policies:application_list")).content.decode()
    assert "甲电子有限公司" in ledger and "待兑现" in ledger


def test_a_viewer_reads_but_does_not_confirm(park, supervisor):
    grower = enterprise(park, "甲电子有限公司", scale_from=date(2020, 1, 1), revenue={OCT: "11000", OCT_LAST: "10000"})
    policy, clause = _policy(park, supervisor)
    viewer = logged_in(UserFactory(role=Role.VIEWER))
    assert "确认免申兑现" not in viewer.get(reverse("policies:policy_detail", args=[policy.pk])).content.decode()
    assert viewer.post(reverse("policies:clause_act", args=[clause.pk, "confirm"]),
                       {"enterprise": grower.pk}).status_code == 403
    assert not Application.objects.exists()
    reporter = logged_in(UserFactory(role=Role.REPORTER))
    assert reporter.get(reverse("policies:policy_list")).status_code == 403


def test_the_enterprise_sees_the_policies_it_matches_and_applies_from_its_phone(park, supervisor):
    own = enterprise(park, "丙机械有限公司", scale_from=date(2025, 3, 1), revenue={OCT: "5000"})
    other = enterprise(park, "甲电子有限公司", scale_from=date(2020, 1, 1), revenue={OCT: "11000", OCT_LAST: "10000"})
    policy, clause = _policy(park, supervisor, mode=Mode.FAST)
    client = logged_in(EnterpriseUserFactory(enterprise=own))
    page = client.get(reverse("services:mine")).content.decode()
    assert "营业收入增长10%以上奖励10万元" in page and "数据不足，申请后审核" in page
    assert client.get(reverse("policies:policy_detail", args=[policy.pk])).status_code == 403
    client.post(reverse("policies:apply", args=[clause.pk]), {"note": "今年3月入规"})
    applied = Application.objects.get()
    assert (applied.enterprise, applied.source, applied.review_due) == (own, Source.ENTERPRISE, date(2025, 11, 27))
    assert "待审核" in client.get(reverse("services:mine")).content.decode()
    assert other.policy_applications.count() == 0
    services.candidate_confirm(clause=clause, enterprise=other, user=supervisor)
    ledger = client.get(reverse("policies:application_list")).content.decode()
    assert "丙机械有限公司" in ledger and "甲电子有限公司" not in ledger  # its own cash-outs only


def test_the_ledger_and_the_policy_list_export(park, supervisor):
    grower = enterprise(park, "=HYPERLINK(\"x\")公司", scale_from=date(2020, 1, 1), revenue={OCT: "11000", OCT_LAST: "10000"})
    policy, clause = _policy(park, supervisor)
    services.candidate_confirm(clause=clause, enterprise=grower, user=supervisor)
    client = logged_in(supervisor)
    ledger = load_workbook(BytesIO(client.get(reverse("policies:application_list") + "?export=xlsx").content)).active
    assert ledger["C2"].value == "稳增长若干措施" and ledger["O2"].value == "待兑现"
    assert ledger["B2"].data_type == "s"  # a name that looks like a formula stays text
    listed = load_workbook(BytesIO(client.get(reverse("policies:policy_list") + "?export=xlsx").content)).active
    assert listed["L2"].value == "规上工业企业；营业收入同比增长（%） ≥ 10.00"


def _list_file(tmp_path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["政策名称", "发布单位", "年度", "兑现方式", "条款", "奖补金额（万元）", "奖补比例（%）", "计算基数", "上限（万元）", "兑现条件"])
    for row in rows:
        sheet.append(row)
    path = tmp_path / "政策清单.xlsx"
    book.save(path)
    return path


def test_import_policies_reads_the_written_conditions_all_or_nothing(park, supervisor, tmp_path, capsys):
    good = ["研发奖补办法", "县科技局", "2025", "快申快享", "研发投入占比3%以上按5%奖补", "", "5", "研发投入", "50",
            "规上工业企业；研发投入占比≥3%"]
    path = _list_file(tmp_path, [
        good,
        ["", "", "", "", "高新技术企业奖励", "30", "", "", "", "荣誉称号具有高新技术企业\n亩均评价类别属于A、B"],
        ["稳增长", "县人民政府", "2025", "免申即享", "增长奖励", "10", "", "", "", "营业收入同比增长≥10%；__import__('os')"],
    ])
    with pytest.raises(Exception, match="错误"):
        call_command("import_policies", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "数据项无法识别" in out
    assert not Policy.objects.exists()
    path = _list_file(tmp_path, [good, ["", "", "", "", "高新技术企业奖励", "30", "", "", "",
                                        "荣誉称号具有高新技术企业\n亩均评价类别属于A、B"]])
    call_command("import_policies", str(path), "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["committed"] and data["counts"]["新增条款"] == 2
    policy = Policy.objects.get()
    assert (policy.mode, policy.issuer, policy.year) == (Mode.FAST, "县科技局", 2025)
    rnd, honour = Clause.objects.order_by("position")
    assert [(c.field, c.operator, c.value) for c in rnd.conditions.all()] == [
        (Field.SCALE, Operator.YES, ""), (Field.RND_RATIO, Operator.GTE, "3.00")]
    assert (rnd.rate_pct, rnd.base_field, rnd.cap) == (Decimal("5.00"), Field.RND, Decimal("50.00"))
    assert [(c.field, c.operator, c.value) for c in honour.conditions.all()] == [
        (Field.HONOUR, Operator.HAS, "高新技术企业"), (Field.PERMU_CLASS, Operator.IN, "A、B")]
    call_command("import_policies", str(path))
    assert Clause.objects.count() == 2  # already there: left alone


@pytest.mark.parametrize("page", ["detail", "ledger", "stats", "list", "mine"])
def test_pages_cost_the_same_queries_for_ten_matches_or_a_thousand(park, supervisor, page):
    """Ten enterprises matching the clause, each with a cash-out of it; then a thousand."""
    policy, clause = _policy(park, supervisor)
    own = enterprise(park, "丙机械有限公司", scale_from=date(2020, 1, 1), revenue={OCT: "12000", OCT_LAST: "10000"})
    user = EnterpriseUserFactory(enterprise=own) if page == "mine" else supervisor
    url = {"detail": reverse("policies:policy_detail", args=[policy.pk]), "ledger": reverse("policies:application_list"),
           "stats": reverse("policies:stats"), "list": reverse("policies:policy_list"),
           "mine": reverse("services:mine")}[page]
    client = logged_in(user)
    bulk_applications(clause, bulk_growers(park, 9), applied_on=date(2025, 11, 3))
    few = _queries(client, url)
    bulk_applications(clause, bulk_growers(park, 990, start=9), applied_on=date(2025, 11, 3))
    assert Application.objects.count() == 999
    assert _queries(client, url) == few
    if page == "detail":
        assert client.get(url).content.decode().count('class="match"') == 1000
