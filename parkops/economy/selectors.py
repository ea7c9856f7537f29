"""Reads of the economy module that other modules' documents make (reports.builtin): the figures
themselves are economy/figures.py's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from parkops.economy.choices import MetricCode
from parkops.economy.models import EvaluationResult, Honour, IndustryChain


def leading_chain_names(*, park) -> list[str]:
    """The park's 主导产业 chains, in the order the park lists them."""
    return list(IndustryChain.objects.filter(park=park, is_leading=True)
                .order_by("position", "name").values_list("name", flat=True))


def honours_awarded(*, park, start: date, end: date) -> dict[str, list[str]]:
    """The titles the park's enterprises were awarded within [start, end]: title → the enterprises, each
    once, in the order awarded."""
    awarded: dict[str, list[str]] = {}
    for honour in (Honour.objects.filter(enterprise__park=park, awarded_on__gte=start, awarded_on__lte=end)
                   .select_related("enterprise").order_by("name", "awarded_on", "enterprise__name")):
        names = awarded.setdefault(honour.name, [])
        if str(honour.enterprise) not in names:
            names.append(str(honour.enterprise))
    return awarded


def latest_permu_results(*, enterprise_ids) -> dict[int, tuple[int, str, Decimal | None]]:
    """Each enterprise's latest 亩均 evaluation: id → (year, class, 亩均税收 in 万元/亩 or None), one query.
    土地与厂房 reads it to find the 低效 parcels (the hand-over .importlinter names)."""
    found: dict[int, tuple[int, str, Decimal | None]] = {}
    results = (EvaluationResult.objects.filter(enterprise_id__in=list(enterprise_ids))
               .select_related("scheme").order_by("enterprise_id", "-scheme__year"))
    for result in results:
        if result.enterprise_id in found:
            continue
        values = {item.get("code"): item.get("value") for item in result.details or ()}
        tax = values.get(MetricCode.TAX_PER_MU)
        found[result.enterprise_id] = (result.scheme.year, result.grade, None if tax is None else Decimal(str(tax)))
    return found
