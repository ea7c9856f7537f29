"""Reads of the supervision module that are more than a filter: lights over a list, reports due,
units ranked by lateness. Pages, exports and the API share them."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from parkops.org.models import Unit
from parkops.supervision.choices import Cycle, Light, ReportStatus
from parkops.supervision.lights import compute_light, due_date, due_periods, unreported_periods
from parkops.supervision.models import Plan, Task

LATE_LIGHTS = (Light.OVERDUE, Light.BEHIND)


def default_plan(*, park, year: int) -> Plan | None:
    """The plan a report of `year` is drawn up for when none is chosen: the park's first active plan of
    that year, else its latest active one."""
    active = Plan.objects.filter(park=park, is_active=True)
    return active.filter(year=year).order_by("pk").first() or active.order_by("-year", "pk").first()


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
    for task in tasks:
        task.light = compute_light(task, today=today)
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
    one (lights.unreported_periods, the one rule), from the task's prefetched reports."""
    sent = [r.period for r in task.reports.all() if r.unit_id == unit.pk and r.status != ReportStatus.RETURNED]
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

