"""Every write of 企业服务. The pages, the import, the demo and the commands call these.

Each runs in one transaction; the models keep their history (simple-history, which core.audit turns into
the audit log with the user and reason set here), each step of a request is also a RequestEvent (its
timeline) and an audit line, and those who must act are told (core.events): the supervisor of a new
request, the unit's reporters of one routed to them, the enterprise of an answer, all three of one
overdue. 转督办 hands the request to supervision through its services (the hand-over .importlinter names).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from parkops.core import audit, events
from parkops.core.models import AuditAction
from parkops.core.periods import chinese_date
from parkops.economy import selectors as economy_selectors
from parkops.org.choices import Role
from parkops.org.models import Park, Unit, User
from parkops.org.services import one_time_password, set_password_by_administrator, supervisors, unit_reporters
from parkops.services import rules
from parkops.services.choices import OPEN_STATUSES, Category, EventKind, Rating, Source, Status
from parkops.services.models import (
    DEFAULT_LIMITS,
    EnterpriseAccount,
    RequestEvent,
    SelfReport,
    ServiceRequest,
    ServiceRules,
)
from parkops.supervision import services as supervision_services

if TYPE_CHECKING:
    from parkops.economy.models import Enterprise

MAX_CONTENT = 2000


def _save(obj, *, user, reason: str) -> None:
    obj._history_user = user
    obj._change_reason = reason
    obj.save()


def _clean(text: str) -> str:
    return "\n".join(" ".join(line.split()) for line in (text or "").strip().splitlines()).strip()


# --- the park's limits ----------------------------------------------------------------------------


def limits_for(park: Park) -> rules.Limits:
    found = ServiceRules.objects.filter(park=park).first()
    values = {name: getattr(found, name) if found else default for name, default in DEFAULT_LIMITS.items()}
    return rules.Limits(**values)


@transaction.atomic
def limits_set(*, park: Park, user, accept_days: int, reply_days: int, resolve_days: int,
               extended_days: int) -> ServiceRules:
    """The park's limits for requests filed from now on; a request keeps the due days it was given."""
    if min(accept_days, reply_days, resolve_days, extended_days) < 1:
        raise ValidationError("时限须至少为1个工作日。")
    if not accept_days <= reply_days <= resolve_days <= extended_days:
        raise ValidationError("时限须依次不短于前一环节：受理 ≤ 答复 ≤ 办结 ≤ 延期后办结。")
    found = ServiceRules.objects.filter(park=park).first() or ServiceRules(park=park)
    found.accept_days, found.reply_days = accept_days, reply_days
    found.resolve_days, found.extended_days = resolve_days, extended_days
    _save(found, user=user, reason=f"设定诉求办理时限：受理{accept_days}、答复{reply_days}、办结{resolve_days}、"
                                   f"延期后{extended_days}个工作日")
    return found


# --- enterprise accounts ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NewAccount:
    account: EnterpriseAccount
    password: str  # shown once to the supervisor who hands it over; only its hash is kept


@transaction.atomic
def account_create(*, park: Park, credit_code: str, user, username: str = "", phone: str = "") -> NewAccount:
    """An account for an enterprise of the registry, found by its credit code, with a one-time password its
    holder must change at the first log-in (org's mechanism, as for every account an administrator sets).

    The supervisor gives the 企业用户 role here, not the security administrator (三员分立 is about the
    administrators' powers, and this role reaches nothing beyond the enterprise's own records)."""
    credit_code = "".join((credit_code or "").split()).upper()
    enterprise = economy_selectors.enterprise_with_credit_code(park=park, credit_code=credit_code)
    if enterprise is None:
        raise ValidationError(f"企业库中没有统一社会信用代码为“{credit_code}”的企业，请先在企业库登记。")
    username = "".join((username or "").split()) or f"qy{credit_code[-8:].lower()}"
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(f"账号“{username}”已被使用，请另取一个。")
    account_user = User.objects.create(username=username, display_name=enterprise.short_name or enterprise.name[:30],
                                       role=Role.ENTERPRISE, phone=(phone or "").strip()[:20])
    password = one_time_password(account_user)
    set_password_by_administrator(account=account_user, password=password, new=True)
    account = EnterpriseAccount(user=account_user, enterprise=enterprise, created_by=user)
    _save(account, user=user, reason=f"开通企业账号：{enterprise.name}")
    audit.record(AuditAction.CREATE, obj=account, user=user, after={"username": username, "enterprise": enterprise.name},
                 detail=f"为“{enterprise.name}”开通企业账号{username}（一次性密码，首次登录须修改）")
    return NewAccount(account, password)


@transaction.atomic
def account_reset_password(*, account: EnterpriseAccount, user) -> str:
    password = one_time_password(account.user)
    set_password_by_administrator(account=account.user, password=password)
    audit.record(AuditAction.UPDATE, obj=account, user=user,
                 detail=f"重置企业账号{account.user.username}的密码（一次性密码，登录后须修改）")
    return password


# --- requests ---------------------------------------------------------------------------------------


def _event(request: ServiceRequest, kind: str, *, user, on: date, text: str = "") -> RequestEvent:
    event = RequestEvent.objects.create(request=request, kind=kind, on=on, text=text, user=user)
    audit.record(AuditAction.UPDATE if kind != EventKind.FILED else AuditAction.CREATE, obj=request, user=user,
                 after={"status": request.status, "kind": kind}, detail=f"企业诉求{EventKind(kind).label}：{request}"
                                                                       + (f"（{text[:60]}）" if text else ""))
    return event


def _link(request: ServiceRequest) -> str:
    return reverse("services:request_detail", args=[request.pk])


def _enterprise_users(request: ServiceRequest):
    if not request.enterprise_id:
        return User.objects.none()
    return User.objects.filter(enterprise_account__enterprise_id=request.enterprise_id, is_active=True)


def _tell(request: ServiceRequest, title: str, body: str, *, users, by=None, key: str = "", units=()) -> None:
    events.tell(events.Notice(title=title, body=body, link=_link(request), users=tuple(users), units=tuple(units),
                              park=request.park, key=key, exclude=(by,) if by else ()))


def _check_day(on: date, *, after: date | None, what: str) -> None:
    if on > timezone.localdate():
        raise ValidationError(f"{what}日期{chinese_date(on)}晚于今天。")
    if after is not None and on < after:
        raise ValidationError(f"{what}日期{chinese_date(on)}早于{chinese_date(after)}。")


def _lock(request: ServiceRequest) -> ServiceRequest:
    return ServiceRequest.objects.select_for_update(of=("self",)).select_related("park", "unit", "enterprise").get(
        pk=request.pk)


def _set_clock(request: ServiceRequest, start: date, *, extended: bool = False) -> None:
    due = rules.due_days(start, limits_for(request.park), extended=extended)
    request.clock_from = start
    request.accept_due, request.reply_due, request.resolve_due = due.accept_due, due.reply_due, due.resolve_due


@transaction.atomic
def request_file(*, park: Park, user, content: str, category: str = Category.OTHER, enterprise: Enterprise | None = None,
                 enterprise_name: str = "", contact: str = "", filed_on: date | None = None, unit: Unit | None = None,
                 source: str | None = None, promised_due: date | None = None) -> ServiceRequest:
    """A new request, its clock started from the day filed. A 企业用户 files for its own enterprise only;
    a liaison or the supervisor for an enterprise of the registry or one named as written."""
    from parkops.services.permissions import enterprise_of

    content = _clean(content)
    if not content:
        raise ValidationError({"content": "请填写诉求内容。"})
    if len(content) > MAX_CONTENT:
        raise ValidationError({"content": f"诉求内容不能超过{MAX_CONTENT}字。"})
    if category not in Category.values:
        raise ValidationError({"category": "请选择诉求类别。"})
    if user is not None and user.role == Role.ENTERPRISE:
        enterprise = enterprise_of(user)
        if enterprise is None:
            raise ValidationError("该账号未关联企业，不能提出诉求。")
        source = Source.ENTERPRISE
        unit = None
    if enterprise is not None and enterprise.park_id != park.pk:
        raise ValidationError({"enterprise": "企业须为本园区企业库中的企业。"})
    enterprise_name = " ".join((enterprise.name if enterprise else enterprise_name or "").split())
    if not enterprise_name:
        raise ValidationError({"enterprise_name": "请填写企业名称。"})
    filed_on = filed_on or timezone.localdate()
    _check_day(filed_on, after=None, what="提出")
    if source is None:
        source = Source.LIAISON if user is not None and user.role == Role.REPORTER else Source.SUPERVISOR
    request = ServiceRequest(park=park, enterprise=enterprise, enterprise_name=enterprise_name, content=content,
                             category=category, contact=(contact or "").strip()[:100], source=source,
                             filed_on=filed_on, filed_by=user)
    _set_clock(request, filed_on)
    if promised_due is not None:  # a ledger's own 办理时限, the promise made when it was filed
        if promised_due < filed_on:
            raise ValidationError("办理时限早于提出时间。")
        request.resolve_due = promised_due
        request.reply_due = min(request.reply_due, promised_due)
        request.accept_due = min(request.accept_due, promised_due)
    request.full_clean(exclude=["supervision_task"])
    _save(request, user=user, reason="提出企业诉求")
    _event(request, EventKind.FILED, user=user, on=filed_on, text=content)
    if unit is not None:
        request_route(request=request, unit=unit, user=user, on=filed_on)
    else:
        _tell(request, f"新的企业诉求：{enterprise_name}", content[:200], users=supervisors(), by=user,
              key=f"request-filed-{request.pk}")
    return request


@transaction.atomic
def request_route(*, request: ServiceRequest, unit: Unit, user, on: date | None = None) -> ServiceRequest:
    """分派 (or re-route) to the unit that handles it; its reporters are told."""
    locked = _lock(request)
    if locked.status not in (Status.SUBMITTED, Status.ROUTED):
        raise ValidationError("诉求已受理，不能再改派承办单位。")
    if unit.park_id != locked.park_id:
        raise ValidationError("承办单位须为本园区的单位。")
    on = on or timezone.localdate()
    _check_day(on, after=locked.filed_on, what="分派")
    locked.unit, locked.routed_on, locked.status = unit, on, Status.ROUTED
    _save(locked, user=user, reason=f"分派承办单位：{unit}")
    _event(locked, EventKind.ROUTED, user=user, on=on, text=str(unit))
    _tell(locked, f"企业诉求待受理：{locked.enterprise_label}",
          f"{locked.content[:200]}（请于{chinese_date(locked.accept_due)}前受理）",
          users=unit_reporters(unit), units=(unit,), by=user, key=f"request-routed-{locked.pk}-{unit.pk}")
    request.refresh_from_db()
    return locked


@transaction.atomic
def request_accept(*, request: ServiceRequest, user, on: date | None = None) -> ServiceRequest:
    locked = _lock(request)
    if locked.status != Status.ROUTED:
        raise ValidationError("只有待受理的诉求可以受理。")
    on = on or timezone.localdate()
    _check_day(on, after=locked.routed_on, what="受理")
    locked.accepted_on, locked.status = on, Status.ACCEPTED
    _save(locked, user=user, reason="受理企业诉求")
    _event(locked, EventKind.ACCEPTED, user=user, on=on, text=str(locked.unit))
    _tell(locked, "您的诉求已受理", f"{locked.unit}已受理您的诉求：{locked.content[:100]}",
          users=_enterprise_users(locked), by=user, key=f"request-accepted-{locked.pk}-{locked.reopen_count}")
    request.refresh_from_db()
    return locked


@transaction.atomic
def request_reply(*, request: ServiceRequest, text: str, user, on: date | None = None) -> ServiceRequest:
    """A reply: the first one stops the reply clock; a request replied to but not yet resolved is 已答复."""
    locked = _lock(request)
    text = _clean(text)
    if not text:
        raise ValidationError("请填写答复意见。")
    if locked.status == Status.ROUTED:  # a reply accepts it too
        request_accept(request=locked, user=user, on=on)
        locked = _lock(request)
    if locked.status not in (Status.ACCEPTED, Status.REPLIED):
        raise ValidationError("只有办理中的诉求可以答复。")
    on = on or timezone.localdate()
    _check_day(on, after=locked.accepted_on, what="答复")
    if locked.replied_on is None:
        locked.replied_on = on
    locked.reply, locked.status = text, Status.REPLIED
    _save(locked, user=user, reason="答复企业诉求")
    _event(locked, EventKind.REPLIED, user=user, on=on, text=text)
    _tell(locked, "您的诉求已答复", f"{locked.unit}：{text[:200]}", users=_enterprise_users(locked), by=user,
          key=f"request-replied-{locked.pk}-{RequestEvent.objects.filter(request=locked).count()}")
    request.refresh_from_db()
    return locked


@transaction.atomic
def request_extend(*, request: ServiceRequest, reason: str, user, on: date | None = None) -> ServiceRequest:
    """The one extension a request may have: its resolve day becomes the extended limit from the day its
    clock started, with the reason kept."""
    locked = _lock(request)
    reason = _clean(reason)
    if not reason:
        raise ValidationError("延期须说明理由。")
    if locked.status not in (Status.ACCEPTED, Status.REPLIED):
        raise ValidationError("只有办理中的诉求可以延期。")
    if locked.extended_on is not None:
        raise ValidationError(f"该诉求已于{chinese_date(locked.extended_on)}延期一次，不能再延期。")
    on = on or timezone.localdate()
    _check_day(on, after=locked.accepted_on, what="延期")
    if locked.resolve_due and on > locked.resolve_due:
        raise ValidationError(f"办结期限{chinese_date(locked.resolve_due)}已过，不能再申请延期。")
    reply_due, accept_due = locked.reply_due, locked.accept_due
    _set_clock(locked, locked.clock_from or locked.filed_on, extended=True)
    locked.reply_due, locked.accept_due = reply_due, accept_due
    locked.extended_on, locked.extension_reason = on, reason[:300]
    _save(locked, user=user, reason=f"延期至{chinese_date(locked.resolve_due)}：{reason}")
    _event(locked, EventKind.EXTENDED, user=user, on=on, text=f"延期至{chinese_date(locked.resolve_due)}：{reason}")
    _tell(locked, "您的诉求办理期限已延长", f"延期至{chinese_date(locked.resolve_due)}，理由：{reason[:150]}",
          users=_enterprise_users(locked), by=user, key=f"request-extended-{locked.pk}")
    request.refresh_from_db()
    return locked


@transaction.atomic
def request_resolve(*, request: ServiceRequest, result: str, user, on: date | None = None) -> ServiceRequest:
    """办结, with what was done; the enterprise is asked to rate it."""
    locked = _lock(request)
    result = _clean(result)
    if not result:
        raise ValidationError("请填写办理结果。")
    if locked.status not in (Status.ACCEPTED, Status.REPLIED):
        raise ValidationError("只有办理中的诉求可以办结。")
    on = on or timezone.localdate()
    _check_day(on, after=locked.accepted_on, what="办结")
    if locked.replied_on is None:
        locked.replied_on, locked.reply = on, result
    locked.resolved_on, locked.result, locked.status = on, result, Status.RESOLVED
    _save(locked, user=user, reason="办结企业诉求")
    _event(locked, EventKind.RESOLVED, user=user, on=on, text=result)
    _tell(locked, "您的诉求已办结，请评价", f"{locked.unit}：{result[:200]}", users=_enterprise_users(locked), by=user,
          key=f"request-resolved-{locked.pk}-{locked.reopen_count}")
    request.refresh_from_db()
    return locked


@transaction.atomic
def request_rate(*, request: ServiceRequest, rating: str, note: str = "", user,
                 on: date | None = None) -> ServiceRequest:
    locked = _lock(request)
    if locked.status != Status.RESOLVED:
        raise ValidationError("诉求办结后才能评价。")
    if rating not in Rating.values:
        raise ValidationError("请选择满意、基本满意或不满意。")
    on = on or timezone.localdate()
    _check_day(on, after=locked.resolved_on, what="评价")
    locked.rating, locked.rating_note, locked.rated_on = rating, _clean(note)[:300], on
    _save(locked, user=user, reason=f"评价：{Rating(rating).label}")
    _event(locked, EventKind.RATED, user=user, on=on, text=Rating(rating).label + (f"：{locked.rating_note}"
                                                                                    if locked.rating_note else ""))
    if rating == Rating.UNSATISFIED:
        _tell(locked, f"企业对诉求办理不满意：{locked.enterprise_label}", locked.rating_note or locked.content[:100],
              users=[*supervisors(), *unit_reporters(locked.unit)], by=user, key=f"request-unsatisfied-{locked.pk}-"
                                                                               f"{locked.reopen_count}")
    request.refresh_from_db()
    return locked


@transaction.atomic
def request_reopen(*, request: ServiceRequest, reason: str, user, on: date | None = None) -> ServiceRequest:
    """重新办理: the enterprise is not satisfied with the result; the same unit handles it again on a fresh
    clock from today (its first rating stays in the timeline, not in the figures)."""
    locked = _lock(request)
    reason = _clean(reason)
    if not reason:
        raise ValidationError("请说明需要重新办理的原因。")
    if locked.status != Status.RESOLVED:
        raise ValidationError("只有已办结的诉求可以申请重新办理。")
    on = on or timezone.localdate()
    _check_day(on, after=locked.resolved_on, what="重新办理")
    _set_clock(locked, on)
    locked.status = Status.ACCEPTED
    locked.accepted_on = on
    locked.replied_on = locked.resolved_on = locked.rated_on = locked.extended_on = None
    locked.rating, locked.rating_note, locked.extension_reason = "", "", ""
    locked.reopen_count += 1
    _save(locked, user=user, reason=f"申请重新办理：{reason}")
    _event(locked, EventKind.REOPENED, user=user, on=on, text=reason)
    _tell(locked, f"企业申请重新办理：{locked.enterprise_label}", reason[:200],
          users=[*supervisors(), *unit_reporters(locked.unit)], units=(locked.unit,) if locked.unit else (),
          by=user, key=f"request-reopened-{locked.pk}-{locked.reopen_count}")
    request.refresh_from_db()
    return locked


@transaction.atomic
def request_to_task(*, request: ServiceRequest, plan, user):
    """转督办: an open request becomes a supervision task led by its unit, due on its resolve day; the
    request keeps a link to the task."""
    locked = _lock(request)
    if locked.supervision_task_id:
        raise ValidationError("该诉求已转为督办任务。")
    if locked.status not in OPEN_STATUSES:
        raise ValidationError("该诉求已办结，无需转督办。")
    if locked.unit_id is None:
        raise ValidationError("该诉求未分派承办单位，不能转为督办任务。")
    if plan.park_id != locked.park_id:
        raise ValidationError("督办计划与诉求不属于同一园区。")
    task = supervision_services.task_add(
        plan=plan, deadline=locked.resolve_due, text=f"【企业诉求】{locked.enterprise_label}：{locked.content}",
        lead_units=[locked.unit], user=user, reason=f"由企业诉求转督办（诉求#{locked.pk}）")
    locked.supervision_task = task
    _save(locked, user=user, reason=f"转为督办任务：{task.named}")
    _event(locked, EventKind.TO_TASK, user=user, on=timezone.localdate(), text=task.named)
    request.refresh_from_db()
    return task


def overdue_requests(*, today: date):
    """Open requests past a due day of the stage they are at (the same rule as lights.request_light)."""
    from django.db.models import Q

    waiting = Q(status__in=[Status.SUBMITTED, Status.ROUTED], accept_due__lt=today)
    unanswered = Q(replied_on__isnull=True, reply_due__lt=today)
    unresolved = Q(resolve_due__lt=today)
    return ServiceRequest.objects.filter(status__in=OPEN_STATUSES).filter(waiting | unanswered | unresolved)


def notify_overdue(*, today: date) -> int:
    """Tell the unit's reporters and the supervisors of each overdue request, once a day at most."""
    count = 0
    for request in overdue_requests(today=today).select_related("park", "unit"):
        _tell(request, f"企业诉求逾期：{request.enterprise_label}", request.content[:200],
              users=[*supervisors(), *unit_reporters(request.unit)], units=(request.unit,) if request.unit else (),
              key=f"request-overdue-{request.pk}-{today.isoformat()}")
        count += 1
    return count


# --- 企业自报 ---------------------------------------------------------------------------------------


MAX_FIGURE = Decimal("1000000000")  # 10万亿元 in 万元


def _self_report_period(period: date) -> date:
    period = date(period.year, period.month, 1)
    today = timezone.localdate()
    if period > date(today.year, today.month, 1):
        raise ValidationError("不能填报今后月份的数据。")
    if period < date(today.year - 1, 1, 1):
        raise ValidationError("只能填报今年和上年的数据。")
    return period


@transaction.atomic
def self_report_submit(*, enterprise, user, period: date, figures: dict, reason: str = "") -> SelfReport:
    """An enterprise's own figures of a month, beside the bureau's (never written into them). A month
    already reported is corrected by a new revision with its reason; the one before is kept."""
    from parkops.services.permissions import enterprise_of

    if user is None or user.role != Role.ENTERPRISE or enterprise_of(user) is None \
            or enterprise_of(user).pk != enterprise.pk:
        raise ValidationError("只能由本企业的企业账号填报本企业的数据。")
    period = _self_report_period(period)
    known = {code for code, *_ in economy_selectors.indicator_catalogue()}
    clean: dict[str, str] = {}
    for code, value in (figures or {}).items():
        if value in (None, ""):
            continue
        if code not in known:
            raise ValidationError("自报数据含有未知的指标。")
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValidationError("自报数据须为数字。") from None
        if not number.is_finite() or abs(number) >= MAX_FIGURE or number < 0:
            raise ValidationError("自报数据须为不小于0的数字。")
        clean[code] = str(round(number, 2))
    if not clean:
        raise ValidationError("请至少填写一项数据。")
    current = SelfReport.objects.select_for_update().filter(enterprise=enterprise, period=period,
                                                            is_current=True).first()
    reason = _clean(reason)[:300]
    if current is not None:
        if current.figures == clean:
            raise ValidationError(f"{period:%Y年%-m月}的自报数据未作改动。")
        if not reason:
            raise ValidationError(f"{period:%Y年%-m月}已填报，更正须说明理由（原数据将保留）。")
        current.is_current = False
        _save(current, user=user, reason=f"被第{current.revision + 1}版更正")
    report = SelfReport(enterprise=enterprise, period=period, revision=current.revision + 1 if current else 1,
                        figures=clean, reason=reason if current else "", reported_by=user)
    _save(report, user=user, reason="更正企业自报数据" if current else "企业自报数据")
    audit.record(AuditAction.UPDATE if current else AuditAction.CREATE, obj=report, user=user, after=clean,
                 detail=f"{enterprise.name} {period:%Y年%-m月}自报数据" + (f"更正（第{report.revision}版）：{reason}"
                                                                       if current else ""))
    return report
