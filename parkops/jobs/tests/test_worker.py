"""`parkops worker --once`: what is due runs, through the same queue the resident worker uses."""

from datetime import date
from io import StringIO

from django.core.management import call_command
from django_q.models import OrmQ, Schedule, Success
from django_q.tasks import async_task

from parkops.notices.models import Delivery, Message


def run_worker_once() -> str:
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    return out.getvalue()


def test_once_runs_the_schedules_that_are_due_and_moves_them_on(world, ticking_clock):
    ticking_clock.set_local(date(2026, 11, 2), hour=7, minute=30)
    run_worker_once()  # first start: creates the schedules; reminders are due at 08:00 today
    assert not Message.objects.exists()

    ticking_clock.set_local(date(2026, 11, 2), hour=8, minute=1)
    output = run_worker_once()

    (message,) = Message.objects.filter(user=world.reporter)
    assert "10月进展请于11月5日前报送，还有3天" in message.body
    assert Delivery.objects.filter(channel=world.channel).count() == 1
    assert "完成：parkops.jobs.tasks.send_report_reminders → 2026年11月2日：向1个单位发送报送提醒1条" in output
    reminders = Schedule.objects.get(name="parkops.send_report_reminders")
    assert f"{reminders.next_run:%Y-%m-%d %H:%M}" == "2026-11-03 00:00"  # 08:00 in Beijing, tomorrow
    assert Success.objects.filter(group="parkops.send_report_reminders").count() == 1

    # The delivery queued at 08:01 goes out with the next minute's run (the robot here is down: retried).
    ticking_clock.set_local(date(2026, 11, 2), hour=8, minute=2)
    run_worker_once()
    delivery = Delivery.objects.get()
    assert delivery.attempts == 1 and delivery.last_error

    ticking_clock.set_local(date(2026, 11, 2), hour=8, minute=3)
    run_worker_once()
    assert Message.objects.count() == 1  # nothing due at 08:03 sends the reminder again


def test_a_task_queued_in_the_database_runs_with_the_worker_and_nothing_else(world, ticking_clock):
    ticking_clock.set_local(date(2026, 11, 2), hour=7, minute=30)
    async_task("parkops.jobs.tasks.send_report_reminders", today="2026-11-05")
    assert OrmQ.objects.count() == 1  # waiting in a table of the app's own database
    assert not Message.objects.exists()

    output = run_worker_once()

    assert "队列：数据库" in output
    assert OrmQ.objects.count() == 0
    (message,) = Message.objects.filter(user=world.reporter)
    assert message.title == "报送提醒：2026年县《政府工作报告》目标任务 2026年10月进展今天截止"
    assert Success.objects.get(func="parkops.jobs.tasks.send_report_reminders").result == (
        "2026年11月5日：向1个单位发送报送提醒1条（站内消息1条，推送1条）。")


def test_a_failing_task_is_recorded_and_the_others_still_run(world, ticking_clock, monkeypatch):
    from django_q.models import Failure

    ticking_clock.set_local(date(2026, 11, 2), hour=7, minute=30)
    async_task("parkops.jobs.tasks.send_report_reminders", today="not a date")
    async_task("parkops.jobs.tasks.send_report_reminders", today="2026-11-02")

    output = run_worker_once()

    assert "失败：parkops.jobs.tasks.send_report_reminders" in output
    assert Failure.objects.count() == 1
    assert Message.objects.filter(user=world.reporter).count() == 1
