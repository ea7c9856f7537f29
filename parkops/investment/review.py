"""入园联审: the one rule that holds a project under review against the year's entry criteria, and the
decision it suggests, criterion by criterion, each with its value, its threshold and a reason in Chinese
(as supervision.lights does for a task). The meeting page, the 会议纪要 and the tests all call assess().

The rule, in order:
1. 一票否决: the investor is a 失信被执行人, has an environmental or safety penalty not yet closed, or
   has used land illegally; or its industry is on the 负面清单. Any one → 不通过.
2. A hard shortfall → 不通过: a land project needing less than the smallest plot the park still grants
   (seed 004: 用地需求不足15亩的企业不再供地), or 投资强度 / 亩均税收 below the minimum by more than the
   margin the criteria allow.
3. Anything the rule needs and does not have (a figure not given, a veto not checked, a member
   department that has not given its opinion) → 暂缓, saying what is missing. So is a member's 不同意.
4. A small shortfall of 投资强度 or 亩均税收 (within the margin), a 容积率 or 建筑系数 below the minimum
   (the plan can be redrawn), or a member's 有条件同意 → 附条件通过, with the conditions written out.
5. 通过 otherwise.

A land project (工业用地) is held to all criteria. A leased-factory project (租赁厂房) is given no land:
投资强度, 容积率, 建筑系数 and the smallest plot do not apply; its 亩均税收 is measured on the converted
land area (折算用地) when one is given, and not judged otherwise. The 负面清单 and the vetoes apply to both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from parkops.core.formatting import plain_number
from parkops.investment.choices import Decision, Opinion, Outcome, ReviewKind

TWO = Decimal("0.01")


@dataclass(frozen=True)
class Check:
    """One criterion as the page and the minutes print it."""

    name: str
    value: str
    threshold: str
    outcome: str
    reason: str
    condition: str = ""

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label

    @property
    def colour(self) -> str:
        return OUTCOME_COLOURS[self.outcome]


OUTCOME_COLOURS = {
    Outcome.PASS: "success", Outcome.SHORT: "warning", Outcome.FAIL: "danger", Outcome.VETO: "danger",
    Outcome.MISSING: "secondary", Outcome.NOT_APPLICABLE: "light",
}


@dataclass(frozen=True)
class Assessment:
    checks: list[Check]
    suggestion: str
    reason: str
    conditions: list[str] = field(default_factory=list)

    @property
    def suggestion_label(self) -> str:
        return Decision(self.suggestion).label

    @property
    def conditions_text(self) -> str:
        return "；".join(self.conditions)


def _num(value: Decimal) -> str:
    return plain_number(Decimal(value).quantize(TWO, ROUND_HALF_UP))


def ratio_text(value: Decimal) -> str:
    """容积率 as planners write it: 1.0, 0.8, 1.25."""
    value = Decimal(value).quantize(TWO, ROUND_HALF_UP)
    return f"{value:.1f}" if value == value.quantize(Decimal("0.1")) else f"{value:.2f}"


def _shortfall(value: Decimal, minimum: Decimal, margin_pct: Decimal) -> str:
    """PASS, SHORT (below the minimum by no more than the margin) or FAIL."""
    if value >= minimum:
        return Outcome.PASS
    return Outcome.SHORT if value >= minimum * (1 - margin_pct / 100) else Outcome.FAIL


def plot_ratio_minimum(criteria, industry: str) -> tuple[Decimal, str]:
    """The 容积率 minimum for the industry: its own line in the table when it has one (the national
    control indicators set some industries lower than the park's general minimum), else the general."""
    table = {str(k).strip(): v for k, v in (criteria.plot_ratio_by_industry or {}).items() if str(k).strip()}
    industry = (industry or "").strip()
    for name, minimum in table.items():
        if industry and (name == industry or name in industry):
            return Decimal(str(minimum)), f"{name}行业"
    return Decimal(criteria.plot_ratio_min), "一般工业项目"


def _vetoes(item) -> list[Check]:
    checks = []
    for attr, name, yes, no in (
        ("dishonest", "失信被执行人", "投资方为失信被执行人", "经查询投资方不是失信被执行人"),
        ("penalty_open", "环保、安监处罚", "投资方有未结的环保或安全生产处罚", "投资方无未结的环保、安监处罚"),
        ("illegal_land", "违法用地", "投资方有违法用地行为", "投资方无违法用地行为"),
    ):
        found = getattr(item, attr)
        if found is None:
            checks.append(Check(name, "未核查", "一票否决项", Outcome.MISSING, f"尚未核查{name}情况"))
        elif found:
            checks.append(Check(name, "是", "一票否决项", Outcome.VETO, f"一票否决：{yes}"))
        else:
            checks.append(Check(name, "否", "一票否决项", Outcome.PASS, no))
    return checks


def _negative_list(item, criteria) -> Check:
    industry = (item.industry or "").strip()
    listed = criteria.negative_industries()
    threshold = "不属于负面清单"
    if not industry:
        return Check("负面清单", "未填写行业", threshold, Outcome.MISSING, "未填写所属行业，无法对照负面清单")
    hit = next((name for name in listed if name in industry), None)
    if hit:
        return Check("负面清单", industry, threshold, Outcome.VETO, f"一票否决：所属行业“{industry}”属负面清单（{hit}），不得入园")
    return Check("负面清单", industry, threshold, Outcome.PASS, f"所属行业“{industry}”不在负面清单内")


def _per_mu(name: str, amount, area, minimum: Decimal, margin: Decimal, *, amount_label: str, area_label: str,
            unit: str, condition: str) -> Check:
    threshold = f"≥{_num(minimum)}{unit}"
    if amount is None or not area:
        missing = "、".join(label for label, value in ((amount_label, amount), (area_label, area)) if not value)
        return Check(name, "—", threshold, Outcome.MISSING, f"缺少{missing}，无法计算{name}")
    value = Decimal(amount) / Decimal(area)
    outcome = _shortfall(value, minimum, margin)
    shown = f"{_num(value)}{unit}"
    if outcome == Outcome.PASS:
        return Check(name, shown, threshold, outcome, f"{name}{shown}，达到{_num(minimum)}{unit}的标准")
    gap = f"{name}{shown}，低于{_num(minimum)}{unit}的标准"
    if outcome == Outcome.SHORT:
        return Check(name, shown, threshold, outcome, f"{gap}，差距在{_num(margin)}%以内，可附条件通过",
                     condition=condition)
    return Check(name, shown, threshold, outcome, f"{gap}，差距超过{_num(margin)}%")


def _land_checks(item, criteria) -> list[Check]:
    margin = Decimal(criteria.conditional_margin)
    checks = []
    land, smallest = item.land_mu, Decimal(criteria.min_land_mu)
    if not land:
        checks.append(Check("用地规模", "—", f"≥{_num(smallest)}亩", Outcome.MISSING, "未填写拟用地面积"))
    elif Decimal(land) < smallest:
        checks.append(Check("用地规模", f"{_num(land)}亩", f"≥{_num(smallest)}亩", Outcome.FAIL,
                            f"拟用地{_num(land)}亩，不足{_num(smallest)}亩，不再单独供地，可引导租赁标准厂房"))
    else:
        checks.append(Check("用地规模", f"{_num(land)}亩", f"≥{_num(smallest)}亩", Outcome.PASS,
                            f"拟用地{_num(land)}亩，达到单独供地规模"))
    intensity_min = Decimal(criteria.investment_intensity_min)
    invested = item.fixed_investment if item.fixed_investment is not None else item.investment
    needed = f"{_num(intensity_min * Decimal(land))}万元" if land else ""
    checks.append(_per_mu("投资强度", invested, land, intensity_min, margin, amount_label="固定资产投资",
                          area_label="拟用地面积", unit="万元/亩",
                          condition=f"固定资产投资不低于{needed}（或按投资强度{_num(intensity_min)}万元/亩核减用地），写入投资协议"))
    tax_min = Decimal(criteria.tax_per_mu_min)
    checks.append(_per_mu("亩均税收", item.tax_per_year, land, tax_min, margin, amount_label="达产后年税收",
                          area_label="拟用地面积", unit="万元/亩",
                          condition=f"达产后亩均税收不低于{_num(tax_min)}万元/亩，写入投资协议并纳入履约监管"))
    ratio_min, ratio_basis = plot_ratio_minimum(criteria, item.industry)
    ratio_threshold = f"≥{ratio_text(ratio_min)}（{ratio_basis}）"
    if item.plot_ratio is None:
        checks.append(Check("容积率", "—", ratio_threshold, Outcome.MISSING, "未提供规划容积率"))
    elif Decimal(item.plot_ratio) >= ratio_min:
        checks.append(Check("容积率", ratio_text(item.plot_ratio), ratio_threshold, Outcome.PASS,
                            f"容积率{ratio_text(item.plot_ratio)}，达到{ratio_basis}{ratio_text(ratio_min)}的标准"))
    else:
        checks.append(Check("容积率", ratio_text(item.plot_ratio), ratio_threshold, Outcome.SHORT,
                            f"容积率{ratio_text(item.plot_ratio)}，低于{ratio_basis}{ratio_text(ratio_min)}的标准，须修改规划设计方案",
                            condition=f"修改规划设计方案，容积率不低于{ratio_text(ratio_min)}"))
    density_min = Decimal(criteria.building_density_min)
    if item.building_density is None:
        checks.append(Check("建筑系数", "—", f"≥{_num(density_min)}%", Outcome.MISSING, "未提供建筑系数"))
    elif Decimal(item.building_density) >= density_min:
        checks.append(Check("建筑系数", f"{_num(item.building_density)}%", f"≥{_num(density_min)}%", Outcome.PASS,
                            f"建筑系数{_num(item.building_density)}%，达到{_num(density_min)}%的标准"))
    else:
        checks.append(Check("建筑系数", f"{_num(item.building_density)}%", f"≥{_num(density_min)}%", Outcome.SHORT,
                            f"建筑系数{_num(item.building_density)}%，低于{_num(density_min)}%的标准，须修改总平面布置",
                            condition=f"修改总平面布置，建筑系数不低于{_num(density_min)}%"))
    return checks


NOT_GIVEN_LAND = "租赁厂房项目不单独供地，不适用"


def _factory_checks(item, criteria) -> list[Check]:
    checks = [Check(name, "—", "—", Outcome.NOT_APPLICABLE, NOT_GIVEN_LAND)
              for name in ("用地规模", "投资强度", "容积率", "建筑系数")]
    tax_min = Decimal(criteria.tax_per_mu_min)
    if not item.converted_mu:
        checks.insert(2, Check("亩均税收", "—", f"≥{_num(tax_min)}万元/亩", Outcome.NOT_APPLICABLE,
                               "未提供折算用地面积，不评价亩均税收"))
    else:
        checks.insert(2, _per_mu("亩均税收", item.tax_per_year, item.converted_mu, tax_min,
                                 Decimal(criteria.conditional_margin), amount_label="达产后年税收",
                                 area_label="折算用地面积", unit="万元/亩",
                                 condition=f"达产后亩均税收（按折算用地）不低于{_num(tax_min)}万元/亩，写入租赁协议"))
    return checks


def _opinions(members: Sequence, opinions: Iterable) -> Check:
    """The member departments' opinions as one criterion: every member heard, none against."""
    by_unit = {o.unit_id: o for o in opinions}
    threshold = "成员单位均同意"
    if not members:
        return Check("成员单位意见", "未确定成员单位", threshold, Outcome.MISSING, "会议尚未确定成员单位")
    against = [by_unit[m.pk] for m in members if m.pk in by_unit and by_unit[m.pk].opinion == Opinion.DISAGREE]
    waiting = [m.name for m in members if m.pk not in by_unit]
    heard = len(members) - len(waiting)
    value = f"{heard}/{len(members)}个单位已提出意见"
    if against:
        said = "；".join(f"{o.unit.name}不同意" + (f"（{o.text.strip()}）" if o.text.strip() else "") for o in against)
        return Check("成员单位意见", value, threshold, Outcome.FAIL, f"{said}，须会后协调")
    if waiting:
        return Check("成员单位意见", value, threshold, Outcome.MISSING, f"尚待{'、'.join(waiting)}提出意见")
    conditional = [by_unit[m.pk] for m in members if by_unit[m.pk].opinion == Opinion.CONDITIONAL]
    if conditional:
        return Check("成员单位意见", value, threshold, Outcome.SHORT,
                     "、".join(o.unit.name for o in conditional) + "有条件同意，其余单位同意",
                     condition="；".join(f"{o.unit.name}：{o.text.strip() or '按该单位意见办理'}" for o in conditional))
    return Check("成员单位意见", value, threshold, Outcome.PASS, "成员单位均同意")


def assess(item, *, kind: str, criteria, members: Sequence, opinions: Iterable) -> Assessment:
    """The project under review held against the criteria: each check and the decision they suggest.
    `members` are the meeting's member units, `opinions` the item's opinions (with their unit): passed
    in, so a page of many projects reads them once."""
    checks = [*_vetoes(item), _negative_list(item, criteria)]
    checks += _land_checks(item, criteria) if kind == ReviewKind.LAND else _factory_checks(item, criteria)
    checks.append(_opinions(members, opinions))

    def reasons(outcomes) -> str:
        return "；".join(c.reason for c in checks if c.outcome in outcomes)

    if any(c.outcome == Outcome.VETO for c in checks):
        return Assessment(checks, Decision.REJECTED, reasons({Outcome.VETO}))
    if any(c.outcome == Outcome.FAIL and c.name != "成员单位意见" for c in checks):
        return Assessment(checks, Decision.REJECTED, "未达到入园标准：" + "；".join(
            c.reason for c in checks if c.outcome == Outcome.FAIL and c.name != "成员单位意见"))
    if any(c.outcome in (Outcome.MISSING, Outcome.FAIL) for c in checks):
        missing = reasons({Outcome.MISSING})
        against = reasons({Outcome.FAIL})
        return Assessment(checks, Decision.DEFERRED, "；".join(
            part for part in ((f"资料不全：{missing}" if missing else ""), against) if part) + "，建议暂缓")
    conditions = [c.condition for c in checks if c.outcome == Outcome.SHORT and c.condition]
    if conditions:
        return Assessment(checks, Decision.CONDITIONAL, reasons({Outcome.SHORT}), conditions)
    return Assessment(checks, Decision.PASSED, "各项入园标准均已达到，成员单位均同意")
