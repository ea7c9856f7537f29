"""The demo park's enterprises and their monthly statistics, from January three years back to last month.

Seed 001 gives the shape: 规上 enterprises in the three leading industries (装备制造, 有色金属, 纺织服装)
that make 87.83% of the main-business revenue, 231 of them after five new entrants in early 2024,
revenue growing 16.39% and R&D 27.22%. Seed 000's 380亿元 of 1-10月 revenue sets the scale. The figures
are drawn from a seeded generator, so every load of the demo tells the same story; a few dozen small
enterprises below the 2000万元 line feed the cultivation pool.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from parkops.core.periods import month_start, previous_month
from parkops.economy import permu, services
from parkops.economy.catalogue import ensure_catalogue
from parkops.economy.creditcode import ALPHABET, check_character
from parkops.economy.models import (
    Enterprise,
    Honour,
    Indicator,
    IndicatorTarget,
    IndustryChain,
    ScaleMembership,
)
from parkops.economy.services import Reported
from parkops.org.models import Park, Zone

TENTH = Decimal("0.1")  # the bureau's sheets are in 千元: one decimal of 万元

CHAINS = [  # name, leading, share of the park's revenue, industries (GB/T 4754)
    ("装备制造", True, Decimal("0.36"), [("3670", "汽车零部件及配件制造"), ("3441", "泵及真空设备制造"),
                                        ("3591", "环境保护专用设备制造"), ("3434", "连续搬运设备制造")]),
    ("有色金属", True, Decimal("0.29"), [("3216", "铝冶炼"), ("3251", "铜压延加工"), ("3252", "铝压延加工"),
                                        ("3240", "有色金属合金制造")]),
    ("纺织服装", True, Decimal("0.18"), [("1810", "机织服装制造"), ("1713", "棉印染精加工"),
                                        ("1951", "纺织面料鞋制造"), ("1762", "针织或钩针编织物织造")]),
    ("光电信息", False, Decimal("0.11"), [("3976", "光电子器件制造"), ("3985", "电子专用材料制造"),
                                         ("3982", "电子电路制造")]),
    ("食品医药", False, Decimal("0.06"), [("1391", "谷物磨制"), ("2710", "化学药品原料药制造"),
                                         ("1524", "含乳饮料和植物蛋白饮料制造")]),
]
WORDS = ["恒", "鑫", "华", "瑞", "泰", "德", "丰", "盛", "宏", "源", "嘉", "信", "达", "昌", "博", "远", "力", "聚",
         "创", "新", "润", "锦", "金", "东", "安", "晟", "诚", "通", "美", "特"]
TRADES = {"装备制造": ["机械", "装备", "精工", "汽配", "机电"], "有色金属": ["铝业", "铜业", "金属", "新材料", "合金"],
          "纺织服装": ["纺织", "服饰", "鞋业", "印染", "针织"], "光电信息": ["光电", "电子", "科技", "半导体"],
          "食品医药": ["食品", "药业", "生物", "饮品"]}
HONOURS = [("高新技术企业", 0.35), ("创新型中小企业", 0.2), ("专精特新中小企业", 0.1), ("省级智能工厂", 0.04),
           ("数智工厂", 0.03)]
# How a year's revenue falls over its months: the Spring Festival in January-February, the year-end push.
SEASON = [Decimal(w) for w in ("0.068", "0.058", "0.082", "0.082", "0.083", "0.084", "0.082", "0.083", "0.084",
                               "0.085", "0.089", "0.100")]
# The park's growth by year (seed 001: 16.39% in 2024), and R&D's (27.22%).
GROWTH = {0: Decimal("0.1639"), 1: Decimal("0.1310"), 2: Decimal("0.1520")}
RND_GROWTH = {0: Decimal("0.2722"), 1: Decimal("0.2100"), 2: Decimal("0.1850")}
SCALE_ENTERPRISES = 226  # 规上 before the first year; five enter in 2024 (seed 001: 231)
ENTRANTS = {1: (5, 0, 0), 2: (4, 2, 3), 3: (5, 2, 4)}  # by year after the base: entering in Jan, in Jun; leaving
SMALL_ENTERPRISES = 40
DRIFTS = [("profit", 0.01, 0.12), ("tax", 0.0, 0.06), ("value_added", 0.005, 0.03), ("electricity", -0.01, 0.04),
          ("energy", -0.03, 0.03)]  # indicator, mean change a year, spread


@dataclass
class DemoEnterprise:
    name: str
    code: str
    chain: str
    industry: tuple[str, str]
    zone: str
    land_mu: Decimal
    revenue_base: Decimal  # the first year's main-business revenue, 万元
    growth: dict[int, Decimal]
    entered: date | None
    left: date | None = None
    honours: list[tuple[str, date]] = field(default_factory=list)
    rnd_rate: Decimal = Decimal("0.025")
    tax_rate: Decimal = Decimal("0.031")
    energy_rate: Decimal = Decimal("0.23")  # 吨标准煤 per 万元 of output
    revenue_per_head: Decimal = Decimal(95)  # 万元 a year
    # Each indicator's own drift, by year: profits swing, energy per output falls as plants modernise.
    drift: dict[str, list[Decimal]] = field(default_factory=dict)
    # Each month's own swing around the season, by year: orders come unevenly.
    swing: list[list[Decimal]] = field(default_factory=list)


def _q(value: Decimal) -> Decimal:
    return value.quantize(TENTH)


class _Generator:
    def __init__(self, first_year: int, zones: list[str]):
        self.random = random.Random(20240416)
        self.first_year = first_year
        self.zones = zones
        self.names: set[str] = set()
        self.serial = 0

    def code(self) -> str:
        self.serial += 1
        middle = "".join(self.random.choice(ALPHABET) for _ in range(7))
        first17 = f"913604{self.serial:04d}{middle}"
        return first17 + check_character(first17)

    def name(self, chain: str) -> str:
        while True:
            name = (f"江西{self.random.choice(WORDS)}{self.random.choice(WORDS)}"
                    f"{self.random.choice(TRADES[chain])}有限公司")
            if name not in self.names:
                self.names.add(name)
                return name

    def chain(self) -> tuple:
        pick, total = Decimal(str(self.random.random())), Decimal(0)
        for chain in CHAINS:
            total += chain[2]
            if pick < total:
                return chain
        return CHAINS[-1]

    def enterprise(self, *, small: bool, entered: date | None) -> DemoEnterprise:
        chain_name, _, _, industries = self.chain()
        if small:
            revenue = Decimal(self.random.randint(550, 1350))
        else:
            # Most 规上 enterprises turn over a few 亿; a handful of anchors, tens of 亿.
            revenue = Decimal(int(min(self.random.lognormvariate(9.37, 0.95), 400000)) + 2100)
        spread = Decimal(str(self.random.gauss(0, 0.09)))
        growth = {year: GROWTH[year] + spread + Decimal(str(self.random.gauss(0, 0.05))) for year in GROWTH}
        if small and self.random.random() < 0.3:  # a few small ones growing fast: the pool's candidates
            growth = {year: Decimal("0.18") + Decimal(str(self.random.random() / 8)) for year in GROWTH}
        demo = DemoEnterprise(
            name=self.name(chain_name), code=self.code(), chain=chain_name, industry=self.random.choice(industries),
            zone=self.random.choice(self.zones),
            # Some plants sit on far more land than they use: the 亩均 evaluation finds them.
            land_mu=Decimal(max(5, int(revenue / Decimal(self.random.uniform(45, 520))))),
            revenue_base=revenue, growth=growth, entered=entered,
            rnd_rate=Decimal(str(round(self.random.uniform(0.004, 0.045), 4))),
            tax_rate=Decimal(str(round(self.random.uniform(0.008, 0.04), 4))),
            energy_rate=Decimal(str(round(self.random.uniform(0.12, 0.65), 3))),
            revenue_per_head=Decimal(self.random.randint(35, 150)),
        )
        demo.swing = [[Decimal(str(round(self.random.gauss(0, 0.06), 4))) for _ in range(12)] for _ in range(4)]
        demo.drift = {code: [Decimal(str(round(self.random.gauss(mean * year, spread), 4))) for year in range(4)]
                      for code, mean, spread in DRIFTS}
        for honour, chance in HONOURS:
            if self.random.random() < chance * (0.3 if small else 1):
                demo.honours.append((honour, date(self.first_year - self.random.randint(0, 3),
                                                  self.random.randint(1, 12), 1)))
        return demo


def demo_enterprises(base_year: int, zones: list[str]) -> list[DemoEnterprise]:
    """The enterprises, their 规上 years and their base year's revenue (the year before the first shown)."""
    generator = _Generator(base_year, zones)
    enterprises = [generator.enterprise(small=False, entered=date(base_year - 1 - i % 6, 1, 1))
                   for i in range(SCALE_ENTERPRISES)]
    for offset, (in_january, in_june, leaving) in ENTRANTS.items():
        year = base_year + offset
        # The ones that enter 规上 were small the year before: base revenue just over the line.
        for month, count in ((1, in_january), (6, in_june)):
            for _ in range(count):
                demo = generator.enterprise(small=False, entered=date(year, month, 1))
                demo.revenue_base = Decimal(generator.random.randint(1500, 2600))
                enterprises.append(demo)
        leavers = [e for e in enterprises if e.entered and e.entered.year < year and e.left is None]
        for demo in generator.random.sample(leavers, leaving):
            demo.left = date(year, 1, 1)
    enterprises += [generator.enterprise(small=True, entered=None) for _ in range(SMALL_ENTERPRISES)]
    return enterprises


def monthly_figures(demo: DemoEnterprise, base_year: int, period: date) -> dict[str, Decimal]:
    """The enterprise's 1-N月 figures for a period, by indicator code (万元, or the indicator's unit)."""
    year_index = period.year - base_year
    annual = demo.revenue_base
    rnd_annual = demo.revenue_base * demo.rnd_rate
    for index in range(year_index):
        annual *= 1 + demo.growth[index]
        rnd_annual *= 1 + RND_GROWTH[index] + (demo.growth[index] - GROWTH[index])
    share = sum((season * (1 + swing) for season, swing in zip(SEASON[:period.month], demo.swing[year_index],
                                                                strict=False)), Decimal(0))
    main = _q(annual * share)
    output = _q(main * Decimal("1.02"))

    def drifted(code: str, ratio: Decimal | str, base: Decimal) -> Decimal:
        return _q(base * Decimal(ratio) * (1 + demo.drift[code][year_index]))

    return {
        "main_revenue": main,
        "revenue": _q(main * Decimal("1.035")),
        "output": output,
        "value_added": drifted("value_added", "0.26", output),
        "profit": drifted("profit", "0.058", main),
        "tax": drifted("tax", demo.tax_rate, main),
        "rnd": _q(rnd_annual * share),
        "electricity": drifted("electricity", "0.048", output),
        "energy": drifted("energy", demo.energy_rate, output),
        "employees": Decimal(max(12, int(annual / demo.revenue_per_head))),
    }


def periods(first_year: int, last: date) -> Iterator[date]:
    period = date(first_year, 1, 1)
    while period <= last:
        yield period
        period = date(period.year + 1, 1, 1) if period.month == 12 else date(period.year, period.month + 1, 1)


def reports_in(demo: DemoEnterprise, period: date) -> bool:
    """An enterprise entering 规上 in June reports the whole year (1-N月) from January, one leaving stops
    with the year before, and the small ones report throughout (the cultivation pool follows them)."""
    if demo.left is not None and period >= demo.left:
        return False
    if demo.entered is None:
        return True
    return demo.entered <= period or demo.entered.year == period.year


def build_economy(park: Park, today: date, *, user=None) -> None:
    if Enterprise.objects.filter(park=park).exists():
        return
    first_year = today.year - 2
    last = previous_month(month_start(today))
    zones = {zone.name: zone for zone in Zone.objects.filter(park=park)}
    chains = {}
    for position, (name, leading, _, _) in enumerate(CHAINS):
        chains[name], _ = IndustryChain.objects.get_or_create(park=park, name=name,
                                                              defaults={"is_leading": leading, "position": position})
    demos = demo_enterprises(first_year - 1, sorted(zones))
    bulk_create_with_history([
        Enterprise(park=park, credit_code=d.code, name=d.name, normalised_name=d.name, zone=zones.get(d.zone),
                   industry_code=d.industry[0], industry_name=d.industry[1], chain=chains[d.chain], land_mu=d.land_mu,
                   employees=int(d.revenue_base / d.revenue_per_head) or 10)
        for d in demos
    ], Enterprise, default_change_reason="演示数据")
    by_code = {e.credit_code: e for e in Enterprise.objects.filter(park=park)}
    ScaleMembership.objects.bulk_create([
        ScaleMembership(enterprise=by_code[d.code], entered_period=d.entered, left_period=d.left)
        for d in demos if d.entered
    ])
    Honour.objects.bulk_create([Honour(enterprise=by_code[d.code], name=name, awarded_on=on)
                                for d in demos for name, on in d.honours])
    # A migration fills the catalogue, but a browser test's flush empties it for the tests after it.
    ensure_catalogue()
    indicators = {i.code: i.id for i in Indicator.objects.all()}
    # A year before the first one shown, so that its 同比 has a base.
    for period in periods(first_year - 1, last):
        rows = [Reported(by_code[d.code].id, indicators[code], value)
                for d in demos if reports_in(d, period)
                for code, value in monthly_figures(d, first_year - 1, period).items()]
        services.record_values(park=park, period=period, rows=rows, source="演示数据", user=user)
    if user is not None:
        for period in periods(first_year - 1, previous_month(last)):
            services.close_period(park=park, period=period, user=user)
    # Last year's 亩均 evaluation under the default scheme: the classes the dashboard shows.
    permu.recompute(scheme=permu.create_default_scheme(park=park, year=today.year - 1), user=user)
    main_revenue = Indicator.objects.get(code="main_revenue")
    IndicatorTarget.objects.get_or_create(park=park, year=today.year, indicator=main_revenue,
                                          defaults={"growth_pct": Decimal("15.00")})
