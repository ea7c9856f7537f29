"""亩均论英雄: how an enterprise's year is scored and classed. The one home of the per-mu rules; the
evaluation page, the scorecard, the class list, the `evaluate-permu` command and the reports all call it.

Who is rated: every active enterprise of the park, 规上 and 规下 alike, since per-mu evaluation is about
the land an enterprise holds, not its size; each is scored with the figures it reports. An enterprise
is T (暂不评价) when its land is not registered or is less than the scheme's min_land_mu, or when a
figure one of the scheme's metrics needs is missing; the reason names what is missing.

Annual figures are the December 本年累计 (1-12月) of the indicators. Annual evaluation is done on
full-year data: an enterprise whose December figures are missing is T ("缺少全年数据") with the last
month it did report, never rated on 1-10月 against a full-year benchmark, which would class it down.
The figures are the current ones (corrections after a month's close included): the stored results are
the evaluation's own snapshot, taken when someone recomputes.

Metric values: tax, revenue (营业收入, or 主营业务收入 where an enterprise reports only that) and value
added per mu of land; output per employee (December's 从业人员, or the registry's headcount); energy
(吨标准煤) per 万元 of output; R&D as a share of revenue, in %.

Score of a metric = weight × min(ratio, max_ratio), ratio = value ÷ benchmark, or benchmark ÷ value
where less is better (energy per output); a zero value of such a metric earns the cap, and a negative
value earns nothing. Where the value cannot be formed because the enterprise produced nothing (output
or revenue 0) the metric earns nothing. Each metric's points are rounded to two decimals half-up and
the total is their sum, so the scorecard adds up as printed. Class: score ≥ a_min → A, ≥ b_min → B,
≥ c_min → C, otherwise D.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from openpyxl.styles import Alignment
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from parkops.core import audit, officesheet
from parkops.core.formatting import plain_number, round2
from parkops.core.models import AuditAction
from parkops.core.periods import cumulative_label
from parkops.economy.catalogue import CATALOGUE
from parkops.economy.choices import Grade, MetricCode
from parkops.economy.models import (
    Enterprise,
    EvaluationMetric,
    EvaluationResult,
    EvaluationScheme,
    IndicatorValue,
)
from parkops.org.models import Park

# Where a metric's figures come from: an indicator code, or one of these.
LAND = "land"
EMPLOYEES = "employees"
REVENUE = "revenue"  # 营业收入, or 主营业务收入 when only that is reported
SOURCE_NAMES = {LAND: "用地面积", EMPLOYEES: "从业人员", REVENUE: "营业收入"}
INDICATOR_NAMES = {entry.code: entry.name for entry in CATALOGUE}
SOURCE_UNITS = {entry.code: entry.unit for entry in CATALOGUE} | {LAND: "亩", EMPLOYEES: "人", REVENUE: "万元"}


@dataclass(frozen=True)
class MetricRule:
    label: str
    unit: str
    numerator: str
    denominator: str
    factor: Decimal = Decimal(1)
    places: int = 2  # how many decimals the value is printed with


METRIC_RULES: dict[str, MetricRule] = {
    MetricCode.TAX_PER_MU: MetricRule("亩均税收", "万元/亩", "tax", LAND),
    MetricCode.REVENUE_PER_MU: MetricRule("亩均营业收入", "万元/亩", REVENUE, LAND),
    MetricCode.VALUE_ADDED_PER_MU: MetricRule("亩均工业增加值", "万元/亩", "value_added", LAND),
    MetricCode.OUTPUT_PER_EMPLOYEE: MetricRule("全员劳动生产率", "万元/人", "output", EMPLOYEES),
    # 0.3 吨标准煤/万元 and its neighbours differ in the third decimal.
    MetricCode.ENERGY_PER_OUTPUT: MetricRule("单位产值能耗", "吨标准煤/万元", "energy", "output", places=4),
    MetricCode.RND_SHARE: MetricRule("研发经费占比", "%", "rnd", REVENUE, factor=Decimal(100)),
}
INDICATOR_CODES = ("tax", "revenue", "main_revenue", "value_added", "output", "energy", "rnd", "employees")


@dataclass(frozen=True)
class MetricDefault:
    code: str
    weight: Decimal
    benchmark: Decimal
    lower_is_better: bool = False


# The scheme a park starts from; each county sets its own afterwards on the scheme page.
DEFAULT_METRICS = (
    MetricDefault(MetricCode.TAX_PER_MU, Decimal(40), Decimal(15)),
    MetricDefault(MetricCode.REVENUE_PER_MU, Decimal(20), Decimal(300)),
    MetricDefault(MetricCode.OUTPUT_PER_EMPLOYEE, Decimal(15), Decimal(100)),
    MetricDefault(MetricCode.ENERGY_PER_OUTPUT, Decimal(15), Decimal("0.3"), lower_is_better=True),
    MetricDefault(MetricCode.RND_SHARE, Decimal(10), Decimal(3)),
)
DEFAULT_MAX_RATIO = Decimal("1.2")
DEFAULT_BOUNDS = {"a_min": Decimal(80), "b_min": Decimal(60), "c_min": Decimal(40), "min_land_mu": Decimal(3)}
GRADE_ORDER = [Grade.A, Grade.B, Grade.C, Grade.D, Grade.T]
_RATIO_PLACES = Decimal("0.0001")


def _quantize(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def ordered_metrics(metrics: Iterable[EvaluationMetric]) -> list[EvaluationMetric]:
    """A scheme's metrics in the catalogue's order (tax first), whatever order they were added in."""
    return sorted(metrics, key=lambda metric: MetricCode.values.index(metric.code))


# --- the year's figures ----------------------------------------------------------------------------


@dataclass
class AnnualFigures:
    """What an enterprise reported for a year: December's 1-12月 figures, and its last month."""

    enterprise: Enterprise
    year: int
    december: dict[str, Decimal] = field(default_factory=dict)
    latest_period: date | None = None

    def source(self, name: str) -> Decimal | None:
        if name == LAND:
            return self.enterprise.rated_land_mu
        if name == EMPLOYEES:
            headcount = self.december.get("employees") or self.enterprise.employees
            return Decimal(headcount) if headcount else None
        if name == REVENUE:
            return self.december.get("revenue", self.december.get("main_revenue"))
        return self.december.get(name)

    def source_name(self, name: str) -> str:
        if name == REVENUE and "revenue" not in self.december and "main_revenue" in self.december:
            return INDICATOR_NAMES["main_revenue"]
        return SOURCE_NAMES.get(name) or INDICATOR_NAMES[name]


def annual_figures(enterprises: list[Enterprise], year: int, *, park: Park | None = None) -> dict[int, AnnualFigures]:
    """Each enterprise's figures for the year, in one query however many there are: the park's
    figures when the enterprises are the park's, theirs alone otherwise."""
    figures = {enterprise.pk: AnnualFigures(enterprise, year) for enterprise in enterprises}
    december = date(year, 12, 1)
    values = IndicatorValue.objects.filter(
        period__gte=date(year, 1, 1), period__lte=december, indicator__code__in=INDICATOR_CODES,
    ).values_list("enterprise_id", "indicator__code", "period", "cumulative")
    values = values.filter(enterprise__park=park) if park is not None else values.filter(
        enterprise_id__in=list(figures))
    for enterprise_id, code, period, cumulative in values:
        annual = figures.get(enterprise_id)
        if annual is None:
            continue
        if annual.latest_period is None or period > annual.latest_period:
            annual.latest_period = period
        if period == december:
            annual.december[code] = cumulative
    return figures


# --- the score --------------------------------------------------------------------------------------


@dataclass
class MetricScore:
    code: str
    label: str
    unit: str
    value: Decimal | None
    benchmark: Decimal
    weight: Decimal
    lower_is_better: bool
    max_ratio: Decimal
    ratio: Decimal | None = None
    points: Decimal | None = None
    capped: bool = False
    note: str = ""
    basis: str = ""  # the figures the value is made of: "税收300万元 ÷ 用地面积20亩"

    def as_json(self) -> dict:
        places = METRIC_RULES[self.code].places
        return {
            "code": self.code, "label": self.label, "unit": self.unit,
            "value": None if self.value is None else str(_quantize(self.value, places)),
            "benchmark": plain_number(self.benchmark), "lower_is_better": self.lower_is_better,
            "ratio": None if self.ratio is None else str(self.ratio.quantize(_RATIO_PLACES, ROUND_HALF_UP)),
            "max_ratio": plain_number(self.max_ratio), "weight": plain_number(self.weight),
            "points": None if self.points is None else str(self.points), "capped": self.capped, "note": self.note,
            "basis": self.basis,
        }


@dataclass
class Evaluation:
    enterprise: Enterprise
    grade: str
    score: Decimal | None
    reason: str
    metrics: list[MetricScore]
    latest_period: date | None

    @property
    def details(self) -> list[dict]:
        return [metric.as_json() for metric in self.metrics]


def grade_for(score: Decimal, scheme: EvaluationScheme) -> str:
    if score >= scheme.a_min:
        return Grade.A
    if score >= scheme.b_min:
        return Grade.B
    if score >= scheme.c_min:
        return Grade.C
    return Grade.D


def _names(sources: Iterable[str]) -> list[str]:
    return [SOURCE_NAMES.get(source) or INDICATOR_NAMES.get(source, source) for source in sources]


def _metric_score(metric: EvaluationMetric, figures: AnnualFigures) -> tuple[MetricScore, list[str]]:
    """The metric's value, ratio and points, or the sources it misses."""
    rule = METRIC_RULES[metric.code]
    score = MetricScore(metric.code, rule.label, rule.unit, None, metric.benchmark, metric.weight,
                        metric.lower_is_better, metric.max_ratio)
    numerator, denominator = figures.source(rule.numerator), figures.source(rule.denominator)
    missing = [name for name, amount in ((rule.numerator, numerator), (rule.denominator, denominator))
               if amount is None]
    if missing:
        score.note = f"缺少{'、'.join(_names(missing))}"
        return score, missing
    score.basis = " ÷ ".join(f"{figures.source_name(name)}{plain_number(Decimal(amount))}{SOURCE_UNITS[name]}"
                             for name, amount in ((rule.numerator, numerator), (rule.denominator, denominator)))
    if denominator == 0:
        # Output or revenue of 0: the enterprise produced nothing, and nothing is earned for it.
        score.ratio, score.points = Decimal(0), Decimal("0.00")
        score.note = f"{_names([rule.denominator])[0]}为0，本项不得分"
        return score, []
    score.value = numerator / denominator * rule.factor
    cap = metric.max_ratio
    if score.value < 0:
        score.ratio = Decimal(0)
    elif metric.lower_is_better and score.value == 0:
        score.ratio, score.capped, score.note = cap, True, "实际值为0，按上限计分"
    elif metric.lower_is_better:
        score.ratio = metric.benchmark / score.value
    else:
        score.ratio = score.value / metric.benchmark
    if score.ratio > cap:
        # The ratio stays as it is on the scorecard; the points stop at the cap.
        score.capped, score.note = True, f"比值超过{plain_number(cap)}，按{plain_number(cap)}计分"
    score.points = round2(metric.weight * min(score.ratio, cap))
    return score, []


def evaluate_enterprise(figures: AnnualFigures, *, scheme: EvaluationScheme,
                        metrics: list[EvaluationMetric]) -> Evaluation:
    """The one rule that scores and classes an enterprise's year."""
    enterprise, year = figures.enterprise, scheme.year
    scores, missing = [], []
    for metric in ordered_metrics(metrics):
        score, lacking = _metric_score(metric, figures)
        scores.append(score)
        missing.extend(source for source in lacking if source not in missing)

    def not_rated(reason: str) -> Evaluation:
        # The values are worth showing (what the enterprise did report); points are not, as nothing is scored.
        for score in scores:
            if score.points is not None:
                score.ratio, score.points, score.capped, score.note = None, None, False, ""
        return Evaluation(enterprise, Grade.T, None, reason, scores, figures.latest_period)

    land = enterprise.rated_land_mu
    if land is None:
        return not_rated("未登记用地面积")
    if land < scheme.min_land_mu:
        return not_rated(f"用地{plain_number(Decimal(land))}亩，少于参评最小用地{plain_number(Decimal(scheme.min_land_mu))}亩")
    if not figures.december:
        latest = figures.latest_period
        since = f"，最近报送至{cumulative_label(latest)}" if latest else "，本年度无报送数据"
        return not_rated(f"缺少{year}年全年（1-12月）数据{since}")
    if missing:
        return not_rated(f"缺少{year}年全年数据：{'、'.join(_names(missing))}")
    total = sum((score.points for score in scores), Decimal("0.00"))
    return Evaluation(enterprise, grade_for(total, scheme), total, "", scores, figures.latest_period)


def rated_enterprises(park: Park):
    return Enterprise.objects.filter(park=park, is_active=True).order_by("name", "pk")


def evaluate(*, scheme: EvaluationScheme, enterprises: Iterable[Enterprise] | None = None) -> list[Evaluation]:
    """Score the scheme's year for the park's enterprises (or the ones given), reading the figures once."""
    whole_park = enterprises is None
    enterprises = list(rated_enterprises(scheme.park) if whole_park else enterprises)
    metrics = list(scheme.metrics.all())
    figures = annual_figures(enterprises, scheme.year, park=scheme.park if whole_park else None)
    return [evaluate_enterprise(figures[e.pk], scheme=scheme, metrics=metrics) for e in enterprises]


def grade_counts(grades: Iterable[str]) -> dict[str, int]:
    counted = Counter(grades)
    return {grade: counted.get(grade, 0) for grade in GRADE_ORDER}


def latest_grade_counts(park: Park) -> dict:
    """The latest evaluation's count per class (A … T), for the dashboard's bar; empty before any."""
    scheme = EvaluationScheme.objects.filter(park=park, results__isnull=False).order_by("-year").first()
    if scheme is None:
        return {}
    counts = grade_counts(scheme.results.values_list("grade", flat=True))
    return {"year": scheme.year, "labels": [Grade(g).label for g in counts], "counts": list(counts.values())}


def counts_phrase(counts: dict[str, int]) -> str:
    """"A类3家、B类5家、C类2家、D类1家、T类4家"."""
    return "、".join(f"{grade}类{counts[grade]}家" for grade in GRADE_ORDER)


@dataclass
class RecomputeOutcome:
    scheme: EvaluationScheme
    counts: dict[str, int]
    created: int
    updated: int
    removed: int

    def summary(self) -> str:
        return f"{self.scheme.year}年度共评价{sum(self.counts.values())}家企业：{counts_phrase(self.counts)}"


@transaction.atomic
def recompute(*, scheme: EvaluationScheme, user=None, username: str = "") -> RecomputeOutcome:
    """Score every enterprise again and store the results in bulk, with one audit line for the batch."""
    evaluations = evaluate(scheme=scheme)
    existing = {result.enterprise_id: result for result in scheme.results.all()}
    now = timezone.now()
    to_create, to_update = [], []
    for evaluation in evaluations:
        result = existing.pop(evaluation.enterprise.pk, None)
        if result is None:
            result = EvaluationResult(scheme=scheme, enterprise=evaluation.enterprise)
            to_create.append(result)
        else:
            to_update.append(result)
        result.score, result.grade, result.reason = evaluation.score, evaluation.grade, evaluation.reason[:200]
        result.details, result.computed_at = evaluation.details, now
    reason = f"重新计算{scheme.year}年度亩均评价"
    options = {"default_user": user, "default_change_reason": reason}
    if to_create:
        bulk_create_with_history(to_create, EvaluationResult, batch_size=1000, **options)
    if to_update:
        bulk_update_with_history(to_update, EvaluationResult, ["score", "grade", "reason", "details", "computed_at"],
                                 batch_size=1000, **options)
    # Enterprises no longer on the register (or moved away) keep no result.
    for result in existing.values():
        result._change_reason = reason
        result.delete()
    outcome = RecomputeOutcome(scheme, grade_counts(e.grade for e in evaluations), len(to_create), len(to_update),
                               len(existing))
    audit.record(AuditAction.UPDATE, obj=scheme, object_type="亩均评价结果", user=user, username=username,
                 detail=outcome.summary())
    return outcome


@transaction.atomic
def create_default_scheme(*, park: Park, year: int) -> EvaluationScheme:
    scheme = EvaluationScheme.objects.create(park=park, year=year, **DEFAULT_BOUNDS)
    for default in DEFAULT_METRICS:
        EvaluationMetric.objects.create(scheme=scheme, code=default.code, weight=default.weight,
                                        benchmark=default.benchmark, lower_is_better=default.lower_is_better,
                                        max_ratio=DEFAULT_MAX_RATIO)
    return scheme


def default_scheme_summary() -> str:
    """The default scheme in words, for the page that offers to create it."""
    metrics = "、".join(
        f"{METRIC_RULES[d.code].label}{d.weight}分（基准{d.benchmark}{METRIC_RULES[d.code].unit}"
        f"{'，越低越好' if d.lower_is_better else ''}）" for d in DEFAULT_METRICS)
    bounds = DEFAULT_BOUNDS
    return (f"{metrics}；单项得分最高为权重的{DEFAULT_MAX_RATIO}倍；A类≥{bounds['a_min']}分、B类≥{bounds['b_min']}分、"
            f"C类≥{bounds['c_min']}分，其余为D类；用地少于{bounds['min_land_mu']}亩的企业不参评（T类）。")


def score_explanation(scheme: EvaluationScheme, metrics: Iterable[EvaluationMetric] | None = None) -> str:
    """How a score is made and why it may pass 100, in one sentence for wherever scores show (the class
    list, the scorecard, the exported list): a score over 100 is no error. The scheme's own rule caps each
    metric's points at weight × max_ratio, not the total at 100: an enterprise better than the benchmark
    earns more than the weight, which is what ranks the best ones apart, and the class bounds are set on
    that scale."""
    metrics = list(scheme.metrics.all() if metrics is None else metrics)
    total = sum((metric.weight for metric in metrics), Decimal(0))
    highest = sum((metric.weight * max(metric.max_ratio, Decimal(1)) for metric in metrics), Decimal(0))
    ratios = sorted({metric.max_ratio for metric in metrics})
    cap = (f"{plain_number(ratios[0])}倍" if len(ratios) == 1
           else f"{plain_number(ratios[0])}至{plain_number(ratios[-1])}倍（各指标的得分上限倍数）")
    text = ("总分为各项指标得分之和：单项得分 = 权重 × 实际值 ÷ 基准值（越低越好的指标为基准值 ÷ 实际值），"
            f"达到基准值得满权重分，优于基准值的按比例多得，最多为权重的{cap}。")
    if highest > total:
        return text + (f"各项权重合计{plain_number(total)}分，优于基准值的企业总分可超过{plain_number(total)}分"
                       f"（最高{plain_number(round2(highest))}分），并非计算错误。")
    return text + f"各项权重合计{plain_number(total)}分，总分最高{plain_number(total)}分。"


def default_year(park: Park, today: date) -> int:
    """The last year with December figures: the last full year there is to evaluate."""
    latest = IndicatorValue.objects.filter(enterprise__park=park, period__month=12).aggregate(Max("period"))
    return latest["period__max"].year if latest["period__max"] else today.year - 1


# --- the class list ---------------------------------------------------------------------------------


@dataclass
class ClassListRow:
    result: EvaluationResult
    values: list[str | None]  # each metric's value as printed, in the scheme's order

    @property
    def enterprise(self) -> Enterprise:
        return self.result.enterprise


@dataclass
class ClassList:
    scheme: EvaluationScheme
    metrics: list[EvaluationMetric]
    rows: list[ClassListRow]
    counts: dict[str, int]

    @property
    def headers(self) -> list[MetricRule]:
        """Each metric's name and unit, for the columns of its values."""
        return [METRIC_RULES[metric.code] for metric in self.metrics]

    @property
    def computed_at(self):
        return max((row.result.computed_at for row in self.rows), default=None)

    def by_grade(self) -> list[ClassListRow]:
        """A first, then B, C, D and T; by score within a class."""
        return sorted(self.rows, key=lambda row: GRADE_ORDER.index(row.result.grade))


def class_list(scheme: EvaluationScheme) -> ClassList:
    """The stored results by score, T last, with each metric's value: two queries for any number."""
    metrics = ordered_metrics(scheme.metrics.all())
    results = scheme.results.select_related("enterprise").order_by(F("score").desc(nulls_last=True),
                                                                   "enterprise__name")
    rows = []
    for result in results:
        values = {item.get("code"): item.get("value") for item in result.details or ()}
        rows.append(ClassListRow(result, [values.get(metric.code) for metric in metrics]))
    return ClassList(scheme, metrics, rows, grade_counts(row.result.grade for row in rows))


_XLSX_SIZE = 11
_XLSX_LINE_HEIGHT = 15


def class_list_xlsx(listing: ClassList, *, today: date) -> bytes:
    """The class list as the committee prints it: one row an enterprise, A first, T last."""
    scheme = listing.scheme
    header = ["序号", "企业名称", "统一社会信用代码", "用地\n（亩）"]
    header += [f"{rule.label}\n（{rule.unit}）" for rule in listing.headers]
    header += ["得分", "类别", "说明"]
    widths = [6, 34, 22, 9] + [12] * len(listing.metrics) + [9, 7, 34]
    book, sheet = officesheet.new_sheet(
        "亩均评价", title=f"{scheme.park.name}{scheme.year}年度亩均效益评价企业分类名单",
        date_line=f"{counts_phrase(listing.counts)}　　日期：{today.year}年{today.month}月{today.day}日",
        header=header, widths=widths, size=_XLSX_SIZE, header_height=3 * _XLSX_LINE_HEIGHT + 6)
    formats = {4 + i: "0." + "0" * METRIC_RULES[m.code].places for i, m in enumerate(listing.metrics)}
    formats[4 + len(listing.metrics)] = "0.00"
    for number, row in enumerate(listing.by_grade(), start=1):
        result, enterprise = row.result, row.enterprise
        values = [number, enterprise.name, enterprise.credit_code,
                  None if enterprise.land_mu is None else float(enterprise.land_mu)]
        values += [None if value is None else float(Decimal(value)) for value in row.values]
        values += [None if result.score is None else float(result.score), result.grade, result.reason]
        sheet.append(values)
        line = sheet.max_row
        for index, cell in enumerate(sheet[line]):
            cell.font = officesheet.body_font(_XLSX_SIZE)
            cell.border = officesheet.BORDER
            if index in formats or index == 3:
                cell.number_format = formats.get(index, "0.00")
                cell.alignment = Alignment(horizontal="right", vertical="center")
            else:
                horizontal = "left" if index in (1, len(values) - 1) else "center"
                cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
        sheet.row_dimensions[line].height = officesheet.row_height(
            [v if isinstance(v, str) else "" for v in values], widths, line_height=_XLSX_LINE_HEIGHT)
    sheet.append([])
    sheet.append([f"说明：{score_explanation(scheme, listing.metrics)}"])
    note = sheet.max_row
    sheet.merge_cells(start_row=note, start_column=1, end_row=note, end_column=len(header))
    sheet.cell(note, 1).font = officesheet.body_font(_XLSX_SIZE)
    sheet.cell(note, 1).alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
    sheet.row_dimensions[note].height = 3 * _XLSX_LINE_HEIGHT + 6
    return officesheet.to_bytes(book, sheet, freeze="C4")
