"""An import killed with SIGKILL in the middle of its write leaves the database exactly as it was, and
while it writes a second import of the same registry is refused, saying who is importing.

The command runs as a real process on a SQLite file. PARKOPS_TEST_PAUSE_IMPORT_IN_WRITE makes it stop
inside its transaction once everything is written and nothing committed, and say so by creating a file:
the test waits for that file, not for a time, then kills it.
"""

from __future__ import annotations

import hashlib
import signal
import sqlite3
import subprocess

from parkops.core.imports import PAUSE_IN_WRITE_ENV
from parkops.economy.tests.test_enterprise_import import HEADER, ROWS, changed, sheet
from parkops.testing.factories import credit_code
from parkops.testing.processes import command_environment, migrated_sqlite_file, parkops_command, wait_for

SEED = ("import django; django.setup(); from parkops.testing.factories import ParkFactory, ZoneFactory; "
        "ZoneFactory(park=ParkFactory(), name='北区')")


def _snapshot(database) -> dict[str, tuple[int, str]]:
    """Every table's row count and a digest of its rows."""
    with sqlite3.connect(database) as db:
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        state = {}
        for table in tables:
            rows = db.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
            state[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
        return state


def _integrity(database) -> str:
    with sqlite3.connect(database) as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0]


def _bigger_registry(count: int) -> bytes:
    """The three known enterprises changed, and `count` new ones."""
    rows = [changed(row, {"从业人员": "999"}) for row in ROWS]
    for n in range(count):
        rows.append([str(4 + n), credit_code(1000 + n), f"测试企业{n}有限公司", "", "", "", "", "北区", "3434",
                     "连续搬运设备制造", "装备制造", "10", "", "50", "否", "", "", "无", "0"])
    return sheet(rows, header=HEADER)


def test_an_import_killed_in_its_write_leaves_the_database_as_before(tmp_path, tmp_path_factory):
    database = migrated_sqlite_file(tmp_path, tmp_path_factory.getbasetemp() / "import-db")
    environment = command_environment(f"sqlite:///{database}", tmp_path)
    subprocess.run(parkops_command("shell", "-c", SEED.replace("import django; django.setup(); ", "")),
                   env=environment, check=True, capture_output=True, timeout=300)
    first = tmp_path / "企业名录.xlsx"
    first.write_bytes(sheet())
    subprocess.run(parkops_command("import-enterprises", str(first)), env=environment, check=True,
                   capture_output=True, timeout=300)
    before = _snapshot(database)
    assert before["economy_enterprise"][0] == 3

    second = tmp_path / "企业名录（新）.xlsx"
    second.write_bytes(_bigger_registry(300))
    ready = tmp_path / "inside-the-write"
    importing = subprocess.Popen(parkops_command("import-enterprises", str(second)),
                                 env={**environment, PAUSE_IN_WRITE_ENV: str(ready)},
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_for(lambda: ready.exists() or importing.poll() is not None, what="the import to be inside its write")
        assert importing.poll() is None, importing.stderr.read().decode()

        # Meanwhile a second import of the same park's registry is refused, and told by whom.
        refused = subprocess.run(parkops_command("import-enterprises", str(second)), env=environment,
                                 capture_output=True, timeout=300)
        assert refused.returncode != 0
        assert "命令行导入（" in refused.stderr.decode() and "正在导入企业名录，请等其完成后再试" in \
            refused.stderr.decode()

        importing.send_signal(signal.SIGKILL)
        assert importing.wait(timeout=60) == -signal.SIGKILL
    finally:
        if importing.poll() is None:
            importing.kill()
            importing.wait()

    assert _integrity(database) == "ok"
    assert _snapshot(database) == before

    # The kernel let go of the lock with the process: the import can be run again, and goes through.
    again = subprocess.run(parkops_command("import-enterprises", str(second)), env=environment,
                           capture_output=True, timeout=300)
    assert again.returncode == 0, again.stderr.decode()
    assert _snapshot(database)["economy_enterprise"][0] == 303
