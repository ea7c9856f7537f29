"""A parcel's use status, found by rule: the one home of 闲置、低效 and their reasons.

《闲置土地处置办法》(国土资源部令第53号) 第二条: land is 闲置 when its holder has not started developing it
one full year after the 动工开发日期 the contract agreed, or has started but developed under one third of
the area, or invested under 25% of the total, and stopped for one full year. 第十四条: one full year, a
土地闲置费 of 20% of the land price; two full years, the land may be taken back without compensation
(无偿收回). A parcel built and in production is 低效 when its holder scores D in the 亩均 evaluation, or
pays less tax per 亩 than the park's floor (LandRules, else settings.LAND_RULES).

Nothing here reads the database: the page, the metrics and the export hand in the parcel, its holder's
latest 亩均 result and the day, and get the same answer, with the reason in words and the records behind it.
Where the dates the rule needs are missing, the park's own 台账 finding (类型) is shown as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from parkops.core.formatting import format_money, plain_number
from parkops.land.choices import USE_STATUS_COLOURS, LedgerKind, SupplyState, UseStatus

# 1亩 = 10000/15 平方米 (666.67 ㎡), the statutory conversion.
SQM_PER_MU = Decimal(10000) / Decimal(15)
IDLE_FEE_RATE = Decimal("0.20")  # 第十四条: 按照土地出让或者划拨价款的百分之二十征缴土地闲置费
AREA_SHARE = Decimal(1) / Decimal(3)  # 开发建设用地面积占应动工开发建设用地总面积不足三分之一
INVESTMENT_SHARE = Decimal("0.25")  # 已投资额占总投资额不足百分之二十五


@dataclass(frozen=True)
class Thresholds:
    """A park's thresholds (LandRules over settings.LAND_RULES)."""

    suspect_days: int = 90
    tax_per_mu_floor: Decimal | None = None


@dataclass(frozen=True)
class Efficiency:
    """The holder's latest 亩均 evaluation, as the economy module recorded it."""

    year: int
    grade: str
    tax_per_mu: Decimal | None = None


@dataclass(frozen=True)
class Revitalised:
    """The parcel's disposal case, closed: it is in use again."""

    on: date
    method: str
    mu: Decimal | None


@dataclass(frozen=True)
class Finding:
    status: UseStatus
    reason: str
    basis: tuple[tuple[str, str], ...] = ()  # the records behind it: (what, as recorded)
    idle_since: date | None = None
    idle_fee: Decimal | None = None  # 万元
    may_revoke: bool = False

    @property
    def label(self) -> str:
        return self.status.label

    @property
    def colour(self) -> str:
        return USE_STATUS_COLOURS[self.status]

    @property
    def is_idle(self) -> bool:
        return self.status == UseStatus.IDLE

    @property
    def is_inefficient(self) -> bool:
        return self.status == UseStatus.INEFFICIENT


def full_years_after(day: date, years: int) -> date:
    """The day `years` full years after `day` are reached: the same date that many years on (29 February
    reaches its years on 1 March, when a full year has certainly passed)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def _day(on: date | None) -> str:
    return f"{on:%Y年%-m月%-d日}" if on else "未填"


def _mu(value) -> str:
    return "未填" if value is None else f"{plain_number(Decimal(value))}亩"


def _money(value) -> str:
    return "未填" if value is None else format_money(Decimal(value))


def _idle_fee(parcel) -> Decimal | None:
    if parcel.land_price is None:
        return None
    return (Decimal(parcel.land_price) * IDLE_FEE_RATE).quantize(Decimal("0.01"))


def _fee_phrase(fee: Decimal | None) -> str:
    if fee is None:
        return "按土地出让价款的20%征缴土地闲置费（出让价款未填）"
    return f"按土地出让价款的20%征缴土地闲置费{format_money(fee)}"


def find_use(parcel, *, today: date, thresholds: Thresholds = Thresholds(), efficiency: Efficiency | None = None,
             revitalised: Revitalised | None = None) -> Finding:
    """The parcel's use status on `today`, with its reason and the records behind it."""
    basis: list[tuple[str, str]] = [("面积", _mu(parcel.area_mu))]
    if revitalised is not None and revitalised.on <= today:
        basis.append(("处置办结", f"{_day(revitalised.on)}，{revitalised.method}，盘活{_mu(revitalised.mu)}"))
        return Finding(UseStatus.NORMAL, f"已于{_day(revitalised.on)}通过{revitalised.method}盘活", tuple(basis))
    started = parcel.started_on is not None and parcel.started_on <= today
    if not started:
        return _not_started(parcel, today, thresholds, basis)
    basis.append(("实际开工日期", _day(parcel.started_on)))
    completed = parcel.completed_on is not None and parcel.completed_on <= today
    if not completed and parcel.stopped_on is not None and parcel.stopped_on <= today:
        found = _stopped(parcel, today, thresholds, basis)
        if found is not None:
            return found
    if completed:
        return _in_use(parcel, efficiency, thresholds, basis)
    agreed = parcel.agreed_completion_on
    basis.append(("约定竣工日期", _day(agreed)))
    if agreed is not None and today > agreed:
        return Finding(UseStatus.LATE_COMPLETION, f"约定{_day(agreed)}竣工，已逾期{(today - agreed).days}天未竣工",
                       tuple(basis))
    return Finding(UseStatus.NORMAL, "已开工建设" + (f"，约定{_day(agreed)}竣工" if agreed else ""), tuple(basis))


def _not_started(parcel, today: date, thresholds: Thresholds, basis: list) -> Finding:
    agreed = parcel.agreed_start_on
    basis += [("约定开工日期", _day(agreed)), ("实际开工日期", "未开工")]
    if agreed is None:
        return _as_ledger_says(parcel, "未约定开工日期", basis)
    one, two = full_years_after(agreed, 1), full_years_after(agreed, 2)
    late = (today - agreed).days
    fee = _idle_fee(parcel)
    if parcel.land_price is not None:
        basis.append(("土地出让价款", _money(parcel.land_price)))
    if today >= two:
        return Finding(UseStatus.IDLE, f"约定{_day(agreed)}开工，至今未动工开发已满两年（{_day(two)}满两年），"
                                       "依《闲置土地处置办法》第十四条可无偿收回国有建设用地使用权",
                       tuple(basis), idle_since=one, idle_fee=fee, may_revoke=True)
    if today >= one:
        return Finding(UseStatus.IDLE, f"约定{_day(agreed)}开工，满一年未动工开发（{_day(one)}起认定闲置），"
                                       f"{_fee_phrase(fee)}；至{_day(two)}满两年未动工的，可无偿收回",
                       tuple(basis), idle_since=one, idle_fee=fee)
    if today >= one - timedelta(days=thresholds.suspect_days):
        return Finding(UseStatus.SUSPECTED_IDLE, f"约定{_day(agreed)}开工，已逾期{late}天未动工开发，"
                                                 f"至{_day(one)}满一年将认定为闲置土地", tuple(basis))
    if today > agreed:
        return Finding(UseStatus.LATE_START, f"约定{_day(agreed)}开工，已逾期{late}天未开工", tuple(basis))
    return Finding(UseStatus.NORMAL, f"约定{_day(agreed)}开工，未到期", tuple(basis))


def _stopped(parcel, today: date, thresholds: Thresholds, basis: list) -> Finding | None:
    """Started but stopped: 闲置 a full year after it stopped, if it had developed under a third of the
    area or invested under a quarter of the total; None when neither is short (the rule does not apply)."""
    short = []
    if parcel.developed_mu is not None and parcel.area_mu:
        basis.append(("已动工开发面积", _mu(parcel.developed_mu)))
        if Decimal(parcel.developed_mu) < Decimal(parcel.area_mu) * AREA_SHARE:
            short.append(f"开发面积{_mu(parcel.developed_mu)}不足总面积{_mu(parcel.area_mu)}的三分之一")
    if parcel.invested is not None and parcel.agreed_investment:
        basis += [("已完成投资", _money(parcel.invested)), ("约定总投资", _money(parcel.agreed_investment))]
        if Decimal(parcel.invested) < Decimal(parcel.agreed_investment) * INVESTMENT_SHARE:
            short.append(f"已投资{_money(parcel.invested)}不足总投资{_money(parcel.agreed_investment)}的25%")
    basis.append(("中止开发建设日期", _day(parcel.stopped_on)))
    if not short:
        return None
    one = full_years_after(parcel.stopped_on, 1)
    why = "已开工但" + "、".join(short)
    if today >= one:
        fee = _idle_fee(parcel)
        return Finding(UseStatus.IDLE, f"{why}，自{_day(parcel.stopped_on)}中止开发建设满一年（{_day(one)}起认定闲置），"
                                       f"{_fee_phrase(fee)}", tuple(basis), idle_since=one, idle_fee=fee)
    if today >= one - timedelta(days=thresholds.suspect_days):
        return Finding(UseStatus.SUSPECTED_IDLE, f"{why}，{_day(parcel.stopped_on)}起中止开发建设，"
                                                 f"至{_day(one)}满一年将认定为闲置土地", tuple(basis))
    return None


def _in_use(parcel, efficiency: Efficiency | None, thresholds: Thresholds, basis: list) -> Finding:
    basis.append(("实际竣工日期", _day(parcel.completed_on)))
    if efficiency is None:
        return _as_ledger_says(parcel, "已竣工，用地企业尚无亩均评价结果", basis)
    basis.append((f"{efficiency.year}年度亩均评价", f"{efficiency.grade}类"))
    if efficiency.grade == "D":
        return Finding(UseStatus.INEFFICIENT, f"已竣工投产，用地企业{efficiency.year}年度亩均评价为D类（倒逼整治）",
                       tuple(basis))
    floor = thresholds.tax_per_mu_floor
    if floor is not None and efficiency.tax_per_mu is not None:
        basis.append(("亩均税收", f"{plain_number(efficiency.tax_per_mu)}万元/亩"))
        if efficiency.tax_per_mu < floor:
            return Finding(UseStatus.INEFFICIENT, f"已竣工投产，{efficiency.year}年度亩均税收"
                                                  f"{plain_number(efficiency.tax_per_mu)}万元/亩，"
                                                  f"低于园区标准{plain_number(floor)}万元/亩", tuple(basis))
    return Finding(UseStatus.NORMAL, f"已竣工投产，{efficiency.year}年度亩均评价为{efficiency.grade}类", tuple(basis))


def _as_ledger_says(parcel, missing: str, basis: list) -> Finding:
    kind = parcel.ledger_kind
    if kind:
        basis.append(("台账类型", LedgerKind(kind).label))
        if parcel.cause:
            basis.append(("形成原因", parcel.cause))
        status = UseStatus.IDLE if kind == LedgerKind.IDLE else UseStatus.INEFFICIENT
        return Finding(status, f"处置台账登记为{LedgerKind(kind).label}（{missing}，未能按规则核验）", tuple(basis))
    return Finding(UseStatus.NORMAL, f"{missing}，无闲置、低效情形", tuple(basis))


def equivalent_mu(area_sqm: Decimal, plot_ratio: Decimal | None) -> Decimal | None:
    """折算亩 of an enterprise in a standard factory: its floor area ÷ (容积率 × 666.67), the land its space
    stands for, on which its 亩均 figures are counted. None without a plot ratio."""
    if not plot_ratio:
        return None
    return (Decimal(area_sqm) / (Decimal(plot_ratio) * SQM_PER_MU)).quantize(Decimal("0.01"))


# --- 批而未供 / 供而未用 ------------------------------------------------------------------------------


def is_supplied(parcel, on: date) -> bool:
    """Supplied (供地) by `on`: its 供地日期 has come; without one, a 出让合同 or a 交地 is proof enough."""
    if parcel.supplied_on is not None:
        return parcel.supplied_on <= on
    return bool(parcel.contract_number) or (parcel.delivered_on is not None and parcel.delivered_on <= on)


def supply_state(parcel, on: date) -> SupplyState | None:
    """批而未供: approved for construction (批准用地) and not supplied; 供而未用: delivered (交地) and not
    started. None: neither (not approved yet, supplied but not delivered, or started)."""
    if parcel.approved_on is not None and parcel.approved_on <= on and not is_supplied(parcel, on):
        return SupplyState.APPROVED_UNSUPPLIED
    if parcel.delivered_on is not None and parcel.delivered_on <= on and (
            parcel.started_on is None or parcel.started_on > on):
        return SupplyState.SUPPLIED_UNUSED
    return None


def supply_reason(parcel, state: SupplyState) -> str:
    if state == SupplyState.APPROVED_UNSUPPLIED:
        number = f"（{parcel.approval_number}）" if parcel.approval_number else ""
        return f"{_day(parcel.approved_on)}批准用地{number}，尚未供地"
    return f"{_day(parcel.delivered_on)}交地，未开工"
