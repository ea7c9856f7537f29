"""Writing thousands of records with their history and audit lines in a transaction that lasts seconds.

On SQLite a transaction holds the one write lock of the whole database, and every other user's save waits
for it (busy_timeout) and fails after 30 s. So everything that can be done before is: the records are
given their ids beforehand (reserve_ids), their rows, history rows and audit lines are turned into the
values the database stores (prepare), and the transaction only runs one prepared statement per table over
those values (write) and takes the audit chain's hashes, which need its head.

An importer reserves, prepares, then in its transaction checks ids_still_free() (another writer may have
taken the same ids on SQLite meanwhile: then it prepares again) and writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, models, transaction
from django.utils import timezone

from parkops.core import audit, auditchain

# Pages (KiB when negative) of SQLite's cache for a bulk write's connection: with the default 2 MB, inserting
# tens of thousands of rows into indexed tables reads the same index pages from disk again and again.
# Measured on a 20,000-row registry import: the write lock was held 4.7 s with the default, 2.8 s with this.
SQLITE_WRITE_CACHE_KIB = 256 * 1024


@contextmanager
def large_write_cache() -> Iterator[None]:
    """The connection's page cache enlarged while a bulk write runs on SQLite, then put back: the memory
    is used only as pages are read, and only for the import's own connection."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{int(SQLITE_WRITE_CACHE_KIB)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """Ids for `count` new records. PostgreSQL hands them out of the table's sequence, never again to
    anyone; SQLite has no sequence to draw from, so they are the next free ones, and ids_still_free()
    says inside the transaction whether they still are."""
    if count == 0:
        return []
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [connection.ops.quote_name(table), column, count])
            return sorted(row[0] for row in cursor.fetchall())
        if connection.vendor == "sqlite":
            first = _sqlite_highest_id(cursor, table, column) + 1
            return list(range(first, first + count))
    raise NotImplementedError(f"不支持 {connection.vendor} 数据库的批量写入")


def ids_still_free(model: type[models.Model], ids: list[int]) -> bool:
    if not ids or connection.vendor != "sqlite":
        return True
    with connection.cursor() as cursor:
        return _sqlite_highest_id(cursor, model._meta.db_table, model._meta.pk.column) < ids[0]


def _sqlite_highest_id(cursor, table: str, column: str) -> int:
    # AUTOINCREMENT tables never give an id again, even a deleted row's: sqlite_sequence remembers the highest.
    quoted = connection.ops.quote_name
    cursor.execute(f"SELECT MAX({quoted(column)}) FROM {quoted(table)}")  # nosec B608 - names from the model
    highest = cursor.fetchone()[0] or 0
    cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
    row = cursor.fetchone()
    return max(highest, row[0] if row else 0)


@dataclass
class PreparedSave:
    """One model's records to insert and to update, their history rows and audit lines, as values."""

    model: type[models.Model]
    inserts: list[tuple] = field(default_factory=list)
    insert_columns: list[models.Field] = field(default_factory=list)
    updates: list[tuple] = field(default_factory=list)
    update_columns: list[models.Field] = field(default_factory=list)
    deletes: list[tuple] = field(default_factory=list)  # (pk,) of each record removed
    history: list[tuple] = field(default_factory=list)
    history_columns: list[models.Field] = field(default_factory=list)
    lines: list[auditchain.PreparedLine] = field(default_factory=list)


def prepare(model: type[models.Model], *, created: list[models.Model] = (),
            updated: list[tuple[models.Model, dict]] = (), fields: list[str] = (), deleted: list[models.Model] = (),
            user=None, reason: str = "") -> PreparedSave:
    """`created` (with their reserved ids) to insert, `fields` of `updated` (each with audit.values_of()
    it before the change) to update, `deleted` to remove, each with the history row and the audit line
    its save() or delete() would write."""
    changed = [obj for obj, _ in updated]
    for obj in (*created, *changed):  # a foreign key to a record given its id since it was assigned
        obj._prepare_related_fields_for_save(operation_name="prepare")
    meta, history_model = model._meta, model.history.model
    prepared = PreparedSave(model)
    prepared.insert_columns = list(meta.concrete_fields)
    prepared.inserts = [_values(obj, prepared.insert_columns, adding=True) for obj in created]
    if changed and fields:
        prepared.update_columns = [meta.get_field(name) for name in fields]
        prepared.updates = [(*_values(obj, prepared.update_columns, adding=False), obj.pk) for obj in changed]
    prepared.history_columns = [f for f in history_model._meta.concrete_fields if f.name != "history_id"]
    prepared.deletes = [(obj.pk,) for obj in deleted]
    now = timezone.now()
    befores = [None] * len(created) + [before for _, before in updated] + [audit.values_of(obj) for obj in deleted]
    kinds = ["+"] * len(created) + ["~"] * len(changed) + ["-"] * len(deleted)
    for obj, before, history_type in zip((*created, *changed, *deleted), befores, kinds, strict=True):
        record = history_model(history_date=now, history_user=user, history_change_reason=reason,
                               history_type=history_type,
                               **{f.attname: getattr(obj, f.attname) for f in history_model.tracked_fields})
        prepared.history.append(_values(record, prepared.history_columns, adding=True))
        line = audit.change_line(obj, record, before)
        if line is not None:
            prepared.lines.append(auditchain.prepare_line(**line))
    return prepared


def prepare_rows(model: type[models.Model], *, created: list[models.Model] = (),
                 deleted: list[models.Model] = ()) -> PreparedSave:
    """Rows of a table that keeps no history of its own (a record derived from others, whose change is
    in the history and audit line of what it is derived from): `created` (with reserved ids) to insert,
    `deleted` to remove."""
    for obj in created:
        obj._prepare_related_fields_for_save(operation_name="prepare")
    prepared = PreparedSave(model, insert_columns=list(model._meta.concrete_fields))
    prepared.inserts = [_values(obj, prepared.insert_columns, adding=True) for obj in created]
    prepared.deletes = [(obj.pk,) for obj in deleted]
    return prepared


def _values(obj: models.Model, columns: list[models.Field], *, adding: bool) -> tuple:
    return tuple(column.get_db_prep_save(column.pre_save(obj, adding), connection) for column in columns)


def write(saves: list[PreparedSave]) -> None:
    """Run the prepared inserts and updates, a statement per table run over all its rows, then append
    the audit lines: inside the caller's transaction."""
    quoted = connection.ops.quote_name
    with connection.cursor() as cursor:
        for save in saves:
            table = quoted(save.model._meta.db_table)
            # bandit B608 (SQL built from strings): the table and column names come from the models, every
            # value is bound.
            if save.inserts:
                cursor.executemany(_insert_sql(table, save.insert_columns), save.inserts)
            if save.updates:
                assignments = ", ".join(f"{quoted(c.column)} = %s" for c in save.update_columns)
                cursor.executemany(f"UPDATE {table} SET {assignments} "  # nosec B608
                                   f"WHERE {quoted(save.model._meta.pk.column)} = %s", save.updates)
            if save.deletes:
                cursor.executemany(f"DELETE FROM {table} "  # nosec B608
                                   f"WHERE {quoted(save.model._meta.pk.column)} = %s", save.deletes)
            if save.history:
                cursor.executemany(_insert_sql(quoted(save.model.history.model._meta.db_table),
                                               save.history_columns), save.history)
    auditchain.append_prepared([line for save in saves for line in save.lines])


def _insert_sql(table: str, columns: list[models.Field]) -> str:
    names = ", ".join(connection.ops.quote_name(c.column) for c in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # nosec B608


# Rows one write must bring before PostgreSQL's statistics of its tables are refreshed at once: below it
# autovacuum's own ANALYZE (after 10% of a table changes) keeps up soon enough.
ANALYSE_AFTER_ROWS = 1000


def analyse_after_commit(*models_written: type[models.Model], rows: int) -> None:
    """Refresh PostgreSQL's statistics of these tables once the transaction commits, when it wrote many rows.

    The planner chooses from statistics taken before the rows were written; after a province's statistics
    import it planned a later UPDATE as a nested loop over what it thought an empty table, and a month's
    close ran for sixteen minutes. Autovacuum would analyse the table only some time later."""
    if connection.vendor != "postgresql" or rows < ANALYSE_AFTER_ROWS:
        return
    tables = [connection.ops.quote_name(model._meta.db_table) for model in models_written]

    def analyse() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")

    transaction.on_commit(analyse)
