"""Reads of 安全生产 that are more than a filter: hazards with their lights, the statistics (enterprises
inspected; hazards found, closed and overdue by level, unit and month), the ledger and the notice the
report centre lays out (reports.builtin.safety_*), and the registry's enterprises an inspection names
(economy.selectors, the hand-over .importlinter names)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth

from parkops.core.formatting import format_pct, share_pct
from parkops.core.periods import chinese_date
from parkops.core.text import normalise_name
from parkops.economy import selectors as economy_selectors
from parkops.safety.choices import Level, Light, Status, TraineeRole
from parkops.safety.lights import HazardLight, hazard_light
from parkops.safety.models import Attendance, Hazard, Inspection, SafetyRules, TrainingSession
from parkops.safety.rules import setting


def enterprise_choices(*, park):
    return economy_selectors.enterprise_choices(park=park)


def enterprises_named(*, park, names) -> dict:
    return economy_selectors.enterprises_named(park=park, names=names)


def hazard_listing(hazards: QuerySet[Hazard]) -> QuerySet[Hazard]:
    return hazards.select_related("responsible_unit", "enterprise", "inspection")


@dataclass
class HazardRow:
    hazard: Hazard
    light: HazardLight


def with_lights(hazards, *, today: date) -> list[HazardRow]:
    return [HazardRow(hazard, hazard_light(hazard, today=today)) for hazard in hazards]


def overdue(hazards: QuerySet[Hazard], *, today: date) -> QuerySet[Hazard]:
    return hazards.filter(status__in=(Status.ISSUED, Status.RECTIFYING), deadline__lt=today)


def due_soon(hazards: QuerySet[Hazard], *, today: date) -> QuerySet[Hazard]:
    return hazards.filter(status__in=(Status.ISSUED, Status.RECTIFYING), deadline__gte=today,
                          deadline__lte=today + timedelta(days=setting("due_soon_days")))


def light_filter(hazards: QuerySet[Hazard], light: str, *, today: date) -> QuerySet[Hazard]:
    """The same rule as lights.hazard_light, as a filter of the database."""
    if light == Light.OVERDUE:
        return overdue(hazards, today=today)
    if light == Light.DUE_SOON:
        return due_soon(hazards, today=today)
    if light == Light.CLOSED:
        return hazards.filter(status=Status.CLOSED)
    if light == Light.AWAITING:
        return hazards.filter(status=Status.AWAITING_RECHECK)
    if light == Light.NOT_ISSUED:
        return hazards.filter(status=Status.REGISTERED)
    if light == Light.ON_TIME:
        running = hazards.filter(status__in=(Status.ISSUED, Status.RECTIFYING))
        return running.exclude(pk__in=overdue(hazards, today=today).values("pk")) \
            .exclude(pk__in=due_soon(hazards, today=today).values("pk"))
    return hazards


# --- statistics -------------------------------------------------------------------------------------


@dataclass
class Tally:
    """Hazards found, closed, open and overdue, 一般 and 重大 apart."""

    label: str
    found: Counter = field(default_factory=Counter)
    closed: Counter = field(default_factory=Counter)
    overdue: Counter = field(default_factory=Counter)

    @property
    def found_total(self) -> int:
        return sum(self.found.values())

    @property
    def closed_total(self) -> int:
        return sum(self.closed.values())

    @property
    def overdue_total(self) -> int:
        return sum(self.overdue.values())

    @property
    def open_total(self) -> int:
        return self.found_total - self.closed_total

    @property
    def closed_pct(self) -> str:
        return format_pct(share_pct(self.closed_total, self.found_total)) if self.found_total else "—"

    def level(self, counter: str, level: str) -> int:
        return getattr(self, counter)[level]


@dataclass
class SafetyStatistics:
    start: date
    end: date
    enterprises_inspected: int
    small_places_inspected: int
    inspections: int
    total: Tally
    by_unit: list[Tally]
    by_month: list[Tally]
    listed_open: int


def _tally(rows, key, label_of, today: date) -> dict:
    tallies: dict = {}
    for row in rows:
        k = key(row)
        tally = tallies.setdefault(k, Tally(label_of(row)))
        level = row["level"]
        tally.found[level] += row["found"]
        tally.closed[level] += row["closed"]
        tally.overdue[level] += row["overdue"]
    return tallies


def statistics(*, hazards: QuerySet[Hazard], inspections: QuerySet[Inspection], start: date, end: date,
               today: date) -> SafetyStatistics:
    """The dashboard's figures, a few grouped queries whatever the number of hazards."""
    hazards = hazards.filter(found_on__gte=start, found_on__lte=end)
    inspections = inspections.filter(inspected_on__gte=start, inspected_on__lte=end)
    counts = {
        "found": Count("pk"),
        "closed": Count("pk", filter=Q(status=Status.CLOSED)),
        "overdue": Count("pk", filter=Q(status__in=(Status.ISSUED, Status.RECTIFYING), deadline__lt=today)),
    }
    by_unit_rows = list(hazards.values("responsible_unit__name", "level").annotate(**counts)
                        .order_by("responsible_unit__name", "level"))
    by_month_rows = list(hazards.annotate(month=TruncMonth("found_on")).values("month", "level").annotate(**counts)
                         .order_by("month", "level"))
    total = Tally("合计")
    for row in by_unit_rows:
        total.found[row["level"]] += row["found"]
        total.closed[row["level"]] += row["closed"]
        total.overdue[row["level"]] += row["overdue"]
    by_unit = _tally(by_unit_rows, lambda r: r["responsible_unit__name"] or "",
                     lambda r: r["responsible_unit__name"] or "未指定责任单位", today)
    by_month = _tally(by_month_rows, lambda r: r["month"], lambda r: f"{r['month']:%Y年%-m月}", today)
    places = inspections.values("place_kind").annotate(
        n=Count("enterprise", distinct=True), named=Count("place_name", distinct=True))
    enterprises = small = 0
    for row in places:
        if row["place_kind"] == "enterprise":
            # An enterprise not (yet) in the registry is counted by its name.
            enterprises = max(row["n"], row["named"])
        else:
            small = row["named"]
    return SafetyStatistics(
        start=start, end=end, enterprises_inspected=enterprises, small_places_inspected=small,
        inspections=inspections.count(), total=total,
        by_unit=sorted(by_unit.values(), key=lambda t: (-t.found_total, t.label)),
        by_month=[by_month[k] for k in sorted(by_month)],
        listed_open=hazards.filter(listed_on__isnull=False).exclude(status=Status.CLOSED).count())


# --- what the report centre lays out ----------------------------------------------------------------


def ledger_rows(*, park, today: date, hazards: QuerySet[Hazard] | None = None) -> list[HazardRow]:
    """The 隐患排查整改台账: every hazard of the park (or those given), oldest first, with its light."""
    hazards = Hazard.objects.filter(park=park) if hazards is None else hazards.filter(park=park)
    return with_lights(hazard_listing(hazards).order_by("found_on", "pk"), today=today)


def hazard_for_notice(*, park, day: date, pk: int | None = None) -> Hazard | None:
    """The hazard a 整改通知书 is drawn for: the one asked, else the latest issued on or before the day."""
    issued = hazard_listing(Hazard.objects.filter(park=park)).exclude(notice_number="")
    if pk is not None:
        return issued.filter(pk=pk).first()
    return issued.filter(issued_on__lte=day).order_by("-issued_on", "-pk").first()


def hazards_for_enterprise_notice(*, park, hazard: Hazard) -> list[Hazard]:
    """A notice per enterprise: every open hazard of the same enterprise issued the same day."""
    same = hazard_listing(Hazard.objects.filter(park=park, issued_on=hazard.issued_on)).exclude(notice_number="") \
        .exclude(status=Status.CLOSED)
    if hazard.enterprise_id:
        same = same.filter(enterprise_id=hazard.enterprise_id)
    else:
        same = same.filter(enterprise_name=hazard.enterprise_name)
    found = list(same.order_by("pk"))
    return found if hazard in found else [hazard, *found]


def level_summary(rows: list[HazardRow]) -> str:
    by_level = defaultdict(int)
    for row in rows:
        by_level[row.hazard.level] += 1
    closed = sum(1 for row in rows if row.hazard.status == Status.CLOSED)
    late = sum(1 for row in rows if row.light.light == Light.OVERDUE)
    enterprises = len({row.hazard.enterprise_id or row.hazard.enterprise_name for row in rows})
    return (f"涉及企业（场所）{enterprises}家，排查隐患{len(rows)}条（一般隐患{by_level[Level.GENERAL]}条、重大隐患"
            f"{by_level[Level.MAJOR]}条），已整改销号{closed}条，逾期未整改{late}条。")


def date_text(day: date | None) -> str:
    return chinese_date(day) if day else ""


def hazard_counts(*, inspection_ids) -> dict[int, tuple[int, int]]:
    """Per inspection: hazards found, and those still open."""
    rows = (Hazard.objects.filter(inspection_id__in=inspection_ids).values("inspection_id")
            .annotate(found=Count("pk"), open=Count("pk", filter=~Q(status=Status.CLOSED))))
    return {row["inspection_id"]: (row["found"], row["open"]) for row in rows}


# --- training ---------------------------------------------------------------------------------------


def training_listing(sessions: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    """Sessions with their attendees, enterprises, those tested and those who passed, in one query."""
    return sessions.annotate(
        attendee_count=Count("attendances", distinct=True),
        enterprise_count=Count("attendances__enterprise_name", distinct=True),
        tested_count=Count("attendances", filter=Q(attendances__score__isnull=False), distinct=True),
        passed_count=Count("attendances", filter=Q(attendances__score__gte=F("pass_mark")), distinct=True),
    )


@dataclass(frozen=True)
class TrainingTotals:
    sessions: int
    enterprises: int
    attendees: int
    tested: int
    passed: int

    @property
    def pass_rate(self) -> str:
        return format_pct(share_pct(self.passed, self.tested)) if self.tested else "—"


def training_totals(sessions: QuerySet[TrainingSession]) -> TrainingTotals:
    attendances = Attendance.objects.filter(session__in=sessions)
    figures = attendances.aggregate(
        enterprises=Count("enterprise_name", distinct=True), attendees=Count("pk"),
        tested=Count("pk", filter=Q(score__isnull=False)), passed=Count("pk", filter=Q(score__gte=F("session__pass_mark"))))
    return TrainingTotals(sessions=sessions.count(), **figures)


# --- training before 投产 ---------------------------------------------------------------------------


def training_before_production(*, park) -> bool:
    """Whether the park requires the legal person's passed safety test before 投产 (SafetyRules)."""
    return SafetyRules.objects.filter(park=park, training_before_production=True).exists()


def legal_person_passed(*, park, enterprise=None, enterprise_name: str = "", person_name: str = "") -> bool:
    """Whether the enterprise's 法定代表人 passed a safety training test of the park: an attendance as
    法定代表人, of that enterprise (the registry's, or by name), scored at or above its session's pass mark.
    When the registry knows the legal person's name, it must be that person's."""
    names = {normalise_name(n) for n in (enterprise_name, getattr(enterprise, "name", "")) if n}
    person = "".join((person_name or getattr(enterprise, "legal_representative", "") or "").split())
    # A park's passed legal persons are a few hundred at most; names are compared normalised (全角括号,
    # spaces), as a training ledger may write them a little differently from the registry.
    passed = Attendance.objects.filter(session__park=park, role=TraineeRole.LEGAL_PERSON, score__isnull=False,
                                       score__gte=F("session__pass_mark")).only("enterprise_id", "enterprise_name",
                                                                                "person_name")
    return any((enterprise is not None and a.enterprise_id == enterprise.pk or normalise_name(a.enterprise_name) in names)
               and (not person or a.person_name == person) for a in passed)


def production_refusal(*, park, enterprise=None, enterprise_name: str = "", person_name: str = "") -> str | None:
    """Why a project of this enterprise may not be marked 投产 yet, in the words the page shows; None when
    it may (the park does not require it, or the legal person passed)."""
    if not training_before_production(park=park):
        return None
    if enterprise is None and enterprise_name:
        enterprise = enterprises_named(park=park, names=[enterprise_name]).get(normalise_name(enterprise_name))
    if legal_person_passed(park=park, enterprise=enterprise, enterprise_name=enterprise_name, person_name=person_name):
        return None
    name = enterprise_name or getattr(enterprise, "name", "") or "该项目的企业"
    person = person_name or getattr(enterprise, "legal_representative", "")
    who = f"法定代表人{person}" if person else "法定代表人"
    return (f"本园区规定投产前法定代表人须通过安全培训：{name}的{who}尚无安全培训考试合格记录，暂不能登记为“投产”。"
            "请先在“安全生产 › 安全培训”中登记其参训和考试成绩。")
