"""How the enterprise registry import writes: everything worked out and checked before the transaction,
which then only inserts and updates in bulk (core.bulkwrite)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone

from parkops.core import audit, bulkwrite
from parkops.core.bulkwrite import ids_still_free, reserve_ids
from parkops.core.imports import UNCHANGED, ImportOutcome, WritePlan
from parkops.core.text import normalise_name
from parkops.economy import registry
from parkops.economy.models import Enterprise, Honour, IndustryChain, ScaleMembership
from parkops.org.models import Park, Zone

if TYPE_CHECKING:
    from parkops.economy.enterprise_import import EnterpriseLine, EnterprisePreview


# What an import does to an enterprise's 规上 membership.
ENTER, LEAVE, CORRECT = "enter", "leave", "correct"

# Rows a look-up or a version check names at once: far below SQLite's limit of bound values.
CHUNK = 2000


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


@dataclass
class RegistryPlan(WritePlan):
    """Everything the registry import will write, worked out and checked before its transaction, which
    then only inserts and updates in bulk: on SQLite a 200,000-row sheet wrote for 21 minutes, a row at
    a time, while every other user's save failed with "database is locked"."""

    park: Park
    user: object
    reason: str
    planned_at: datetime
    counts: dict[str, int]
    zones: list[Zone] = field(default_factory=list)
    chains: list[IndustryChain] = field(default_factory=list)
    created: list[Enterprise] = field(default_factory=list)
    updated: list[tuple[Enterprise, dict]] = field(default_factory=list)
    updated_fields: set[str] = field(default_factory=set)
    versions: dict[int, int] = field(default_factory=dict)  # the enterprises changed: their version as read
    honours: list[Honour] = field(default_factory=list)
    entered: list[ScaleMembership] = field(default_factory=list)
    changed_memberships: list[tuple[ScaleMembership, dict]] = field(default_factory=list)
    saves: list[bulkwrite.PreparedSave] = field(default_factory=list)

    @classmethod
    def made(cls, preview: EnterprisePreview, *, user) -> RegistryPlan:
        """Raises ValidationError, as the registry's services do, for what the preview could not see."""
        park = preview.park
        plan = cls(park=park, user=user, reason=f"由企业名录“{preview.filename}”导入"[:100], planned_at=timezone.now(),
                   counts=dict.fromkeys(("新增企业", "更新企业", "未变企业", "新增片区", "新增产业链"), 0))
        zones = {z.name: z for z in Zone.objects.filter(park=park)}
        for new in preview.zones_to_create:
            if new.name not in zones:
                zones[new.name] = Zone(park=park, name=" ".join(new.name.split()))
                plan.zones.append(zones[new.name])
        chains = {c.name: c for c in IndustryChain.objects.filter(park=park)}
        position = max((c.position for c in chains.values()), default=-1)
        for new in preview.chains_to_create:
            if new.name not in chains:
                position += 1
                chains[new.name] = IndustryChain(park=park, name=" ".join(new.name.split()), position=position)
                plan.chains.append(chains[new.name])
        plan.counts["新增片区"], plan.counts["新增产业链"] = len(plan.zones), len(plan.chains)

        lines = [line for line in preview.lines if line.action != UNCHANGED]
        plan.counts["未变企业"] = len(preview.lines) - len(lines)
        existing: dict[str, Enterprise] = {}
        for codes in _chunks([line.credit_code for line in lines]):
            existing.update((e.credit_code, e) for e in Enterprise.all_objects.filter(credit_code__in=codes)
                            .select_related("zone", "chain"))
        # An enterprise's honours and 规上 stretches are read only when the sheet adds to them.
        honours, memberships = defaultdict(list), defaultdict(list)
        for related, by_enterprise, wanted in ((Honour, honours, lambda line: line.new_honours),
                                               (ScaleMembership, memberships, lambda line: line.scale_plan)):
            ids = [existing[line.credit_code].pk for line in lines if line.credit_code in existing and wanted(line)]
            for chunk in _chunks(ids):
                for record in related.objects.filter(enterprise_id__in=chunk):
                    by_enterprise[record.enterprise_id].append(record)
        today = timezone.localdate()
        for line in lines:
            enterprise = existing.get(line.credit_code)
            if enterprise is not None and (enterprise.is_deleted or enterprise.park_id != park.pk):
                raise ValidationError(registry.duplicate_code_problem(line.credit_code))
            pk = enterprise.pk if enterprise else None
            plan._add(line, enterprise, zones, chains, today, honours.get(pk, []), memberships.get(pk, []))
        plan._prepare()
        return plan

    def _prepare(self) -> None:
        """Ids for the new records, and every row, history row and audit line as the database stores
        them: all the transaction has left to do is run the statements."""
        for model, new in self._new_records():
            for obj, pk in zip(new, reserve_ids(model, len(new)), strict=True):
                obj.pk = pk
        options = {"user": self.user, "reason": self.reason}
        self.saves = [
            bulkwrite.prepare(Zone, created=self.zones, **options),
            bulkwrite.prepare(IndustryChain, created=self.chains, **options),
            bulkwrite.prepare(Enterprise, created=self.created, updated=self.updated,
                              fields=sorted(self.updated_fields | {"version"}), **options),
            bulkwrite.prepare(Honour, created=self.honours, **options),
            bulkwrite.prepare(ScaleMembership, created=self.entered, updated=self.changed_memberships,
                              fields=["entered_period", "left_period"], **options),
        ]

    def _new_records(self):
        return ((Zone, self.zones), (IndustryChain, self.chains), (Enterprise, self.created), (Honour, self.honours),
                (ScaleMembership, self.entered))

    def _add(self, line: EnterpriseLine, enterprise: Enterprise | None, zones: dict[str, Zone],
             chains: dict[str, IndustryChain], today: date, held: list[Honour],
             memberships: list[ScaleMembership]) -> None:
        created = enterprise is None
        before = None if created else audit.values_of(enterprise)
        if created:
            enterprise = Enterprise(park=self.park, credit_code=line.credit_code)
        wanted = dict(line.values)
        if line.name and (created or normalise_name(line.name) != enterprise.normalised_name):
            wanted["name"] = line.name
        if line.zone:
            wanted["zone"] = zones[line.zone]
        if line.chain:
            wanted["chain"] = chains[line.chain]
        changed = [name for name, value in wanted.items() if getattr(enterprise, name) != value]
        for name in changed:
            setattr(enterprise, name, wanted[name])
        if created or changed:
            # What registry.enterprise_save makes of an enterprise; the code's check character and
            # uniqueness were checked by the preview and above, the park's zones and chains are its own.
            enterprise.name = " ".join(enterprise.name.split())
            enterprise.normalised_name = normalise_name(enterprise.name)
            enterprise.industry_code = enterprise.industry_code.strip().upper()
            if not enterprise.name:
                raise ValidationError({"name": "企业名称不能为空。"})
            enterprise.full_clean(exclude=["park", "zone", "chain"], validate_unique=False)
        if created:
            self.created.append(enterprise)
            self.counts["新增企业"] += 1
        else:
            self.counts["更新企业"] += 1
            self.versions[enterprise.pk] = enterprise.version
            if changed:
                enterprise.version += 1  # as every save moves it on, so a page loaded before is refused
                self.updated.append((enterprise, before))
                self.updated_fields.update(name for name in changed)
                if "name" in changed:
                    self.updated_fields.add("normalised_name")
        for honour in line.new_honours:
            added = registry.new_honour(enterprise=enterprise, held=held, name=honour.name,
                                        awarded_on=date(honour.year, 1, 1) if honour.year else today)
            held.append(added)
            self.honours.append(added)
        if line.scale_plan is not None:
            self._plan_scale(enterprise, memberships, line.scale_plan)

    def _plan_scale(self, enterprise: Enterprise, memberships: list[ScaleMembership], scale_plan) -> None:
        kind, period = scale_plan
        for membership in memberships:
            membership.enterprise = enterprise  # its audit line names it: no query for each
        if kind == ENTER:
            self.entered.append(registry.membership_entered(enterprise=enterprise, memberships=memberships,
                                                            period=period))
            return
        current = max((m for m in memberships if m.left_period is None), key=lambda m: m.entered_period,
                      default=None)
        before = audit.values_of(current) if current is not None else None
        if kind == LEAVE:
            membership = registry.membership_left(memberships=memberships, period=period)
        else:
            membership = registry.membership_entry_corrected(membership=current, memberships=memberships,
                                                              period=period)
        self.changed_memberships.append((membership, before))

    def still_current(self) -> bool:
        """No enterprise this plan changes was saved since it was read (its version moved on), no
        enterprise, honour or 规上 record was added or changed meanwhile, no zone or chain of its new
        names was created."""
        for pks in _chunks(list(self.versions)):
            now = dict(Enterprise.all_objects.filter(pk__in=pks).values_list("pk", "version"))
            if any(now.get(pk) != self.versions[pk] for pk in pks):
                return False
        since = {"history_date__gte": self.planned_at}
        if Enterprise.history.filter(history_type="+", **since).exists():
            return False
        if Honour.history.filter(**since).exists() or ScaleMembership.history.filter(**since).exists():
            return False
        if not all(ids_still_free(model, [obj.pk for obj in new]) for model, new in self._new_records()):
            return False
        return not (Zone.objects.filter(park=self.park, name__in=[z.name for z in self.zones]).exists()
                    or IndustryChain.objects.filter(park=self.park, name__in=[c.name for c in self.chains]).exists())

    def write(self) -> ImportOutcome:
        bulkwrite.write(self.saves)
        return ImportOutcome(self.park, self.counts)
