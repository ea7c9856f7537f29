"""Reads of the supervision module that are more than a filter: lights over a list, reports due,
units ranked by lateness. Pages, exports and the API share them."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from parkops.core.metrics import MetricRecord, Reading, Readings, UnknownMetric
from parkops.core.metrics import get as get_metric
from parkops.org.models import Unit
from parkops.supervision.choices import Cycle, Light, ReportAction, ReportStatus
from parkops.supervision.lights import (
    LightResult,
    compute_light,
    due_date,
    due_periods,
    needs_reports,
    unreported_periods,
)
from parkops.supervision.models import Plan, ProgressReport, ReportEvent, Target, Task, TaskUnit

LATE_LIGHTS = (Light.OVERDUE, Light.BEHIND)
# A report counts from when it was accepted: by a supervisor, or by a ledger import.
ACCEPTING = (ReportAction.ACCEPT, ReportAction.IMPORT)


def default_plan(*, park, year: int) -> Plan | None:
    """The plan a report of `year` is drawn up for when none is chosen: the park's first active plan of
    that year, else its latest active one."""
    active = Plan.objects.filter(park=park, is_active=True)
    return active.filter(year=year).order_by("pk").first() or active.order_by("-year", "pk").first()


def export_plan(*, tasks: QuerySet[Task], today: date) -> Plan | None:
    """The plan the 一览表 export offers when the user came from none, among the plans of the tasks the user
    may see: the 在用 plan of this year (the first entered when there are several: the county's
    《政府工作报告》 ledger comes before the inspection ledgers added through the year), else the newest
    在用 plan of an earlier year, else a 在用 plan of a later one. An archived plan is never offered
    unasked: an old ledger would be exported in place of this year's."""
    plans = Plan.objects.filter(is_active=True, pk__in=tasks.values("plan_id"))
    return (plans.filter(year=today.year).order_by("pk").first()
            or plans.filter(year__lt=today.year).order_by("-year", "pk").first()
            or plans.order_by("year", "pk").first())


def plan_named(name: str, *, park=None) -> tuple[Plan | None, list[str]]:
    """The plan of that name (in `park`, when given), and the names there are, to say which when none is."""
    plans = Plan.objects.filter(park=park) if park is not None else Plan.objects.all()
    return plans.filter(name=name).first(), list(plans.values_list("name", flat=True)[:10])


def plans_taking_tasks():
    """The plans another module may hand a task to (转督办): active, and followed monthly or once, so the
    task is reported on from the next month."""
    return Plan.objects.filter(is_active=True, cycle__in=[Cycle.MONTHLY, Cycle.ONCE])


def with_lights(tasks: Iterable[Task], *, today: date) -> list[Task]:
    """The tasks with `light` (a LightResult) set on each; pass a with_listing_data() queryset."""
    result = []
    readings = Readings()  # each bound metric read once for the whole list
    for task in tasks:
        task.light = compute_light(task, today=today, readings=readings)
        result.append(task)
    return result


def filter_by_lights(tasks: list[Task], lights: Iterable[str]) -> list[Task]:
    wanted = set(lights)
    return [task for task in tasks if not wanted or task.light.light in wanted]


def light_counts(tasks: Iterable[Task]) -> dict[str, int]:
    counts = Counter(task.light.light for task in tasks)
    return {light: counts.get(light, 0) for light in Light.values}


@dataclass(frozen=True)
class UnitLateness:
    unit: Unit
    late: int
    behind: int
    overdue: int
    total: int


def units_by_lateness(tasks: Iterable[Task]) -> list[UnitLateness]:
    """Lead units ranked by their late tasks (逾期 first, then 滞后); units with none are left out."""
    tally: dict[int, Counter] = defaultdict(Counter)
    units: dict[int, Unit] = {}
    for task in tasks:
        for unit in task.lead_units:
            units[unit.pk] = unit
            tally[unit.pk]["total"] += 1
            tally[unit.pk][task.light.light] += 1
    ranked = [
        UnitLateness(units[pk], c[Light.OVERDUE] + c[Light.BEHIND], c[Light.BEHIND], c[Light.OVERDUE], c["total"])
        for pk, c in tally.items()
        if c[Light.OVERDUE] + c[Light.BEHIND]
    ]
    return sorted(ranked, key=lambda r: (-r.late, -r.overdue, r.unit.name))


@dataclass(frozen=True)
class DueReport:
    task: Task
    unit: Unit
    period: date
    due: date

    def overdue(self, today: date) -> bool:
        return self.due < today


def current_period(plan: Plan, today: date, horizon_days: int = 7) -> date | None:
    """The latest period whose report falls due within the horizon: the one units are working on."""
    candidates = [date(plan.year, m, 1) for m in due_periods(plan)]
    upcoming = [p for p in candidates if due_date(plan, p) <= today + timedelta(days=horizon_days)]
    return upcoming[-1] if upcoming else None


def unit_unreported(task: Task, unit: Unit, *, today: date, upcoming_days: int | None = None) -> list[date]:
    """The periods `unit` has not sent a report for (a returned one is not sent), after its latest sent
    one (lights.unreported_periods, the one rule), from the task's prefetched reports. A task whose
    targets are all bound to live figures owes none (lights.needs_reports)."""
    if not needs_reports(task.target_list):
        return []
    sent = [r.period for r in task.report_list if r.unit_id == unit.pk and r.status != ReportStatus.RETURNED]
    return unreported_periods(task.plan, latest=max(sent, default=None), today=today, upcoming_days=upcoming_days)


def due_reports(tasks: Iterable[Task], *, today: date, horizon_days: int = 7) -> list[DueReport]:
    """Reports each lead unit owes and has not yet sent (or had returned): every period fallen due
    since its latest report, and the one falling due within the horizon; soonest first. A task already
    done owes nothing. The dashboard's 已逾期未报送, 我的报送 and the task's 滞后 agree through
    lights.unreported_periods."""
    owed = []
    for task in tasks:
        if getattr(task, "light", None) and task.light.light == Light.DONE:
            continue
        for unit in task.lead_units:
            for period in unit_unreported(task, unit, today=today, upcoming_days=horizon_days):
                owed.append(DueReport(task, unit, period, due_date(task.plan, period)))
    return sorted(owed, key=lambda d: (d.due, d.task.plan_id, d.task.position))


def plan_light_series(tasks: Iterable[Task]) -> list[dict]:
    """Per plan, the count of tasks in each light: one chart per plan on the dashboard."""
    by_plan: dict[int, dict] = {}
    for task in tasks:
        entry = by_plan.setdefault(task.plan_id, {"plan": task.plan, "counts": Counter()})
        entry["counts"][task.light.light] += 1
    return [
        {"plan": e["plan"], "counts": {light.label: e["counts"].get(light.value, 0) for light in Light}}
        for e in by_plan.values()
    ]


def active_plans(*, park, year: int) -> QuerySet[Plan]:
    """The park's plans followed in `year`: those the reports of the year speak of."""
    return Plan.objects.filter(park=park, year=year, is_active=True)


def tasks_of(plans, *, reports_until: date | None = None) -> QuerySet[Task]:
    """The tasks of these plans with what their lights are computed from (reports up to `reports_until`)."""
    return Task.objects.filter(plan__in=plans).with_listing_data(reports_until=reports_until)


@dataclass(frozen=True)
class BoundFigure:
    """A bound target as the task's page shows it: the metric, its live figure and the records behind
    it, or why there is none (`problem`: an unknown key, in words a user can act on)."""

    target: Target
    metric_label: str = ""
    reading: Reading | None = None
    records: tuple[MetricRecord, ...] = ()
    problem: str = ""


def bound_figures(task: Task, *, today: date, readings: Readings | None = None) -> list[BoundFigure]:
    """The task's bound targets with their live figures and the records behind each."""
    readings = readings or Readings()
    park, year = task.plan.park, task.plan.year
    found = []
    for target in task.target_list:
        if not target.is_bound:
            continue
        try:
            metric = get_metric(target.metric_key)
        except UnknownMetric as unknown:
            found.append(BoundFigure(target, problem=unknown.message))
            continue
        found.append(BoundFigure(
            target, metric.label, readings.read(target.metric_key, park=park, year=year, as_of=today),
            tuple(metric.records_behind(park=park, year=year, as_of=today))))
    return found


def end_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


# -- the lights as known at a moment (the 督办通报's week: see reports/builtin/supervision_bulletin.py) --------------------------------------------------------------------


def _accepted_by(moment: datetime) -> Q:
    """Reports accepted before `moment`: by their review trail, or their review date where there is none."""
    accepted_event = ReportEvent.objects.filter(report=OuterRef("pk"), action__in=ACCEPTING, at__lt=moment)
    any_event = ReportEvent.objects.filter(report=OuterRef("pk"), action__in=ACCEPTING)
    return Q(Exists(accepted_event)) | (~Q(Exists(any_event)) & Q(reviewed_at__lt=moment))


def lights_as_known(tasks: Iterable[Task], *, day: date) -> dict[int, LightResult]:
    """The light each task had at the end of `day`, from what was known then (see the module's note).
    Tasks created after that day are left out. Queries do not grow with the number of tasks."""
    moment = end_of_day(day)
    ids = [task.pk for task in tasks]
    reports = (ProgressReport.objects.filter(status=ReportStatus.ACCEPTED).filter(_accepted_by(moment))
               .select_related("unit").prefetch_related("figures"))
    then = (Task.objects.filter(pk__in=ids, created_at__lt=moment).select_related("plan", "plan__park")
            .prefetch_related(Prefetch("unit_links", queryset=TaskUnit.objects.select_related("unit")), "targets",
                              Prefetch("reports", queryset=reports)))
    overrides = {old.pk: (old.light_override, old.light_override_reason)
                 for old in Task.history.as_of(moment).filter(pk__in=ids)}
    lights = {}
    readings = Readings()
    for task in then:
        task.light_override, task.light_override_reason = overrides.get(task.pk, ("", ""))
        lights[task.pk] = compute_light(task, today=day, readings=readings)
    return lights


def accepted_between(tasks: Iterable[Task], start: datetime, end: datetime) -> list[tuple[ProgressReport, datetime]]:
    """Reports of these tasks first accepted in [start, end), with when, in the order accepted."""
    by_id = {task.pk: task for task in tasks}
    reports = (ProgressReport.objects.filter(task_id__in=by_id, status=ReportStatus.ACCEPTED)
               .filter(_accepted_by(end)).exclude(_accepted_by(start))
               .select_related("unit").prefetch_related("events"))
    found = []
    for report in reports:
        times = [e.at for e in report.events.all() if e.action in ACCEPTING]
        when = min(times) if times else report.reviewed_at
        report.task = by_id[report.task_id]
        found.append((report, when))
    return sorted(found, key=lambda pair: (pair[1], pair[0].task.plan_id, pair[0].task.position))


def targets_bound_to(*, park, year: int, prefix: str) -> list[Target]:
    """The targets of the park's plans of `year` bound to a metric whose key starts with `prefix` (a module's
    figures, "investment."), with their task and plan: what a module's report holds its figures against."""
    return list(Target.objects.filter(task__plan__park=park, task__plan__year=year, metric_key__startswith=prefix,
                                      task__deleted_at__isnull=True)
                .select_related("task", "task__plan").order_by("task__plan__name", "task__position", "position"))
