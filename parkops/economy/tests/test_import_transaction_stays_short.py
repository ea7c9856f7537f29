"""A large import does not hold the database's write lock for longer the more rows it has: on SQLite a
transaction holds the one write lock of the whole database, and a 200,000-row registry written a row at
a time inside it (nine statements a row) held it for 21 minutes while other users' saves failed with
"database is locked". The imports look up and compare before their transaction and write in bulk inside
it, so the statements inside it are counted here, for a sheet of 20 rows and one of 200: without timing,
a statement per row would add 180."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from parkops.core import auditchain, bulkwrite, imports
from parkops.core.models import AuditAction, AuditEntry
from parkops.economy.enterprise_import import EnterpriseImporter
from parkops.economy.models import Enterprise, Honour, IndicatorValue, ScaleMembership
from parkops.economy.tests import sheets
from parkops.economy.tests.test_enterprise_import import HEADER, import_file, sheet, write
from parkops.testing.factories import ZoneFactory, credit_code

# The bulk inserts go a few dozen rows a statement on SQLite (999 bound values at most): 180 more rows
# may add a statement per batch of each table, never one per row.
ALLOWED_GROWTH = 180 // 10


@pytest.fixture
def statements_in_the_write(monkeypatch):
    """The statements run inside each import's transaction, a list for each, in order."""
    written: list[list[str]] = []

    @contextmanager
    def recorded_atomic(*args, **kwargs):
        with CaptureQueriesContext(connection) as queries, transaction.atomic(*args, **kwargs):
            yield
        written.append([query["sql"] for query in queries.captured_queries])

    monkeypatch.setattr(imports, "transaction", SimpleNamespace(atomic=recorded_atomic))
    return written


def registry_rows(count: int, *, first: int = 0, employees: str = "50", honour: str = "高新技术企业(2023)",
                  scale: str = "是") -> list[list[str]]:
    return [[str(n + 1), credit_code(5000 + first + n), f"测试企业{first + n}有限公司", "", "", "", "", "北区", "3434",
             "连续搬运设备制造", "装备制造", "10", "", employees, scale, "2023-01" if scale == "是" else "", honour, "无",
             "0"] for n in range(count)]


def import_registry(tmp_path, rows, name):
    preview, outcome = import_file(write(tmp_path, sheet(rows, header=HEADER), name))
    assert not preview.errors, preview.errors
    return outcome


def test_a_registry_import_writes_200_rows_in_as_many_statements_as_20(park, tmp_path, statements_in_the_write):
    ZoneFactory(park=park, name="北区")
    for count, first in ((20, 0), (200, 1000)):
        # New enterprises with an honour and a 规上 stretch each, then all of them changed: a new
        # figure, a second honour, and 退规.
        created = import_registry(tmp_path, registry_rows(count, first=first), f"新{count}.xlsx")
        updated = import_registry(tmp_path, registry_rows(count, first=first, employees="60",
                                                          honour="高新技术企业(2023)、绿色工厂(2024)", scale="否"),
                                  f"改{count}.xlsx")
        assert created.counts["新增企业"] == count and updated.counts["更新企业"] == count

    small_create, small_update, big_create, big_update = map(len, statements_in_the_write)
    assert big_create <= small_create + ALLOWED_GROWTH, (small_create, big_create)
    assert big_update <= small_update + ALLOWED_GROWTH, (small_update, big_update)


def test_a_bulk_registry_write_keeps_every_change_in_history_and_the_audit_chain(park, tmp_path, supervisor):
    ZoneFactory(park=park, name="北区")
    rows = registry_rows(30)
    import_file(write(tmp_path, sheet(rows, header=HEADER), "新.xlsx"), user=supervisor)
    changed = registry_rows(30, employees="60", honour="高新技术企业(2023)、绿色工厂(2024)", scale="否")

    import_file(write(tmp_path, sheet(changed, header=HEADER), "改.xlsx"), user=supervisor)

    enterprise = Enterprise.objects.get(credit_code=credit_code(5007))
    assert enterprise.employees == 60 and enterprise.version == 2
    assert [r.history_type for r in enterprise.history.order_by("history_id")] == ["+", "~"]
    assert sorted(enterprise.honours.values_list("name", flat=True)) == ["绿色工厂", "高新技术企业"]
    assert enterprise.scale_memberships.get().left_period is not None
    update = AuditEntry.objects.get(action=AuditAction.UPDATE, object_type="企业", object_id=str(enterprise.pk))
    assert (update.before, update.after, update.username) == ({"employees": 50}, {"employees": 60}, "supervisor")
    assert update.detail == "由企业名录“改.xlsx”导入"
    lines = AuditEntry.objects.filter(detail__startswith="由企业名录")
    assert lines.filter(action=AuditAction.CREATE, object_type="企业").count() == 30
    assert lines.filter(action=AuditAction.CREATE, object_type="企业荣誉").count() == 60
    assert lines.filter(action=AuditAction.UPDATE, object_type="规上企业记录").count() == 30
    assert Honour.history.count() == 60 and ScaleMembership.history.count() == 60
    verification = auditchain.verify()
    assert verification.broken is None, verification.broken.describe()


def test_a_registry_edit_saved_while_the_import_was_planned_is_not_overwritten(park, tmp_path, supervisor,
                                                                                monkeypatch):
    ZoneFactory(park=park, name="北区")
    import_file(write(tmp_path, sheet(registry_rows(3), header=HEADER), "新.xlsx"))
    enterprise = Enterprise.objects.get(credit_code=credit_code(5001))
    planned = EnterpriseImporter.plan
    plans = []

    def plan_then_someone_saves(self, preview, *, user):
        plan = planned(self, preview, user=user)
        if not plans:  # between the first plan and its transaction, someone saves on the page
            enterprise.contact_person = "赵丽"
            enterprise.save()
        plans.append(plan)
        return plan

    monkeypatch.setattr(EnterpriseImporter, "plan", plan_then_someone_saves)

    _, outcome = import_file(write(tmp_path, sheet(registry_rows(3, employees="70"), header=HEADER), "改.xlsx"))

    assert len(plans) == 2  # planned again, from what the page saved
    enterprise.refresh_from_db()
    assert (enterprise.contact_person, enterprise.employees, enterprise.version) == ("赵丽", 70, 3)
    assert outcome.counts["更新企业"] == 3


def statistics_rows(count: int, *, first: int, value: float) -> list[list]:
    return [[n + 1, credit_code(7000 + first + n), f"统计企业{first + n}有限公司", value, value, 1, 1, 1, 10]
            for n in range(count)]


def test_a_statistics_import_writes_200_rows_in_as_many_statements_as_20(park, tmp_path, statements_in_the_write):
    for count, first in ((20, 0), (200, 1000)):
        # A month's sheet of enterprises not yet registered, then the same month corrected, with the
        # next month already imported, whose month values the correction re-derives.
        for period, value, name in ((sheets.OCTOBER, 1000, "十月"), (date(2025, 11, 1), 2000, "十一月"),
                                    (sheets.OCTOBER, 1100, "十月更正")):
            content = sheets.flat_sheet(statistics_rows(count, first=first, value=value),
                                        title=f"2025年1-{period.month}月规模以上工业企业主要经济指标")
            path = sheets.write(tmp_path, content, f"{name}{count}.xlsx")
            preview, _ = sheets.import_file(path, park=park, period=period, create_missing=True)
            assert not preview.errors, preview.errors
    # Six indicators a row; the correction of October re-derived November's month values.
    assert IndicatorValue.objects.filter(period=sheets.OCTOBER).count() == 220 * 6
    revenue = IndicatorValue.objects.filter(period=date(2025, 11, 1), indicator__code="revenue")
    assert {(v.cumulative, v.month_value) for v in revenue} == {(200, 90)}  # 千元 in the sheet, 万元 stored

    small, big = [len(s) for s in statements_in_the_write[:3]], [len(s) for s in statements_in_the_write[3:]]
    for first_sheet, second_sheet in zip(small, big, strict=True):
        assert second_sheet <= first_sheet + ALLOWED_GROWTH, (small, big)
    # The month and the two around it are read and compared before the transaction: inside it the values
    # are read only to learn the ids of those just inserted and to copy those just updated into history.
    for statements in statements_in_the_write:
        reads = [sql for sql in statements if sql.startswith("SELECT") and '"economy_indicatorvalue"' in sql
                 and "historical" not in sql]
        assert len(reads) <= 2, reads


def test_a_registry_write_runs_with_sqlite_s_large_cache_and_leaves_the_connection_as_it_was(park, tmp_path,
                                                                                             monkeypatch):
    """With SQLite's default 2 MB cache, a bulk write re-reads its tables' index pages from disk and holds
    the write lock the longer for it (20,000 rows: 4.7 s instead of 2.8 s)."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's buffers are the server's, not the connection's")
    ZoneFactory(park=park, name="北区")
    sizes = []
    real_write = bulkwrite.write

    def write_and_note_the_cache(saves):
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            sizes.append(cursor.fetchone()[0])
        return real_write(saves)

    monkeypatch.setattr(bulkwrite, "write", write_and_note_the_cache)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]

    import_registry(tmp_path, registry_rows(5), "新.xlsx")

    assert sizes == [-bulkwrite.SQLITE_WRITE_CACHE_KIB]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == before
