"""Reads of 信访与平安 that are more than a filter: cases with their lights, the repeated ones grouped,
the figures a 通报 quotes, and the party-coverage campaign's figures (the one home of the coverage rate)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import QuerySet

from parkops.core.text import match_key
from parkops.stability import rules
from parkops.stability.choices import CaseLight, CaseStatus, PartyForm, Satisfaction, Source
from parkops.stability.models import Case, CoverageCampaign, CoverageEntry


def case_listing(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.select_related("handling_unit", "leader")


@dataclass(frozen=True)
class CaseRow:
    case: Case
    light: rules.Light


def with_lights(cases, *, today: date) -> list[CaseRow]:
    return [CaseRow(case, rules.case_light(case, today=today)) for case in cases]


@dataclass(frozen=True)
class LightTotal:
    light: CaseLight
    count: int

    @property
    def colour(self) -> str:
        return rules.Light(self.light, "").colour


def light_totals(rows: list[CaseRow]) -> list[LightTotal]:
    counts = Counter(row.light.light for row in rows)
    return [LightTotal(light, counts[light]) for light in CaseLight if counts[light]]


def overdue(cases: QuerySet[Case], *, today: date) -> QuerySet[Case]:
    return case_listing(cases.exclude(status=CaseStatus.CLOSED).filter(due_on__lt=today)).order_by("due_on", "pk")


# --- repeated cases -------------------------------------------------------------------------------


def _person_key(case: Case) -> str:
    return "".join(ch for ch in case.petitioner_phone if ch.isdigit()) or match_key(case.petitioner_name)


@dataclass(frozen=True)
class RepeatGroup:
    """Cases from the same person (by phone, else name) or about the same place (重复件)."""

    by: str  # "person" or "place"
    key: str
    cases: tuple[Case, ...]

    @property
    def by_label(self) -> str:
        return "同一反映人" if self.by == "person" else "同一地点或企业"


def repeat_groups(cases) -> list[RepeatGroup]:
    """Groups of two or more; a case may be in a person's group and a place's."""
    by_person: dict[str, list[Case]] = defaultdict(list)
    by_place: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        if (key := _person_key(case)):
            by_person[key].append(case)
        if (place := match_key(case.place)):
            by_place[place].append(case)
    groups = [RepeatGroup("person", key, tuple(found)) for key, found in by_person.items() if len(found) > 1]
    groups += [RepeatGroup("place", found[0].place, tuple(found)) for found in by_place.values() if len(found) > 1]
    return sorted(groups, key=lambda g: (-len(g.cases), g.by))


def repeats_of(case: Case) -> list[Case]:
    """The park's other cases from the same person or about the same place."""
    others = Case.objects.filter(park=case.park_id).exclude(pk=case.pk).select_related("handling_unit")
    key, place = _person_key(case), match_key(case.place)
    return [other for other in others.only("pk", "number", "content", "received_on", "petitioner_phone",
                                            "petitioner_name", "place", "status", "handling_unit")
            if (key and _person_key(other) == key) or (place and match_key(other.place) == place)]


# --- figures of a period (the 通报) ---------------------------------------------------------------


@dataclass(frozen=True)
class CaseFigures:
    received: int
    closed: int
    closed_on_time: int
    open: int
    overdue: int
    by_source: list[tuple[str, int]]
    by_kind: list[tuple[str, int]]
    by_unit: list[tuple[str, int, int, int]]  # unit, received, closed, overdue
    visited: int
    satisfied: int

    @property
    def closed_pct(self) -> Decimal | None:
        return rules.rate_pct(self.closed, self.received)

    @property
    def satisfied_pct(self) -> Decimal | None:
        return rules.rate_pct(self.satisfied, self.visited)


def case_figures(*, park, start: date, end: date) -> tuple[CaseFigures, list[CaseRow]]:
    """The cases received from `start` to `end`, and their figures as of `end`."""
    cases = list(case_listing(Case.objects.filter(park=park, received_on__range=(start, end)))
                 .order_by("received_on", "pk"))
    rows = with_lights(cases, today=end)
    closed = [c for c in cases if c.closed_on and c.closed_on <= end]
    units: dict[str, list[int]] = {}
    for row in rows:
        counts = units.setdefault(str(row.case.handling_unit or "未交办"), [0, 0, 0])
        counts[0] += 1
        counts[1] += row.case in closed
        counts[2] += row.light.light == CaseLight.OVERDUE
    visited = [c for c in closed if c.satisfaction and c.satisfaction != Satisfaction.UNREACHABLE]
    source_counts = Counter(c.source for c in cases)
    kind_counts = Counter(c.get_kind_display() for c in cases)
    figures = CaseFigures(
        received=len(cases), closed=len(closed),
        closed_on_time=sum(1 for c in closed if c.closed_on <= c.due_on),
        open=len(cases) - len(closed), overdue=sum(1 for r in rows if r.light.light == CaseLight.OVERDUE),
        by_source=[(s.label, source_counts[s.value]) for s in Source if source_counts[s.value]],
        by_kind=sorted(kind_counts.items(), key=lambda kv: -kv[1]),
        by_unit=sorted(((u, *c) for u, c in units.items()), key=lambda t: -t[1]),
        visited=len(visited),
        satisfied=sum(1 for c in visited if c.satisfaction in (Satisfaction.SATISFIED, Satisfaction.BASICALLY)),
    )
    return figures, rows


# --- party coverage -------------------------------------------------------------------------------


def current_campaign(*, park) -> CoverageCampaign | None:
    return CoverageCampaign.objects.filter(park=park).order_by("-started_on", "-pk").first()


@dataclass(frozen=True)
class CoverageFigures:
    """What the seed quotes: 摸排353家, 攻坚对象288家, 已覆盖94家, 单建11个、联合12个, 覆盖率由11.1%上升到43%.
    The rate is that of the 攻坚对象 covered (by a branch of their own, a joint branch or an instructor)."""

    surveyed: int
    targets: int
    covered_in_campaign: int
    single_branches: int
    joint_branches: int
    instructors: int
    targets_covered_before: int
    targets_covered: int
    by_form: list[tuple[str, int]]

    @property
    def baseline_pct(self) -> Decimal | None:
        return rules.rate_pct(self.targets_covered_before, self.targets)

    @property
    def rate_pct(self) -> Decimal | None:
        return rules.rate_pct(self.targets_covered, self.targets)


def _covered_by(entry: CoverageEntry, on: date) -> bool:
    return entry.covered_before or (entry.covered_on is not None and entry.covered_on <= on)


def coverage_figures(campaign: CoverageCampaign, *, on: date, entries: list[CoverageEntry] | None = None) \
        -> CoverageFigures:
    entries = list(campaign.entries.all()) if entries is None else entries
    new = [e for e in entries if not e.covered_before and e.covered_on is not None and e.covered_on <= on]
    targets = [e for e in entries if e.is_target]
    forms = Counter(e.form for e in entries if _covered_by(e, on))
    return CoverageFigures(
        surveyed=len(entries), targets=len(targets), covered_in_campaign=len(new),
        single_branches=len({e.organisation for e in new if e.form == PartyForm.SINGLE}),
        joint_branches=len({e.organisation for e in new if e.form == PartyForm.JOINT}),
        instructors=sum(1 for e in new if e.form == PartyForm.INSTRUCTOR),
        targets_covered_before=sum(1 for e in targets if e.covered_before),
        targets_covered=sum(1 for e in targets if _covered_by(e, on)),
        by_form=[(form.label, forms[form.value]) for form in PartyForm if form != PartyForm.NONE],
    )


def coverage_over_time(campaign: CoverageCampaign, *, until: date) -> list[tuple[date, Decimal | None]]:
    """The rate at the campaign's start and at the end of each month since, up to `until`."""
    entries = list(campaign.entries.all())
    days = [campaign.started_on]
    year, month = campaign.started_on.year, campaign.started_on.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        first = date(year, month, 1)
        end = first - timedelta(days=1)
        if end > campaign.started_on and end <= until:
            days.append(end)
        if first > until:
            break
    if days[-1] != until:
        days.append(until)
    return [(day, coverage_figures(campaign, on=day, entries=entries).rate_pct) for day in days]


# --- disputes -------------------------------------------------------------------------------------


def dispute_totals(disputes) -> list[tuple[str, int]]:
    """How many disputes stand at each mediation result (化解 30余起): one query."""
    from django.db.models import Count

    from parkops.stability.choices import MediationResult

    counts = dict(disputes.order_by().values_list("result").annotate(n=Count("pk")))
    return [(result.label, counts.get(result.value, 0)) for result in MediationResult if counts.get(result.value)]


def disputes_between(*, park, start: date, end: date) -> tuple[int, int]:
    """Disputes found from `start` to `end`, and how many of them were 化解 (mediated successfully) by `end`."""
    from parkops.stability.choices import MediationResult
    from parkops.stability.models import Dispute

    found = Dispute.objects.filter(park=park, occurred_on__range=(start, end))
    return found.count(), found.filter(result=MediationResult.RESOLVED, resolved_on__lte=end).count()
