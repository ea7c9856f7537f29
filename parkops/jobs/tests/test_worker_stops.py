"""`parkops worker` stops on SIGTERM (systemd) and SIGINT (Ctrl+C) even after one of its worker processes
was killed: the worker's own processes are all gone afterwards, and it exits 0.

A worker process killed while it waited for work takes the task queue's read lock with it; django-q's
own qcluster then waited for ever for the others to read their STOP pill, and only SIGKILL ended it.
"""

from __future__ import annotations

import signal
import subprocess

import psutil
import pytest

from parkops.testing.processes import command_environment, migrated_sqlite_file, parkops_command, wait_for

WORKERS = 2


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_the_worker_stops_on_a_signal_after_a_worker_process_was_killed(tmp_path, tmp_path_factory, stop_signal):
    database = migrated_sqlite_file(tmp_path, tmp_path_factory.getbasetemp() / "worker-db")
    environment = command_environment(f"sqlite:///{database}", tmp_path, WORKER_PROCESSES=str(WORKERS),
                                      WORKER_STOP_SECONDS="5")
    output = tmp_path / "worker.log"
    with output.open("wb") as log:
        main = subprocess.Popen(parkops_command("worker"), env=environment, stdout=log, stderr=subprocess.STDOUT)
    try:
        main_process = psutil.Process(main.pid)
        # The sentinel, then under it the workers (started first), the monitor and the pusher.
        sentinel = wait_for(lambda: main_process.children() and main_process.children()[0], what="the sentinel")
        below = wait_for(lambda: len(sentinel.children()) >= WORKERS + 2 and sentinel.children(),
                         what="the cluster's processes")
        started = sorted(below, key=lambda process: (process.create_time(), process.pid))
        workers = started[:WORKERS]
        for worker in workers:
            worker.send_signal(signal.SIGKILL)
        killed = {worker.pid for worker in workers}
        # The sentinel notices and starts new ones: the state in which qcluster no longer stopped.
        wait_for(lambda: len({p.pid for p in sentinel.children()} - killed) >= WORKERS + 2,
                 what="the killed workers to be replaced")
        everything = [main.pid, sentinel.pid, *(p.pid for p in sentinel.children())]

        main.send_signal(stop_signal)
        returncode = main.wait(timeout=120)  # a hang guard only: the stop grace is 5 s

        log_text = output.read_text()
        assert returncode == 0, log_text
        assert "后台任务已停止。" in log_text
        assert all(_gone(pid) for pid in everything), log_text
    finally:
        if main.poll() is None:
            for process in psutil.Process(main.pid).children(recursive=True):
                process.kill()
            main.kill()
            main.wait()
