"""亮灯: the one rule that gives a task its light, and the reason it gives.

Order of the rule:
1. a supervisor's override, with its stored reason;
2. 已完成: every target met by the latest accepted figures, or (for a task without targets) the
   unit reported it done and the supervisor accepted;
3. 逾期: the task's deadline has passed and it is not done;
4. 未启动: no accepted report yet;
5. 滞后: the report for the last period that has fallen due is missing, or a target's reported share
   trails the share of the time elapsed (序时进度) by more than the tolerance in settings;
6. 序时推进 otherwise.

The time elapsed is measured at the end of the reported period, not today: "1-10月 380亿元"
is compared with 10/12 of the year, like with like.

A target bound to a named metric (core.metrics: "新开工项目25个" to projects.started_count) takes its
figure from the module that keeps it, live, instead of from the reports: its light follows the data,
measured against the time up to the last day the figure covers. A task whose targets are all bound
needs no report (no 未启动 for want of one, no 滞后 or 已逾期未报送 for a missing month: needs_reports).
A figure that is a level or a rate (a metric that does not accumulate: 同比增长, 规上企业数) is held
against the target itself, not pro rata, and is met only by the figure for the whole term.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings

from parkops.core.formatting import format_quantity, round2
from parkops.core.metrics import Readings, UnknownMetric
from parkops.core.metrics import get as get_metric
from parkops.core.periods import cumulative_label, month_start, period_label
from parkops.supervision.choices import LIGHT_COLOURS, Comparator, Cycle, Light
from parkops.supervision.models import Plan, ProgressReport, Target, Task


@dataclass(frozen=True)
class LightResult:
    light: str
    reason: str

    @property
    def label(self) -> str:
        return Light(self.light).label

    @property
    def colour(self) -> str:
        return LIGHT_COLOURS[Light(self.light)]

    @property
    def urgency(self) -> int:
        """0 for 逾期 up to 4 for 已完成: sorting by it puts what needs chasing first."""
        return Light.values.index(self.light)


def period_end(period: date) -> date:
    return period.replace(day=monthrange(period.year, period.month)[1])


def due_periods(plan: Plan) -> list[int]:
    """The months of the plan's year for which a report is expected."""
    if plan.cycle == Cycle.QUARTERLY:
        return [3, 6, 9, 12]
    if plan.cycle == Cycle.HALF_YEARLY:
        return [6, 12]
    if plan.cycle == Cycle.ONCE:
        return []
    return list(range(1, 13))


def due_date(plan: Plan, period: date) -> date:
    """A period's report falls due on the plan's due day of the following month, when the
    statistics for the month it reports are out."""
    year, month = (period.year + 1, 1) if period.month == 12 else (period.year, period.month + 1)
    return date(year, month, min(plan.due_day, monthrange(year, month)[1]))


def last_due_period(plan: Plan, today: date) -> date | None:
    due = [date(plan.year, month, 1) for month in due_periods(plan)]
    fallen_due = [period for period in due if due_date(plan, period) < today]
    return fallen_due[-1] if fallen_due else None


def unreported_periods(plan: Plan, *, latest: date | None, today: date,
                       upcoming_days: int | None = None) -> list[date]:
    """The one rule of which reports are missing, shared by the light (滞后), the dashboard's
    已逾期未报送, the unit's 我的报送 and the reminders: every period after `latest` (the latest one in
    hand) whose report has fallen due before today, and, with `upcoming_days`, those falling due
    within that many days. Every missed month is listed, not only the last: October missed stays
    missed when November falls due.

    With nothing in hand the list starts at the last period that has fallen due (or the first one
    to come): when such a task began is not known, and its light (未启动) already says it has none.
    """
    periods = [date(plan.year, month, 1) for month in due_periods(plan)]
    horizon = today + timedelta(days=upcoming_days) if upcoming_days is not None else today - timedelta(days=1)
    within = [period for period in periods if due_date(plan, period) <= horizon]
    if latest is None:
        fallen = [period for period in within if due_date(plan, period) < today]
        start = fallen[-1] if fallen else (within[0] if within else None)
        return [period for period in within if start is not None and period >= start]
    return [period for period in within if period > latest]


def months_label(periods: list[date]) -> str:
    """2026年10月、11月: the months of one year named once, a change of year named again."""
    parts, year = [], None
    for period in periods:
        parts.append(f"{period.month}月" if period.year == year else period_label(period))
        year = period.year
    return "、".join(parts)


def task_end(task: Task) -> date:
    """The task's deadline, its plan's, or else the end of the plan's year: a year's target is a year's."""
    return task.deadline or task.plan.deadline or date(task.plan.year, 12, 31)


def overdue_after(task: Task) -> date | None:
    """The last day a task may still be unfinished without being 逾期.

    An explicit deadline is just that. A year's target is judged once the year's last figures are in:
    December's report falls due in January, and until then 1-12月 cannot be known.
    """
    if task.deadline or task.plan.deadline:
        return task.deadline or task.plan.deadline
    if task.plan.cycle == Cycle.ONCE:
        return None
    return due_date(task.plan, date(task.plan.year, 12, 1))


def elapsed_share(task: Task, period: date) -> Decimal:
    """The share of the task's time that has passed at the end of `period` (序时进度), 0–1."""
    start = date(task.plan.year, 1, 1)
    end = task_end(task)
    if end == date(task.plan.year, 12, 31) and period.year == task.plan.year:
        # A year's target is measured the way the statistics report it, in months: 1-10月 is 10/12.
        return Decimal(period.month) / Decimal(12)
    if end <= start:
        return Decimal(1)
    passed = (min(period_end(period), end) - start).days + 1
    return min(Decimal(1), Decimal(passed) / Decimal((end - start).days + 1))


def elapsed_share_through(task: Task, day: date) -> Decimal:
    """序时进度 at the end of `day`: a month's end is measured in months, like a report of that month;
    any other day (a count of projects as of today) by the days gone by."""
    if day == period_end(day):
        return elapsed_share(task, month_start(day))
    start, end = date(task.plan.year, 1, 1), task_end(task)
    if end <= start:
        return Decimal(1)
    passed = (min(day, end) - start).days + 1
    return max(Decimal(0), min(Decimal(1), Decimal(passed) / Decimal((end - start).days + 1)))


@dataclass(frozen=True)
class Figure:
    """A target's latest figure: reported in an accepted report, or read live from a metric (`metric`,
    its label). It covers the year up to `through`; `label` says so ("1-10月", "截至11月2日")."""

    amount: Decimal
    through: date
    label: str
    metric: str = ""
    level: bool = False  # a level or a rate, held against the target rather than accumulated
    report: ProgressReport | None = None

    @property
    def done_phrase(self) -> str:
        return f"{self.label}{self.metric or '完成'}"

    @property
    def level_phrase(self) -> str:
        return f"{self.label}{self.metric}为"


def needs_reports(targets: list[Target]) -> bool:
    """Whether the task's progress is reported: not when every target is bound to a live figure."""
    return not targets or not all(target.is_bound for target in targets)


def target_met(target: Target, figure: Figure, end: date) -> bool:
    """A floor ("350亩以上") is met once reached. A ceiling ("控制在3%以内") is met only by the figure for
    the whole term: being under it in March says nothing of December; so is a level or a rate."""
    whole_term = figure.through >= end
    if target.comparator == Comparator.AT_MOST:
        return figure.amount <= target.amount and whole_term
    return figure.amount >= target.amount and (whole_term or not figure.level)


def _met_reason(target: Target, figure: Figure) -> str:
    amount, goal = format_quantity(figure.amount, target.unit), format_quantity(target.amount, target.unit)
    if target.comparator == Comparator.AT_MOST:
        return f"{figure.level_phrase}{amount}，在控制目标{goal}以内"
    return f"{figure.done_phrase}{amount}，已达目标{goal}"


def latest_figures(task: Task, accepted: list[ProgressReport]) -> dict[int, Figure]:
    """Each reported target's figure from the newest accepted report that gives one (bound targets'
    figures are read live, whatever a report says)."""
    bound = {target.pk for target in task.target_list if target.is_bound}
    figures: dict[int, Figure] = {}
    for report in accepted:  # newest first
        for figure in report.figure_list:
            if figure.target_id not in bound and figure.target_id not in figures:
                figures[figure.target_id] = Figure(figure.amount, period_end(report.period),
                                                   cumulative_label(report.period), report=report)
    return figures


def live_figures(task: Task, targets: list[Target], *, today: date,
                 readings: Readings) -> tuple[dict[int, Figure], list[str], list[str]]:
    """The bound targets' figures read from their metrics as of `today`, with what could not be read:
    the messages of keys no module declares, and the metrics with nothing recorded in the year yet."""
    figures, broken, empty = {}, [], []
    for target in targets:
        if not target.is_bound:
            continue
        try:
            metric = get_metric(target.metric_key)
            reading = readings.read(target.metric_key, park=task.plan.park, year=task.plan.year, as_of=today)
        except UnknownMetric as unknown:
            broken.append(unknown.message)
            continue
        if reading.value is None:
            empty.append(f"{metric.label}尚无{task.plan.year}年数据")
            continue
        figures[target.pk] = Figure(reading.value, reading.through, reading.label, metric=metric.label,
                                    level=not metric.accumulates)
    return figures, broken, empty


def compute_light(task: Task, *, today: date, readings: Readings | None = None) -> LightResult:
    """The light of a task, from its prefetched targets and reports (TaskQuerySet.with_listing_data) and
    the live figures of its bound targets; pass one `readings` for a list, so each metric is read once."""
    if task.light_override:
        return LightResult(task.light_override, f"督办员认定：{task.light_override_reason}")

    accepted = task.accepted_reports()
    targets = task.target_list
    figures = latest_figures(task, accepted)
    live, broken, empty = live_figures(task, targets, today=today, readings=readings or Readings())
    figures.update(live)

    end = task_end(task)
    if targets and all(t.pk in figures and target_met(t, figures[t.pk], end) for t in targets):
        met = "；".join(_met_reason(t, figures[t.pk]) for t in targets)
        return LightResult(Light.DONE, met)
    if accepted and accepted[0].claims_done and not targets:
        return LightResult(Light.DONE, f"{accepted[0].unit}于{period_label(accepted[0].period)}报告已完成，已审核采纳")

    last_day = overdue_after(task)
    if last_day and today > last_day:
        return LightResult(Light.OVERDUE, f"完成期限{end:%Y年%-m月%-d日}已过，任务尚未完成")

    if broken:
        return LightResult(Light.NOT_STARTED, "；".join(broken))

    if needs_reports(targets):
        if not accepted:
            return LightResult(Light.NOT_STARTED, "尚无审核采纳的进展报告")

        missed = unreported_periods(task.plan, latest=accepted[0].period, today=today)
        if missed:
            due = due_date(task.plan, missed[0])
            # December's report falls due in the next year: then the year is said.
            first_due = f"{due:%-m月%-d日}" if due.year == missed[0].year else f"{due:%Y年%-m月%-d日}"
            return LightResult(Light.BEHIND, (
                f"{period_label(missed[0])}进展应于{first_due}前报送，尚未报送或未采纳" if len(missed) == 1 else
                f"{months_label(missed)}进展尚未报送或未采纳（{missed[0].month}月进展应于{first_due}前报送）"))
    elif not live:
        return LightResult(Light.NOT_STARTED, "；".join(empty))

    tolerance = settings.LIGHT_BEHIND_TOLERANCE_POINTS
    reasons = []
    for target in targets:
        if target.pk not in figures or not target.amount:
            continue
        figure = figures[target.pk]
        amount, goal = format_quantity(figure.amount, target.unit), format_quantity(target.amount, target.unit)
        if target.comparator == Comparator.AT_MOST:
            description = f"{figure.level_phrase}{amount}，控制目标{goal}"
            if figure.amount > target.amount:
                return LightResult(Light.BEHIND, f"{description}，已超出")
            reasons.append(f"{description}以内")
            continue
        if figure.level:
            description = f"{figure.level_phrase}{amount}，目标{goal}"
            if figure.amount < target.amount:
                return LightResult(Light.BEHIND, f"{description}，尚未达到")
            reasons.append(f"{description}，已达到，按全年考核")
            continue
        achieved = round2(figure.amount / target.amount * 100)
        expected = round2(elapsed_share_through(task, figure.through) * 100)
        gap = expected - achieved
        description = f"{figure.done_phrase}{amount}，为目标{goal}的{achieved}%，序时进度{expected}%"
        if gap > tolerance:
            return LightResult(Light.BEHIND, f"{description}，落后{gap}个百分点")
        reasons.append(description)

    reasons += empty
    if reasons:
        return LightResult(Light.ON_SCHEDULE, "；".join(reasons))
    if accepted:
        return LightResult(Light.ON_SCHEDULE, f"{period_label(accepted[0].period)}进展已报送并采纳")
    return LightResult(Light.ON_SCHEDULE, "按绑定指标实时取数")
