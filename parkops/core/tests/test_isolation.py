"""Untrusted files are parsed in a child process with limits: a parser that balloons, loops or aborts
takes down only the child, and the caller is told why in Chinese."""

import os

import pytest

from parkops.core import isolation
from parkops.core.fileparse import ParseRefused

TARGETS = "parkops.core.tests.isolation_targets"
LIMITS = isolation.Limits(memory_mb=512, seconds=3)


def test_a_childs_answer_comes_back():
    assert isolation.run(f"{TARGETS}:echo", {"rows": [["企业名称", 1.5]]}, limits=LIMITS) == {"rows": [["企业名称", 1.5]]}


def test_a_child_that_asks_for_more_memory_than_allowed_is_stopped_and_the_parent_goes_on():
    with pytest.raises(isolation.IsolatedFailure) as failure:
        isolation.run(f"{TARGETS}:allocate", 4096, limits=LIMITS)
    assert failure.value.reason == "memory"
    assert "内存超过512MB" in failure.value.message
    # Well within the limit the same function works: the limit is what stopped it.
    assert isolation.run(f"{TARGETS}:allocate", 64, limits=LIMITS) == 64 * 1024 * 1024


def test_a_child_that_aborts_is_reported_not_fatal():
    with pytest.raises(isolation.IsolatedFailure) as failure:
        isolation.run(f"{TARGETS}:abort", limits=LIMITS)
    assert failure.value.reason == "memory"


@pytest.mark.parametrize("target", ["spin", "sleep_forever"])
def test_a_child_that_runs_past_its_time_is_killed(target):
    limits = isolation.Limits(memory_mb=512, seconds=1)
    with pytest.raises(isolation.IsolatedFailure) as failure:
        isolation.run(f"{TARGETS}:{target}", limits=limits)
    assert failure.value.reason == "time"
    assert "超过1秒" in failure.value.message


def test_a_child_writes_no_file(tmp_path):
    path = tmp_path / "written"
    with pytest.raises(isolation.IsolatedFailure):
        isolation.run(f"{TARGETS}:write_file", str(path), limits=LIMITS)
    assert not path.exists() or path.stat().st_size == 0


def test_a_child_does_not_see_the_servers_secrets(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://secret@db/parkops")
    monkeypatch.setenv("SECRET_KEY", "do-not-leak")
    seen = isolation.run(f"{TARGETS}:environment", limits=LIMITS)
    assert "DATABASE_URL" not in seen and "SECRET_KEY" not in seen
    assert seen.get("PATH") == os.environ.get("PATH")


def test_a_refusal_raised_in_the_child_arrives_as_itself():
    with pytest.raises(ParseRefused) as refusal:
        isolation.run("parkops.core.fileparse:read_tables", b"PK\x03\x04 not a real zip", "xlsx",
                      _limits(), limits=LIMITS)
    assert "已损坏" in refusal.value.message


def test_the_parent_builds_no_object_a_child_did_not_have_the_right_to_send():
    import pickle

    class Evil:
        def __reduce__(self):
            return (os.system, ("true",))

    with pytest.raises(pickle.UnpicklingError):
        isolation._SafeUnpickler(__import__("io").BytesIO(pickle.dumps(("ok", Evil())))).load()


def _limits():
    from parkops.core.fileparse import SheetLimits

    return SheetLimits(max_rows=1000, max_columns=50, max_cells=10_000, max_cell_chars=100)
