"""The 亩均论英雄 pages: who sees and who changes, the list with its class counts, the scheme page and
its checks, the scorecard, the class list download, and a bounded number of queries."""

import re
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from parkops.core.models import AuditAction, AuditEntry
from parkops.economy import permu
from parkops.economy.models import EvaluationResult, EvaluationScheme
from parkops.economy.tests.economy_data import record
from parkops.economy.tests.test_permu import DECEMBER, YEAR, hand_worked_scheme
from parkops.org.choices import Role
from parkops.testing.factories import EnterpriseFactory, UserFactory

LIST = reverse("economy:permu")
SCHEME = reverse("economy:permu_scheme")
EXPORT = reverse("economy:permu_export")
# Measured on SQLite: the session and the user, the park, the scheme, its metrics, its results with
# their enterprises, the years that have a scheme, the unread messages, saving the session (a savepoint, the update, its
# release). None depends on how many enterprises there are.
LIST_QUERIES = 11


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def fill(park, count: int, *, start: int = 0) -> None:
    """`count` enterprises of 10亩 with a full year's figures, tax rising with the number. Under the
    example's scheme 企业000 pays 5万元/亩 (15 points), 企业001 10万元/亩 (30), the others 15 or more
    (capped, 36); and each gets the same 50 for the rest: 营业收入 200万元/亩 → 25, 产值 100万元/人 → 15,
    能耗 800 / 2000 = 0.4 → 0.5 → 10, no R&D → 0. So 65 (B), 80 (A), 86 (A), 86 …"""
    made = [EnterpriseFactory(park=park, name=f"企业{n:03d}", land_mu=10, employees=20)
            for n in range(start, start + count)]
    record(park, DECEMBER, {enterprise: {"tax": 50 * (n + 1), "revenue": 2000, "output": 2000, "energy": 800,
                                         "rnd": 0} for n, enterprise in enumerate(made, start=start)})


@pytest.fixture
def scheme(park):
    return hand_worked_scheme(park)


def names(page: str) -> list[str]:
    """The enterprises of the results table, top to bottom."""
    return re.findall(r'<a href="/economy/permu/\d+/\d+/">([^<]+)</a>', page)


# --- who may ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.LEADER, Role.VIEWER, Role.REPORTER])
def test_every_reader_of_the_economy_sees_the_evaluation(scheme, role):
    user = UserFactory(username=f"u_{role}", role=role)

    assert logged_in(user).get(LIST, {"year": YEAR}).status_code == 200


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN])
def test_the_three_administrators_see_no_evaluation(scheme, role):
    admin = UserFactory(username=f"admin_{role}", role=role)

    for url in (LIST, reverse("economy:cultivation"), EXPORT):
        assert logged_in(admin).get(url, {"year": YEAR}).status_code == 403


def test_a_leader_may_read_but_neither_recompute_nor_edit_the_scheme(scheme, leader):
    fill(scheme.park, 2)
    client = logged_in(leader)

    page = client.get(LIST, {"year": YEAR}).content.decode()

    assert "重新计算" not in page and "评价方案</a>" not in page
    assert client.post(LIST, {"year": YEAR, "action": "recompute"}).status_code == 403
    assert client.get(SCHEME, {"year": YEAR}).status_code == 403
    assert not EvaluationResult.objects.exists()


# --- the list ---------------------------------------------------------------------------------------


def test_without_a_scheme_the_supervisor_is_offered_the_default_one(park, supervisor):
    client = logged_in(supervisor)

    page = client.get(LIST, {"year": YEAR}).content.decode()
    assert "2024年度还没有亩均评价方案" in page and "亩均税收40分（基准15万元/亩）" in page

    response = client.post(LIST, {"year": YEAR, "action": "create_scheme"})

    assert response["Location"] == f"{SCHEME}?year={YEAR}"
    assert EvaluationScheme.objects.get(park=park, year=YEAR).metrics.count() == 5


def test_recompute_fills_the_list_by_score_with_the_class_counts(scheme, supervisor):
    fill(scheme.park, 3)
    client = logged_in(supervisor)

    response = client.post(LIST, {"year": YEAR, "action": "recompute"}, follow=True)

    page = response.content.decode()
    assert "已重新计算：2024年度共评价3家企业：A类2家、B类1家、C类0家、D类0家、T类0家" in page
    assert 'data-grade="A">2<' in page and 'data-grade="B">1<' in page and 'data-grade="T">0<' in page
    assert names(page) == ["企业002", "企业001", "企业000"]
    assert AuditEntry.objects.filter(object_type="亩均评价结果", action=AuditAction.UPDATE).count() == 1


def test_the_list_is_sorted_by_score_with_those_not_rated_last(scheme, supervisor):
    park = scheme.park
    fill(park, 3)
    EnterpriseFactory(park=park, name="没有用地的企业", land_mu=None)
    permu.recompute(scheme=scheme, user=supervisor)

    page = logged_in(supervisor).get(LIST, {"year": YEAR}).content.decode()

    assert names(page) == ["企业002", "企业001", "企业000", "没有用地的企业"]
    assert re.search(r"企业002</a></td>.*?86\.00", page, re.S)
    assert "未登记用地面积" in page
    assert '<span class="badge text-bg-secondary" title="T类（暂不评价）">T类</span>' in page


def test_the_list_makes_the_same_number_of_queries_for_5_and_60_enterprises(scheme, supervisor,
                                                                            django_assert_max_num_queries):
    client = logged_in(supervisor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(LIST, {"year": YEAR})
        assert response.status_code == 200
        return len(captured)

    fill(scheme.park, 5)
    permu.recompute(scheme=scheme, user=supervisor)
    with django_assert_max_num_queries(LIST_QUERIES):
        few = queries()

    fill(scheme.park, 55, start=5)
    permu.recompute(scheme=scheme, user=supervisor)
    assert EvaluationResult.objects.filter(scheme=scheme).count() == 60
    with django_assert_max_num_queries(LIST_QUERIES):
        many = queries()

    assert few == many


def test_the_year_defaults_to_the_last_with_december_figures(scheme, supervisor):
    fill(scheme.park, 1)
    permu.recompute(scheme=scheme, user=supervisor)

    page = logged_in(supervisor).get(LIST).content.decode()

    assert "2024年度亩均论英雄" in page and names(page) == ["企业000"]


# --- the scheme page ------------------------------------------------------------------------------


def scheme_post(scheme, **changes) -> dict:
    """The scheme page's form as it comes, with `changes` (field name → value) on top."""
    data = {"year": scheme.year, "a_min": "80", "b_min": "60", "c_min": "40", "min_land_mu": "3"}
    metrics = permu.ordered_metrics(scheme.metrics.all())
    data |= {"metrics-TOTAL_FORMS": str(len(metrics) + 1), "metrics-INITIAL_FORMS": str(len(metrics)),
             "metrics-MIN_NUM_FORMS": "0", "metrics-MAX_NUM_FORMS": "1000"}
    for index, metric in enumerate(metrics):
        data |= {f"metrics-{index}-id": str(metric.pk), f"metrics-{index}-scheme": str(scheme.pk),
                 f"metrics-{index}-code": metric.code, f"metrics-{index}-weight": str(metric.weight),
                 f"metrics-{index}-benchmark": str(metric.benchmark), f"metrics-{index}-max_ratio": str(metric.max_ratio)}
        if metric.lower_is_better:
            data[f"metrics-{index}-lower_is_better"] = "on"
    data[f"metrics-{len(metrics)}-max_ratio"] = "1"  # the blank row for a new metric, as the browser sends it
    return data | changes


def test_saving_the_scheme_recomputes_the_classes(scheme, supervisor):
    fill(scheme.park, 3)
    permu.recompute(scheme=scheme, user=supervisor)
    client = logged_in(supervisor)

    # Raise the A line to 90: the 80 and 86 of 企业001 and 企业002 fall to B, with 企业000's 65.
    response = client.post(SCHEME, scheme_post(scheme, a_min="90"), follow=True)

    page = response.content.decode()
    assert "已保存评价方案并重新计算" in page
    assert set(EvaluationResult.objects.filter(scheme=scheme).values_list("grade", flat=True)) == {"B"}


def test_the_scheme_page_refuses_bounds_out_of_order_in_chinese(scheme, supervisor):
    response = logged_in(supervisor).post(SCHEME, scheme_post(scheme, a_min="50"))

    assert "类别分数线应满足：A类最低分 &gt; B类最低分 &gt; C类最低分。" in response.content.decode()
    assert EvaluationScheme.objects.get(pk=scheme.pk).a_min == 80


def test_the_scheme_page_refuses_a_weight_of_zero_and_a_metric_twice(scheme, supervisor):
    client = logged_in(supervisor)

    zero = client.post(SCHEME, scheme_post(scheme, **{"metrics-0-weight": "0"})).content.decode()
    twice = client.post(SCHEME, scheme_post(scheme, **{"metrics-5-code": "tax_per_mu", "metrics-5-weight": "5",
                                                       "metrics-5-benchmark": "1", "metrics-5-max_ratio": "1"}))

    assert "权重必须大于0。" in zero
    assert "指标“亩均税收（万元/亩）”重复，每项指标只能设置一次。" in twice.content.decode()
    assert scheme.metrics.count() == 5


def test_a_scheme_keeps_at_least_one_metric(scheme, supervisor):
    every_one_deleted = {f"metrics-{index}-DELETE": "on" for index in range(5)}

    response = logged_in(supervisor).post(SCHEME, scheme_post(scheme, **every_one_deleted))

    assert "评价方案至少需要一项指标。" in response.content.decode()
    assert scheme.metrics.count() == 5


def test_weights_not_summing_to_100_are_saved_with_a_warning(scheme, supervisor):
    response = logged_in(supervisor).post(SCHEME, scheme_post(scheme, **{"metrics-0-weight": "25"}), follow=True)

    assert "各项指标权重合计为95分，通常应为100分，请确认。" in response.content.decode()
    assert scheme.metrics.get(code="tax_per_mu").weight == 25


# --- the scorecard and the class list ----------------------------------------------------------------


def test_the_scorecard_shows_how_the_score_was_built(scheme, supervisor):
    park = scheme.park
    # 税收 150 / 10亩 = 15 → 1.5, capped 1.2 → 36; 营业收入 2000 / 10 = 200 → 1 → 25;
    # 产值 2000 / 20人 = 100 → 1 → 15; 能耗 400 / 2000 = 0.2 → 1 → 20; 研发 60 / 2000 = 3% → 1 → 10. 106 → A.
    shop = EnterpriseFactory(park=park, name="江西德安装备一厂", land_mu=10, employees=20)
    record(park, DECEMBER, {shop: {"tax": 150, "revenue": 2000, "output": 2000, "energy": 400, "rnd": 60}})
    permu.recompute(scheme=scheme, user=supervisor)

    page = logged_in(supervisor).get(reverse("economy:scorecard", args=[YEAR, shop.pk])).content.decode()

    assert "A类（优先发展）" in page and "106.00分" in page
    row = re.search(r"<td>亩均税收.*?</tr>", page, re.S).group(0)
    cells = re.findall(r'<td class="text-end[^"]*">([^<]*)', row)
    assert cells[:5] == ["15.00", "10", "1.5000 ", "30", "36.00"]
    assert "封顶" in row and "比值超过1.2，按1.2计分" in row
    assert "A类 ≥ 80分，B类 ≥ 60分，C类 ≥ 40分" in page


EXPLAINED = ("总分为各项指标得分之和：单项得分 = 权重 × 实际值 ÷ 基准值（越低越好的指标为基准值 ÷ 实际值），"
             "达到基准值得满权重分，优于基准值的按比例多得，最多为权重的1.2至1.5倍（各指标的得分上限倍数）。"
             "各项权重合计100分，优于基准值的企业总分可超过100分（最高123分），并非计算错误。")


def test_a_score_over_100_is_explained_wherever_it_shows(scheme, supervisor):
    """106分 reads as an error unless the reader is told how a score is made: the scheme caps each metric at
    1.2 (研发 1.5) times its weight, so the best score 36+30+18+24+15 = 123; the park's rule, not capped at 100."""
    park = scheme.park
    shop = EnterpriseFactory(park=park, name="江西德安装备一厂", land_mu=10, employees=20)
    record(park, DECEMBER, {shop: {"tax": 150, "revenue": 2000, "output": 2000, "energy": 400, "rnd": 60}})
    permu.recompute(scheme=scheme, user=supervisor)
    client = logged_in(supervisor)

    listing = client.get(LIST, {"year": YEAR}).content.decode()
    card = client.get(reverse("economy:scorecard", args=[YEAR, shop.pk])).content.decode()
    sheet = load_workbook(BytesIO(client.get(EXPORT, {"year": YEAR}).content)).active

    assert "106.00" in listing and EXPLAINED in listing
    assert "106.00分" in card and EXPLAINED in card
    assert [row[9] for row in sheet.iter_rows(min_row=4, values_only=True) if isinstance(row[0], int)] == [106]
    assert sheet.cell(sheet.max_row, 1).value == f"说明：{EXPLAINED}"


def test_a_scheme_capped_at_the_weights_says_the_score_tops_out_at_100(scheme):
    scheme.metrics.update(max_ratio=1)

    assert permu.score_explanation(scheme).endswith("最多为权重的1倍。各项权重合计100分，总分最高100分。")


def test_a_scorecard_not_yet_computed_is_worked_out_on_the_spot(scheme, supervisor):
    shop = EnterpriseFactory(park=scheme.park, name="新入园企业", land_mu=2)

    page = logged_in(supervisor).get(reverse("economy:scorecard", args=[YEAR, shop.pk])).content.decode()

    assert "未评分" in page and "用地2亩，少于参评最小用地3亩" in page and "尚未保存" in page
    assert not EvaluationResult.objects.exists()


def test_the_class_list_downloads_with_every_metric_and_an_audit_line(scheme, supervisor):
    park = scheme.park
    fill(park, 2)
    EnterpriseFactory(park=park, name="没有用地的企业", land_mu=None)
    permu.recompute(scheme=scheme, user=supervisor)

    response = logged_in(supervisor).get(EXPORT, {"year": YEAR})

    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A1"].value == "德安高新技术产业园区2024年度亩均效益评价企业分类名单"
    header = [cell.value for cell in sheet[3]]
    assert header == ["序号", "企业名称", "统一社会信用代码", "用地\n（亩）", "亩均税收\n（万元/亩）",
                      "亩均营业收入\n（万元/亩）", "全员劳动生产率\n（万元/人）", "单位产值能耗\n（吨标准煤/万元）",
                      "研发经费占比\n（%）", "得分", "类别", "说明"]
    rows = [row for row in sheet.iter_rows(min_row=4, values_only=True) if isinstance(row[0], int)]
    first = dict(zip(header, rows[0], strict=True))
    # 企业001: tax 100 / 10亩 = 10 → 30; 200万元/亩 → 25; 100万元/人 → 15; 0.4 → 10; 0% → 0: 80 → A.
    assert first["企业名称"] == "企业001" and first["用地\n（亩）"] == 10
    assert first["亩均税收\n（万元/亩）"] == 10 and first["单位产值能耗\n（吨标准煤/万元）"] == 0.4
    assert (first["得分"], first["类别"], first["说明"]) == (80, "A", None)
    assert [row[1] for row in rows] == ["企业001", "企业000", "没有用地的企业"]
    assert rows[-1][-3:] == (None, "T", "未登记用地面积")
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_type="亩均评价分类名单").count() == 1


def test_no_class_list_before_the_first_computation(scheme, supervisor):
    response = logged_in(supervisor).get(EXPORT, {"year": YEAR}, follow=True)

    assert "2024年度还没有评价结果，请先重新计算。" in response.content.decode()


def test_the_list_page_links_each_enterprise_to_its_scorecard(scheme, supervisor):
    fill(scheme.park, 1)
    permu.recompute(scheme=scheme, user=supervisor)
    enterprise = EvaluationResult.objects.get().enterprise

    page = logged_in(supervisor).get(LIST, {"year": YEAR}).content.decode()

    assert reverse("economy:scorecard", args=[YEAR, enterprise.pk]) in page
