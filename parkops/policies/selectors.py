"""Reads of 惠企政策兑现: the enterprises' figures (economy's and projects' selectors, the hand-overs
.importlinter names), each clause's matches, the cash-outs with their lights, 兑现率 and average days,
what each enterprise received by year; and what an enterprise's own page (企业服务's 园企之窗) shows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from parkops.core.formatting import round2, share_pct
from parkops.core.text import normalise_name
from parkops.core.workdays import workdays_between
from parkops.economy import selectors as economy_selectors
from parkops.policies import rules
from parkops.policies.choices import Status
from parkops.policies.lights import ApplicationLight, application_light
from parkops.policies.models import Application, Clause, Condition, Policy
from parkops.projects import selectors as project_selectors


def profiles(*, park, as_of: date) -> list[rules.Profile]:
    """Every enterprise of the park's registry with the figures a condition may read: eight queries."""
    invested = project_selectors.invested_by_builder(park=park)
    return [rules.profile(facts, as_of=as_of, invested=invested.get(normalise_name(facts.name), Decimal(0)))
            for facts in economy_selectors.policy_facts(park=park, as_of=as_of)]


def _enterprises():
    """The registry's enterprises, as the cash-outs name them (their model is economy's; reached here
    through the foreign key, not imported)."""
    return Application._meta.get_field("enterprise").related_model.objects


def enterprise_of_park(*, park, pk: int):
    return _enterprises().filter(park=park, is_active=True, pk=pk).first()


def own_enterprise(user):
    """The enterprise a 企业用户 account speaks for (its tie is 企业服务's EnterpriseAccount), or None."""
    return _enterprises().filter(accounts__user_id=user.pk).first()


def with_clauses(policies: QuerySet[Policy]) -> QuerySet[Policy]:
    return policies.prefetch_related(Prefetch("clauses", queryset=Clause.objects.prefetch_related(
        Prefetch("conditions", queryset=Condition.objects.order_by("pk")))))


@dataclass
class ClauseView:
    clause: Clause
    conditions: list[Condition]
    matches: rules.ClauseMatches
    taken: dict[int, Application] = field(default_factory=dict)  # enterprise id → its cash-out of the clause

    @property
    def amount_text(self) -> str:
        return rules.clause_amount_text(self.clause)

    @property
    def matched_rows(self) -> list[tuple[rules.Match, Application | None]]:
        return [(m, self.taken.get(m.profile.enterprise_id)) for m in self.matches.matched]

    @property
    def undecided_rows(self) -> list[tuple[rules.Match, Application | None]]:
        return [(m, self.taken.get(m.profile.enterprise_id)) for m in self.matches.undecided]


def policy_matches(policy: Policy, *, as_of: date) -> list[ClauseView]:
    """Each clause of the policy with the enterprises it matches and those the data cannot decide, and
    the cash-outs already made of it; a bounded number of queries, whatever the number of enterprises."""
    policy = with_clauses(Policy.objects.filter(pk=policy.pk)).get()
    found = profiles(park=policy.park, as_of=as_of)
    taken: dict[int, dict[int, Application]] = defaultdict(dict)
    for application in Application.objects.filter(clause__policy=policy).select_related("enterprise"):
        taken[application.clause_id][application.enterprise_id] = application
    views = []
    for clause in policy.clauses.all():
        conditions = list(clause.conditions.all())
        views.append(ClauseView(clause, conditions, rules.match_clause(clause, conditions, found), taken[clause.pk]))
    return views


def clause_match(clause: Clause, *, enterprise_id: int, as_of: date) -> rules.Match | None:
    """One enterprise's check against one clause, on today's figures (what a confirmation or an application
    stores with it)."""
    conditions = list(clause.conditions.all())
    for prof in profiles(park=clause.policy.park, as_of=as_of):
        if prof.enterprise_id == enterprise_id:
            return rules.check(clause, conditions, prof)
    return None


@dataclass
class Row:
    application: Application
    light: ApplicationLight


def listing(applications: QuerySet[Application]) -> QuerySet[Application]:
    return applications.select_related("enterprise", "clause", "clause__policy")


def with_lights(applications, *, today: date) -> list[Row]:
    return [Row(a, application_light(a, today=today)) for a in applications]


@dataclass
class Tally:
    """兑现率 (the cash-outs paid of those approved) and the average working days from the application
    (or the confirmation) to the payment."""

    total: int = 0
    approved: int = 0
    paid: int = 0
    rejected: int = 0
    overdue: int = 0
    approved_amount: Decimal = Decimal(0)
    paid_amount: Decimal = Decimal(0)
    days: int = 0

    def add(self, application: Application, light: ApplicationLight) -> None:
        self.total += 1
        if application.status == Status.REJECTED:
            self.rejected += 1
        if application.status in (Status.APPROVED, Status.PAID):
            self.approved += 1
            self.approved_amount += application.amount or 0
        if application.status == Status.PAID:
            self.paid += 1
            self.paid_amount += application.paid_amount or 0
            self.days += workdays_between(application.applied_on, application.paid_on)
        self.overdue += light.overdue

    @property
    def paid_rate(self) -> Decimal | None:
        return share_pct(self.paid, self.approved)

    @property
    def average_days(self) -> Decimal | None:
        return round2(Decimal(self.days) / self.paid) if self.paid else None


def tally(rows: list[Row]) -> Tally:
    found = Tally()
    for row in rows:
        found.add(row.application, row.light)
    return found


def tallies_by_policy(rows: list[Row]) -> list[tuple[Policy, Tally]]:
    found: dict[int, tuple[Policy, Tally]] = {}
    for row in rows:
        policy = row.application.clause.policy
        found.setdefault(policy.pk, (policy, Tally()))[1].add(row.application, row.light)
    return sorted(found.values(), key=lambda item: (-item[0].year, item[0].name))


@dataclass
class Received:
    enterprise: str
    by_year: dict[int, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.by_year.values(), Decimal(0))


def received_by_year(applications: QuerySet[Application]) -> tuple[list[int], list[Received]]:
    """What each enterprise received (兑现金额) in each year paid, the most first: one query."""
    found: dict[str, dict[int, Decimal]] = {}
    years: set[int] = set()
    for name, paid_on, amount in applications.filter(status=Status.PAID).values_list(
            "enterprise__name", "paid_on", "paid_amount"):
        years.add(paid_on.year)
        by_year = found.setdefault(name, {})
        by_year[paid_on.year] = by_year.get(paid_on.year, Decimal(0)) + (amount or 0)
    rows = sorted((Received(name, by_year) for name, by_year in found.items()), key=lambda r: (-r.total, r.enterprise))
    return sorted(years, reverse=True), rows


@dataclass
class CashOutStatistics:
    """The park's cash-outs as of a day, for the report centre's 惠企政策兑现情况表."""

    total: Tally
    by_policy: list[tuple[Policy, Tally]]
    overdue: list[Row]
    years: list[int]
    received: list[Received]


def cashout_statistics(*, park, today: date) -> CashOutStatistics:
    applications = Application.objects.filter(clause__policy__park=park, applied_on__lte=today)
    rows = with_lights(listing(applications).order_by("applied_on", "pk"), today=today)
    years, received = received_by_year(applications)
    return CashOutStatistics(total=tally(rows), by_policy=tallies_by_policy(rows),
                             overdue=[row for row in rows if row.light.overdue], years=years, received=received)


# -- what 企业服务's 园企之窗 shows an enterprise (services.selectors, a hand-over named in .importlinter) ---


@dataclass(frozen=True)
class OwnPolicy:
    clause: Clause
    match: rules.Match
    application: Application | None
    light: ApplicationLight | None
    matched: bool  # every condition holds; else the data cannot decide and it may apply


def policies_for_enterprise(*, enterprise, as_of: date) -> list[OwnPolicy]:
    """The active policies' clauses this enterprise matches or may apply for, with its own cash-out of each."""
    policies = list(with_clauses(Policy.objects.filter(park_id=enterprise.park_id, is_active=True)))
    if not policies:
        return []
    found = next((p for p in profiles(park=enterprise.park, as_of=as_of) if p.enterprise_id == enterprise.pk), None)
    if found is None:
        return []
    own = {a.clause_id: a for a in Application.objects.filter(enterprise_id=enterprise.pk)}
    rows = []
    for policy in policies:
        for clause in policy.clauses.all():
            conditions = list(clause.conditions.all())
            result = rules.match_clause(clause, conditions, [found])
            for match, matched in [(m, True) for m in result.matched] + [(m, False) for m in result.undecided]:
                application = own.get(clause.pk)
                rows.append(OwnPolicy(clause, match, application, application_light(application, today=as_of)
                                      if application else None, matched))
    return rows
