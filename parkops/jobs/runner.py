"""Running the worker: which queue it uses, and `--once`, one pass of what is due, in this process.

`--once` does what a running cluster does over a minute, without its processes: the due schedules
become tasks in the queue (django-q's own scheduler, which also moves each schedule's next run on),
then every queued task is taken, run and its result saved (django-q's own worker and monitor), as the
cluster would. It serves a set-up without a resident worker (cron every minute) and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from multiprocessing import Queue, Value
from urllib.parse import urlsplit

from django.conf import settings
from django_q.brokers import Broker, get_broker
from django_q.conf import Conf
from django_q.models import Task
from django_q.monitor import monitor
from django_q.scheduler import scheduler
from django_q.signing import BadSignature, SignedPackage
from django_q.worker import worker

# A task may queue another (a report request queues its drawing up); a pass ends after this many, so
# a task that queues itself cannot keep it running for ever.
MAX_TASKS_PER_PASS = 500


def broker_label() -> str:
    """The queue the worker uses, as the console says it."""
    if Conf.REDIS and not Conf.ORM:
        url = Conf.REDIS if isinstance(Conf.REDIS, str) else getattr(settings, "REDIS_URL", "")
        parts = urlsplit(url) if url else None
        where = f"{parts.hostname}:{parts.port or 6379}{parts.path or ''}" if parts and parts.hostname else url
        return f"Redis（{where}）"
    return "数据库（与业务数据同库，无需另装）"


@dataclass(frozen=True)
class Ran:
    name: str
    func: str
    success: bool
    result: str


def run_once(*, broker: Broker | None = None) -> list[Ran]:
    """Queue the due schedules, then run every queued task once; what ran, in order."""
    broker = broker or get_broker()
    scheduler(broker=broker)
    ran: list[str] = []
    while len(ran) < MAX_TASKS_PER_PASS:
        batch = broker.dequeue()
        if not batch:
            break
        tasks = []
        for ack_id, payload in batch:
            try:
                task = SignedPackage.loads(payload)
            except (TypeError, BadSignature):
                broker.fail(ack_id)
                continue
            task["cluster"] = Conf.CLUSTER_NAME
            task["ack_id"] = ack_id
            tasks.append(task)
        ran += [task["id"] for task in tasks]
        _run(tasks, broker)
    saved = {task.id: task for task in Task.objects.filter(id__in=ran)}
    return [Ran(saved[pk].name, saved[pk].func, saved[pk].success, str(saved[pk].result))
            for pk in ran if pk in saved]


def _run(tasks: list[dict], broker: Broker) -> None:
    """The cluster's worker and monitor, in this process, over these tasks (as django-q's sync mode does)."""
    task_queue, result_queue = Queue(), Queue()
    for task in tasks:
        task_queue.put(task)
    task_queue.put("STOP")
    worker(task_queue, result_queue, Value("f", -1), timeout=Conf.TIMEOUT)
    result_queue.put("STOP")
    monitor(result_queue, broker=broker)
    for queue in (task_queue, result_queue):
        queue.close()
        queue.join_thread()
