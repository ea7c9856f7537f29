"""The worker's processes, started and, above all, stopped: SIGTERM (systemd) or SIGINT (Ctrl+C) ends them.

django-q's own `qcluster` stops by asking its sentinel to put a STOP pill in the task queue for each
worker and waiting, with no limit, for every worker to take one. A worker that was killed while it held
the queue's read lock (a worker waiting for work holds it) leaves that lock taken for ever: no worker
reads a pill again, the sentinel waits for ever, and so does the main process, whose handler only joins
the sentinel again at every further signal. Only SIGKILL ends it, mid-job.

Here the main process keeps its own signal handlers: on the first signal it asks the cluster to stop as
django-q does and gives the tasks in hand WORKER_STOP_SECONDS to finish; past that, or on a second
signal, it ends every process below it (the sentinel, its workers, monitor and pusher, and whatever a
task started, such as LibreOffice), first with SIGTERM, then SIGKILL. A task cut short this way is a
report left 生成中, which fail_stalled_reports marks failed later, or a delivery whose lease runs out.
"""

from __future__ import annotations

import logging
import signal
import time
from collections.abc import Callable

import psutil
from django_q.cluster import Cluster

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.2  # how often the main process looks at its flag: the reaction time to a signal
KILL_WAIT_SECONDS = 5  # after SIGTERM, how long a process below gets before SIGKILL


def run_cluster(*, stop_seconds: float, say: Callable[[str], None] = print) -> int:
    """Run the cluster until a signal; returns how many processes had to be ended by force."""
    signals: list[int] = []

    def note_signal(signum, frame) -> None:
        # Only a note: the loop below acts on it. Doing the work inside a handler is what made
        # django-q's handler re-enter its own endless wait.
        signals.append(signum)

    cluster = Cluster()  # installs django-q's handlers; ours replace them
    signal.signal(signal.SIGTERM, note_signal)
    signal.signal(signal.SIGINT, note_signal)
    cluster.start()
    while not signals and cluster.sentinel.is_alive():
        time.sleep(POLL_SECONDS)
    if not cluster.sentinel.is_alive():
        say(f"后台任务的守护进程意外退出（代码{cluster.sentinel.exitcode}），后台任务已停止。")
        return _end_everything_below()

    say("正在停止后台任务：等待进行中的任务完成……")
    cluster.stop_event.set()
    asked_at = len(signals)
    give_up_at = time.monotonic() + stop_seconds
    while cluster.sentinel.is_alive() and len(signals) == asked_at and time.monotonic() < give_up_at:
        cluster.sentinel.join(POLL_SECONDS)
    forced = _end_everything_below()
    if forced:
        say(f"{stop_seconds:g}秒内未能正常停止（或再次收到停止信号），已强制结束{forced}个后台进程；"
            "被中断的报告和统计数据导入将标记为失败，推送将稍后重试。")
    say("后台任务已停止。")
    return forced


def _end_everything_below() -> int:
    """SIGTERM, then SIGKILL, to every process this one started, and theirs; how many were still there."""
    below = psutil.Process().children(recursive=True)
    for process in below:
        try:
            process.terminate()
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(below, timeout=KILL_WAIT_SECONDS)
    for process in alive:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(alive, timeout=KILL_WAIT_SECONDS)
    return len(below)
