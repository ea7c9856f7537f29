"""Finding units and people by the names the ledgers write, creating them when new."""

from __future__ import annotations

from parkops.core.text import normalise_name
from parkops.org.choices import UnitKind
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


def unit_kind_for(name: str, park: Park | None) -> str:
    if name.endswith(("镇", "乡", "街道")):
        return UnitKind.TOWN
    if name.endswith(("集团", "公司")):
        return UnitKind.COMPANY
    if park and name in {park.name, park.short_name} or any(w in name for w in ("高新区", "园区", "管委会", "开发区")):
        return UnitKind.PARK_OFFICE
    return UnitKind.DEPARTMENT


def served_park() -> Park:
    """The park the pages show: the only one, in the embedded set-up this serves (404 before there is one)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Park.objects.order_by("pk")[:1])
