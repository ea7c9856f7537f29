"""The one home of how a clause's conditions read an enterprise's figures, and of what a clause pays.

A condition is (field, operator, value) over a closed vocabulary: each field has a kind, each kind its
operators, and a value is parsed and bounded before it is stored (validate_condition) and again before it
is used. An enterprise matches a clause when every condition holds on its figures; when none fails but one
cannot be read (no figure in the statistics), the data cannot decide and the enterprise may apply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from parkops.core.formatting import format_pct, format_quantity, growth_pct, round2, share_pct
from parkops.policies.choices import AmountKind, Field, Operator

BOOL, TEXT, TITLE, GRADE, NUMBER, PCT = "bool", "text", "title", "grade", "number", "pct"
KIND = {
    Field.SCALE: BOOL, Field.NEW_SCALE: BOOL, Field.CHAIN: TEXT, Field.HONOUR: TITLE, Field.PERMU_CLASS: GRADE,
    Field.REVENUE: NUMBER, Field.REVENUE_GROWTH: PCT, Field.TAX: NUMBER, Field.RND: NUMBER, Field.RND_RATIO: PCT,
    Field.PROJECT_INVESTED: NUMBER,
}
OPERATORS = {
    BOOL: (Operator.YES, Operator.NO),
    TEXT: (Operator.EQ, Operator.IN),
    TITLE: (Operator.HAS,),
    GRADE: (Operator.EQ, Operator.IN),
    NUMBER: (Operator.GTE, Operator.GT, Operator.LTE, Operator.LT),
    PCT: (Operator.GTE, Operator.GT, Operator.LTE, Operator.LT),
}
# The figures a rate may be taken over (按研发投入的10%奖补, 按完成投资的3%奖补 …).
BASE_FIELDS = (Field.RND, Field.PROJECT_INVESTED, Field.TAX, Field.REVENUE)
GRADES = ("A", "B", "C", "D")
LIMIT = Decimal("1000000000")  # 10万亿元 in 万元: more than any figure a park holds
SEPARATORS = ("、", "，", ",", "；", ";", "/")
MAX_ITEMS = 20


def _items(value: str) -> list[str]:
    text = value or ""
    for separator in SEPARATORS[1:]:
        text = text.replace(separator, SEPARATORS[0])
    return [" ".join(item.split()) for item in text.split(SEPARATORS[0]) if item.strip()]


def parse_number(text: str) -> Decimal:
    cleaned = (text or "").strip().replace(",", "").replace("，", "").rstrip("%％").replace("万元", "").strip()
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(f"“{text}”不是数字。") from None
    if not number.is_finite() or abs(number) >= LIMIT:
        raise ValidationError(f"“{text}”超出范围。")
    return round2(number)


def validate_condition(field_name: str, operator: str, value: str) -> str:
    """The value as it is stored, or a ValidationError in words a clerk understands."""
    if field_name not in KIND:
        raise ValidationError("条件的数据项无法识别。")
    kind = KIND[Field(field_name)]
    label = Field(field_name).label
    if operator not in OPERATORS[kind]:
        allowed = "、".join(Operator(op).label for op in OPERATORS[kind])
        raise ValidationError(f"“{label}”只能用“{allowed}”比较。")
    value = " ".join((value or "").split())
    if kind == BOOL:
        return ""
    if kind in (NUMBER, PCT):
        return str(parse_number(value))
    items = _items(value)
    if not items:
        raise ValidationError(f"请填写“{label}”的值。")
    if len(items) > MAX_ITEMS or any(len(item) > 50 for item in items):
        raise ValidationError(f"“{label}”的值过长。")
    if kind == GRADE:
        items = [item.upper().rstrip("类") for item in items]
        if any(item not in GRADES for item in items):
            raise ValidationError("亩均评价类别只能是A、B、C、D。")
    if operator == Operator.EQ and len(items) > 1:
        raise ValidationError(f"“{label}”用“=”时只能写一个值；多个值请用“属于”。")
    return "、".join(items)


def describe(field_name: str, operator: str, value: str) -> str:
    """The condition as a policy writes it: "规上工业企业", "营业收入同比增长（%）≥ 10", "荣誉称号具有高新技术企业"."""
    label = Field(field_name).label if field_name in Field.values else field_name
    if operator == Operator.YES:
        return label
    if operator == Operator.NO:
        return f"非{label}"
    if operator in (Operator.IN, Operator.HAS):
        return f"{label}{Operator(operator).label}{value}"
    return f"{label} {Operator(operator).label} {value}"


@dataclass(frozen=True)
class Profile:
    """One enterprise's figures as the conditions read them (economy's PolicyFacts and the investment of
    its key projects), with the month the statistics are of."""

    enterprise_id: int
    name: str
    credit_code: str
    as_of: date
    period: date | None
    values: dict = field(default_factory=dict)

    def value(self, field_name: str):
        return self.values.get(field_name)


def profile(facts, *, as_of: date, invested: Decimal | None) -> Profile:
    revenue = facts.revenue
    return Profile(
        enterprise_id=facts.enterprise_id, name=facts.name, credit_code=facts.credit_code, as_of=as_of,
        period=facts.period, values={
            Field.SCALE: facts.is_scale,
            Field.NEW_SCALE: bool(facts.is_scale and facts.entered_scale and facts.entered_scale.year == as_of.year),
            Field.CHAIN: facts.chain,
            Field.HONOUR: facts.honours,
            Field.PERMU_CLASS: facts.permu_class,
            Field.REVENUE: revenue,
            Field.REVENUE_GROWTH: growth_pct(revenue, facts.revenue_year_ago)
            if revenue is not None and facts.revenue_year_ago else None,
            Field.TAX: facts.tax,
            Field.RND: facts.rnd,
            Field.RND_RATIO: share_pct(facts.rnd, revenue) if facts.rnd is not None and revenue else None,
            Field.PROJECT_INVESTED: invested,
        })


def shown(field_name: str, value, period: date | None) -> str:
    """A figure as the match shows it: "营业收入同比增长 12.50%（1-10月）", "荣誉称号：高新技术企业"."""
    kind = KIND[Field(field_name)]
    label = Field(field_name).label.split("（")[0]
    months = f"（1-{period.month}月）" if period and field_name != Field.PROJECT_INVESTED else ""
    if value is None:
        return f"{label}：无数据"
    if kind == BOOL:
        return f"{label}：{'是' if value else '否'}"
    if kind == TITLE:
        return f"{label}：{'、'.join(value) if value else '无'}"
    if kind == GRADE:
        return f"{label}：{value}类"
    if kind == PCT:
        return f"{label} {format_pct(value)}{months}"
    if kind == NUMBER:
        return f"{label} {format_quantity(value, '万元')}{months}"
    return f"{label}：{value}"


def holds(operator: str, value: str, figure) -> bool | None:
    """Whether one condition holds on a figure; None when there is no figure to judge by."""
    if operator == Operator.YES:
        return bool(figure)
    if operator == Operator.NO:
        return not figure
    if operator == Operator.HAS:
        return bool(set(_items(value)) & set(figure or ()))
    if figure is None:
        return None
    if operator == Operator.EQ:
        return str(figure) == value
    if operator == Operator.IN:
        return str(figure) in _items(value)
    bound = parse_number(value)
    figure = Decimal(figure)
    return {Operator.GTE: figure >= bound, Operator.GT: figure > bound, Operator.LTE: figure <= bound,
            Operator.LT: figure < bound}[Operator(operator)]


@dataclass(frozen=True)
class Check:
    text: str  # the condition
    figure: str  # the enterprise's figure
    result: bool | None


@dataclass(frozen=True)
class Match:
    profile: Profile
    checks: tuple[Check, ...]
    amount: Decimal | None

    @property
    def decided(self) -> bool:
        return all(check.result is not None for check in self.checks)

    @property
    def figures(self) -> list[str]:
        return [check.figure for check in self.checks]


def amount_for(clause, prof: Profile) -> Decimal | None:
    """What a clause pays an enterprise: its fixed sum, or its rate over the figure named, up to its cap."""
    if clause.amount_kind == AmountKind.FIXED:
        return clause.amount
    base = prof.value(clause.base_field) if clause.base_field else None
    if base is None or clause.rate_pct is None:
        return None
    amount = round2(Decimal(base) * clause.rate_pct / 100)
    return min(amount, clause.cap) if clause.cap is not None else amount


def check(clause, conditions, prof: Profile) -> Match:
    checks = tuple(Check(describe(c.field, c.operator, c.value), shown(c.field, prof.value(c.field), prof.period),
                         holds(c.operator, c.value, prof.value(c.field))) for c in conditions)
    return Match(prof, checks, amount_for(clause, prof))


@dataclass
class ClauseMatches:
    """A clause's enterprises: those whose figures qualify (免申即享 candidates), and those the data cannot
    decide (no condition fails, one has no figure), who may apply."""

    clause: object
    matched: list[Match]
    undecided: list[Match]


def match_clause(clause, conditions, profiles) -> ClauseMatches:
    matched, undecided = [], []
    if not conditions:  # a clause with no condition yet matches no one
        return ClauseMatches(clause, [], [])
    for prof in profiles:
        result = check(clause, conditions, prof)
        outcomes = [c.result for c in result.checks]
        if all(outcomes):
            matched.append(result)
        elif False not in outcomes:
            undecided.append(result)
    return ClauseMatches(clause, matched, undecided)


def clause_amount_text(clause) -> str:
    if clause.amount_kind == AmountKind.FIXED:
        return format_quantity(clause.amount, "万元") if clause.amount is not None else "—"
    base = Field(clause.base_field).label.split("（")[0] if clause.base_field else "?"
    cap = f"，最高{format_quantity(clause.cap, '万元')}" if clause.cap is not None else ""
    return f"按{base}的{format_pct(clause.rate_pct)}{cap}"
