"""The park an import is for, and the people, units and zones a table names (org/names.py)."""

from parkops.core.imports import Preview
from parkops.org.choices import LeaderLevel, UnitKind
from parkops.org.names import NameCollector, import_park
from parkops.testing.factories import ParkFactory, PersonFactory, UnitFactory, ZoneFactory


def test_an_import_goes_to_the_park_asked_for_else_the_only_one(park):
    other = ParkFactory(name="另一园区")
    preview = Preview(filename="表.xlsx")
    assert import_park(other, preview) == other
    assert import_park(None, preview) is None
    assert [str(p) for p in preview.errors] == ["系统中有多个园区，请指定导入到哪个园区。"]


def test_with_one_park_an_import_needs_no_park_named(park):
    preview = Preview(filename="表.xlsx")
    assert import_park(None, preview) == park
    assert not preview.problems


def test_an_import_without_a_park_says_to_create_one(db):
    preview = Preview(filename="表.xlsx")
    assert import_park(None, preview) is None
    assert [str(p) for p in preview.errors] == ["系统中还没有园区，请先在“组织机构”中建立园区。"]


def test_known_names_are_found_padded_or_by_alias_and_new_ones_listed_once_with_their_rows(park):
    PersonFactory(park=park, name="周洁")
    UnitFactory(park=park, name="德安县工业和信息化局", aliases="工信局")
    ZoneFactory(park=park, name="东区")
    names = NameCollector(park)

    assert names.person("周  洁", 3) == "周洁"
    assert names.unit("工信局", 3) == "德安县工业和信息化局"
    assert names.zone("东 区", 3) == "东区"
    assert names.person("王晓君", 4, level=LeaderLevel.COUNTY) == "王晓君"
    assert names.person("王 晓君", 6) == "王晓君"
    assert names.unit("丰林镇", 5) == "丰林镇"

    assert [(n.name, n.kind, n.rows) for n in names.people.to_create] == [("王晓君", LeaderLevel.COUNTY, [4, 6])]
    assert [(n.name, n.kind_label, n.rows) for n in names.units.to_create] == [("丰林镇", UnitKind.TOWN.label, [5])]
    assert names.zones.to_create == []


def test_without_a_park_every_name_is_new(db):
    names = NameCollector(None)
    assert names.unit("工信局", 2) == "工信局"
    assert [n.name for n in names.units.to_create] == ["工信局"]
