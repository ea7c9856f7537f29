"""How figures are printed: the one place that knows the reports' conventions.

Money is kept in 万元 and printed as a reader expects it (format_money): a 亿 or more in 亿元 to two
decimals ("124.20亿元", as the 工作总结 print it), less than a 亿 in 万元 ("2900万元", never
"0.29亿元"). Electricity kept in 万千瓦时 goes the same way: "31.03亿千瓦时", "2560万千瓦时". Growth is
printed as "同比增长16.33%". Every page, export, report and API goes through these functions; a column
headed "（亿元）" that prints bare numbers keeps format_yi's fixed unit.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

WAN_PER_YI = Decimal(10000)
TWO_PLACES = Decimal("0.01")

# Units a written figure may carry, and the factor that brings it to the unit we store.
MONEY_UNITS = {"元": Decimal("0.0001"), "千元": Decimal("0.1"), "万元": Decimal(1), "亿元": WAN_PER_YI}
USD_UNITS = {"美元": Decimal("0.0001"), "万美元": Decimal(1), "亿美元": WAN_PER_YI}
AREA_UNITS = {"平方米": Decimal(1), "万平方米": Decimal(10000)}
CANONICAL_UNIT = {
    **{unit: "万元" for unit in MONEY_UNITS},
    **{unit: "万美元" for unit in USD_UNITS},
    **{unit: "平方米" for unit in AREA_UNITS},
}
FACTOR = {**MONEY_UNITS, **USD_UNITS, **AREA_UNITS}


def round2(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def to_canonical(amount: Decimal, unit: str) -> tuple[Decimal, str]:
    """(720, 亿元) -> (7200000, 万元); units with no conversion (亩, 个, %) pass through."""
    unit = unit.replace("％", "%")
    if unit in FACTOR:
        return amount * FACTOR[unit], CANONICAL_UNIT[unit]
    return amount, unit


def from_canonical(amount: Decimal, unit: str) -> Decimal:
    """7200000 万元 shown in 亿元 -> 720: the inverse of to_canonical for a display unit."""
    return Decimal(amount) / FACTOR.get(unit.replace("％", "%"), Decimal(1))


def plain_number(value: Decimal) -> str:
    """350.0000 -> "350", 64.9600 -> "64.96": a figure as a person writes it."""
    text = format(value.normalize(), "f")
    return text


def format_yi(amount_wan: Decimal | None) -> str:
    """万元 -> "380.00亿元"; no thousands separators, as the reports print 1234.56亿元."""
    if amount_wan is None:
        return "—"
    return f"{round2(Decimal(amount_wan) / WAN_PER_YI):.2f}亿元"


# Units kept in 万 that a reader expects in 亿 once a figure reaches a 亿: 万元 → 亿元, 万千瓦时 → 亿千瓦时.
YI_OF_WAN = {"万元": "亿元", "万美元": "亿美元", "万千瓦时": "亿千瓦时"}


def format_quantity(amount: Decimal | None, unit: str) -> str:
    """A stored amount in its unit as the reports print it: a 亿 or more of a 万 unit (money, electricity)
    in the 亿 unit to two decimals, less than a 亿 in the 万 unit as written, to at most two decimals."""
    if amount is None:
        return "—"
    amount = Decimal(amount)
    if unit in YI_OF_WAN:
        amount = round2(amount)
        if abs(amount) >= WAN_PER_YI:
            return f"{round2(amount / WAN_PER_YI):.2f}{YI_OF_WAN[unit]}"
    return f"{plain_number(amount)}{unit}"


def format_money(amount_wan: Decimal | None) -> str:
    """万元 as a reader expects it: "124.20亿元" from a 亿 up, "2900万元" below (not "0.29亿元")."""
    return format_quantity(amount_wan, "万元")


def format_pct(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{round2(Decimal(value))}%"


def growth_pct(current: Decimal, base: Decimal) -> Decimal | None:
    """同比增长 = (current ÷ base − 1) × 100, two decimals; None where there is no base."""
    if not base:
        return None
    return round2((Decimal(current) / Decimal(base) - 1) * 100)


def growth_phrase(current: Decimal, base: Decimal, *, prefix: str = "同比") -> str:
    """"同比增长16.33%", "同比下降5.00%", "与上年持平"; "—" where there is no base to compare with."""
    growth = growth_pct(current, base)
    if growth is None:
        return "—"
    if growth == 0:
        return "与上年持平" if prefix == "同比" else f"{prefix}持平"
    return f"{prefix}{'增长' if growth > 0 else '下降'}{format_pct(abs(growth))}"


def share_pct(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return round2(Decimal(part) / Decimal(whole) * 100)


def done_phrase(verb: str, moment: date | datetime | None) -> str:
    """"已于2026-12-02 09:30签收": an act and when it was done, in the tables' format (Beijing time); "已签收"
    when the time was not kept, so a sentence never reads "已于签收"."""
    if isinstance(moment, datetime):
        return f"已于{timezone.localtime(moment) if timezone.is_aware(moment) else moment:%Y-%m-%d %H:%M}{verb}"
    if isinstance(moment, date):
        return f"已于{moment:%Y-%m-%d}{verb}"
    return f"已{verb}"


def clause(text: str) -> str:
    """A person's words set inside one of our sentences ("理由：{…}。"): trimmed, without the full stop
    they ended with, so the sentence does not read "。。"."""
    return text.strip().rstrip("。；;.")
