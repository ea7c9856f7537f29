"""Backup and restore of the whole system: the database and the uploaded files, in one archive.

等保 2.0 三级 asks for local backup and restore of important data, and for restores to be tested. One
`.tar.gz` holds the database (SQLite: a copy made with SQLite's online backup API, consistent while the
site runs; PostgreSQL: `pg_dump --format=custom`), every file under MEDIA_ROOT, and `manifest.json`
(when, which version, which engine, which migrations, and the SHA-256 and size of every member).

A restore reads the whole archive into a staging folder beside MEDIA_ROOT and checks it all (member
names, kinds, sizes, checksums, the engine, the migrations) before it touches anything: a refused
archive changes nothing. Only then is the database replaced (SQLite's backup API again, in the other
direction, so SQLite's own locking keeps other connections from ever seeing half a database; PostgreSQL:
`pg_restore --clean --single-transaction`) and the media folder swapped in by rename.

The archive is written by the standard library's tarfile, not by hand; what is written here is the
policy: which names may appear, what the manifest says, and the order in which things are replaced.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import re
import shutil
import sqlite3

# pg_dump and pg_restore run with argument lists, never through a shell (bandit B404, B603).
import subprocess  # nosec B404
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from parkops.core import audit
from parkops.core.models import AuditAction

FORMAT = "parkops-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database/parkops.sqlite3", "postgresql": "database/parkops.pgdump"}
MEDIA_PREFIX = "media/"
AUDIT_OBJECT_TYPE = "系统备份"
COMMAND_LINE_USER = "命令行"
_CHUNK = 1024 * 1024
# A manifest is a few hundred bytes a file; a larger one is not ours.
_MANIFEST_MAX_BYTES = 64 * 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator, in Chinese."""


@dataclass
class BackupResult:
    path: Path
    sha256: str
    size: int
    manifest: dict


@dataclass
class VerifiedBackup:
    """An archive read in full into `staging` and found whole; nothing outside `staging` was touched."""

    path: Path
    manifest: dict
    staging: Path
    database_file: Path
    media_dir: Path
    notes: list[str] = field(default_factory=list)

    @property
    def created_at(self) -> str:
        return self.manifest["created_at"]

    @property
    def file_count(self) -> int:
        return sum(1 for member in self.manifest["members"] if member["name"].startswith(MEDIA_PREFIX))


# ---------------------------------------------------------------------------------------------------
# What the current system is


def database_engine(alias: str = DEFAULT_DB_ALIAS) -> str:
    vendor = connections[alias].vendor
    if vendor not in DATABASE_MEMBERS:
        raise BackupError(f"不支持备份此类数据库：{vendor}。仅支持 SQLite 和 PostgreSQL。")
    return vendor


def applied_migrations(alias: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    recorder = MigrationRecorder(connections[alias])
    if not recorder.has_table():
        return {}
    applied: dict[str, list[str]] = {}
    for app, name in sorted(recorder.applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def app_version() -> str:
    try:
        return metadata.version("parkops")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


# ---------------------------------------------------------------------------------------------------
# Backup


def _sha256_of(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as file:
        while chunk := file.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _media_files(root: Path) -> Iterator[tuple[str, Path]]:
    """Every regular file under MEDIA_ROOT as (archive name, path), sorted; links are not followed."""
    if not root.is_dir():
        return
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                continue
            yield MEDIA_PREFIX + path.relative_to(root).as_posix(), path


def _dump_sqlite(alias: str, target: Path) -> None:
    connection = connections[alias]
    if connection.in_atomic_block:
        # Python's backup() retries forever while our own open transaction locks the database.
        raise BackupError("备份不能在数据库事务中进行。")
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        # One step (pages=-1): the copy is a single consistent snapshot even while the site writes.
        connection.connection.backup(destination)
        # A single file, without a -wal beside it, whatever mode the live database runs in.
        destination.execute("PRAGMA journal_mode=DELETE")
    finally:
        destination.close()


def _dump_postgresql(alias: str, target: Path) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    pg_dump = postgres_tool("pg_dump", server_version=connection.pg_version)
    _run_postgres_tool(
        [pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
        connection.settings_dict, what="导出数据库（pg_dump）",
    )


def create_backup(output: Path, *, username: str = COMMAND_LINE_USER, alias: str = DEFAULT_DB_ALIAS) -> BackupResult:
    """Write the archive to `output` (via a temporary file beside it, so `output` is never half-written)."""
    output = Path(output)
    if output.exists() and output.is_dir():
        raise BackupError(f"输出路径是一个文件夹：{output}。请给出文件名，例如 备份.tar.gz。")
    output.parent.mkdir(parents=True, exist_ok=True)
    engine = database_engine(alias)
    members: list[dict] = []
    with tempfile.TemporaryDirectory(prefix=".parkops-backup-", dir=output.parent) as work:
        work_dir = Path(work)
        dump = work_dir / "database"
        (_dump_sqlite if engine == "sqlite" else _dump_postgresql)(alias, dump)
        partial = work_dir / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            database_member = DATABASE_MEMBERS[engine]
            members.append(_add_file(archive, database_member, dump))
            for name, path in _media_files(media_root()):
                try:
                    members.append(_add_file(archive, name, path))
                except FileNotFoundError:
                    continue  # a kept import deleted while we walked: it was on its way out anyway
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": timezone.now().isoformat(),
                "app_version": app_version(),
                "database": {"engine": engine, "member": database_member},
                "migrations": applied_migrations(alias),
                "members": members,
            }
            body = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST_NAME)
            info.size, info.mtime, info.mode = len(body), int(timezone.now().timestamp()), 0o600
            archive.addfile(info, _BytesReader(body))
        os.chmod(partial, 0o600)  # the database holds every account's password hash
        os.replace(partial, output)
    sha256, size = _sha256_of(output)
    audit.record(AuditAction.EXPORT, object_type=AUDIT_OBJECT_TYPE, username=username,
                 detail=f"系统备份：{output.name}（数据库 {engine}，上传文件 {len(members) - 1} 个，"
                        f"{size} 字节，SHA-256 {sha256}）")
    return BackupResult(path=output, sha256=sha256, size=size, manifest=manifest)


class _BytesReader:
    def __init__(self, data: bytes):
        self._data, self._at = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size < 0 else self._at + size
        chunk, self._at = self._data[self._at:end], min(end, len(self._data))
        return chunk


class _HashingReader:
    def __init__(self, file):
        self._file, self.digest = file, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self._file.read(size)
        self.digest.update(chunk)
        return chunk


def _add_file(archive: tarfile.TarFile, name: str, path: Path) -> dict:
    with path.open("rb") as file:
        # The size of the file as opened: it is read once, into the archive and the digest together.
        size = os.fstat(file.fileno()).st_size
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = size, int(path.stat().st_mtime), 0o600
        reader = _HashingReader(file)
        archive.addfile(info, reader)
    return {"name": name, "sha256": reader.digest.hexdigest(), "size": size}


# ---------------------------------------------------------------------------------------------------
# Verify


_DRIVE = re.compile(r"^[A-Za-z]:")


def _safe_member_name(name: str) -> str | None:
    """The name if it stays inside the archive's own folders; None for ../x, /etc/x, C:\\x and the like."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or _DRIVE.match(name):
        return None
    parts = PurePosixPath(name).parts
    if any(part in ("..", ".", "") for part in parts):
        return None
    return name


def verify_backup(path: Path, *, alias: str = DEFAULT_DB_ALIAS) -> VerifiedBackup:
    """Read the archive in full into a staging folder and check everything; raise BackupError on any doubt.

    The caller owns the staging folder (discard_staging) whether or not it restores from it."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"找不到备份文件：{path}")
    root = media_root()
    root.parent.mkdir(parents=True, exist_ok=True)
    # Beside MEDIA_ROOT, so that the media folder is swapped in by a rename on the same file system.
    staging = Path(tempfile.mkdtemp(prefix=".parkops-restore-", dir=root.parent))
    try:
        verified = _read_and_check(path, staging, alias)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return verified


def discard_staging(verified: VerifiedBackup) -> None:
    shutil.rmtree(verified.staging, ignore_errors=True)


def _read_and_check(path: Path, staging: Path, alias: str) -> VerifiedBackup:
    found: dict[str, tuple[str, int]] = {}
    manifest_bytes: bytes | None = None
    files_dir = staging / "files"
    try:
        with tarfile.open(path, "r:gz") as archive:
            for member in archive:
                name = _safe_member_name(member.name)
                if name is None:
                    raise BackupError(f"备份文件中有不安全的路径“{member.name}”（绝对路径或含“..”），已拒绝恢复。"
                                      "该文件可能被篡改，请换用可信的备份。")
                if member.isdir():
                    continue
                if not member.isfile():
                    raise BackupError(f"备份文件中的“{member.name}”不是普通文件（链接或设备文件），已拒绝恢复。"
                                      "该文件可能被篡改，请换用可信的备份。")
                if name in found or (name == MANIFEST_NAME and manifest_bytes is not None):
                    raise BackupError(f"备份文件中“{name}”出现了两次，已拒绝恢复。请换用可信的备份。")
                source = archive.extractfile(member)
                if name == MANIFEST_NAME:
                    if member.size > _MANIFEST_MAX_BYTES:
                        raise BackupError("备份清单（manifest.json）大得不正常，已拒绝恢复。")
                    manifest_bytes = source.read()
                    continue
                target = files_dir / name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest, size = hashlib.sha256(), 0
                with target.open("wb") as out:
                    while chunk := source.read(_CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                found[name] = (digest.hexdigest(), size)
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, OSError, ValueError) as error:
        raise BackupError(f"备份文件已损坏或不完整（{type(error).__name__}），无法读取，未做任何改动。"
                          "请检查文件是否复制完整，或换用另一份备份。") from None

    manifest = _parse_manifest(manifest_bytes)
    _check_members(manifest, found)
    notes = _check_compatibility(manifest, alias)
    database_member = manifest["database"]["member"]
    return VerifiedBackup(path=path, manifest=manifest, staging=staging,
                          database_file=files_dir / database_member, media_dir=files_dir / "media", notes=notes)


def _parse_manifest(data: bytes | None) -> dict:
    if data is None:
        raise BackupError("备份文件中没有清单（manifest.json），可能不完整或不是本系统的备份，已拒绝恢复。")
    try:
        manifest = json.loads(data)
        if manifest["format"] != FORMAT:
            raise ValueError
        members = manifest["members"]
        engine = manifest["database"]["engine"]
        if not all(isinstance(m["name"], str) and isinstance(m["sha256"], str) and isinstance(m["size"], int)
                   for m in members):
            raise ValueError
        manifest["created_at"] = str(manifest["created_at"])
        if not isinstance(manifest["migrations"], dict):
            raise ValueError
    except (ValueError, KeyError, TypeError):
        raise BackupError("备份清单（manifest.json）格式不对，不是本系统生成的备份，已拒绝恢复。") from None
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"备份格式版本为 {manifest.get('format_version')}，本系统只能恢复版本 {FORMAT_VERSION}。")
    if engine not in DATABASE_MEMBERS or manifest["database"].get("member") != DATABASE_MEMBERS[engine]:
        raise BackupError("备份清单中的数据库信息不对，已拒绝恢复。")
    return manifest


def _check_members(manifest: dict, found: dict[str, tuple[str, int]]) -> None:
    listed = {member["name"]: member for member in manifest["members"]}
    if len(listed) != len(manifest["members"]):
        raise BackupError("备份清单中有重复的文件，已拒绝恢复。")
    missing = sorted(set(listed) - set(found))
    if missing:
        raise BackupError(f"备份文件缺少清单中列出的{len(missing)}个文件（如“{missing[0]}”），"
                          "可能不完整或被篡改，已拒绝恢复。")
    extra = sorted(set(found) - set(listed))
    if extra:
        raise BackupError(f"备份文件中有清单未列出的{len(extra)}个文件（如“{extra[0]}”），可能被篡改，已拒绝恢复。")
    for name, (sha256, size) in found.items():
        if size != listed[name]["size"] or sha256 != listed[name]["sha256"]:
            raise BackupError(f"备份中的“{name}”与清单记录的校验值不符，可能损坏或被篡改，已拒绝恢复。"
                              "请换用另一份备份。")
    if manifest["database"]["member"] not in found:
        raise BackupError("备份文件中没有数据库，已拒绝恢复。")
    for name in found:
        if name != manifest["database"]["member"] and not name.startswith(MEDIA_PREFIX):
            raise BackupError(f"备份文件中有不属于本系统的文件“{name}”，已拒绝恢复。")


def _check_compatibility(manifest: dict, alias: str) -> list[str]:
    """The engine must match, and every migration the backup's database has must be known to this code."""
    engine = database_engine(alias)
    if manifest["database"]["engine"] != engine:
        names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        raise BackupError(f"这是 {names[manifest['database']['engine']]} 数据库的备份，当前系统使用的是 "
                          f"{names[engine]}，不能直接恢复。请在使用相同数据库的系统上恢复。")
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    backed_up = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    unknown = sorted(backed_up - known)
    if unknown:
        app, name = unknown[0]
        raise BackupError(f"备份来自更新版本的系统（含本系统没有的数据库迁移 {app}.{name} 等{len(unknown)}个），"
                          "不能恢复到当前版本。请先把系统升级到备份时的版本（"
                          f"{manifest.get('app_version', '未知')}）或更高版本。")
    notes = []
    current = {(app, name) for app, names in applied_migrations(alias).items() for name in names}
    if engine == "postgresql" and current - backed_up:
        # pg_restore --clean drops only what the dump holds: tables of later migrations would survive,
        # and the restored migration table would not know them.
        raise BackupError("当前 PostgreSQL 数据库已应用了备份中没有的数据库迁移，直接恢复会留下不一致的表。"
                          "请新建一个空数据库，把 DATABASE_URL 指向它后再恢复。")
    if known - backed_up:
        notes.append("备份之后系统已升级：恢复完成后请运行 parkops migrate。")
    return notes


# ---------------------------------------------------------------------------------------------------
# Restore


def restore_backup(verified: VerifiedBackup, *, username: str = COMMAND_LINE_USER,
                   alias: str = DEFAULT_DB_ALIAS) -> None:
    """Replace the database and the media folder with a verified backup's, then audit it."""
    audit_entries_before = _audit_entry_count(alias)
    _check_free_space(verified)
    if verified.manifest["database"]["engine"] == "sqlite":
        _restore_sqlite(verified.database_file, alias)
    else:
        _restore_postgresql(verified.database_file, alias)
    _swap_media(verified)
    # Written after the restore, into the restored database, so the restored audit log says so; the
    # count tells the auditor how many lines the live log held just before.
    audit.record(AuditAction.IMPORT, object_type=AUDIT_OBJECT_TYPE, username=username,
                 detail=f"从备份恢复：{verified.path.name}（备份于 {verified.created_at}，"
                        f"上传文件 {verified.file_count} 个）；恢复前审计日志共 {audit_entries_before} 条")


def _audit_entry_count(alias: str) -> int | str:
    from parkops.core.models import AuditEntry

    try:
        return AuditEntry.objects.using(alias).count()
    except Exception:  # an empty database being restored into has no audit table yet
        return "（无）"


def _check_free_space(verified: VerifiedBackup) -> None:
    # The staged copy already sits on the disk; the database restore needs about as much again.
    needed = sum(m["size"] for m in verified.manifest["members"] if m["name"] == verified.manifest["database"]["member"])
    free = shutil.disk_usage(verified.staging).free
    if free < needed:
        raise BackupError(f"磁盘空间不足：恢复数据库约需 {needed} 字节，剩余 {free} 字节。请先腾出空间。")


def _restore_sqlite(database_file: Path, alias: str) -> None:
    source = sqlite3.connect(f"file:{database_file}?mode=ro", uri=True)
    try:
        if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("备份中的 SQLite 数据库未通过完整性检查，已拒绝恢复。")
        connection = connections[alias]
        connection.close()
        connection.ensure_connection()
        if connection.in_atomic_block:
            raise BackupError("恢复不能在事务中进行。")
        # SQLite's backup API writes the live database under its own locks, in one step: other
        # connections (the web server, the worker) see the old database or the new, never a mix, and
        # the -wal file stays consistent, which replacing the file under them would not guarantee.
        source.backup(connection.connection)
    finally:
        source.close()
    connections[alias].close()


def _restore_postgresql(dump: Path, alias: str) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    pg_restore = postgres_tool("pg_restore", server_version=connection.pg_version)
    settings_dict = connection.settings_dict
    connection.close()  # our own connection must not hold locks on the tables pg_restore drops
    _run_postgres_tool(
        # One transaction: a failure half-way leaves the database as it was.
        [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
         "--exit-on-error", str(dump)],
        settings_dict, what="恢复数据库（pg_restore）", database_flag="--dbname",
        # Waiting forever behind a web request's lock helps no one: give up and change nothing.
        pgoptions="-c lock_timeout=60000",
    )


def _swap_media(verified: VerifiedBackup) -> None:
    root = media_root()
    incoming = verified.media_dir
    if not incoming.exists():
        incoming.mkdir(parents=True)
    old = verified.staging / "media-before-restore"
    if root.exists():
        os.replace(root, old)
    os.replace(incoming, root)


# ---------------------------------------------------------------------------------------------------
# PostgreSQL's tools


def postgres_tool(name: str, *, server_version: int) -> str:
    """pg_dump / pg_restore of the server's major version or later (an older one cannot read a newer server).

    PG_BIN_DIR wins; then Debian's /usr/lib/postgresql/<major>/bin; then the PATH."""
    server_major = server_version // 10000
    candidates = []
    if os.environ.get("PG_BIN_DIR"):
        candidates.append(Path(os.environ["PG_BIN_DIR"]) / name)
    candidates.append(Path(f"/usr/lib/postgresql/{server_major}/bin") / name)
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            major = _tool_major_version(candidate)
            if major is not None and major >= server_major:
                return str(candidate)
    raise BackupError(f"找不到与数据库服务器（PostgreSQL {server_major}）版本相符的 {name}。"
                      f"请安装 postgresql-client-{server_major}，或用环境变量 PG_BIN_DIR 指向其所在目录。")


def _tool_major_version(tool: Path) -> int | None:
    try:
        output = subprocess.run([str(tool), "--version"], capture_output=True, text=True,  # nosec B603
                                check=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    return int(match.group(1)) if match else None


def _run_postgres_tool(command: list[str], settings_dict: dict, *, what: str, database_flag: str = "--dbname",
                       pgoptions: str = "") -> None:
    env = dict(os.environ)
    # The password goes through the environment, never the command line (which `ps` shows to everyone).
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    if pgoptions:
        env["PGOPTIONS"] = pgoptions
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            command.append(f"{flag}={settings_dict[key]}")
    command.append(f"{database_flag}={settings_dict['NAME']}")
    result = subprocess.run(command, capture_output=True, text=True, env=env)  # nosec B603
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise BackupError(f"{what}失败：{detail[-1] if detail else result.returncode}。未做任何改动。")


@contextmanager
def staged(path: Path, *, alias: str = DEFAULT_DB_ALIAS) -> Iterator[VerifiedBackup]:
    """verify_backup, with its staging folder removed afterwards whatever happens."""
    verified = verify_backup(path, alias=alias)
    try:
        yield verified
    finally:
        discard_staging(verified)


def operator_name() -> str:
    """Who ran the command, as the audit log shows it: 命令行（OS account）."""
    try:
        return f"{COMMAND_LINE_USER}（{getpass.getuser()}）"
    except Exception:  # no login name in some containers
        return COMMAND_LINE_USER


def describe(verified: VerifiedBackup) -> str:
    manifest = verified.manifest
    created = manifest["created_at"]
    try:
        created = timezone.localtime(datetime.fromisoformat(created)).strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        pass
    return (f"备份时间 {created}，系统版本 {manifest.get('app_version', '未知')}，"
            f"数据库 {manifest['database']['engine']}，上传文件 {verified.file_count} 个")
