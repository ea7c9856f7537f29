"""The database's own refusal to change or delete audit lines, for every path that does not go through
the model (raw SQL, a cascade, a database client): triggers on SQLite and PostgreSQL, created by
core's migration 0004. A delete goes through only while core.auditchain.purge_expired has set
AuditChain.purge_before in its transaction, and only for lines older than it."""

from __future__ import annotations

from contextlib import contextmanager

SQLITE_CREATE = [
    """CREATE TRIGGER IF NOT EXISTS core_auditentry_no_update BEFORE UPDATE ON core_auditentry
       BEGIN SELECT RAISE(ABORT, '审计日志不可修改'); END""",
    """CREATE TRIGGER IF NOT EXISTS core_auditentry_no_delete BEFORE DELETE ON core_auditentry
       WHEN NOT EXISTS (SELECT 1 FROM core_auditchain
                        WHERE id = 1 AND purge_before IS NOT NULL AND OLD."at" < purge_before)
       BEGIN SELECT RAISE(ABORT, '审计日志不可删除'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_update",
    "DROP TRIGGER IF EXISTS core_auditentry_no_delete",
]

# ERRCODE 23000 so that Django raises IntegrityError on both databases.
POSTGRESQL_CREATE = [
    """CREATE OR REPLACE FUNCTION core_auditentry_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'DELETE' THEN
           IF EXISTS (SELECT 1 FROM core_auditchain
                      WHERE id = 1 AND purge_before IS NOT NULL AND OLD."at" < purge_before) THEN
             RETURN OLD;
           END IF;
         END IF;
         IF TG_OP = 'UPDATE' THEN
           RAISE EXCEPTION '审计日志不可修改' USING ERRCODE = '23000';
         END IF;
         RAISE EXCEPTION '审计日志不可删除' USING ERRCODE = '23000';
       END $$""",
    """CREATE TRIGGER core_auditentry_no_change BEFORE UPDATE OR DELETE ON core_auditentry
       FOR EACH ROW EXECUTE FUNCTION core_auditentry_refuse()""",
    """CREATE TRIGGER core_auditentry_no_truncate BEFORE TRUNCATE ON core_auditentry
       FOR EACH STATEMENT EXECUTE FUNCTION core_auditentry_refuse()""",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_change ON core_auditentry",
    "DROP TRIGGER IF EXISTS core_auditentry_no_truncate ON core_auditentry",
    "DROP FUNCTION IF EXISTS core_auditentry_refuse()",
]


def _statements(connection, *, create: bool) -> list[str]:
    if connection.vendor == "postgresql":
        return POSTGRESQL_CREATE if create else POSTGRESQL_DROP
    if connection.vendor == "sqlite":
        return SQLITE_CREATE if create else SQLITE_DROP
    raise NotImplementedError(f"审计日志的防篡改触发器不支持 {connection.vendor} 数据库")


def create(connection) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection, create=True):
            cursor.execute(statement)


def drop(connection) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection, create=False):
            cursor.execute(statement)


@contextmanager
def dropped(connection):
    """Without the triggers for a moment: a test that tampers as an intruder with database access would,
    or that empties the database between tests."""
    drop(connection)
    try:
        yield
    finally:
        create(connection)
