"""履约监管: signed projects with their contract lights. The facts are gathered here, from this module's
agreements and stage history, from 重点项目调度 (the key project's stage history and investment, through
projects.selectors) and from 经济运行 (the registered enterprise's output and tax, through
economy.selectors): the hand-overs .importlinter names. The rule itself is contract_lights.py's.

A whole list is read in a fixed number of queries, whatever the number of projects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from parkops.economy.selectors import latest_year_to_date
from parkops.investment.choices import Stage
from parkops.investment.contract_lights import (
    Actuals,
    Commitments,
    ContractLight,
    ContractTerms,
    Figure,
    contract_light,
)
from parkops.investment.models import ContractRules, InvestmentProject, StageChange
from parkops.projects.selectors import ContractProgress, contract_progress

# Output and tax are looked for from this many years before today: older figures say nothing of now.
FIGURE_YEARS = 2


def rules_for(park) -> ContractRules:
    """The park's stored rules, or unsaved defaults."""
    return ContractRules.objects.filter(park=park).first() or ContractRules(park=park)


def terms_for(park, rules: ContractRules | None = None) -> ContractTerms:
    """The park's 履约 rules (ContractRules), or the defaults: 36 months for land, 24 for factories."""
    if rules is None and park is not None:
        rules = ContractRules.objects.filter(park=park).first()
    red = settings.INVESTMENT_CONTRACT_RED_SHARE
    if rules is None:
        return ContractTerms(red_share=red)
    return ContractTerms(land_months=rules.land_months, factory_months=rules.factory_months,
                         from_start=rules.from_start, red_share=red)


def signed(projects: QuerySet[InvestmentProject]) -> QuerySet[InvestmentProject]:
    """The projects with an agreement, not terminated: the ones 履约监管 watches."""
    return projects.filter(agreement__isnull=False).exclude(stage=Stage.TERMINATED)


def commitments_of(project: InvestmentProject) -> Commitments | None:
    agreement = getattr(project, "agreement", None)
    if agreement is None:
        return None
    return Commitments(
        signed_on=agreement.signed_on, total_investment=agreement.total_investment,
        first_phase_investment=agreement.first_phase_investment, start_by=agreement.start_by,
        production_by=agreement.production_by, output_at_full=agreement.output_at_full,
        tax_at_full=agreement.tax_at_full, is_factory=bool(project.factory_area) and not project.land_mu)


def _reached(changes: list[StageChange], stage: str) -> date | None:
    rank = Stage.rank(stage)
    return min((c.on for c in changes if c.to_stage != Stage.TERMINATED and Stage.rank(c.to_stage) >= rank),
               default=None)


def _earliest(*days: date | None, by: date) -> date | None:
    """The first of the days known by `by` (a light as of a past day does not know of a later 开工)."""
    return min((d for d in days if d is not None and d <= by), default=None)


@dataclass
class ContractRow:
    project: InvestmentProject
    light: ContractLight | None
    key: ContractProgress | None


def with_contract_lights(projects: QuerySet[InvestmentProject], *, today: date,
                         terms: dict[int, ContractTerms] | None = None) -> list[ContractRow]:
    """Each project with its contract light (None where it has no agreement or was terminated); `terms`
    the rules already read, by park id."""
    projects = list(projects.select_related("agreement", "unit", "park").prefetch_related(
        Prefetch("stage_changes", queryset=StageChange.objects.order_by("on", "pk"))))
    keys = contract_progress(p.key_project_id for p in projects if p.key_project_id)
    since = date(today.year - FIGURE_YEARS, 1, 1)
    figures = latest_year_to_date(enterprise_ids=[p.enterprise_id for p in projects], since=since)
    terms = dict(terms or {})
    rows = []
    for project in projects:
        if project.park_id not in terms:
            terms[project.park_id] = terms_for(project.park)
        changes = list(project.stage_changes.all())
        key = keys.get(project.key_project_id)
        output = figures.get((project.enterprise_id, "output"))
        tax = figures.get((project.enterprise_id, "tax"))
        actuals = Actuals(
            started_on=_earliest(_reached(changes, Stage.STARTED), key.started_on if key else None, by=today),
            producing_on=_earliest(_reached(changes, Stage.IN_PRODUCTION), key.producing_on if key else None,
                                   by=today),
            invested=key.invested if key else None,
            output=Figure(*output) if output else None, tax=Figure(*tax) if tax else None)
        light = contract_light(commitments_of(project), actuals, today=today, terms=terms[project.park_id],
                               terminated=project.stage == Stage.TERMINATED)
        rows.append(ContractRow(project, light, key))
    return rows


def contract_rows(projects: QuerySet[InvestmentProject], *, today: date,
                  terms: dict[int, ContractTerms] | None = None) -> list[ContractRow]:
    """The signed projects' rows, what needs chasing first: red, yellow, green; by name within a light."""
    rows = [row for row in with_contract_lights(signed(projects), today=today, terms=terms)
            if row.light is not None]
    return sorted(rows, key=lambda row: (row.light.urgency, row.project.name))


def light_of(project: InvestmentProject, *, today: date) -> ContractRow:
    return with_contract_lights(InvestmentProject.objects.filter(pk=project.pk), today=today)[0]


def behind_contract(*, park, today: date) -> list[ContractRow]:
    """The park's signed projects in red on `today`: the list 履约监管 hands on, to supervision (转督办), to
    土地与厂房 (清闲促建 looks first at the land of a project behind its contract) and to the named metric
    investment.behind_contract."""
    return [row for row in contract_rows(InvestmentProject.objects.filter(park=park), today=today)
            if row.light.light == "red"]
