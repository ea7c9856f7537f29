"""亩均论英雄 worked by hand: a scheme with round weights and benchmarks, eight enterprises whose figures
make the arithmetic easy to follow, and the classes they must get (A, B, C, D and four kinds of T).

The scheme of the example (2024):
    亩均税收           30分  基准 10 万元/亩          上限1.2倍
    亩均营业收入       25分  基准 200 万元/亩         上限1.2倍
    全员劳动生产率     15分  基准 100 万元/人         上限1.2倍
    单位产值能耗       20分  基准 0.2 吨标准煤/万元   越低越好，上限1.2倍
    研发经费占比       10分  基准 3 %                 上限1.5倍
    A ≥ 80, B ≥ 60, C ≥ 40, otherwise D; under 3亩 of land → T.
"""

import json
from datetime import date
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from parkops.core.models import AuditAction, AuditEntry
from parkops.economy import permu
from parkops.economy.choices import Grade, MetricCode
from parkops.economy.models import EvaluationMetric, EvaluationResult, EvaluationScheme
from parkops.economy.tests.economy_data import record
from parkops.org.models import Park
from parkops.testing.factories import EnterpriseFactory

YEAR = 2024
DECEMBER, NOVEMBER = date(YEAR, 12, 1), date(YEAR, 11, 1)


def hand_worked_scheme(park) -> EvaluationScheme:
    scheme = EvaluationScheme.objects.create(park=park, year=YEAR, a_min=80, b_min=60, c_min=40, min_land_mu=3)
    for code, weight, benchmark, lower, cap in (
        (MetricCode.TAX_PER_MU, 30, "10", False, "1.2"),
        (MetricCode.REVENUE_PER_MU, 25, "200", False, "1.2"),
        (MetricCode.OUTPUT_PER_EMPLOYEE, 15, "100", False, "1.2"),
        (MetricCode.ENERGY_PER_OUTPUT, 20, "0.2", True, "1.2"),
        (MetricCode.RND_SHARE, 10, "3", False, "1.5"),
    ):
        EvaluationMetric.objects.create(scheme=scheme, code=code, weight=weight, benchmark=Decimal(benchmark),
                                        lower_is_better=lower, max_ratio=Decimal(cap))
    return scheme


@pytest.fixture
def example(park):
    """The eight enterprises of the example, by their short names, and the scheme."""
    made = {
        "甲": EnterpriseFactory(park=park, name="甲精密制造有限公司", land_mu=20, employees=100),
        "乙": EnterpriseFactory(park=park, name="乙新材料有限公司", land_mu=10, employees=80),
        "丙": EnterpriseFactory(park=park, name="丙纺织有限公司", land_mu=5, employees=20),
        "丁": EnterpriseFactory(park=park, name="丁机械有限公司", land_mu=8, employees=10),
        "戊": EnterpriseFactory(park=park, name="戊电子有限公司", land_mu=2, employees=50),
        "己": EnterpriseFactory(park=park, name="己科技有限公司", land_mu=None, employees=50),
        "庚": EnterpriseFactory(park=park, name="庚铜业有限公司", land_mu=12, employees=60),
        "辛": EnterpriseFactory(park=park, name="辛化工有限公司", land_mu=6, employees=30),
    }
    full = {"tax": 300, "revenue": 3000, "output": 9000, "energy": 900, "rnd": 60}
    record(park, DECEMBER, {
        made["甲"]: full,
        # 从业人员 reported in December (40) wins over the registry's 80.
        made["乙"]: {"tax": 80, "revenue": 1500, "output": 2000, "energy": 500, "rnd": 45, "employees": 40},
        # Reports 主营业务收入 only: it stands for 营业收入.
        made["丙"]: {"tax": 20, "main_revenue": 500, "output": 1000, "energy": 400, "rnd": 0},
        made["丁"]: {"tax": 0, "revenue": 400, "output": 300, "energy": 0, "rnd": 4},
        made["戊"]: full,
        made["己"]: full,
        made["辛"]: {"tax": 60, "revenue": 1200, "output": 1500, "rnd": 30},  # no 综合能耗
    })
    record(park, NOVEMBER, {made["庚"]: full})  # 1-11月 only: December never came
    return made, hand_worked_scheme(park)


def by_name(evaluations, made) -> dict[str, permu.Evaluation]:
    short = {enterprise.pk: name for name, enterprise in made.items()}
    return {short[evaluation.enterprise.pk]: evaluation for evaluation in evaluations}


def points(evaluation) -> list[Decimal]:
    return [metric.points for metric in evaluation.metrics]


def test_the_hand_worked_example_gets_its_classes(example):
    made, scheme = example

    results = by_name(permu.evaluate(scheme=scheme), made)

    assert {name: (e.grade, e.score) for name, e in results.items()} == {
        "甲": (Grade.A, Decimal("98.92")),
        "乙": (Grade.B, Decimal("76.25")),
        "丙": (Grade.C, Decimal("42.00")),
        "丁": (Grade.D, Decimal("38.08")),
        "戊": (Grade.T, None),
        "己": (Grade.T, None),
        "庚": (Grade.T, None),
        "辛": (Grade.T, None),
    }


def test_an_a_with_capped_ratios_worked_by_hand(example):
    made, scheme = example

    jia = by_name(permu.evaluate(scheme=scheme), made)["甲"]

    # 税收 300万 / 20亩 = 15万元/亩; ÷ 基准10 = 1.5, capped at 1.2 → 30 × 1.2 = 36
    # 营业收入 3000万 / 20亩 = 150万元/亩; ÷ 200 = 0.75 → 25 × 0.75 = 18.75
    # 产值 9000万 / 100人 (the registry's headcount: no December figure) = 90万元/人; ÷ 100 = 0.9 → 15 × 0.9 = 13.5
    # 能耗 900吨 / 9000万 = 0.1吨/万元, less is better: 0.2 ÷ 0.1 = 2, capped at 1.2 → 20 × 1.2 = 24
    # 研发 60万 / 3000万 = 2%; ÷ 3 = 0.6667 → 10 × 0.6667 = 6.666… → 6.67 (half-up)
    # 36 + 18.75 + 13.5 + 24 + 6.67 = 98.92 ≥ 80 → A
    assert points(jia) == [Decimal("36.00"), Decimal("18.75"), Decimal("13.50"), Decimal("24.00"), Decimal("6.67")]
    assert [m.capped for m in jia.metrics] == [True, False, False, True, False]
    tax, *_, rnd = jia.details
    assert tax == {"code": "tax_per_mu", "label": "亩均税收", "unit": "万元/亩", "value": "15.00", "benchmark": "10",
                   "lower_is_better": False, "ratio": "1.5000", "max_ratio": "1.2", "weight": "30",
                   "points": "36.00", "capped": True, "note": "比值超过1.2，按1.2计分",
                   "basis": "税收300万元 ÷ 用地面积20亩"}
    assert (rnd["value"], rnd["ratio"], rnd["points"]) == ("2.00", "0.6667", "6.67")


def test_a_b_worked_by_hand_takes_the_december_headcount(example):
    made, scheme = example

    yi = by_name(permu.evaluate(scheme=scheme), made)["乙"]

    # 税收 80 / 10亩 = 8 → 0.8 → 24
    # 营业收入 1500 / 10 = 150 → 0.75 → 18.75
    # 产值 2000 / 40人 (December's 从业人员, not the registry's 80) = 50 → 0.5 → 7.5
    # 能耗 500 / 2000 = 0.25吨/万元: 0.2 ÷ 0.25 = 0.8 → 16
    # 研发 45 / 1500 = 3% → 1.0 → 10
    # 24 + 18.75 + 7.5 + 16 + 10 = 76.25: ≥ 60, < 80 → B
    assert points(yi) == [Decimal("24.00"), Decimal("18.75"), Decimal("7.50"), Decimal("16.00"), Decimal("10.00")]
    assert (yi.details[2]["value"], yi.details[2]["basis"]) == ("50.00", "工业总产值2000万元 ÷ 从业人员40人")
    assert yi.details[3]["value"] == "0.2500"  # energy per output is printed to four decimals


def test_a_c_worked_by_hand_with_main_revenue_and_no_rnd(example):
    made, scheme = example

    bing = by_name(permu.evaluate(scheme=scheme), made)["丙"]

    # 税收 20 / 5亩 = 4 → 0.4 → 12
    # 主营业务收入 500 / 5 = 100 → 0.5 → 12.5
    # 产值 1000 / 20人 = 50 → 0.5 → 7.5
    # 能耗 400 / 1000 = 0.4: 0.2 ÷ 0.4 = 0.5 → 10
    # 研发 0 → 0% → 0 (a zero value earns nothing)
    # 12 + 12.5 + 7.5 + 10 + 0 = 42: ≥ 40, < 60 → C
    assert points(bing) == [Decimal("12.00"), Decimal("12.50"), Decimal("7.50"), Decimal("10.00"), Decimal("0.00")]
    assert (bing.details[1]["value"], bing.details[1]["basis"]) == ("100.00", "主营业务收入500万元 ÷ 用地面积5亩")


def test_a_d_worked_by_hand_where_no_energy_earns_the_cap(example):
    made, scheme = example

    ding = by_name(permu.evaluate(scheme=scheme), made)["丁"]

    # 税收 0 → 0 → 0
    # 营业收入 400 / 8亩 = 50 → 0.25 → 6.25
    # 产值 300 / 10人 = 30 → 0.3 → 4.5
    # 能耗 0 / 300 = 0: less is better and nothing used earns the cap, 1.2 → 20 × 1.2 = 24
    # 研发 4 / 400 = 1%; ÷ 3 = 0.3333 → 3.333… → 3.33
    # 0 + 6.25 + 4.5 + 24 + 3.33 = 38.08 < 40 → D
    assert points(ding) == [Decimal("0.00"), Decimal("6.25"), Decimal("4.50"), Decimal("24.00"), Decimal("3.33")]
    assert ding.details[3]["note"] == "实际值为0，按上限计分"


def test_not_rated_enterprises_say_why(example):
    made, scheme = example

    results = by_name(permu.evaluate(scheme=scheme), made)

    assert results["戊"].reason == "用地2亩，少于参评最小用地3亩"
    assert results["己"].reason == "未登记用地面积"
    assert results["庚"].reason == "缺少2024年全年（1-12月）数据，最近报送至1-11月"
    assert results["辛"].reason == "缺少2024年全年数据：综合能耗"
    # What 辛 did report is kept for the scorecard, but nothing is scored.
    assert results["辛"].details[0]["value"] == "10.00"
    assert all(item["points"] is None for item in results["辛"].details)
    assert results["辛"].details[3]["note"] == "缺少综合能耗"


def test_inactive_enterprises_are_not_rated(example, park):
    made, scheme = example
    gone = EnterpriseFactory(park=park, name="已注销企业", land_mu=30, is_active=False)
    record(park, DECEMBER, {gone: {"tax": 500, "revenue": 5000, "output": 5000, "energy": 10, "rnd": 300}})

    rated = {evaluation.enterprise.pk for evaluation in permu.evaluate(scheme=scheme)}

    assert gone.pk not in rated and len(rated) == 8


@pytest.mark.parametrize(("score", "grade"), [
    ("80.00", Grade.A), ("79.99", Grade.B), ("60.00", Grade.B), ("59.99", Grade.C), ("40.00", Grade.C),
    ("39.99", Grade.D), ("0.00", Grade.D),
])
def test_a_score_on_a_bound_takes_the_higher_class(score, grade):
    scheme = EvaluationScheme(a_min=80, b_min=60, c_min=40)

    assert permu.grade_for(Decimal(score), scheme) == grade


def test_recompute_stores_the_results_with_one_audit_line(example, supervisor):
    made, scheme = example

    outcome = permu.recompute(scheme=scheme, user=supervisor)

    assert outcome.counts == {"A": 1, "B": 1, "C": 1, "D": 1, "T": 4}
    stored = {r.enterprise_id: r for r in EvaluationResult.objects.filter(scheme=scheme)}
    assert (stored[made["甲"].pk].grade, stored[made["甲"].pk].score) == (Grade.A, Decimal("98.92"))
    assert stored[made["庚"].pk].reason.startswith("缺少2024年全年")
    lines = AuditEntry.objects.filter(object_type="亩均评价结果")
    assert [(line.action, line.username, line.detail) for line in lines] == [
        (AuditAction.UPDATE, "supervisor", "2024年度共评价8家企业：A类1家、B类1家、C类1家、D类1家、T类4家")]


def test_recompute_after_a_correction_updates_the_stored_class(example, park, supervisor):
    made, scheme = example
    permu.recompute(scheme=scheme, user=supervisor)

    # 丁's tax was 0 in the first sheet; the corrected one says 100万: 100 / 8亩 = 12.5 → 1.25, capped → 36.
    # 38.08 + 36 = 74.08 → B.
    record(park, DECEMBER, {made["丁"]: {"tax": 100}})
    made["戊"].is_active = False
    made["戊"].save()
    outcome = permu.recompute(scheme=scheme, user=supervisor)

    ding = EvaluationResult.objects.get(scheme=scheme, enterprise=made["丁"])
    assert (ding.grade, ding.score) == (Grade.B, Decimal("74.08"))
    assert (outcome.created, outcome.updated, outcome.removed) == (0, 7, 1)
    assert EvaluationResult.objects.filter(scheme=scheme).count() == 7


def test_the_default_scheme_holds_the_defaults(park):
    scheme = permu.create_default_scheme(park=park, year=YEAR)

    metrics = {m.code: (m.weight, m.benchmark, m.lower_is_better, m.max_ratio) for m in scheme.metrics.all()}
    assert metrics == {
        "tax_per_mu": (40, 15, False, Decimal("1.2")),
        "revenue_per_mu": (20, 300, False, Decimal("1.2")),
        "output_per_employee": (15, 100, False, Decimal("1.2")),
        "energy_per_output": (15, Decimal("0.3"), True, Decimal("1.2")),
        "rnd_share": (10, 3, False, Decimal("1.2")),
    }
    assert (scheme.a_min, scheme.b_min, scheme.c_min, scheme.min_land_mu) == (80, 60, 40, 3)


def test_the_default_year_is_the_last_with_december_figures(park):
    shop = EnterpriseFactory(park=park, land_mu=10)
    record(park, DECEMBER, {shop: {"tax": 1}})
    record(park, date(YEAR + 1, 10, 1), {shop: {"tax": 1}})

    assert permu.default_year(park, date(YEAR + 1, 11, 20)) == YEAR
    assert permu.default_year(Park.objects.create(name="新园区"), date(YEAR + 1, 11, 20)) == YEAR


# --- the command ------------------------------------------------------------------------------------


def test_the_command_stores_the_results_and_prints_them_as_json(example):
    made, scheme = example
    out = StringIO()

    call_command("evaluate_permu", "--year", str(YEAR), "--json", stdout=out)

    data = json.loads(out.getvalue())
    assert data["counts"] == {"A": 1, "B": 1, "C": 1, "D": 1, "T": 4}
    assert data["results"][0] == {"name": "甲精密制造有限公司", "credit_code": made["甲"].credit_code,
                                  "score": "98.92", "grade": "A", "reason": ""}
    assert EvaluationResult.objects.filter(scheme=scheme).count() == 8
    assert AuditEntry.objects.get(object_type="亩均评价结果").username == "命令行"


def test_the_command_exports_the_class_list(example, tmp_path):
    output = tmp_path / "分类名单.xlsx"

    call_command("evaluate_permu", "--year", str(YEAR), "-o", str(output), stdout=StringIO())

    sheet = load_workbook(BytesIO(output.read_bytes())).active
    rows = [row for row in sheet.iter_rows(min_row=4, values_only=True) if isinstance(row[0], int)]
    classes = [(row[1], row[-2]) for row in rows]
    assert classes[:4] == [("甲精密制造有限公司", "A"), ("乙新材料有限公司", "B"), ("丙纺织有限公司", "C"),
                           ("丁机械有限公司", "D")]
    assert sorted(classes[4:]) == sorted([("戊电子有限公司", "T"), ("己科技有限公司", "T"), ("庚铜业有限公司", "T"),
                                          ("辛化工有限公司", "T")])
    assert sheet.cell(sheet.max_row, 1).value.startswith("说明：总分为各项指标得分之和")
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_type="亩均评价分类名单").count() == 1


def test_the_command_without_a_scheme_asks_for_one(park):
    with pytest.raises(CommandError, match="--create-scheme"):
        call_command("evaluate_permu", "--year", str(YEAR), stdout=StringIO())

    call_command("evaluate_permu", "--year", str(YEAR), "--create-scheme", stdout=StringIO(), stderr=StringIO())

    assert EvaluationScheme.objects.get(park=park, year=YEAR).metrics.count() == 5
