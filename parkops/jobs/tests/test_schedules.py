"""The worker's timetable: eleven schedules, in Beijing time, created once however often the worker starts."""

from datetime import UTC, datetime

from django.utils import timezone
from django_q.models import Schedule

from parkops.jobs.schedules import ensure_schedules

MONDAY_NOON = datetime(2026, 11, 2, 4, 0, tzinfo=UTC)  # 12:00 in Beijing


def timetable() -> dict[str, tuple[str, str]]:
    return {s.func: (s.schedule_type, f"{timezone.localtime(s.next_run):%a %m-%d %H:%M}")
            for s in Schedule.objects.all()}


def test_the_eleven_schedules_run_at_their_beijing_times(db):
    ensure_schedules(now=MONDAY_NOON)

    assert timetable() == {
        "parkops.notices.services.deliver_due": (Schedule.MINUTES, "Mon 11-02 12:00"),
        "parkops.jobs.tasks.escalate_problems": (Schedule.DAILY, "Tue 11-03 07:00"),
        "parkops.jobs.tasks.escalate_cases": (Schedule.DAILY, "Tue 11-03 07:05"),
        "parkops.jobs.tasks.escalate_hazards": (Schedule.DAILY, "Tue 11-03 07:10"),
        "parkops.jobs.tasks.chase_overdue_requests": (Schedule.DAILY, "Tue 11-03 07:30"),
        "parkops.jobs.tasks.chase_late_disposals": (Schedule.DAILY, "Tue 11-03 07:35"),
        "parkops.jobs.tasks.send_report_reminders": (Schedule.DAILY, "Tue 11-03 08:00"),
        "parkops.jobs.tasks.weekly_bulletin": (Schedule.WEEKLY, "Mon 11-09 08:30"),
        "parkops.jobs.tasks.brief_after_close": (Schedule.DAILY, "Tue 11-03 09:00"),
        "parkops.jobs.tasks.fail_stalled_reports": (Schedule.MINUTES, "Mon 11-02 12:00"),
        "parkops.jobs.tasks.fail_stalled_imports": (Schedule.MINUTES, "Mon 11-02 12:00"),
    }
    assert Schedule.objects.get(func="parkops.notices.services.deliver_due").minutes == 1


def test_a_schedule_created_before_its_time_runs_the_same_day(db):
    ensure_schedules(now=datetime(2026, 11, 1, 22, 0, tzinfo=UTC))  # Monday 06:00 in Beijing

    assert timetable()["parkops.jobs.tasks.escalate_problems"][1] == "Mon 11-02 07:00"
    assert timetable()["parkops.jobs.tasks.weekly_bulletin"][1] == "Mon 11-02 08:30"


def test_starting_the_worker_again_changes_nothing(db):
    first = {s.pk: s.next_run for s in ensure_schedules(now=MONDAY_NOON)}
    # A week on, after the schedules have moved on by themselves, the worker starts again.
    later = {s.pk: s.next_run for s in ensure_schedules(now=datetime(2026, 11, 9, 4, 0, tzinfo=UTC))}

    assert Schedule.objects.count() == 11
    assert later == first


def test_a_changed_or_doubled_schedule_is_put_right(db):
    ensure_schedules(now=MONDAY_NOON)
    reminders = Schedule.objects.get(name="parkops.send_report_reminders")
    reminders.next_run = timezone.make_aware(datetime(2026, 11, 3, 10, 15))
    reminders.func = "parkops.jobs.tasks.old_name"
    reminders.save()
    Schedule.objects.create(name="parkops.weekly_bulletin", func="parkops.jobs.tasks.weekly_bulletin",
                            schedule_type=Schedule.DAILY)

    ensure_schedules(now=MONDAY_NOON)

    assert Schedule.objects.count() == 11
    assert timetable()["parkops.jobs.tasks.send_report_reminders"] == (Schedule.DAILY, "Tue 11-03 08:00")
    assert timetable()["parkops.jobs.tasks.weekly_bulletin"] == (Schedule.WEEKLY, "Mon 11-09 08:30")
