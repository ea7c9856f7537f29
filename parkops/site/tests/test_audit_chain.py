"""The audit log's tamper evidence (等保 2.0 8.1.4.3 c): every line carries the hash of the line before,
the model and the database itself refuse to change or delete a line, `parkops verify-audit` names the
first line that was touched, and `parkops purge-audit` removes only what the law lets go (older than
AUDIT_RETENTION_DAYS, at least 180 days) and leaves the chain verifiable.
"""

import hashlib
import json
import os
import subprocess
import sys
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from parkops.core import audit, audit_triggers, auditchain
from parkops.core.models import AuditAction, AuditChain, AuditEntry
from parkops.org.choices import Role
from parkops.testing.factories import UserFactory

TABLE = AuditEntry._meta.db_table


@pytest.fixture
def zhang(db):
    return UserFactory(username="zhang", role=Role.SUPERVISOR)


@pytest.fixture
def three_lines(db, clock) -> list[AuditEntry]:
    lines = []
    for detail in ("导出 企业名录_20260302.xlsx", "导出 目标任务_20260302.xlsx", "导出 重点项目_20260302.xlsx"):
        lines.append(audit.record(AuditAction.EXPORT, object_type="导出", username="zhang", ip="10.0.0.1",
                                  detail=detail, after={"rows": 3}))
        clock.advance(minutes=5)
    return lines


def verify_output() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def tamper(sql: str, params=()) -> None:
    """What an intruder with the database's password could do: lift the triggers and write."""
    with audit_triggers.dropped(connection), connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- the chain -----------------------------------------------------------------------------------------


def test_each_line_carries_the_hash_of_the_line_before(three_lines):
    first, second, third = (AuditEntry.objects.get(pk=line.pk) for line in three_lines)

    assert first.prev_hash == ""
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    fields = json.loads(auditchain.canonical(second))
    assert fields["detail"] == "导出 目标任务_20260302.xlsx"
    assert fields["prev_hash"] == first.hash
    assert second.hash == hashlib.sha256(auditchain.canonical(second)).hexdigest()


def test_a_line_costs_three_statements_whatever_the_log_holds(three_lines):
    # Lock the chain's head, insert the line, move the head: the same for the 4th line as the millionth.
    with CaptureQueriesContext(connection) as queries:
        audit.record(AuditAction.LOGIN, object_type="用户", username="zhang")

    statements = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(statements) == 3


def test_verify_audit_passes_an_untouched_log(three_lines):
    output = verify_output()

    assert "审计日志完好：共核对 3 条" in output
    assert f"最后一条 ID {three_lines[-1].pk}" in output


def test_verify_audit_names_a_line_changed_in_the_database(three_lines):
    second = three_lines[1]
    tamper(f"UPDATE {TABLE} SET detail = %s WHERE id = %s", ["导出 无", second.pk])

    with pytest.raises(CommandError) as refused:
        verify_output()

    message = str(refused.value)
    assert f"ID {second.pk}，时间 2026-03-02 09:05:00，本条内容与其哈希不符：本条被修改" in message
    assert "已核对 1 条完好的日志" in message


def test_verify_audit_names_a_line_rewritten_with_a_fresh_hash_by_its_successor(three_lines):
    second, third = three_lines[1], three_lines[2]
    second.detail = "导出 无"
    tamper(f"UPDATE {TABLE} SET detail = %s, hash = %s WHERE id = %s",
           [second.detail, auditchain.entry_hash(second), second.pk])

    with pytest.raises(CommandError, match=f"ID {third.pk}，时间 2026-03-02 09:10:00，与上一条（ID {second.pk}）衔接不上"):
        verify_output()


def test_verify_audit_names_the_line_after_one_deleted(three_lines):
    first, second, third = three_lines
    tamper(f"DELETE FROM {TABLE} WHERE id = %s", [second.pk])

    with pytest.raises(CommandError, match=f"ID {third.pk}，.*与上一条（ID {first.pk}）衔接不上"):
        verify_output()


def test_verify_audit_notices_the_newest_lines_deleted(three_lines):
    tamper(f"DELETE FROM {TABLE} WHERE id = %s", [three_lines[2].pk])

    with pytest.raises(CommandError, match=f"链尾缺失：最后写入的是 ID {three_lines[2].pk}"):
        verify_output()


# --- nobody changes or deletes a line --------------------------------------------------------------------


def test_the_database_refuses_to_change_a_line_by_raw_sql(three_lines):
    with pytest.raises(IntegrityError, match="审计日志不可修改"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET username = 'someone' WHERE id = %s", [three_lines[0].pk])

    assert AuditEntry.objects.get(pk=three_lines[0].pk).username == "zhang"


def test_the_database_refuses_to_delete_a_line_by_raw_sql(three_lines):
    with pytest.raises(IntegrityError, match="审计日志不可删除"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")

    assert AuditEntry.objects.count() == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_the_database_refuses_to_truncate_the_log(three_lines):
    with pytest.raises(IntegrityError, match="审计日志不可删除"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLE}")

    assert AuditEntry.objects.count() == 3


def test_deleting_an_account_leaves_its_lines_as_they_were(zhang):
    zhang_id = zhang.pk
    audit.record(AuditAction.LOGIN, obj=zhang, object_type="用户", user=zhang)

    zhang.delete()

    assert list(AuditEntry.objects.filter(username="zhang", action=AuditAction.LOGIN)
                .values_list("user_id", flat=True)) == [zhang_id]
    assert "审计日志完好" in verify_output()


# --- retention -----------------------------------------------------------------------------------------


def test_purge_removes_only_lines_past_the_retention_period_and_the_chain_still_verifies(three_lines, clock):
    clock.advance(days=100)
    recent = audit.record(AuditAction.LOGIN, object_type="用户", username="zhang")
    clock.advance(days=81)  # the three lines are now 181 days old, the log-in 81

    call_command("purge_audit", stdout=None)

    remaining = list(AuditEntry.objects.order_by("id"))
    assert [line.pk for line in remaining[:1]] == [recent.pk]
    purge_line = remaining[-1]
    assert purge_line.action == AuditAction.PURGE
    assert "清理保存期（180天）已满的审计日志 3 条：2026-03-02 09:00:00 至 2026-03-02 09:10:00" in purge_line.detail
    assert AuditChain.objects.get().anchor_hash == three_lines[-1].hash
    assert "审计日志完好：共核对 2 条" in verify_output()


def test_purge_keeps_lines_younger_than_the_configured_period(three_lines, clock, settings):
    settings.AUDIT_RETENTION_DAYS = 365
    clock.advance(days=200)

    call_command("purge_audit")

    assert AuditEntry.objects.filter(pk__in=[line.pk for line in three_lines]).count() == 3


def test_purge_refuses_a_retention_period_under_180_days(three_lines, clock, settings):
    settings.AUDIT_RETENTION_DAYS = 90
    clock.advance(days=100)

    with pytest.raises(CommandError, match="AUDIT_RETENTION_DAYS 为 90，不得少于 180 天"):
        call_command("purge_audit")

    assert AuditEntry.objects.count() == 3


def test_the_database_lets_a_purge_remove_only_lines_older_than_its_cutoff(three_lines, clock):
    # Even inside a purge, a line younger than the cutoff stays: the trigger compares the times itself.
    AuditChain.objects.filter(pk=auditchain.CHAIN_ID).update(purge_before=three_lines[1].at)
    with pytest.raises(IntegrityError, match="审计日志不可删除"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id IN (%s, %s)", [three_lines[0].pk, three_lines[1].pk])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [three_lines[0].pk])

    assert list(AuditEntry.objects.order_by("id").values_list("pk", flat=True)) == [three_lines[1].pk,
                                                                                    three_lines[2].pk]


# --- appends from two processes at once ----------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite serialises every write transaction itself (BEGIN IMMEDIATE, settings)")
@pytest.mark.django_db(transaction=True)
def test_two_writers_at_once_do_not_fork_the_chain(monkeypatch):
    """The first writer stops after reading the chain's head; the second must wait for it rather than
    read the same head, or both lines would follow the same one."""
    audit.record(AuditAction.LOGIN, object_type="用户", username="first")
    first_has_read, second_has_read, go_on = threading.Event(), threading.Event(), threading.Event()
    original = auditchain._locked_head

    def locked_head():
        head = original()
        if threading.current_thread().name == "first":
            first_has_read.set()
            go_on.wait(10)
        else:
            second_has_read.set()
        return head

    monkeypatch.setattr(auditchain, "_locked_head", locked_head)
    errors = []

    def write(name):
        try:
            audit.record(AuditAction.LOGIN, object_type="用户", username=name)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    first = threading.Thread(target=write, args=("a",), name="first")
    second = threading.Thread(target=write, args=("b",), name="second")
    first.start()
    assert first_has_read.wait(10)
    second.start()
    # Without the lock the second reads the head at once; with it, it cannot until the first commits.
    # A slow machine can only make this miss a fork, never invent one.
    second_has_read.wait(2)
    go_on.set()
    first.join(10)
    second.join(10)

    assert errors == []
    prev_hashes = list(AuditEntry.objects.order_by("id").values_list("prev_hash", flat=True))
    assert len(prev_hashes) == len(set(prev_hashes)) == 3
    assert auditchain.verify().broken is None


def test_the_system_refuses_to_start_with_a_retention_period_under_180_days():
    started = subprocess.run([sys.executable, "-c", "import parkops.settings"], capture_output=True, text=True,
                             env={**os.environ, "AUDIT_RETENTION_DAYS": "90"})

    assert started.returncode != 0
    assert "AUDIT_RETENTION_DAYS 不得少于 180 天" in started.stderr
