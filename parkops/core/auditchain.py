"""The audit log's hash chain (等保 2.0 8.1.4.3 c: audit records are protected from deletion, change and
overwriting): each line's sha256 covers its own fields and the hash of the line before, so a line
changed, removed or slipped in afterwards breaks the chain at that point, and `parkops verify-audit`
names it.

Appends are serialised, or two writers would both chain onto the same line and fork it: on PostgreSQL
by SELECT … FOR UPDATE of the one AuditChain row, on SQLite by the IMMEDIATE transaction every write
begins with (settings). A line costs three statements: lock the head, insert, move the head; an import's
thousands of lines (append_prepared) the same three, the insert run once for each.

Old lines are removed only by purge_expired, past AUDIT_RETENTION_DAYS (网络安全法 第二十一条: at least
six months); it keeps the hash of the newest line it removed as the chain's new anchor.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone

from parkops.core.models import AuditAction, AuditChain, AuditEntry

CHAIN_ID = 1
# 网络安全法 第二十一条: network logs are kept for no less than six months.
MINIMUM_RETENTION_DAYS = 180
HASHED_FIELDS = ("at", "user_id", "username", "ip", "action", "object_type", "object_id", "object_repr",
                 "before", "after", "detail", "prev_hash")


def canonical(entry) -> bytes:
    """The bytes a line's hash is taken over: its fields as sorted, compact JSON, the time in UTC to the
    microsecond, so that PostgreSQL and SQLite give back exactly what was hashed."""
    values = {name: getattr(entry, name) for name in HASHED_FIELDS}
    values["at"] = entry.at.astimezone(UTC).isoformat(timespec="microseconds")
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def entry_hash(entry) -> str:
    return hashlib.sha256(canonical(entry)).hexdigest()


def _locked_head() -> AuditChain:
    head = AuditChain.objects.select_for_update().filter(pk=CHAIN_ID).first()
    if head is None:  # a database emptied since its migration (a test's flush): the chain starts afresh
        AuditChain.objects.get_or_create(pk=CHAIN_ID)
        head = AuditChain.objects.select_for_update().get(pk=CHAIN_ID)
    return head


def append(**fields) -> AuditEntry:
    """Write one line at the end of the chain; inside the caller's transaction if there is one, so a
    change rolled back takes its audit line with it."""
    with transaction.atomic():
        head = _locked_head()
        entry = AuditEntry(at=timezone.now(), prev_hash=head.last_hash, **fields)
        entry.hash = entry_hash(entry)
        entry.save(force_insert=True)
        AuditChain.objects.filter(pk=CHAIN_ID).update(last_id=entry.pk, last_hash=entry.hash)
    return entry


# Stand-ins for the two fields of a line known only once the chain's head is locked: the time and the
# hash of the line before. Private-use characters, which json.dumps keeps as they are.
_AT, _PREVIOUS = "\ue000at\ue000", "\ue000previous\ue000"
# The columns append_prepared writes, besides at, prev_hash and hash.
_KNOWN_COLUMNS = ("user_id", "username", "ip", "action", "object_type", "object_id", "object_repr", "before",
                  "after", "detail")


@dataclass
class PreparedLine:
    """An audit line made ready before the transaction that appends it: its column values, and the JSON
    its hash is taken over cut where its time and the previous line's hash go."""

    entry: AuditEntry
    values: tuple
    pieces: tuple[bytes, bytes, bytes] | None  # None: the text held a stand-in; hashed the slow way


def prepare_line(**fields) -> PreparedLine:
    entry = AuditEntry(prev_hash=_PREVIOUS, **fields)
    values = {name: getattr(entry, name) for name in HASHED_FIELDS}
    values["at"] = _AT
    text = json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    pieces = None
    if text.count(_AT) == 1 and text.count(_PREVIOUS) == 1:
        head, rest = text.split(_AT)
        middle, tail = rest.split(_PREVIOUS)
        pieces = (head.encode(), middle.encode(), tail.encode())
    row = tuple(AuditEntry._meta.get_field(name).get_db_prep_save(getattr(entry, AuditEntry._meta.get_field(name)
                .attname), connection) for name in _KNOWN_COLUMNS)
    return PreparedLine(entry, row, pieces)


def append_prepared(lines: list[PreparedLine]) -> None:
    """Append prepared lines at the end of the chain: under the head's lock only the hashes are taken,
    over text made beforehand, and the lines inserted in one statement run for each, so an import's
    200,000 lines hold the lock for seconds."""
    if not lines:
        return
    meta = AuditEntry._meta
    with transaction.atomic():
        head = _locked_head()
        at = timezone.now()
        at_text = at.astimezone(UTC).isoformat(timespec="microseconds").encode()
        at_value = meta.get_field("at").get_db_prep_save(at, connection)
        previous, rows = head.last_hash, []
        for line in lines:
            if line.pieces is None:
                line.entry.at, line.entry.prev_hash = at, previous
                digest = entry_hash(line.entry)
            else:
                first, middle, last = line.pieces
                digest = hashlib.sha256(first + at_text + middle + previous.encode() + last).hexdigest()
            rows.append((*line.values, at_value, previous, digest))
            previous = digest
        columns = ", ".join(connection.ops.quote_name(meta.get_field(name).column)
                            for name in (*_KNOWN_COLUMNS, "at", "prev_hash", "hash"))
        marks = ", ".join(["%s"] * (len(_KNOWN_COLUMNS) + 3))
        with connection.cursor() as cursor:
            # bandit B608 (SQL built from strings): the table and column names come from the model, every value is bound.
            cursor.executemany(f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) "  # nosec B608
                               f"VALUES ({marks})", rows)
        last_id = AuditEntry.objects.filter(hash=previous).values_list("id", flat=True).get()
        AuditChain.objects.filter(pk=CHAIN_ID).update(last_id=last_id, last_hash=previous)


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int | None
    at: datetime | None
    what: str

    def describe(self) -> str:
        if self.entry_id is None:
            return self.what
        return f"第一处断裂：ID {self.entry_id}，时间 {timezone.localtime(self.at):%Y-%m-%d %H:%M:%S}，{self.what}"


@dataclass(frozen=True)
class Verification:
    checked: int
    broken: ChainBreak | None
    last_id: int
    last_hash: str


def verify() -> Verification:
    """Walk the chain from the anchor in id order; the first line whose hash or link is wrong is named."""
    head = AuditChain.objects.filter(pk=CHAIN_ID).first() or AuditChain()
    expected_prev, checked, last_id = head.anchor_hash, 0, head.anchor_id
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.id <= head.anchor_id:
            return Verification(checked, ChainBreak(entry.id, entry.at, "本条早于清理锚点，应已清理：锚点被改动"),
                                last_id, expected_prev)
        if entry_hash(entry) != entry.hash:
            return Verification(checked, ChainBreak(entry.id, entry.at, "本条内容与其哈希不符：本条被修改"),
                                last_id, expected_prev)
        if entry.prev_hash != expected_prev:
            before = f"ID {last_id}" if last_id else "链首"
            return Verification(checked, ChainBreak(
                entry.id, entry.at, f"与上一条（{before}）衔接不上：其间的日志被删除、插入或改动"), last_id, expected_prev)
        expected_prev, last_id = entry.hash, entry.id
        checked += 1
    if (head.last_id, head.last_hash) != (last_id, expected_prev) and head.last_id:
        return Verification(checked, ChainBreak(
            None, None, f"链尾缺失：最后写入的是 ID {head.last_id}，现存最后一条是 ID {last_id or '无'}，"
                        f"其后的日志被删除"), last_id, expected_prev)
    return Verification(checked, None, last_id, expected_prev)


def retention_days() -> int:
    days = settings.AUDIT_RETENTION_DAYS
    if days < MINIMUM_RETENTION_DAYS:
        raise ImproperlyConfigured(f"AUDIT_RETENTION_DAYS 为 {days}，不得少于 {MINIMUM_RETENTION_DAYS} 天"
                                   f"（网络安全法 第二十一条：网络日志留存不少于六个月）。请改为 180 或更大。")
    return days


@dataclass(frozen=True)
class Purge:
    removed: int
    cutoff: datetime
    anchor_id: int


def purge_expired() -> Purge:
    """Remove the lines older than the retention period, oldest first, and only as a whole prefix of the
    chain (a line kept never follows a line removed), leaving the hash of the newest removed as anchor."""
    days = retention_days()
    cutoff = timezone.now() - timedelta(days=days)
    with transaction.atomic():
        head = _locked_head()
        first_kept = (AuditEntry.objects.filter(at__gte=cutoff).order_by("id").values_list("id", flat=True)
                      .first())
        expired = AuditEntry.objects.filter(id__gt=head.anchor_id)
        if first_kept is not None:
            expired = expired.filter(id__lt=first_kept)
        newest = expired.order_by("-id").first()
        if newest is None:
            return Purge(0, cutoff, head.anchor_id)
        oldest_at = expired.order_by("id").values_list("at", flat=True).first()
        count = expired.count()
        # The delete trigger lets a line through only while purge_before is set, and only if older.
        AuditChain.objects.filter(pk=CHAIN_ID).update(purge_before=cutoff, anchor_id=newest.id,
                                                      anchor_hash=newest.hash)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id <= %s", [newest.id])
        AuditChain.objects.filter(pk=CHAIN_ID).update(purge_before=None)
        append(action=AuditAction.PURGE, object_type="审计日志", username="命令行",
               detail=f"清理保存期（{days}天）已满的审计日志 {count} 条："
                      f"{timezone.localtime(oldest_at):%Y-%m-%d %H:%M:%S} 至 "
                      f"{timezone.localtime(newest.at):%Y-%m-%d %H:%M:%S}，"
                      f"锚点 ID {newest.id} 哈希 {newest.hash}")
    return Purge(count, cutoff, newest.id)
