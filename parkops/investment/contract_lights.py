"""履约亮灯: the one rule that gives a signed project its contract light, and the reasons it gives.

A pure function of what the agreement promised (Commitments), what happened (Actuals: the key project's
stage history and investment from 重点项目调度, the registered enterprise's output and tax from 经济运行)
and the park's rules (ContractTerms); nothing here reads the database. contracts.py gathers the facts.

What is checked, each giving 红灯 (behind), 黄灯 (close to a promised day, or short but not far) or
nothing:
1. 开工: promised by start_by. Not started after it → 红灯; within WARN_DAYS of it → 黄灯.
2. 投产: promised by production_by. Not producing after it → 红灯; within WARN_DAYS of it → 黄灯.
3. Investment: the first phase (or, without one, the whole agreed investment) by the promised 投产 day,
   the whole agreed investment by the 达产 day. Once a day has passed, the key project's investment to
   date below settings.INVESTMENT_CONTRACT_RED_SHARE % of what was due → 红灯, below 100% → 黄灯.
4. Output and tax at 达产 (the annual 产值 and 税收 promised): once the 达产 day has passed, the
   enterprise's year-to-date figure for the latest month reported after it, against the promise pro
   rata (1-10月 against 10/12 of it): below RED_SHARE % → 红灯, below 100% → 黄灯. No figure reported
   for a month after the 达产 day two months on → 黄灯 (the figures cannot be checked).

达产 falls 36 months (land projects) or 24 months (leased-factory projects) after 签约, or after the
actual 开工 where the park counts from it (ContractTerms, configurable per park). The light is the
worst of what was found; 绿灯 when nothing is behind. A project never signed, or terminated, has no
contract light (None).
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from parkops.core.formatting import format_money, round2, share_pct

GREEN, YELLOW, RED = "green", "yellow", "red"
LABELS = {GREEN: "绿灯", YELLOW: "黄灯", RED: "红灯"}
ORDER = [RED, YELLOW, GREEN]
# A promised day this close is flagged yellow while it is not met.
WARN_DAYS = 60
# Figures for a month after 达产 are expected within this many days of it.
FIGURES_GRACE_DAYS = 60


def day(on: date) -> str:
    return f"{on:%Y年%-m月%-d日}"


def add_months(on: date, months: int) -> date:
    month = on.month - 1 + months
    year, month = on.year + month // 12, month % 12 + 1
    return date(year, month, min(on.day, monthrange(year, month)[1]))


@dataclass(frozen=True)
class ContractTerms:
    """The park's rules: months from 签约 (or 开工) to 达产, and the share below which it is red."""

    land_months: int = 36
    factory_months: int = 24
    from_start: bool = False
    red_share: Decimal = Decimal(80)


@dataclass(frozen=True)
class Commitments:
    signed_on: date
    total_investment: Decimal
    first_phase_investment: Decimal | None = None
    start_by: date | None = None
    production_by: date | None = None
    output_at_full: Decimal | None = None
    tax_at_full: Decimal | None = None
    is_factory: bool = False  # a leased-factory project (租用厂房), not a land project


@dataclass(frozen=True)
class Figure:
    """An enterprise's year-to-date figure (1-N月) in 万元 for the month `period` (its first day)."""

    period: date
    cumulative: Decimal


@dataclass(frozen=True)
class Actuals:
    started_on: date | None = None
    producing_on: date | None = None
    invested: Decimal | None = None  # to date, 万元; None: no key project reporting it
    output: Figure | None = None
    tax: Figure | None = None


@dataclass(frozen=True)
class Finding:
    light: str
    text: str


@dataclass(frozen=True)
class ContractLight:
    light: str
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    full_output_on: date | None = None
    notes: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return LABELS[self.light]

    @property
    def colour(self) -> str:
        return self.light

    @property
    def urgency(self) -> int:
        return ORDER.index(self.light)

    @property
    def reasons(self) -> list[str]:
        """What made the light, the worst first; for 绿灯 what was checked."""
        worst = [f.text for f in self.findings if f.light == self.light]
        return worst or list(self.notes)

    @property
    def reason(self) -> str:
        return "；".join(self.reasons)

    @property
    def all_reasons(self) -> list[str]:
        return [f.text for f in sorted(self.findings, key=lambda f: ORDER.index(f.light))] + list(self.notes)


def full_output_day(commitments: Commitments, actuals: Actuals, terms: ContractTerms) -> date:
    months = terms.factory_months if commitments.is_factory else terms.land_months
    base = actuals.started_on if terms.from_start and actuals.started_on else commitments.signed_on
    return add_months(base, months)


def _share_light(share: Decimal | None, terms: ContractTerms) -> str | None:
    if share is None or share >= 100:
        return None
    return RED if share < terms.red_share else YELLOW


def _dated(what: str, promised: date | None, done: date | None, today: date, findings: list, notes: list) -> None:
    if promised is None:
        notes.append(f"协议未约定{what}日期")
        return
    if done is not None:
        late = (done - promised).days
        notes.append(f"已于{day(done)}{what}" + (f"（晚于承诺{late}天）" if late > 0 else ""))
        return
    if today > promised:
        findings.append(Finding(RED, f"承诺{day(promised)}{what}，已逾期{(today - promised).days}天未{what}"))
    elif (promised - today).days <= WARN_DAYS:
        findings.append(Finding(YELLOW, f"承诺{day(promised)}{what}，还有{(promised - today).days}天，尚未{what}"))


def _investment(label: str, due: Decimal, by: date, invested: Decimal | None, today: date, terms: ContractTerms,
                findings: list) -> None:
    if today <= by or not due:
        return
    if invested is None:
        findings.append(Finding(YELLOW, f"承诺{day(by)}前完成{label}{format_money(due)}，尚无投资完成数据"))
        return
    share = share_pct(invested, due)
    light = _share_light(share, terms)
    if light:
        findings.append(Finding(light, f"承诺{day(by)}前完成{label}{format_money(due)}，实际完成"
                                       f"{format_money(invested)}（{share}%）"))


def _at_full(what: str, verb: str, promised: Decimal | None, figure: Figure | None, due: date, today: date,
             terms: ContractTerms, findings: list, notes: list) -> None:
    if not promised:
        notes.append(f"协议未约定达产后年{what}")
        return
    if today <= due:
        return
    if figure is None or add_months(figure.period, 1) <= due:
        if (today - due).days > FIGURES_GRACE_DAYS:
            findings.append(Finding(YELLOW, f"{day(due)}达产，经济运行中尚无其后的{what}数据，无法核对"))
        return
    expected = round2(promised * figure.period.month / 12)
    share = share_pct(figure.cumulative, expected)
    light = _share_light(share, terms)
    months = f"{figure.period.year}年1-{figure.period.month}月" if figure.period.month > 1 else f"{figure.period.year}年1月"
    if light:
        findings.append(Finding(light, f"承诺达产后年{what}{format_money(promised)}，{months}{verb}"
                                       f"{format_money(figure.cumulative)}，为序时目标的{share}%"))
    else:
        notes.append(f"{months}{verb}{format_money(figure.cumulative)}，达到承诺序时")


def contract_light(commitments: Commitments | None, actuals: Actuals, *, today: date,
                   terms: ContractTerms = ContractTerms(), terminated: bool = False) -> ContractLight | None:
    """The light of one signed project; None for a project without an agreement or terminated."""
    if commitments is None or terminated:
        return None
    findings: list[Finding] = []
    notes: list[str] = []
    _dated("开工", commitments.start_by, actuals.started_on, today, findings, notes)
    _dated("投产", commitments.production_by, actuals.producing_on, today, findings, notes)

    full_on = full_output_day(commitments, actuals, terms)
    if commitments.production_by:
        first = commitments.first_phase_investment or commitments.total_investment
        _investment("一期投资" if commitments.first_phase_investment else "投资", first, commitments.production_by,
                    actuals.invested, today, terms, findings)
    _investment("协议总投资", commitments.total_investment, full_on, actuals.invested, today, terms, findings)
    if today <= full_on:
        notes.append(f"{day(full_on)}达产，产值税收届时考核")
    else:
        _at_full("产值", "产值", commitments.output_at_full, actuals.output, full_on, today, terms, findings, notes)
        _at_full("税收", "税收", commitments.tax_at_full, actuals.tax, full_on, today, terms, findings, notes)
    worst = min((f.light for f in findings), key=ORDER.index, default=GREEN)
    return ContractLight(worst, tuple(findings), full_on, tuple(notes))


def behind(result: ContractLight | None) -> bool:
    return result is not None and result.light == RED


def light_counts(results) -> dict[str, int]:
    counts = dict.fromkeys(ORDER, 0)
    for result in results:
        if result is not None:
            counts[result.light] += 1
    return counts


def week_of(today: date) -> tuple[date, date]:
    """Monday to Sunday of the week `today` falls in."""
    start = today - timedelta(days=today.weekday())
    return start, start + timedelta(days=6)
