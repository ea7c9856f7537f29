"""parkops worker [--once]

The background worker, started next to the web server: reminders, escalations, scheduled reports and
the delivery of every push (with retries). It first makes sure the schedules exist, then runs the
django-q cluster in the foreground until stopped (Ctrl+C, or SIGTERM from systemd; see jobs/cluster.py).
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from parkops.jobs.cluster import run_cluster
from parkops.jobs.runner import broker_label, run_once
from parkops.jobs.schedules import WANTED_BY_NAME, ensure_schedules


class Command(BaseCommand):
    help = ("启动后台任务进程（报送提醒、问题升级、定时报告、消息推送及失败重试）。"
            "默认以数据库作队列，设置 REDIS_URL 则用 Redis。--once 只执行一次当前到期的任务后退出。")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true",
                            help="执行一次到期的定时任务和队列中的任务后退出（适合用 cron 每分钟调用，或用于测试）")

    def handle(self, *args, **options):
        self.stdout.write(f"队列：{broker_label()}")
        for schedule in ensure_schedules():
            wanted = WANTED_BY_NAME[schedule.name]
            self.stdout.write(f"  定时任务：{wanted.label}（{wanted.timing}），下次执行 {_local(schedule.next_run)}")
        if options["once"]:
            ran = run_once()
            for task in ran:
                mark = "完成" if task.success else "失败"
                self.stdout.write(f"{mark}：{task.func} → {task.result}")
            self.stdout.write(self.style.SUCCESS(f"本次执行了{len(ran)}个任务。"))
            return
        self.stdout.write("后台任务已启动，按 Ctrl+C 停止。")
        self.stdout.flush()
        run_cluster(stop_seconds=settings.WORKER_STOP_SECONDS, say=self.stdout.write)


def _local(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else "—"
