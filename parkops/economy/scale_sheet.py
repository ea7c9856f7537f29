"""The bureau's 规上 sheet as the list of the month's 规上 enterprises.

For the people who receive it, the statistics bureau's monthly 规模以上工业企业主要经济指标 *is* the
list of 规上 enterprises of that month. When an import is of such a sheet (its title says 规模以上, or
the user says so), every enterprise it lists is 规上 in its month:
- one listed for the first time, or not listed in the park's previous 规上 sheet, enters (入规) from
  that month;
- one listed in the previous 规上 sheet and missing from this one leaves (退规) from that month.
Which enterprises each month's sheet listed is kept (ScaleListing), and an enterprise's stretches
(ScaleMembership, source "sheet") are worked out again from those months whenever a sheet next to
them is imported, so that a month imported late or imported again gives the same stretches as the
months imported in order.

An enterprise with any stretch entered by hand (the registry's page or sheet) is left to the hand: the
sheet does not change it, and where the two disagree about the month the preview lists the conflict.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Max

from parkops.core import audit, bulkwrite
from parkops.core.periods import period_label
from parkops.economy.models import Enterprise, ScaleListing, ScaleMembership
from parkops.economy.registry import scale_at
from parkops.org.models import Park

_SCALE_TITLE = re.compile(r"规模以上|规上")

Target = int | str  # an enterprise's id, or the credit code of one the import registers


def is_scale_title(title: str) -> bool:
    return bool(_SCALE_TITLE.search(title or ""))


def sheet_months(park: Park) -> list[date]:
    """The months the park has a 规上 sheet for, oldest first."""
    return sorted(ScaleListing.objects.filter(park=park).order_by().values_list("period", flat=True).distinct())


def _listed(park: Park, period: date | None) -> set[int]:
    if period is None:
        return set()
    return set(ScaleListing.objects.filter(park=park, period=period).values_list("enterprise_id", flat=True))


def _by_hand(park: Park) -> dict[int, list[ScaleMembership]]:
    stretches = defaultdict(list)
    for membership in ScaleMembership.objects.filter(enterprise__park=park, source=ScaleMembership.Source.HAND):
        stretches[membership.enterprise_id].append(membership)
    return stretches


# -- what the preview says -----------------------------------------------------------------------------


@dataclass
class ScaleChanges:
    """Who enters and who leaves in the sheet's month, and where the registry's hand says otherwise."""

    previous: date | None  # the park's last month with a 规上 sheet before this one
    entering: list[dict] = field(default_factory=list)  # {"name", "credit_code"}
    leaving: list[dict] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)  # {"name", "credit_code", "message"}

    def as_dict(self) -> dict:
        return {"previous": period_label(self.previous) if self.previous else "",
                "entering": self.entering, "leaving": self.leaving, "conflicts": self.conflicts}


def scale_changes(*, park: Park, period: date, listed: dict[Target, tuple[str, str]]) -> ScaleChanges:
    """`listed`: each enterprise the sheet lists (its id, or a new one's credit code) → (name, code)."""
    previous = max((month for month in sheet_months(park) if month < period), default=None)
    before = _listed(park, previous)
    hand = _by_hand(park)
    hand_scale = {enterprise for enterprise, stretches in hand.items()
                  if any(_covers(stretch, period) for stretch in stretches)}
    changes = ScaleChanges(previous=previous)
    month = period_label(period)
    for target, (name, code) in listed.items():
        if target in hand:
            if target not in hand_scale:
                changes.conflicts.append({"name": name, "credit_code": code, "message":
                                          f"企业名录中手工登记为{month}不是规上企业，表中列为规上：以名录为准，未改动"})
        elif target not in before:
            changes.entering.append({"name": name, "credit_code": code})
    names = dict(Enterprise.objects.filter(pk__in=(before | hand_scale) - set(listed))
                 .values_list("pk", "name"))
    codes = dict(Enterprise.objects.filter(pk__in=names).values_list("pk", "credit_code"))
    for enterprise in sorted(names, key=names.get):
        entry = {"name": names[enterprise], "credit_code": codes[enterprise]}
        if enterprise in hand:
            if enterprise in hand_scale:
                changes.conflicts.append({**entry, "message": f"企业名录中手工登记为{month}规上企业，表中未列出："
                                                              "以名录为准，未改动"})
        else:
            changes.leaving.append(entry)
    return changes


def _covers(membership: ScaleMembership, period: date) -> bool:
    return membership.entered_period <= period and (membership.left_period is None or period < membership.left_period)


# -- writing (planned before the import's transaction) ---------------------------------------------------------------


def stretches_of(listed_months: set[date], months: list[date]) -> list[tuple[date, date | None]]:
    """(入规, 退规 or None) stretches from the months an enterprise was listed, among the park's sheet
    months in order: a stretch begins in a listed month after an unlisted one (or the first) and ends
    in the first sheet month that does not list it."""
    stretches, entered = [], None
    for month in months:
        if month in listed_months and entered is None:
            entered = month
        elif month not in listed_months and entered is not None:
            stretches.append((entered, month))
            entered = None
    if entered is not None:
        stretches.append((entered, None))
    return stretches


@dataclass
class ScaleOutcome:
    entered: int = 0  # stretches begun in the sheet's month
    left: int = 0  # stretches ended in it


@dataclass
class ScalePlan:
    """The month's listing and the stretches it changes, worked out before the import's transaction
    (a province's sheet lists tens of thousands), which then runs a statement per table."""

    park: Park
    listings_seen: tuple[int, int | None]  # the park's listings when planned: how many, the highest id
    saves: list[bulkwrite.PreparedSave]
    new_ids: dict[type, list[int]]
    outcome: ScaleOutcome

    def still_current(self) -> bool:
        """No listing of the park added or removed meanwhile (another month's sheet), and the ids given
        to the new rows still free."""
        return (_listings_state(self.park) == self.listings_seen
                and all(bulkwrite.ids_still_free(model, ids) for model, ids in self.new_ids.items()))

    def write(self) -> ScaleOutcome:
        bulkwrite.write(self.saves)
        return self.outcome


def _listings_state(park: Park) -> tuple[int, int | None]:
    found = ScaleListing.objects.filter(park=park).aggregate(count=Count("pk"), highest=Max("pk"))
    return found["count"], found["highest"]


def scale_listing_plan(*, park: Park, period: date, enterprise_ids: list[int],
                       registered: dict[int, Enterprise], user, reason: str) -> ScalePlan:
    """The sheet of `period` lists these enterprises (`registered`: those the import is about to create,
    by their reserved ids): keep the listing and work the stretches of every enterprise it may change out
    again (those listed in it, before or now, and in the sheets either side of it), with history.
    Enterprises with a stretch entered by hand are left as they are."""
    seen = _listings_state(park)
    now = set(enterprise_ids)
    before = _listed(park, period)
    removed = list(ScaleListing.objects.filter(park=park, period=period, enterprise_id__in=before - now))
    added = [ScaleListing(park=park, period=period, enterprise_id=enterprise) for enterprise in now - before]
    for listing, pk in zip(added, bulkwrite.reserve_ids(ScaleListing, len(added)), strict=True):
        listing.pk = pk
    # The park's sheet months as they will be: this one is among them while its sheet lists anybody.
    months = sorted(set(sheet_months(park)) - {period} | ({period} if now else set()))
    position = months.index(period) if now else None
    neighbours = [] if position is None else [m for m in months[max(0, position - 1):position + 2] if m != period]
    affected = (before | now | set(ScaleListing.objects.filter(park=park, period__in=neighbours)
                                   .values_list("enterprise_id", flat=True))) - set(_by_hand(park))
    # Each enterprise's listed months as they will be once this month's listing is written.
    listed_months: dict[int, set[date]] = defaultdict(set)
    for enterprise, month in ScaleListing.objects.filter(park=park, enterprise_id__in=affected).exclude(
            period=period).values_list("enterprise_id", "period"):
        listed_months[enterprise].add(month)
    for enterprise in now:
        listed_months[enterprise].add(period)
    enterprises = {**Enterprise.all_objects.in_bulk(affected - set(registered)), **registered}  # audit lines name them
    existing: dict[int, list[ScaleMembership]] = defaultdict(list)
    for membership in ScaleMembership.objects.filter(enterprise_id__in=affected, source=ScaleMembership.Source.SHEET):
        membership.enterprise = enterprises[membership.enterprise_id]
        existing[membership.enterprise_id].append(membership)

    # The stretches wanted replace those there in order: a month listed late moves a stretch's months
    # (an update) rather than deleting one and creating another.
    created, updated, deleted = [], [], []
    outcome = ScaleOutcome()
    for enterprise in affected:
        wanted = stretches_of(listed_months[enterprise], months)
        outcome.entered += sum(entered == period for entered, _ in wanted)
        outcome.left += sum(left == period for _, left in wanted)
        there = sorted(existing[enterprise], key=lambda m: m.entered_period)
        for membership, (entered, left) in zip(there, wanted, strict=False):
            if (membership.entered_period, membership.left_period) != (entered, left):
                values_before = audit.values_of(membership)
                membership.entered_period, membership.left_period = entered, left
                updated.append((membership, values_before))
        deleted += there[len(wanted):]
        created += [ScaleMembership(enterprise=enterprises[enterprise], entered_period=entered, left_period=left,
                                    source=ScaleMembership.Source.SHEET) for entered, left in wanted[len(there):]]
    for membership, pk in zip(created, bulkwrite.reserve_ids(ScaleMembership, len(created)), strict=True):
        membership.pk = pk
    saves = [bulkwrite.prepare_rows(ScaleListing, created=added, deleted=removed),
             bulkwrite.prepare(ScaleMembership, created=created, updated=updated, deleted=deleted,
                               fields=["entered_period", "left_period"], user=user, reason=reason)]
    return ScalePlan(park=park, listings_seen=seen, saves=saves, outcome=outcome,
                     new_ids={ScaleListing: [listing.pk for listing in added],
                              ScaleMembership: [membership.pk for membership in created]})


def scale_enterprises(park: Park, period: date) -> int:
    """How many of the park's enterprises are 规上 in `period` (for the command's closing line)."""
    return ScaleMembership.objects.filter(scale_at(period), enterprise__park=park).values("enterprise").distinct().count()
