"""Every write of 惠企政策兑现. The pages, the import, the demo and the commands call these.

Each runs in one transaction; the models keep their history (simple-history, which core.audit turns into
the audit log), and each step is an audit line. A condition is validated (rules.validate_condition)
before it is stored. A 免申即享 confirmation and an application are checked against the enterprise's
figures here, on the server, whatever a page sent: a confirmation only for an enterprise the clause
matches, an application from an enterprise only for itself; the figures that qualified it are kept with it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from parkops.core import audit, events
from parkops.core.models import AuditAction
from parkops.core.periods import chinese_date
from parkops.core.workdays import add_workdays
from parkops.org.choices import Role
from parkops.org.models import Park, User
from parkops.policies import rules, selectors
from parkops.policies.choices import AmountKind, Mode, Source, Status
from parkops.policies.models import Application, Clause, Condition, Policy

MAX_NOTE = 1000


def _save(obj, *, user, reason: str) -> None:
    obj._history_user = user
    obj._change_reason = reason
    obj.save()


def _text(value: str, limit: int) -> str:
    return " ".join((value or "").split())[:limit]


def _amount(value, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    number = rules.parse_number(str(value))
    if number < 0:
        raise ValidationError(f"{label}不能为负数。")
    return number


# --- policies, clauses, conditions --------------------------------------------------------------------


@transaction.atomic
def policy_create(*, park: Park, user, name: str, issuer: str, year: int, mode: str = Mode.FAST,
                  document_number: str = "", review_days: int | None = None,
                  payment_days: int | None = None) -> Policy:
    name, issuer = _text(name, 200), _text(issuer, 100)
    if not name:
        raise ValidationError({"name": "请填写政策名称。"})
    if not issuer:
        raise ValidationError({"issuer": "请填写发布单位。"})
    if mode not in Mode.values:
        raise ValidationError({"mode": "兑现方式只能是免申即享、快申快享或申报制。"})
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": "年度须为2000至2100年。"})
    if Policy.objects.filter(park=park, name=name, year=year).exists():
        raise ValidationError({"name": f"{year}年度已有政策“{name}”。"})
    policy = Policy(park=park, name=name, issuer=issuer, year=year, mode=mode,
                    document_number=_text(document_number, 100))
    if review_days is not None:
        policy.review_days = review_days
    if payment_days is not None:
        policy.payment_days = payment_days
    if not 1 <= policy.review_days <= policy.payment_days <= 365:
        raise ValidationError("审核时限须至少1个工作日，且不长于兑现时限（最长365个工作日）。")
    _save(policy, user=user, reason="录入惠企政策")
    audit.record(AuditAction.CREATE, obj=policy, user=user, detail=f"录入惠企政策：{name}（{policy.get_mode_display()}）")
    return policy


@transaction.atomic
def clause_add(*, policy: Policy, user, title: str, amount_kind: str = AmountKind.FIXED, amount=None,
               rate_pct=None, base_field: str = "", cap=None,
               conditions: list[tuple[str, str, str]] = ()) -> Clause:
    """A clause with its conditions, each validated; nothing is stored if one is refused."""
    title = _text(title, 300)
    if not title:
        raise ValidationError({"title": "请填写条款内容。"})
    if amount_kind not in AmountKind.values:
        raise ValidationError({"amount_kind": "请选择奖补方式。"})
    amount, rate_pct, cap = _amount(amount, "奖补金额"), _amount(rate_pct, "奖补比例"), _amount(cap, "上限")
    if amount_kind == AmountKind.FIXED:
        if amount is None:
            raise ValidationError({"amount": "定额奖补须填写奖补金额（万元）。"})
        rate_pct, base_field = None, ""
    else:
        if rate_pct is None or not 0 < rate_pct <= 100:
            raise ValidationError({"rate_pct": "按比例奖补须填写0至100之间的比例。"})
        if base_field not in rules.BASE_FIELDS:
            raise ValidationError({"base_field": "计算基数只能是研发投入、重点项目完成投资、税收或营业收入。"})
        amount = None
    stored = []
    for number, (field_name, operator, value) in enumerate(conditions, start=1):
        try:
            stored.append((field_name, operator, rules.validate_condition(field_name, operator, value)))
        except ValidationError as error:
            raise ValidationError(f"第{number}个条件：{'；'.join(error.messages)}") from None
    position = (policy.clauses.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    clause = Clause(policy=policy, position=position, title=title, amount_kind=amount_kind, amount=amount,
                    rate_pct=rate_pct, base_field=base_field or "", cap=cap)
    _save(clause, user=user, reason="添加政策条款")
    for field_name, operator, value in stored:
        _save(Condition(clause=clause, field=field_name, operator=operator, value=value), user=user,
              reason="添加兑现条件")
    audit.record(AuditAction.CREATE, obj=clause, user=user, detail=f"{policy}添加条款：{title}（条件："
                 + ("；".join(rules.describe(*c) for c in stored) or "无") + "）")
    return clause


@transaction.atomic
def condition_add(*, clause: Clause, user, field_name: str, operator: str, value: str) -> Condition:
    value = rules.validate_condition(field_name, operator, value)
    condition = Condition(clause=clause, field=field_name, operator=operator, value=value)
    _save(condition, user=user, reason="添加兑现条件")
    audit.record(AuditAction.UPDATE, obj=clause, user=user, detail=f"条款“{clause.title}”添加条件：{condition}")
    return condition


@transaction.atomic
def condition_remove(*, condition: Condition, user) -> None:
    clause = condition.clause
    text = str(condition)
    condition._history_user = user
    condition._change_reason = "删除兑现条件"
    condition.delete()
    audit.record(AuditAction.UPDATE, obj=clause, user=user, detail=f"条款“{clause.title}”删除条件：{text}")


# --- cash-outs ------------------------------------------------------------------------------------------


def _enterprise_users(enterprise_id: int):
    return User.objects.filter(enterprise_account__enterprise_id=enterprise_id, is_active=True)


def _tell(application: Application, title: str, body: str, *, by=None) -> None:
    events.tell(events.Notice(title=title, body=body, link=reverse("policies:application_list"),
                              users=tuple(_enterprise_users(application.enterprise_id)), park=application.clause.policy.park,
                              key=f"policy-{application.pk}-{application.status}", exclude=(by,) if by else ()))


def _check_day(on: date, *, after: date | None, what: str) -> None:
    if on > timezone.localdate():
        raise ValidationError(f"{what}日期{chinese_date(on)}晚于今天。")
    if after is not None and on < after:
        raise ValidationError(f"{what}日期{chinese_date(on)}早于{chinese_date(after)}。")


def _create(application: Application, *, user, reason: str) -> Application:
    try:
        with transaction.atomic():
            _save(application, user=user, reason=reason)
    except IntegrityError:
        raise ValidationError(f"“{application.enterprise}”已有该条款的兑现记录。") from None
    return application


@transaction.atomic
def candidate_confirm(*, clause: Clause, enterprise, user, on: date | None = None) -> Application:
    """免申即享: the park confirms an enterprise its data qualifies; no application, the payment clock starts."""
    on = on or timezone.localdate()
    _check_day(on, after=None, what="确认")
    if enterprise.park_id != clause.policy.park_id:
        raise ValidationError("企业须为本园区企业库中的企业。")
    match = selectors.clause_match(clause, enterprise_id=enterprise.pk, as_of=on)
    if match is None or not match.checks or not all(c.result for c in match.checks):
        raise ValidationError(f"“{enterprise.name}”的数据不符合该条款的全部条件，不能免申确认；可由企业申请后审核。")
    policy = clause.policy
    application = Application(
        clause=clause, enterprise=enterprise, source=Source.MATCHED, status=Status.APPROVED, applied_on=on,
        reviewed_on=on, review_note="数据比对符合条件（免申即享）", amount=match.amount,
        payment_due=add_workdays(on, policy.payment_days), figures=match.figures, filed_by=user)
    _create(application, user=user, reason="免申即享确认")
    audit.record(AuditAction.CREATE, obj=application, user=user, after={"amount": str(match.amount)},
                 detail=f"免申即享确认：{enterprise.name}，{clause}（{'；'.join(match.figures)}）")
    _tell(application, "惠企政策免申即享", f"贵企业符合“{policy}·{clause.title}”，无需申请，"
                                    f"将于{chinese_date(application.payment_due)}前兑现。", by=user)
    return application


@transaction.atomic
def application_file(*, clause: Clause, enterprise, user, note: str = "", on: date | None = None,
                     source: str | None = None) -> Application:
    """An application (快申快享, 申报制, or where the data cannot decide): the review clock starts."""
    on = on or timezone.localdate()
    _check_day(on, after=None, what="申请")
    if user is not None and user.role == Role.ENTERPRISE:
        if not _enterprise_users(enterprise.pk).filter(pk=user.pk).exists():
            raise ValidationError("企业账号只能为本企业申请。")
        source = Source.ENTERPRISE
    if enterprise.park_id != clause.policy.park_id:
        raise ValidationError("企业须为本园区企业库中的企业。")
    if not clause.policy.is_active:
        raise ValidationError("该政策已停止兑现。")
    match = selectors.clause_match(clause, enterprise_id=enterprise.pk, as_of=on)
    if match is not None and any(c.result is False for c in match.checks):
        failed = "；".join(c.figure for c in match.checks if c.result is False)
        raise ValidationError(f"按园区掌握的数据，“{enterprise.name}”不符合该条款的条件（{failed}）。")
    note = (note or "").strip()[:MAX_NOTE]
    application = Application(
        clause=clause, enterprise=enterprise, source=source or Source.PARK, status=Status.SUBMITTED, applied_on=on,
        note=note, figures=match.figures if match else [], review_due=add_workdays(on, clause.policy.review_days),
        amount=match.amount if match else None, filed_by=user)
    _create(application, user=user, reason="申请政策兑现")
    audit.record(AuditAction.CREATE, obj=application, user=user,
                 detail=f"政策兑现申请：{enterprise.name}，{clause}")
    return application


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update(of=("self",)).select_related(
        "clause", "clause__policy", "clause__policy__park", "enterprise").get(pk=application.pk)


@transaction.atomic
def application_review(*, application: Application, user, approve: bool, amount=None, note: str = "",
                       on: date | None = None) -> Application:
    locked = _lock(application)
    if locked.status != Status.SUBMITTED:
        raise ValidationError("只有待审核的申请可以审核。")
    on = on or timezone.localdate()
    _check_day(on, after=locked.applied_on, what="审核")
    note = _text(note, 300)
    locked.reviewed_on, locked.review_note = on, note
    if approve:
        amount = _amount(amount, "核定金额") if amount not in (None, "") else locked.amount
        if amount is None or amount <= 0:
            raise ValidationError("审核通过须核定兑现金额（万元）。")
        locked.amount, locked.status = amount, Status.APPROVED
        locked.payment_due = add_workdays(on, locked.clause.policy.payment_days)
    else:
        if not note:
            raise ValidationError("不通过须说明理由。")
        locked.status = Status.REJECTED
    _save(locked, user=user, reason="审核政策兑现申请")
    audit.record(AuditAction.UPDATE, obj=locked, user=user, after={"status": locked.status},
                 detail=f"政策兑现审核{'通过' if approve else '不通过'}：{locked.enterprise}，{locked.clause}"
                        + (f"，核定{locked.amount}万元" if approve else f"（{note}）"))
    _tell(locked, "政策兑现申请已审核", f"“{locked.clause.title}”" + (
        f"审核通过，核定{locked.amount}万元，将于{chinese_date(locked.payment_due)}前兑现。" if approve
        else f"审核未通过：{note}"), by=user)
    application.refresh_from_db()
    return locked


@transaction.atomic
def application_pay(*, application: Application, user, amount=None, on: date | None = None) -> Application:
    locked = _lock(application)
    if locked.status != Status.APPROVED:
        raise ValidationError("只有待兑现的记录可以登记兑现。")
    on = on or timezone.localdate()
    _check_day(on, after=locked.reviewed_on, what="兑现")
    paid = _amount(amount, "兑现金额") if amount not in (None, "") else locked.amount
    if paid is None or paid <= 0:
        raise ValidationError("请填写兑现金额（万元）。")
    locked.paid_on, locked.paid_amount, locked.status = on, paid, Status.PAID
    _save(locked, user=user, reason="登记政策兑现")
    audit.record(AuditAction.UPDATE, obj=locked, user=user, after={"paid_amount": str(paid)},
                 detail=f"政策兑现：{locked.enterprise}，{locked.clause}，{paid}万元")
    _tell(locked, "政策资金已兑现", f"“{locked.clause.title}”已兑现{paid}万元。", by=user)
    application.refresh_from_db()
    return locked


