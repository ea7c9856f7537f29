"""Redis, the production option: with REDIS_URL set the worker's queue is in Redis. Skipped when nothing
listens on 127.0.0.1:6379."""

import os
import socket
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import pytest
from django_q.conf import Conf
from django_q.models import Success
from django_q.tasks import async_task

from parkops.jobs.runner import run_once
from parkops.notices.models import Message

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
PROJECT = Path(__file__).resolve().parents[3]


def redis_listening() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def test_setting_redis_url_moves_the_queue_to_redis():
    # The settings are read once per process: ask a fresh one.
    code = ("import django; django.setup(); from django_q.brokers import get_broker; "
            "from parkops.jobs.runner import broker_label; print(type(get_broker()).__name__, broker_label())")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "parkops.settings",
           "REDIS_URL": "redis://:secret@10.1.2.3:6380/2"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=PROJECT, capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip() == "Redis Redis（10.1.2.3:6380/2）"  # the password is not printed


@pytest.mark.skipif(not redis_listening(), reason="no Redis on 127.0.0.1:6379")
def test_a_task_queued_in_redis_runs_with_the_worker(world, ticking_clock, monkeypatch):
    from django_q.brokers.redis_broker import Redis

    monkeypatch.setattr(Conf, "REDIS", REDIS_URL)
    broker = Redis(list_key=f"parkops-test-{uuid.uuid4().hex}")  # a queue of its own, never the real one
    try:
        ticking_clock.set_local(date(2026, 11, 2), hour=7, minute=30)
        async_task("parkops.jobs.tasks.send_report_reminders", today="2026-11-02", broker=broker)
        assert broker.queue_size() == 1
        assert not Message.objects.exists()

        run_once(broker=broker)

        assert broker.queue_size() == 0
        assert Message.objects.get(user=world.reporter).title == "报送提醒：2026年县《政府工作报告》目标任务 2026年10月进展还有3天"
        assert Success.objects.get().result.startswith("2026年11月2日：向1个单位发送报送提醒1条")
    finally:
        broker.delete_queue()
