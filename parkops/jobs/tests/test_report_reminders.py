"""报送提醒: 7 days before, 3 days before, on the day, then daily while overdue — once each."""

from datetime import date

from django.urls import reverse

from parkops.jobs import reminders, tasks
from parkops.notices.models import Delivery, Message
from parkops.notices.tests.receivers import http_receiver
from parkops.supervision.choices import ReportStatus
from parkops.supervision.models import ProgressReport


def messages_of(user) -> list[str]:
    return list(Message.objects.filter(user=user).order_by("pk").values_list("body", flat=True))


def test_the_tiers_fall_on_the_right_days(world):
    sent_on = {}
    for day in range(27, 32):
        today = date(2026, 10, day)
        sent_on[today] = [r.when for r in reminders.reminders_for(today=today)]
    for day in range(1, 10):
        today = date(2026, 11, day)
        sent_on[today] = [r.when for r in reminders.reminders_for(today=today)]

    assert {d: w for d, w in sent_on.items() if w} == {
        date(2026, 10, 29): ["还有7天"],
        date(2026, 11, 2): ["还有3天"],
        date(2026, 11, 5): ["今天截止"],
        date(2026, 11, 6): ["已逾期1天"],
        date(2026, 11, 7): ["已逾期2天"],
        date(2026, 11, 8): ["已逾期3天"],
        date(2026, 11, 9): ["已逾期4天"],
    }
    assert sent_on[date(2026, 10, 30)] == []  # 6 days before: nothing


def test_the_reporter_of_the_lead_unit_reads_the_reminder_and_its_group_gets_it(world):
    summary = tasks.send_report_reminders(today=date(2026, 11, 2))

    assert messages_of(world.reporter) == [
        "【报送提醒】《2026年县〈政府工作报告〉目标任务》2026年10月进展请于11月5日前报送，还有3天。"
        "涉及该计划第9项 坚持工业强县战略不动摇，力争工业营业收入达到720亿元。"
    ]
    assert Message.objects.get(user=world.reporter).title == "报送提醒：2026年县《政府工作报告》目标任务 2026年10月进展还有3天"
    assert Message.objects.get(user=world.reporter).link == reverse("supervision:my_reports")
    (delivery,) = Delivery.objects.filter(channel=world.channel)
    assert delivery.subject == "报送提醒：2026年县《政府工作报告》目标任务 2026年10月进展还有3天"
    assert "还有3天" in delivery.body
    # 发改委 only cooperates on task 9: the lead unit reports, so the cooperating one is not chased.
    assert messages_of(world.cooperating_reporter) == []
    assert summary == "2026年11月2日：向1个单位发送报送提醒1条（站内消息1条，推送1条）。"


def test_running_the_job_twice_sends_nothing_twice(world):
    tasks.send_report_reminders(today=date(2026, 11, 2))
    second = tasks.send_report_reminders(today=date(2026, 11, 2))

    assert len(messages_of(world.reporter)) == 1
    assert Delivery.objects.filter(channel=world.channel).count() == 1
    assert second == "2026年11月2日：没有需要发送的报送提醒。"


def test_overdue_reminders_come_every_day_once(world):
    for day in (6, 7, 7, 8):
        tasks.send_report_reminders(today=date(2026, 11, day))

    bodies = messages_of(world.reporter)
    assert len(bodies) == 3
    assert [b.split("，")[1] for b in bodies] == ["已逾期1天", "已逾期2天", "已逾期3天"]
    assert bodies[0].startswith("【报送提醒】《2026年县〈政府工作报告〉目标任务》2026年10月进展应于11月5日前报送，已逾期1天")
    assert Delivery.objects.filter(channel=world.channel).count() == 3


def test_a_unit_whose_report_is_in_gets_nothing(world):
    ProgressReport.objects.create(task=world.task, unit=world.unit, period=date(2026, 10, 1),
                                  text="1-10月营业收入380亿元。", status=ReportStatus.SUBMITTED)

    summary = tasks.send_report_reminders(today=date(2026, 11, 2))

    assert messages_of(world.reporter) == []
    assert not Delivery.objects.exists()
    assert summary == "2026年11月2日：没有需要发送的报送提醒。"


def test_a_returned_report_is_owed_again(world):
    ProgressReport.objects.create(task=world.task, unit=world.unit, period=date(2026, 10, 1),
                                  text="1-10月情况见附件。", status=ReportStatus.RETURNED)

    tasks.send_report_reminders(today=date(2026, 11, 5))

    assert [b.split("，")[0] for b in messages_of(world.reporter)] == [
        "【报送提醒】《2026年县〈政府工作报告〉目标任务》2026年10月进展请于今天（11月5日）报送。涉及该计划第9项 坚持工业强县战略不动摇"
    ]


def test_one_message_per_unit_lists_all_its_tasks_in_ledger_order(world):
    from parkops.testing.factories import TaskFactory

    TaskFactory(plan=world.plan, number="19", position=world.task.position + 1,
                text="盘活土地350亩以上。", lead_units=[world.unit])

    tasks.send_report_reminders(today=date(2026, 10, 29))

    (body,) = messages_of(world.reporter)
    assert body.endswith("涉及该计划第9项 坚持工业强县战略不动摇，力争工业营业收入达到720亿元；第19项 盘活土地350亩以上。")


def test_two_plans_with_a_task_9_are_told_apart_by_their_titles(world):
    """A unit reports on the county's plan and on an inspection ledger named without its year: each
    reminder's title names its plan and the year, so "9号" alone never reaches anyone."""
    from parkops.testing.factories import PlanFactory, TaskFactory

    ledger = PlanFactory(park=world.plan.park, name="环保督察反馈问题整改", year=2026, due_day=5)
    TaskFactory(plan=ledger, number="9", text="雨水排口重金属每月监测两次。", lead_units=[world.unit])

    tasks.send_report_reminders(today=date(2026, 11, 2))

    titles = sorted(Message.objects.filter(user=world.reporter).values_list("title", flat=True))
    assert titles == ["报送提醒：2026年县《政府工作报告》目标任务 2026年10月进展还有3天",
                      "报送提醒：2026年环保督察反馈问题整改 2026年10月进展还有3天"]
    bodies = messages_of(world.reporter)
    assert any(b.startswith("【报送提醒】《2026年环保督察反馈问题整改》2026年10月进展") and "涉及该计划第9项 雨水排口" in b
               for b in bodies)


def test_an_inactive_plan_and_a_done_task_are_not_chased(world):
    world.plan.is_active = False
    world.plan.save()
    assert reminders.reminders_for(today=date(2026, 11, 2)) == []

    world.plan.is_active = True
    world.plan.save()
    ProgressReport.objects.filter(task=world.task).update(claims_done=True)
    assert reminders.reminders_for(today=date(2026, 11, 2)) == []


def test_the_unit_group_robot_receives_the_reminder(world):
    from parkops.notices.services import deliver_due

    with http_receiver() as robot:
        world.channel.address = robot.url
        world.channel.save()
        tasks.send_report_reminders(today=date(2026, 11, 2))
        deliver_due()

    (request,) = robot.requests
    assert "10月进展请于11月5日前报送，还有3天" in request.body.decode()
