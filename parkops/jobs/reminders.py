"""报送提醒: the one rule for who is reminded of which progress report, and on which days.

Who owes a report is supervision's rule (selectors.due_reports): each lead unit of a task of an active
plan that is not done, for the task's current period, until it has sent a report that was not returned.
This module only adds when to say so: 7 days before the due day, 3 days before, on the day, then every
day while the report is overdue. One unit gets one message per plan and tier, listing its tasks.

Each message carries a key (plan, unit, period, tier — or the day, once overdue), and notices sends a
key to a user or a channel only once: the daily job can run twice, or again after a restart, and no
one is reminded twice.

Once the next period comes within 7 days of its due day, the unit is reminded of that one instead:
reports are cumulative ("1-10月"), so the newer report also answers for the one that was missed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse

from parkops.core.periods import period_label
from parkops.org.models import Unit
from parkops.org.services import unit_reporters
from parkops.supervision import selectors
from parkops.supervision.models import Plan, Task

# Days before the due day on which a unit is reminded; after it, every day.
TIERS_BEFORE = (7, 3, 0)
HORIZON_DAYS = max(TIERS_BEFORE)


def tier_for(due: date, today: date) -> str | None:
    """"7", "3", "0" on those days before the due day, "overdue" after it, None on other days."""
    days_left = (due - today).days
    if days_left < 0:
        return "overdue"
    if days_left in TIERS_BEFORE:
        return str(days_left)
    return None


def _book_title(name: str) -> str:
    # A title inside 《》 writes its own 《》 as 〈〉, the way a printed document nests them.
    return "《" + name.replace("《", "〈").replace("》", "〉") + "》"


@dataclass
class Reminder:
    plan: Plan
    unit: Unit
    period: date
    due: date
    today: date
    tasks: list[Task] = field(default_factory=list)

    @property
    def tier(self) -> str:
        return tier_for(self.due, self.today) or ""

    @property
    def days_left(self) -> int:
        return (self.due - self.today).days

    @property
    def key(self) -> str:
        # Before the due day one message per tier; once overdue one per day.
        step = self.today.isoformat() if self.tier == "overdue" else self.tier
        return f"reminder:{self.plan.pk}:{self.unit.pk}:{self.period.isoformat()}:{step}"

    @property
    def when(self) -> str:
        days = self.days_left
        if days > 0:
            return f"还有{days}天"
        if days == 0:
            return "今天截止"
        return f"已逾期{-days}天"

    @property
    def title(self) -> str:
        # The plan and the year in the title: a unit reports on several plans, and a message list or a
        # group chat shows the title alone.
        return f"报送提醒：{self.plan.label} {period_label(self.period)}进展{self.when}"

    @property
    def body(self) -> str:
        days = self.days_left
        what = f"【报送提醒】{_book_title(self.plan.label)}{period_label(self.period)}进展"
        if days > 0:
            line = f"{what}请于{self.due:%-m月%-d日}前报送，还有{days}天。"
        elif days == 0:
            line = f"{what}请于今天（{self.due:%-m月%-d日}）报送。"
        else:
            line = f"{what}应于{self.due:%-m月%-d日}前报送，已逾期{-days}天，请尽快报送。"
        tasks = "；".join(f"第{task.number}项 {_short(task.text)}" for task in self.tasks)
        # The plan is named at the head of the sentence; each task is 第N项 of it.
        return f"{line}涉及该计划{tasks}。"

    @property
    def link(self) -> str:
        return reverse("supervision:my_reports")


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split()).rstrip("。")
    return text if len(text) <= limit else text[:limit] + "…"


def reminders_for(*, today: date) -> list[Reminder]:
    """The reminders to send today, one per plan, unit and period, its tasks in ledger order."""
    tasks = Task.objects.with_listing_data().filter(plan__is_active=True)
    owed = selectors.due_reports(selectors.with_lights(tasks, today=today), today=today,
                                 horizon_days=HORIZON_DAYS)
    # Reports are cumulative: a unit is reminded of the newest period it owes, which answers for the others.
    newest: dict[tuple[int, int], selectors.DueReport] = {}
    for due in owed:
        key = (due.task.pk, due.unit.pk)
        if key not in newest or due.period > newest[key].period:
            newest[key] = due
    grouped: dict[tuple[int, int, date], Reminder] = {}
    for due in sorted(newest.values(), key=lambda d: (d.due, d.task.plan_id, d.task.position)):
        if tier_for(due.due, today) is None:
            continue
        group = (due.task.plan_id, due.unit.pk, due.period)
        if group not in grouped:
            grouped[group] = Reminder(due.task.plan, due.unit, due.period, due.due, today)
        grouped[group].tasks.append(due.task)
    for reminder in grouped.values():
        reminder.tasks.sort(key=lambda task: task.position)
    return sorted(grouped.values(), key=lambda r: (r.due, r.plan.pk, r.unit.name))


@dataclass
class Sent:
    reminders: int = 0
    messages: int = 0
    deliveries: int = 0
    units: set[int] = field(default_factory=set)


def recipients(unit: Unit):
    """The unit's reporters: the people who write its progress reports."""
    return unit_reporters(unit)


def send_reminders(*, today: date) -> Sent:
    """Send today's reminders in the app and to each unit's channels; what was sent before is not sent again."""
    from parkops.notices import services as notices

    sent = Sent()
    channels: dict[int, list] = defaultdict(list)
    for reminder in reminders_for(today=today):
        if reminder.unit.pk not in channels:
            channels[reminder.unit.pk] = list(notices.channels_for(reminder.unit, reminder.plan.park))
        messages = notices.notify(list(recipients(reminder.unit)), title=reminder.title, body=reminder.body,
                                  link=reminder.link, key=reminder.key)
        deliveries = [notices.send(channel, subject=reminder.title, body=reminder.body, link=reminder.link,
                                   key=reminder.key) for channel in channels[reminder.unit.pk]]
        deliveries = [d for d in deliveries if d is not None]
        if messages or deliveries:
            sent.reminders += 1
            sent.units.add(reminder.unit.pk)
        sent.messages += len(messages)
        sent.deliveries += len(deliveries)
    return sent
