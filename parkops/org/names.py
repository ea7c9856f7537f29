"""What every import needs from org: the park it is for, and the people, units and places it names.

An imported table names leaders, units, zones and chains as the office writes them ("周  洁", a unit's
short name). Each is looked up among the park's own by normalised name (a unit by its aliases too);
a name not found is one the import will create, listed in the preview with the rows that named it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

from parkops.core.imports import NewName, Preview
from parkops.core.text import normalise_name
from parkops.org.choices import LeaderLevel, UnitKind
from parkops.org.models import Park, Person, Unit, Zone
from parkops.org.services import unit_kind_for

NO_PARK = "系统中还没有园区，请先在“组织机构”中建立园区。"
SEVERAL_PARKS = "系统中有多个园区，请指定导入到哪个园区。"


def only_park() -> tuple[Park | None, str]:
    """The park when there is exactly one (the embedded set-up has one), else None and why not."""
    parks = list(Park.objects.order_by("pk")[:2])
    if not parks:
        return None, NO_PARK
    if len(parks) > 1:
        return None, SEVERAL_PARKS
    return parks[0], ""


def import_park(park: Park | None, preview: Preview) -> Park | None:
    """The park an import writes into: the one asked for, else the only one; an error on the preview
    (and None) when none was asked for and there is not exactly one."""
    if park is not None:
        return park
    found, problem = only_park()
    if problem:
        preview.error(None, problem)
    return found


class KnownNames:
    """One kind of name an import may use: the park's own by normalised name (read when first asked
    for), and the new ones it will create, each with the rows that named it."""

    def __init__(self, load: Callable[[], dict[str, Any]]):
        self._load = load  # → {normalised name: the record (anything with a .name)}
        self.new: dict[str, NewName] = {}

    @cached_property
    def known(self) -> dict[str, Any]:
        return self._load()

    def recorded(self, name: str) -> Any | None:
        return self.known.get(normalise_name(name))

    def find(self, name: str, row: int, *, kind: str, label: str, written: str | None = None) -> str:
        """The recorded name of `name`, or the name it will be created under (`written`, else the
        normalised name), noting the row."""
        key = normalise_name(name)
        if key in self.known:
            return self.known[key].name
        entry = self.new.setdefault(key, NewName(written if written is not None else key, kind, label, []))
        if row not in entry.rows:
            entry.rows.append(row)
        return entry.name

    @property
    def to_create(self) -> list[NewName]:
        return list(self.new.values())


class NameCollector:
    """The people, units and zones a table names, in `park` (None: nothing is known, all is new)."""

    def __init__(self, park: Park | None):
        self.park = park
        self.people = KnownNames(self._people)
        self.units = KnownNames(self._units)
        self.zones = KnownNames(self._zones)

    def _people(self) -> dict[str, Person]:
        return {p.normalised_name: p for p in Person.objects.filter(park=self.park)} if self.park else {}

    def _units(self) -> dict[str, Unit]:
        if self.park is None:
            return {}
        units = list(Unit.objects.filter(park=self.park))
        found = {}
        for unit in units:
            for alias in unit.alias_list():
                found.setdefault(alias, unit)
        # A unit's own name wins over another unit's alias, as org.services.find_unit has it.
        found.update({unit.normalised_name: unit for unit in units})
        return found

    def _zones(self) -> dict[str, Zone]:
        return {normalise_name(z.name): z for z in Zone.objects.filter(park=self.park)} if self.park else {}

    def person(self, name: str, row: int, *, level: str = LeaderLevel.PARK) -> str:
        return self.people.find(name, row, kind=level, label=LeaderLevel(level).label)

    def unit(self, name: str, row: int, *, kind: str | None = None) -> str:
        """A unit not known is created with `kind`, else the kind its name says (org.services.unit_kind_for)."""
        kind = kind or unit_kind_for(normalise_name(name), self.park)
        return self.units.find(name, row, kind=kind, label=UnitKind(kind).label)

    def zone(self, name: str, row: int, *, written: Callable[[str], str] = normalise_name) -> str:
        return self.zones.find(name, row, kind="zone", label="片区", written=written(name))
