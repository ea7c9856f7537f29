"""Reads of the economy module that other modules' documents make (reports.builtin): the figures
themselves are economy/figures.py's."""

from __future__ import annotations

from datetime import date

from parkops.economy.models import Honour, IndustryChain


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
