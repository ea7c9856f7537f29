"""The backup drill 等保 asks for: build a park, back it up, lose it, restore it, and find every row and
every uploaded byte as it was; and the archives a restore must refuse before it changes anything.

Runs on the database of the run: SQLite in the first run of `make test`, PostgreSQL in the second. Both
touch the test database pytest-django made (the backup reads and the restore writes Django's own
connection's database), never var/ or the development database."""

import hashlib
import io
import json
import shutil
import tarfile
from datetime import date
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from parkops.core import auditchain, backup
from parkops.core.models import AuditAction, AuditChain, AuditEntry
from parkops.jobs.models import ReportSubscription
from parkops.notices.models import Channel, Delivery, Message
from parkops.org.models import Park, User
from parkops.projects.models import MonthlyProgress, SitePhoto
from parkops.reports.models import GeneratedReport
from parkops.supervision.models import Attachment, ProgressReport
from parkops.testing.demo import load_demo_without_economy
from parkops.testing.factories import EnterpriseFactory, IndustryChainFactory

# A backup reads, and a restore replaces, the database through its own lock, which a test's open
# transaction would hold against it: these tests commit, and the database is emptied after each.
pytestmark = pytest.mark.django_db(transaction=True)


def every_table() -> dict[str, list[tuple]]:
    """Every row of every table of the database, in an order that does not depend on the engine."""
    tables = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from the catalogue
            rows = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in cursor.fetchall()]
            tables[table] = sorted(rows, key=repr)
    return tables


def every_file(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def park_with_uploads(monkeypatch, settings):
    """The demo park (organisation, supervision, projects), enterprises, notices, a subscription, a kept
    report, and uploaded files of every kind: an attachment, a site photo, a kept import."""
    load_demo_without_economy()
    park = Park.objects.get()
    chain = IndustryChainFactory(park=park, name="装备制造")
    EnterpriseFactory.create_batch(3, park=park, chain=chain)
    channel = Channel.objects.create(park=park, kind="email", name="办公室邮箱", address="office@example.cn")
    Delivery.objects.create(channel=channel, subject="督办通报", attachment=b"%PDF-1.7 binary\x00\xff",
                            attachment_name="督办通报.pdf")
    Message.objects.create(user=User.objects.first(), title="请报送10月进展")
    ReportSubscription.objects.create(report_type="supervision_bulletin", channel=channel)
    GeneratedReport.objects.create(report_type="economic_brief", park=park, title="经济运行简报",
                                   period=date(2026, 10, 1), docx=b"PK\x03\x04 word bytes \x00\x01")
    report = ProgressReport.objects.first()
    Attachment.objects.create(report=report, file=ContentFile(b"\x89PNG attachment \x00" * 100, name="现场.png"),
                              original_name="现场.png", content_type="image/png", size=1700)
    SitePhoto.objects.create(progress=MonthlyProgress.objects.first(),
                             image=ContentFile(b"\xff\xd8\xff photo" * 50, name="工地.jpg"), original_name="工地.jpg")
    kept_import = Path(settings.MEDIA_ROOT) / "imports" / "一览表-待确认.docx"
    kept_import.parent.mkdir(parents=True, exist_ok=True)
    kept_import.write_bytes(b"PK kept import")
    return park


def test_drill_back_up_wipe_restore_gives_back_every_row_and_every_byte(park_with_uploads, settings, tmp_path):
    media = Path(settings.MEDIA_ROOT)
    tables_before, files_before = every_table(), every_file(media)
    # The three uploads made above, beside whatever the demo's modules upload (安全生产's hazard photos).
    assert {"现场.png", "工地.jpg", "一览表-待确认.docx"} <= {Path(name).name for name in files_before}
    assert tables_before["supervision_attachment"] and tables_before["economy_enterprise"]

    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "-o", str(archive), stdout=io.StringIO())
    backed_up = AuditEntry.objects.filter(action=AuditAction.EXPORT, object_type="系统备份").get()
    assert "backup.tar.gz" in backed_up.detail and backed_up.username.startswith("命令行")

    # The disaster: every table emptied, the uploads gone, and something new that the backup never had.
    call_command("flush", interactive=False)
    shutil.rmtree(media)
    (media / "imports").mkdir(parents=True)
    (media / "imports" / "after-backup.xlsx").write_bytes(b"not in the backup")
    assert not Park.objects.exists()

    out = io.StringIO()
    call_command("restore", str(archive), "--yes", stdout=out)
    assert "已恢复数据库和上传文件" in out.getvalue()

    tables_after, files_after = every_table(), every_file(media)
    audit_table = AuditEntry._meta.db_table
    assert set(tables_after) == set(tables_before)
    # The audit log and its chain's head move on by the restore's own line; everything else is as backed up.
    for table in set(tables_before) - {audit_table, AuditChain._meta.db_table}:
        assert tables_after[table] == tables_before[table], table
    assert files_after == files_before
    # The audit log is the one backed up, plus one line saying it was restored, and from what.
    restored = AuditEntry.objects.filter(action=AuditAction.IMPORT, object_type="系统备份").get()
    assert "backup.tar.gz" in restored.detail
    assert AuditEntry.objects.count() == len(tables_before[audit_table]) + 1
    assert auditchain.verify().broken is None  # the restored log and its new line still make one chain


def test_backup_manifest_lists_engine_migrations_and_every_member(park_with_uploads, tmp_path):
    archive = tmp_path / "b.tar.gz"
    result = backup.create_backup(archive)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        for member in manifest["members"]:
            data = tar.extractfile(member["name"]).read()
            assert (hashlib.sha256(data).hexdigest(), len(data)) == (member["sha256"], member["size"])
        names = set(tar.getnames())
    assert manifest["database"]["engine"] == connection.vendor
    assert "0001_initial" in manifest["migrations"]["supervision"]
    assert names == {m["name"] for m in manifest["members"]} | {"manifest.json"}
    assert {n for n in names if n.startswith("media/")} >= {"media/imports/一览表-待确认.docx"}
    assert result.sha256 == hashlib.sha256(archive.read_bytes()).hexdigest()


# Refusals: each leaves the database and the uploads exactly as they were.


@pytest.fixture
def good_backup(tmp_path, settings):
    from parkops.testing.factories import ParkFactory

    ParkFactory(name="备份时的园区")
    folder = Path(settings.MEDIA_ROOT) / "attachments"
    folder.mkdir(parents=True)
    (folder / "a.pdf").write_bytes(b"%PDF original")
    archive = tmp_path / "good.tar.gz"
    backup.create_backup(archive)
    # What a refused restore must leave alone:
    ParkFactory(name="备份后新建的园区")
    (folder / "b.pdf").write_bytes(b"%PDF later")
    return archive


def rewritten(source: Path, target: Path, change) -> Path:
    """A copy of the archive whose members pass through change(info, data) -> [(info, data), ...]."""
    with tarfile.open(source) as tar_in, tarfile.open(target, "w:gz") as tar_out:
        for info in tar_in.getmembers():
            data = tar_in.extractfile(info).read()
            for new_info, new_data in change(info, data):
                if new_data is not None:
                    new_info.size = len(new_data)
                tar_out.addfile(new_info, io.BytesIO(new_data) if new_data is not None else None)
    return target


def assert_refused(archive: Path, settings, message: str) -> None:
    media = Path(settings.MEDIA_ROOT)
    before = sorted(Park.objects.values_list("name", flat=True)), every_file(media)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(archive), "--yes", stdout=io.StringIO())
    assert (sorted(Park.objects.values_list("name", flat=True)), every_file(media)) == before
    assert before[0] == ["备份后新建的园区", "备份时的园区"]
    # No staging folder is left behind beside the uploads.
    assert not [p for p in media.parent.iterdir() if p.name.startswith(".parkops-restore-")]


def test_restore_refuses_a_tampered_member(good_backup, settings, tmp_path):
    def tamper(info, data):
        return [(info, data.replace(b"original", b"TAMPERED") if info.name == "media/attachments/a.pdf" else data)]

    assert_refused(rewritten(good_backup, tmp_path / "t.tar.gz", tamper), settings, "校验值不符")


def test_restore_refuses_a_tampered_database(good_backup, settings, tmp_path):
    def tamper(info, data):
        if info.name.startswith("database/"):
            data = data[:-1] + bytes([data[-1] ^ 1])
        return [(info, data)]

    assert_refused(rewritten(good_backup, tmp_path / "t.tar.gz", tamper), settings, "校验值不符")


def test_restore_refuses_a_truncated_archive(good_backup, settings, tmp_path):
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(good_backup.read_bytes()[: good_backup.stat().st_size * 2 // 3])
    assert_refused(truncated, settings, "已损坏或不完整")


def test_restore_refuses_a_missing_member(good_backup, settings, tmp_path):
    def drop(info, data):
        return [] if info.name == "media/attachments/a.pdf" else [(info, data)]

    assert_refused(rewritten(good_backup, tmp_path / "m.tar.gz", drop), settings, "缺少清单中列出")


def test_restore_refuses_a_member_the_manifest_does_not_list(good_backup, settings, tmp_path):
    def add(info, data):
        extra = tarfile.TarInfo("media/attachments/planted.php")
        return [(info, data), (extra, b"<?php")] if info.name == "manifest.json" else [(info, data)]

    assert_refused(rewritten(good_backup, tmp_path / "x.tar.gz", add), settings, "清单未列出")


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "media/../../outside.txt"])
def test_restore_refuses_paths_that_leave_its_folder(good_backup, settings, tmp_path, name):
    def plant(info, data):
        evil = tarfile.TarInfo(name)
        return [(evil, b"root:x:0:0"), (info, data)] if info.name == "manifest.json" else [(info, data)]

    assert_refused(rewritten(good_backup, tmp_path / "p.tar.gz", plant), settings, "不安全的路径")
    assert not (tmp_path.parent / "outside.txt").exists()


def test_restore_refuses_links(good_backup, settings, tmp_path):
    def link(info, data):
        symlink = tarfile.TarInfo("media/attachments/passwd")
        symlink.type, symlink.linkname = tarfile.SYMTYPE, "/etc/passwd"
        return [(symlink, None), (info, data)] if info.name == "manifest.json" else [(info, data)]

    assert_refused(rewritten(good_backup, tmp_path / "l.tar.gz", link), settings, "不是普通文件")


def test_restore_refuses_a_backup_of_another_engine(good_backup, settings, tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def switch(info, data):
        if info.name == "manifest.json":
            manifest = json.loads(data)
            manifest["database"] = {"engine": other, "member": backup.DATABASE_MEMBERS[other]}
            for member in manifest["members"]:
                if member["name"].startswith("database/"):
                    member["name"] = backup.DATABASE_MEMBERS[other]
            data = json.dumps(manifest).encode()
        elif info.name.startswith("database/"):
            info.name = backup.DATABASE_MEMBERS[other]
        return [(info, data)]

    assert_refused(rewritten(good_backup, tmp_path / "e.tar.gz", switch), settings, "不能直接恢复")


def test_restore_refuses_a_backup_from_a_newer_version(good_backup, settings, tmp_path):
    def newer(info, data):
        if info.name == "manifest.json":
            manifest = json.loads(data)
            manifest["migrations"]["supervision"].append("9999_from_the_future")
            data = json.dumps(manifest).encode()
        return [(info, data)]

    assert_refused(rewritten(good_backup, tmp_path / "n.tar.gz", newer), settings, "更新版本")


def test_restore_asks_first_and_changes_nothing_without_a_yes(good_backup, settings, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    media = Path(settings.MEDIA_ROOT)
    before = every_file(media)
    with pytest.raises(CommandError, match="未确认"):
        call_command("restore", str(good_backup), stdout=io.StringIO())
    assert Park.objects.filter(name="备份后新建的园区").exists() and every_file(media) == before


def test_restore_with_a_yes_at_the_prompt_brings_the_backup_back(good_backup, settings, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    call_command("restore", str(good_backup), stdout=io.StringIO())
    assert list(Park.objects.values_list("name", flat=True)) == ["备份时的园区"]
    assert every_file(Path(settings.MEDIA_ROOT)) == {"attachments/a.pdf": b"%PDF original"}
