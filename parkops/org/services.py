"""Finding units and people by the names the ledgers write, creating them when new."""

from __future__ import annotations

from parkops.core.text import normalise_name
from parkops.org.models import Park, Person, Unit


def find_unit(park: Park, name: str) -> Unit | None:
    """By normalised name, then by any of a unit's aliases (中寰集团 for its full name)."""
    wanted = normalise_name(name)
    unit = Unit.objects.filter(park=park, normalised_name=wanted).first()
    if unit is not None:
        return unit
    for candidate in Unit.objects.filter(park=park).exclude(aliases=""):
        if wanted in candidate.alias_list():
            return candidate
    return None


def unit_for_name(park: Park, name: str) -> Unit:
    return find_unit(park, name) or Unit.objects.create(park=park, name=normalise_name(name))


def person_for_name(park: Park, name: str, **defaults) -> Person:
    person = Person.objects.filter(park=park).by_name(name).first()
    return person or Person.objects.create(park=park, name=name, **defaults)
