"""The enterprise registry (企业库): who the park's enterprises are, when each was 规上, its honours.

Writes go through the services below (the pages and the import call them); each saves with
history, whose records core.audit turns into audit lines naming the user and the reason. The reads
here (the listing, the recent figures, the history of changes) are what the pages, the export and the
API show, so that "规上 now" or "an honour still held" is decided in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from parkops.core.formatting import plain_number, round2
from parkops.core.periods import month_start, period_label
from parkops.core.privacy import mask_phone
from parkops.core.versioning import save_unless_changed
from parkops.economy.choices import PartyOrganisation
from parkops.economy.creditcode import credit_code_problem, normalise_code
from parkops.economy.models import Enterprise, Honour, IndicatorValue, IndustryChain, ScaleMembership
from parkops.org.models import Zone

# The titles the committee's reports count (seed 001: 高新技术企业, 创新型中小企业, 智能工厂, 数智工厂);
# offered as suggestions, any other title may be entered.
COMMON_HONOURS = ("高新技术企业", "专精特新中小企业", "专精特新“小巨人”企业", "创新型中小企业", "科技型中小企业",
                  "省级智能工厂", "数智工厂", "省级企业技术中心", "绿色工厂")

# GB/T 4754-2017: a 门类 letter (A–T) may precede the 2-digit 大类, 3-digit 中类 or 4-digit 小类 code.
_INDUSTRY_CODE = re.compile(r"^[A-T]?\d{2,4}$")


# --- reading -----------------------------------------------------------------------------------------


def this_month() -> date:
    return month_start(timezone.localdate())


def scale_at(period: date, *, prefix: str = "") -> Q:
    """A ScaleMembership that makes its enterprise 规上 in `period`: entered in or before it and not
    left by then (the month it left is its first month outside)."""
    return (Q(**{f"{prefix}entered_period__lte": period})
            & (Q(**{f"{prefix}left_period__isnull": True}) | Q(**{f"{prefix}left_period__gt": period})))


def holds_on(day: date, *, prefix: str = "") -> Q:
    """An honour still held on `day`: without an end date, or not yet past it."""
    return Q(**{f"{prefix}expires_on__isnull": True}) | Q(**{f"{prefix}expires_on__gte": day})


def is_held(honour: Honour, day: date) -> bool:
    """holds_on() for an honour already loaded."""
    return honour.expires_on is None or honour.expires_on >= day


def with_listing_data(enterprises: QuerySet, *, today: date | None = None) -> QuerySet:
    """Enterprises with what a row of the list shows, in a fixed number of queries however many:
    zone and chain joined, `scale_since` (the month the current 规上 stretch began, None when not
    规上 this month) and `current_honours` (those still held, newest first)."""
    today = today or timezone.localdate()
    current = ScaleMembership.objects.filter(scale_at(month_start(today)), enterprise=OuterRef("pk"))
    return (enterprises.select_related("zone", "chain")
            .annotate(scale_since=Subquery(current.order_by("-entered_period").values("entered_period")[:1]))
            .prefetch_related(Prefetch("honours", to_attr="current_honours",
                                       queryset=Honour.objects.filter(holds_on(today)).order_by("-awarded_on", "pk"))))


def honour_names() -> list[str]:
    """The titles to filter by: the common ones, then any other the registry holds."""
    recorded = set(Honour.objects.order_by().values_list("name", flat=True).distinct())
    return [*COMMON_HONOURS, *sorted(recorded - set(COMMON_HONOURS))]


def open_membership(enterprise: Enterprise) -> ScaleMembership | None:
    """The stretch not yet ended (no 退规 month), if any."""
    return enterprise.scale_memberships.filter(left_period__isnull=True).order_by("-entered_period").first()


def honour_label(honour: Honour) -> str:
    """"高新技术企业(2023)": how the registry sheet writes an honour, and how the import reads it back."""
    return f"{honour.name}({honour.awarded_on.year})"


def industry_code_problem(code: str) -> str | None:
    if code and not _INDUSTRY_CODE.match(code):
        return f"国民经济行业代码应为2至4位数字（GB/T 4754，如3985），收到“{code}”。"
    return None


def duplicate_code_problem(code: str, *, exclude_pk: int | None = None) -> str | None:
    """Credit codes are unique in the registry: say which enterprise already has this one."""
    other = Enterprise.all_objects.filter(credit_code=code).exclude(pk=exclude_pk).first()
    if other is None:
        return None
    if other.is_deleted:
        return f"统一社会信用代码{code}属于已删除的企业“{other.name}”，请在回收站恢复该企业，不要重复登记。"
    return f"统一社会信用代码{code}已登记为“{other.name}”，同一企业不能重复登记。"


@dataclass
class IndicatorRow:
    indicator: object
    cells: list[tuple[Decimal | None, Decimal | None] | None]  # (本年累计, 当月) per period; None: not reported


@dataclass
class RecentFigures:
    periods: list[date]  # oldest first
    rows: list[IndicatorRow]


def recent_figures(enterprise: Enterprise, *, months: int = 6) -> RecentFigures:
    """The last `months` periods the enterprise has figures for, each indicator's 本年累计 and month
    value as reported (money in 万元, rounded to two decimals for the page)."""
    values = IndicatorValue.objects.filter(enterprise=enterprise)
    periods = sorted(values.order_by("-period").values_list("period", flat=True).distinct()[:months])
    by_indicator: dict[int, IndicatorRow] = {}
    for value in values.filter(period__in=periods).select_related("indicator").order_by(
            "indicator__position", "indicator__code", "period"):
        row = by_indicator.setdefault(value.indicator_id, IndicatorRow(value.indicator, [None] * len(periods)))
        month = value.month_value
        row.cells[periods.index(value.period)] = (
            round2(value.cumulative), None if month is None else round2(month))
    return RecentFigures(periods, list(by_indicator.values()))


# --- the history of changes --------------------------------------------------------------------------

_HIDDEN_FIELDS = {"id", "park", "normalised_name", "created_at", "version", "deleted_by"}


@dataclass
class Change:
    at: datetime
    user: object
    what: str
    reason: str  # shown only when it says more than `what` and `lines` (an import names its file)
    lines: list[str] = field(default_factory=list)

    def __post_init__(self):
        if self.reason == self.what or self.reason in self.lines:
            self.reason = ""


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _enterprise_changes(records: list, names: dict[tuple[str, int], str], *, mask_phones: bool) -> list[Change]:
    fields = [f for f in Enterprise._meta.concrete_fields if f.name not in _HIDDEN_FIELDS]

    def value(record, model_field):
        raw = getattr(record, model_field.attname)
        if model_field.name in ("zone", "chain"):
            return names.get((model_field.name, raw)) if raw else None
        if model_field.name == "party_organisation":
            return PartyOrganisation(raw).label if raw in PartyOrganisation.values else raw
        return raw

    def shown(record, model_field):
        if model_field.name == "contact_phone" and mask_phones:
            return _shown(mask_phone(value(record, model_field) or ""))
        return _shown(value(record, model_field))

    changes, previous = [], None
    for record in records:
        if record.history_type == "+":
            changes.append(Change(record.history_date, record.history_user, "登记企业",
                                  record.history_change_reason or ""))
        elif record.history_type == "~" and previous is not None:
            lines = [f"{f.verbose_name}：{shown(previous, f)} → {shown(record, f)}"
                     for f in fields if value(previous, f) != value(record, f)]
            if lines:
                changes.append(Change(record.history_date, record.history_user, "修改企业信息",
                                      record.history_change_reason or "", lines))
        previous = record
    return changes


def _membership_changes(records: list) -> list[Change]:
    changes, previous = [], {}
    for record in records:
        before = previous.get(record.id)
        if record.history_type == "+":
            line = f"{period_label(record.entered_period)}入规"
            if record.left_period:
                line += f"，{period_label(record.left_period)}退规"
            changes.append(Change(record.history_date, record.history_user, "入规", record.history_change_reason or "",
                                  [line]))
        elif record.history_type == "-":
            changes.append(Change(record.history_date, record.history_user, "删除规上记录",
                                  record.history_change_reason or "", [f"{period_label(record.entered_period)}入规"]))
        elif before is not None:
            if before.left_period is None and record.left_period is not None:
                changes.append(Change(record.history_date, record.history_user, "退规",
                                      record.history_change_reason or "", [f"{period_label(record.left_period)}退规"]))
            elif (before.entered_period, before.left_period) != (record.entered_period, record.left_period):
                lines = [f"入规月份：{period_label(before.entered_period)} → {period_label(record.entered_period)}"] \
                    if before.entered_period != record.entered_period else []
                if before.left_period != record.left_period:
                    lines.append("退规月份：" + " → ".join(period_label(p) if p else "—"
                                                          for p in (before.left_period, record.left_period)))
                changes.append(Change(record.history_date, record.history_user, "修改规上记录",
                                      record.history_change_reason or "", lines))
        previous[record.id] = record
    return changes


def _honour_changes(records: list) -> list[Change]:
    changes = []
    for record in records:
        text = f"{record.name}（{record.awarded_on:%Y-%m-%d}认定" + (
            f"，有效期至{record.expires_on:%Y-%m-%d}）" if record.expires_on else "）")
        what = {"+": "新增荣誉", "~": "修改荣誉", "-": "删除荣誉"}[record.history_type]
        changes.append(Change(record.history_date, record.history_user, what, record.history_change_reason or "",
                              [text]))
    return changes


def enterprise_history(enterprise: Enterprise, *, limit: int = 50, mask_phones: bool = False) -> list[Change]:
    """What was changed in the enterprise's record, its 规上 stretches and its honours, newest first; a
    changed phone number masked for those who may not read it in full."""
    records = list(enterprise.history.select_related("history_user").order_by("history_date", "history_id"))
    zone_ids = {r.zone_id for r in records if r.zone_id}
    chain_ids = {r.chain_id for r in records if r.chain_id}
    names = {("zone", pk): name for pk, name in Zone.objects.filter(pk__in=zone_ids).values_list("pk", "name")}
    names |= {("chain", pk): name for pk, name in IndustryChain.objects.filter(pk__in=chain_ids)
              .values_list("pk", "name")}
    memberships = ScaleMembership.history.filter(enterprise_id=enterprise.pk).select_related("history_user") \
        .order_by("history_date", "history_id")
    honours = Honour.history.filter(enterprise_id=enterprise.pk).select_related("history_user") \
        .order_by("history_date", "history_id")
    changes = [*_enterprise_changes(records, names, mask_phones=mask_phones), *_membership_changes(list(memberships)),
               *_honour_changes(list(honours))]
    changes.sort(key=lambda change: change.at, reverse=True)
    return changes[:limit]


# --- writing -----------------------------------------------------------------------------------------


def _save(obj, *, user, reason: str) -> None:
    """Save with history, so the audit line names the user and says why."""
    obj._history_user = user
    obj._change_reason = reason
    obj.save()


def _check_enterprise(enterprise: Enterprise) -> None:
    errors: dict[str, str] = {}
    code_problem = credit_code_problem(enterprise.credit_code) or duplicate_code_problem(
        enterprise.credit_code, exclude_pk=enterprise.pk)
    if code_problem:
        errors["credit_code"] = code_problem
    if not enterprise.name:
        errors["name"] = "企业名称不能为空。"
    industry_problem = industry_code_problem(enterprise.industry_code)
    if industry_problem:
        errors["industry_code"] = industry_problem
    if enterprise.chain_id and enterprise.chain.park_id != enterprise.park_id:
        errors["chain"] = f"产业链“{enterprise.chain}”不是本园区的产业链。"
    if enterprise.zone_id and enterprise.zone.park_id != enterprise.park_id:
        errors["zone"] = f"片区“{enterprise.zone}”不是本园区的片区。"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def enterprise_save(*, enterprise: Enterprise, user, reason: str = "", loaded_version: int | None = None) -> Enterprise:
    """Create or edit an enterprise. The credit code is kept as the standard writes it (half-width,
    upper case) and checked with its check character; it must not belong to another enterprise.
    An edit from a page passes the version the page was loaded at, and is refused
    (core.versioning.EditConflict) if someone else saved the enterprise in between; the import
    passes none, and its save moves the version on, so a page loaded before it is refused."""
    enterprise.credit_code = normalise_code(enterprise.credit_code)
    enterprise.name = " ".join(enterprise.name.split())
    enterprise.industry_code = enterprise.industry_code.strip().upper()
    _check_enterprise(enterprise)
    created = enterprise.pk is None
    enterprise.full_clean(validate_unique=False)  # uniqueness was checked above, with a clearer message
    reason = reason or ("登记企业" if created else "修改企业信息")
    if loaded_version is None:
        _save(enterprise, user=user, reason=reason)
    else:
        save_unless_changed(enterprise, loaded_version=loaded_version, user=user, reason=reason)
    return enterprise


def zone_create(*, park, name: str, user, reason: str = "") -> Zone:
    zone = Zone(park=park, name=" ".join(name.split()))
    _save(zone, user=user, reason=reason or "新建片区")
    return zone


def chain_create(*, park, name: str, user, reason: str = "") -> IndustryChain:
    """A chain named for the first time (by the registry sheet); it goes last in the park's order and
    counts as leading, as the model's default says, until someone marks it otherwise."""
    last = IndustryChain.objects.filter(park=park).order_by("-position").first()
    chain = IndustryChain(park=park, name=" ".join(name.split()), position=(last.position + 1) if last else 0)
    _save(chain, user=user, reason=reason or "新建产业链")
    return chain


@transaction.atomic
def honour_add(*, enterprise: Enterprise, name: str, awarded_on: date, expires_on: date | None = None, user,
               reason: str = "") -> Honour:
    honour = new_honour(enterprise=enterprise, held=list(enterprise.honours.all()), name=name, awarded_on=awarded_on,
                        expires_on=expires_on)
    _save(honour, user=user, reason=reason or "新增荣誉")
    return honour


def new_honour(*, enterprise: Enterprise, held: list[Honour], name: str, awarded_on: date,
               expires_on: date | None = None) -> Honour:
    """The honour to add beside those `held`, checked, not yet saved (the import saves thousands at once)."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError("请填写荣誉称号。")
    if expires_on is not None and expires_on < awarded_on:
        raise ValidationError("有效期至不能早于认定日期。")
    if any(h.name == name and h.awarded_on == awarded_on for h in held):
        raise ValidationError(f"“{name}”（{awarded_on:%Y-%m-%d}认定）已登记。")
    honour = Honour(enterprise=enterprise, name=name, awarded_on=awarded_on, expires_on=expires_on)
    honour.full_clean(exclude=["enterprise"])  # the enterprise is the one given: no query per honour to find it
    return honour


# The rules of 规上 stretches, on an enterprise's memberships as loaded: scale_enter, scale_leave and
# scale_correct_entry save what they return, the registry import saves thousands of them at once.


def _open_of(memberships: list[ScaleMembership]) -> ScaleMembership | None:
    return max((m for m in memberships if m.left_period is None), key=lambda m: m.entered_period, default=None)


def membership_entered(*, enterprise: Enterprise, memberships: list[ScaleMembership], period: date) -> ScaleMembership:
    """入规 from `period` (a month): a new 规上 stretch, after the last one ended; not yet saved."""
    period = month_start(period)
    current = _open_of(memberships)
    if current is not None:
        raise ValidationError(f"该企业已是规上企业（{period_label(current.entered_period)}入规），"
                              "如入规月份有误请先退规或联系管理员更正。")
    last_left = max((m.left_period for m in memberships if m.left_period), default=None)
    if last_left is not None and period < last_left:
        raise ValidationError(f"入规月份不能早于上次退规月份（{period_label(last_left)}）。")
    return ScaleMembership(enterprise=enterprise, entered_period=period)


def membership_left(*, memberships: list[ScaleMembership], period: date) -> ScaleMembership:
    """退规 from `period`: the current stretch, ended (the enterprise is no longer 规上 in that month)."""
    period = month_start(period)
    current = _open_of(memberships)
    if current is None:
        raise ValidationError("该企业目前不是规上企业，无需退规。")
    if period <= current.entered_period:
        raise ValidationError(f"退规月份须晚于入规月份（{period_label(current.entered_period)}）。")
    current.left_period = period
    current.source = ScaleMembership.Source.HAND  # a person said so: the bureau's sheets leave it be
    return current


def membership_entry_corrected(*, membership: ScaleMembership, memberships: list[ScaleMembership],
                               period: date) -> ScaleMembership:
    """The stretch with the month it began corrected to `period`."""
    period = month_start(period)
    earlier = max((m.left_period for m in memberships
                   if m.pk != membership.pk and m.left_period and m.left_period > period), default=None)
    if earlier is not None:
        raise ValidationError(f"入规月份不能早于上次退规月份（{period_label(earlier)}）。")
    if membership.left_period and period >= membership.left_period:
        raise ValidationError("入规月份须早于退规月份。")
    membership.entered_period = period
    membership.source = ScaleMembership.Source.HAND
    return membership


@transaction.atomic
def scale_enter(*, enterprise: Enterprise, period: date, user, reason: str = "") -> ScaleMembership:
    """入规 from `period` (a month): a new 规上 stretch, after the last one ended."""
    membership = membership_entered(enterprise=enterprise, memberships=list(enterprise.scale_memberships.all()),
                                    period=period)
    _save(membership, user=user, reason=reason or f"{period_label(membership.entered_period)}入规")
    return membership


@transaction.atomic
def scale_leave(*, enterprise: Enterprise, period: date, user, reason: str = "") -> ScaleMembership:
    """退规 from `period`: the enterprise is no longer 规上 in that month."""
    current = membership_left(memberships=list(enterprise.scale_memberships.all()), period=period)
    _save(current, user=user, reason=reason or f"{period_label(current.left_period)}退规")
    return current


def scale_correct_entry(*, membership: ScaleMembership, period: date, user, reason: str = "") -> ScaleMembership:
    """The month a current stretch began, as the registry sheet corrects it."""
    membership = membership_entry_corrected(
        membership=membership, memberships=list(membership.enterprise.scale_memberships.all()), period=period)
    _save(membership, user=user, reason=reason or f"更正入规月份为{period_label(membership.entered_period)}")
    return membership
