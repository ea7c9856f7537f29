"""Units and people: finding a unit by the name a ledger writes, the system administrator's list pages,
and the separation of the three administrators (等保 三员分立).

find_unit / unit_for_name: padded and full-width-spaced names, aliases, unknown names, one park only.
The lists (core ObjectListView): filter, sort, 50 rows a page, and export of every filtered row to .xlsx.
三员分立: the system administrator keeps units and accounts but cannot give roles; the security
administrator gives roles but cannot touch units or create accounts; the audit administrator does
neither; nobody changes their own role.
"""

from datetime import timedelta
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from parkops.core.permissions import can_read_audit
from parkops.org import permissions
from parkops.org.choices import LeaderLevel, Role, UnitKind
from parkops.org.models import LoginLock, Person, Unit, User
from parkops.org.services import find_unit, person_for_name, unit_for_name
from parkops.testing.factories import ParkFactory, PersonFactory, UnitFactory, UserFactory

ZHONGHUAN = "江西中寰投资集团有限公司"


@pytest.fixture
def units(park):
    return {
        "工信局": UnitFactory(park=park, name="工信局"),
        ZHONGHUAN: UnitFactory(park=park, name=ZHONGHUAN, kind=UnitKind.COMPANY, aliases="中寰集团，工发集团"),
    }


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def workbook_rows(response) -> list[tuple]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))


# --- finding units by name -----------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["工信局", "工 信 局", "工\u3000信局", " 工信局\n"])
def test_find_unit_reads_padded_and_spaced_names(park, units, written):
    assert find_unit(park, written) == units["工信局"]


@pytest.mark.parametrize("written", ["中寰集团", "工发集团", "中寰 集团", ZHONGHUAN])
def test_find_unit_knows_a_unit_by_its_aliases(park, units, written):
    assert find_unit(park, written) == units[ZHONGHUAN]


@pytest.mark.parametrize("written", ["商务局", "中寰", "工信", "", "工信局、商务局"])
def test_find_unit_does_not_guess_at_unknown_or_partial_names(park, units, written):
    assert find_unit(park, written) is None


def test_find_unit_prefers_a_units_own_name_to_another_units_alias(park):
    bureau = UnitFactory(park=park, name="发改委")
    UnitFactory(park=park, name="县发展和改革委员会办公室", aliases="发改委")

    assert find_unit(park, "发改委") == bureau


def test_find_unit_looks_only_in_the_given_park(park, units):
    other_park = ParkFactory(name="另一个园区", short_name="另园")

    assert find_unit(other_park, "工信局") is None
    assert find_unit(other_park, "中寰集团") is None


def test_unit_for_name_returns_the_known_unit_and_creates_nothing(park, units):
    count = Unit.objects.count()

    assert unit_for_name(park, "中寰集团") == units[ZHONGHUAN]
    assert unit_for_name(park, "工 信 局") == units["工信局"]
    assert Unit.objects.count() == count


def test_unit_for_name_creates_a_new_unit_once_under_its_clean_name(park, units):
    created = unit_for_name(park, "统  计 局")
    again = unit_for_name(park, "统计局")

    assert created.name == "统计局"
    assert created.park == park
    assert again == created
    assert Unit.objects.filter(park=park, normalised_name="统计局").count() == 1


def test_person_for_name_matches_padded_names_and_stores_them_clean(park):
    zhou = person_for_name(park, "周  洁", level=LeaderLevel.COUNTY)

    assert zhou.name == "周洁"
    assert person_for_name(park, "周\u3000洁") == zhou
    assert Person.objects.filter(park=park).count() == 1


# --- the list pages ------------------------------------------------------------------------------------


@pytest.fixture
def many_units(park):
    """55 towns and 3 departments: more than one page of 50."""
    towns = [UnitFactory(park=park, name=f"乡镇{n:02d}", kind=UnitKind.TOWN) for n in range(1, 56)]
    departments = [UnitFactory(park=park, name=name) for name in ("工信局", "商务局", "统计局")]
    return towns, departments


def shown_names(response) -> list[str]:
    return [row.record.name for row in response.context["table"].page.object_list]


def test_unit_list_filters_by_name_and_kind(sysadmin, many_units):
    client = logged_in(sysadmin)

    by_name = client.get(reverse("org:unit_list"), {"name": "局"})
    by_kind = client.get(reverse("org:unit_list"), {"kind": UnitKind.DEPARTMENT})

    assert sorted(shown_names(by_name)) == sorted(["工信局", "商务局", "统计局"])
    assert sorted(shown_names(by_kind)) == sorted(["工信局", "商务局", "统计局"])
    page = by_kind.content.decode()
    assert "工信局" in page
    assert "乡镇01" not in page


def test_unit_list_sorts_by_a_column_both_ways(sysadmin, many_units):
    client = logged_in(sysadmin)

    ascending = shown_names(client.get(reverse("org:unit_list"), {"kind": UnitKind.TOWN, "sort": "name"}))
    descending = shown_names(client.get(reverse("org:unit_list"), {"kind": UnitKind.TOWN, "sort": "-name"}))

    assert ascending[:3] == ["乡镇01", "乡镇02", "乡镇03"]
    assert descending[:3] == ["乡镇55", "乡镇54", "乡镇53"]


def test_unit_list_shows_fifty_a_page(sysadmin, many_units):
    client = logged_in(sysadmin)

    first = client.get(reverse("org:unit_list"), {"kind": UnitKind.TOWN, "sort": "name"})
    second = client.get(reverse("org:unit_list"), {"kind": UnitKind.TOWN, "sort": "name", "page": 2})

    assert len(shown_names(first)) == 50
    assert shown_names(second) == ["乡镇51", "乡镇52", "乡镇53", "乡镇54", "乡镇55"]


def test_unit_export_holds_every_filtered_row_not_just_the_page(sysadmin, many_units):
    response = logged_in(sysadmin).get(reverse("org:unit_list"), {"kind": UnitKind.TOWN, "page": 2,
                                                                   "export": "xlsx"})

    rows = workbook_rows(response)
    assert rows[0] == ("单位名称", "类别", "别名")
    assert len(rows) == 1 + 55
    assert {row[0] for row in rows[1:]} == {f"乡镇{n:02d}" for n in range(1, 56)}
    assert {row[1] for row in rows[1:]} == {"乡镇"}  # the label the page shows, not "town"


def test_unit_export_with_no_filter_holds_every_unit(sysadmin, many_units):
    rows = workbook_rows(logged_in(sysadmin).get(reverse("org:unit_list"), {"export": "xlsx"}))

    assert len(rows) == 1 + 58


def test_unit_list_offers_an_export_of_what_is_filtered(sysadmin, many_units):
    page = logged_in(sysadmin).get(reverse("org:unit_list"), {"kind": UnitKind.TOWN, "page": 2})

    assert 'href="?kind=town&amp;export=xlsx"' in page.content.decode()


def test_person_list_filters_by_level_and_exports_with_unit_names(sysadmin, park):
    bureau = UnitFactory(park=park, name="工信局")
    PersonFactory(park=park, name="周洁", title="副县长", level=LeaderLevel.COUNTY)
    PersonFactory(park=park, name="王晓君", title="局长", level=LeaderLevel.OTHER, unit=bureau)
    client = logged_in(sysadmin)

    county = client.get(reverse("org:person_list"), {"level": LeaderLevel.COUNTY})
    export = workbook_rows(client.get(reverse("org:person_list"), {"unit": bureau.pk, "export": "xlsx"}))

    assert shown_names(county) == ["周洁"]
    assert export == [("姓名", "职务", "级别", "单位"), ("王晓君", "局长", "其他", "工信局")]


def test_user_export_shows_how_many_addresses_an_account_is_locked_for(sysadmin, unit, clock):
    locked = UserFactory(username="zhang", display_name="张伟", role=Role.REPORTER, unit=unit)
    LoginLock.objects.create(user=locked, ip="10.0.0.9", locked_until=clock.now + timedelta(minutes=15))
    LoginLock.objects.create(user=locked, ip="10.0.0.8", locked_until=clock.now - timedelta(minutes=1))  # lifted

    rows = workbook_rows(logged_in(sysadmin).get(reverse("org:user_list"), {"username": "zhang",
                                                                           "export": "xlsx"}))

    header, row = rows
    assert row[header.index("用户名")] == "zhang"
    assert row[header.index("角色")] == "填报员"
    assert row[header.index("单位")] == "工信局"
    assert row[header.index("登录锁定")] == "1个地址已锁定"


# --- 三员分立 ------------------------------------------------------------------------------------------


def test_each_administrator_holds_exactly_one_power():
    powers = {
        role: {
            name
            for name, check in (("org", permissions.can_manage_org), ("roles", permissions.can_assign_roles),
                                ("audit", can_read_audit))
            if check(User(role=role))
        }
        for role in Role
    }

    assert powers[Role.SYSTEM_ADMIN] == {"org"}
    assert powers[Role.SECURITY_ADMIN] == {"roles"}
    assert powers[Role.AUDIT_ADMIN] == {"audit"}
    for role in Role:
        if role not in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN):
            assert powers[role] == set(), f"{role} must hold none of the administrators' powers"


def test_security_admin_cannot_create_or_change_units(security, park):
    bureau = UnitFactory(park=park, name="工信局")
    client = logged_in(security)

    created = client.post(reverse("org:unit_create"), {"name": "统计局", "kind": "department"})
    changed = client.post(reverse("org:unit_edit", args=[bureau.pk]), {"name": "工业和信息化局",
                                                                       "kind": "department"})

    assert (created.status_code, changed.status_code) == (403, 403)
    assert not Unit.objects.filter(name="统计局").exists()
    assert Unit.objects.get(pk=bureau.pk).name == "工信局"
    assert client.get(reverse("org:unit_list")).status_code == 403


def test_security_admin_cannot_create_accounts(security, park):
    response = logged_in(security).post(reverse("org:user_create"), {
        "username": "newcomer", "password": "Lushan#2026", "is_active": "on",
    })

    assert response.status_code == 403
    assert not User.objects.filter(username="newcomer").exists()


def test_system_admin_cannot_assign_roles(sysadmin, unit):
    viewer = UserFactory(username="viewer", role=Role.VIEWER, unit=unit)
    client = logged_in(sysadmin)

    form = client.get(reverse("org:user_edit", args=[viewer.pk]))
    client.post(reverse("org:user_edit", args=[viewer.pk]), {
        "username": "viewer", "display_name": "改名的查看员", "unit": unit.pk, "is_active": "on",
        "role": Role.SECURITY_ADMIN,
    })

    assert 'name="role"' not in form.content.decode()
    viewer.refresh_from_db()
    assert viewer.display_name == "改名的查看员"  # the form was saved …
    assert viewer.role == Role.VIEWER  # … but the role is not on it


def test_system_admin_creates_accounts_without_a_role(sysadmin, unit):
    logged_in(sysadmin).post(reverse("org:user_create"), {
        "username": "newcomer", "password": "Lushan#2026", "unit": unit.pk, "is_active": "on",
        "role": Role.SYSTEM_ADMIN,
    })

    assert User.objects.get(username="newcomer").role == ""


def test_security_admin_assigns_a_role(security, unit):
    viewer = UserFactory(username="viewer", role=Role.VIEWER, unit=unit)

    logged_in(security).post(reverse("org:user_edit", args=[viewer.pk]), {"role": Role.REPORTER})

    viewer.refresh_from_db()
    assert viewer.role == Role.REPORTER


def test_audit_admin_can_neither_keep_units_nor_give_roles(auditor, park):
    bureau = UnitFactory(park=park, name="工信局")
    viewer = UserFactory(username="viewer", role=Role.VIEWER)
    client = logged_in(auditor)

    responses = [
        client.post(reverse("org:unit_create"), {"name": "统计局", "kind": "department"}),
        client.post(reverse("org:unit_edit", args=[bureau.pk]), {"name": "改名", "kind": "department"}),
        client.post(reverse("org:user_create"), {"username": "newcomer", "password": "Lushan#2026"}),
        client.post(reverse("org:user_edit", args=[viewer.pk]), {"role": Role.SUPERVISOR,
                                                                 "username": "viewer"}),
        client.get(reverse("org:unit_list")),
        client.get(reverse("org:user_list")),
    ]

    assert [r.status_code for r in responses] == [403] * 6
    assert not Unit.objects.filter(name__in=["统计局", "改名"]).exists()
    assert not User.objects.filter(username="newcomer").exists()
    assert User.objects.get(pk=viewer.pk).role == Role.VIEWER


def test_security_admin_cannot_change_their_own_role(security):
    response = logged_in(security).post(reverse("org:user_edit", args=[security.pk]),
                                        {"role": Role.SYSTEM_ADMIN, "unlock": "on"})

    assert response.status_code == 403
    assert User.objects.get(pk=security.pk).role == Role.SECURITY_ADMIN


def test_system_admin_cannot_change_their_own_role(sysadmin):
    logged_in(sysadmin).post(reverse("org:user_edit", args=[sysadmin.pk]), {
        "username": "sysadmin", "display_name": "系统员", "is_active": "on", "role": Role.SECURITY_ADMIN,
    })

    assert User.objects.get(pk=sysadmin.pk).role == Role.SYSTEM_ADMIN


def test_audit_admin_cannot_change_their_own_role(auditor):
    response = logged_in(auditor).post(reverse("org:user_edit", args=[auditor.pk]),
                                       {"role": Role.SYSTEM_ADMIN, "username": "auditor"})

    assert response.status_code == 403
    assert User.objects.get(pk=auditor.pk).role == Role.AUDIT_ADMIN


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.REPORTER, Role.LEADER, Role.VIEWER],
                         ids=lambda r: r.value)
def test_business_users_cannot_change_their_own_role(role, unit):
    user = UserFactory(username=f"user_{role}", role=role, unit=unit)

    response = logged_in(user).post(reverse("org:user_edit", args=[user.pk]),
                                    {"role": Role.SECURITY_ADMIN, "username": user.username})

    assert response.status_code == 403
    assert User.objects.get(pk=user.pk).role == role
