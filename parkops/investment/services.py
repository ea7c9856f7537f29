"""Every write of 招商引资. The pages, the import, the demo and the commands call these.

Each runs in one transaction and leaves an audit line: models with simple-history are audited by
core.audit's receiver (the service sets the user and the reason); stage changes, which are appended and
never edited, are audited here with core.audit.record. At 注册 and 开工 the project is handed to the
registry and to 重点项目调度 through their own services, the hand-overs .importlinter names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from parkops.core import audit
from parkops.core.formatting import plain_number, round2
from parkops.core.models import AuditAction
from parkops.core.periods import chinese_date
from parkops.core.versioning import save_unless_changed
from parkops.economy import services as economy_services
from parkops.investment.choices import PIPELINE, CapitalSource, Decision, Opinion, ReviewKind, Stage
from parkops.investment.contracts import light_of
from parkops.investment.models import (
    Agreement,
    ContractRules,
    InvestmentActivity,
    InvestmentProject,
    ReviewCriteria,
    ReviewItem,
    ReviewMeeting,
    ReviewOpinion,
    StageChange,
)
from parkops.investment.selectors import assess_item
from parkops.projects import services as project_services
from parkops.safety import selectors as safety_selectors
from parkops.supervision import services as supervision_services


def _save(obj, *, user, reason: str) -> None:
    obj._history_user = user
    obj._change_reason = reason
    obj.save()


def usd_to_wan_yuan(amount_usd_wan: Decimal, rate: Decimal) -> Decimal:
    """万美元 × 汇率（元/美元）= 万元: the rate is kept beside the amount, so the figure can be redone."""
    return round2(Decimal(amount_usd_wan) * Decimal(rate))


# --- projects -------------------------------------------------------------------------------------


@transaction.atomic
def project_save(*, project: InvestmentProject, user, loaded_version: int | None = None, reason: str = "",
                 since: date | None = None) -> InvestmentProject:
    """Create or edit a project. A new one starts as a 线索 on `since` (by default today), the first line
    of its stage history. A foreign project's 万元 amount follows from its 万美元 and rate when both are
    given; a domestic project keeps no dollar amount."""
    if project.capital_source == CapitalSource.FOREIGN:
        if project.foreign_amount is not None and project.exchange_rate:
            project.total_investment = usd_to_wan_yuan(project.foreign_amount, project.exchange_rate)
        if project.foreign_amount is not None and not project.exchange_rate:
            raise ValidationError({"exchange_rate": "外资项目填写了万美元金额，请填写折算汇率（元/美元）。"})
    else:
        project.foreign_amount = None
        project.exchange_rate = None
    if project.total_investment is None or project.total_investment < 0:
        raise ValidationError({"total_investment": "计划总投资不能为空或负数。"})
    project.name = " ".join((project.name or "").split())
    clash = InvestmentProject.all_objects.filter(park=project.park_id, name=project.name)
    if clash.exclude(pk=project.pk).exists():
        raise ValidationError({"name": f"已有名为“{project.name}”的招商项目（或在回收站中），请换一个名称。"})
    created = project.pk is None
    since = since or timezone.localdate()
    if created and since > timezone.localdate():
        raise ValidationError(f"登记日期{chinese_date(since)}晚于今天。")
    project.full_clean(validate_unique=False)
    reason = reason or ("新增招商项目" if created else "修改招商项目")
    if loaded_version is None:
        _save(project, user=user, reason=reason)
    else:
        save_unless_changed(project, loaded_version=loaded_version, user=user, reason=reason)
    if created:
        change = StageChange.objects.create(project=project, from_stage="", to_stage=project.stage,
                                            on=since, note="登记", recorded_by=user)
        audit.record(AuditAction.CREATE, obj=change, user=user,
                     after={"to_stage": change.to_stage, "on": change.on.isoformat()}, detail=f"{project}：登记为{project.get_stage_display()}")
    return project


@dataclass(frozen=True)
class AgreementTerms:
    """What the investor signed up to at 签约 (all in 万元)."""

    signed_on: date | None = None
    total_investment: Decimal | None = None
    first_phase_investment: Decimal | None = None
    start_by: date | None = None
    production_by: date | None = None
    output_at_full: Decimal | None = None
    tax_at_full: Decimal | None = None


def _record_agreement(project: InvestmentProject, terms: AgreementTerms, on: date, user) -> Agreement:
    agreement = Agreement.objects.filter(project=project).first() or Agreement(project=project)
    agreement.signed_on = terms.signed_on or on
    agreement.total_investment = round2(Decimal(terms.total_investment if terms.total_investment is not None
                                                else project.total_investment))
    for name in ("first_phase_investment", "output_at_full", "tax_at_full"):
        value = getattr(terms, name)
        setattr(agreement, name, None if value is None else round2(Decimal(value)))
    agreement.start_by, agreement.production_by = terms.start_by, terms.production_by
    if agreement.total_investment < 0 or (agreement.first_phase_investment or 0) < 0:
        raise ValidationError("协议投资不能为负数。")
    if agreement.first_phase_investment and agreement.first_phase_investment > agreement.total_investment:
        raise ValidationError("一期投资不能大于协议总投资。")
    if agreement.start_by and agreement.production_by and agreement.production_by < agreement.start_by:
        raise ValidationError("承诺投产日期不能早于承诺开工日期。")
    _save(agreement, user=user, reason=f"签约（{chinese_date(agreement.signed_on)}）")
    return agreement


def _reaches(before: str, after: str, stage: Stage) -> bool:
    """Does the move from `before` to `after` reach or pass `stage` for the first time?"""
    return Stage.rank(before) < Stage.rank(stage) <= Stage.rank(after)


@transaction.atomic
def stage_advance(
    *,
    project: InvestmentProject,
    stage: str,
    on: date,
    user,
    note: str = "",
    credit_code: str = "",
    enterprise_name: str = "",
    agreement: AgreementTerms | None = None,
    terminated_reason: str = "",
) -> StageChange:
    """Move a project on: 线索 → 在谈 → 签约 → 注册 → 开工 → 投产, never back (a stage may be passed over,
    as a lead signed on the spot is), or to 终止 with its reason from any stage but 投产. Changes are
    appended in date order, never before the last one, never in the future.

    签约 records the agreement (by default: signed that day, for the project's total). 注册 needs the new
    company's credit code: the project links to the registry's enterprise of that code, registered there
    if new. 开工 makes it a key project of 重点项目调度, the one of the same name if the park has it, once;
    投产 moves that key project to 投产 too."""
    if stage not in Stage.values:
        raise ValidationError("未知的招商阶段。")
    today = timezone.localdate()
    if on > today:
        raise ValidationError(f"阶段变更日期{chinese_date(on)}晚于今天，不能预先登记。")
    # The stored row, locked: two people advancing the project at once must not both pass the checks.
    locked = InvestmentProject.objects.select_for_update().get(pk=project.pk)
    before = locked.stage
    label = Stage(stage).label
    if before == Stage.TERMINATED:
        raise ValidationError(f"项目已终止（{locked.terminated_reason}），不能再变更阶段。")
    if stage == before:
        raise ValidationError(f"项目当前已是“{label}”阶段。")
    if stage == Stage.TERMINATED:
        terminated_reason = (terminated_reason or "").strip()
        if not terminated_reason:
            raise ValidationError("终止项目须填写终止原因。")
        if before == Stage.IN_PRODUCTION:
            raise ValidationError("项目已投产，不能终止。")
    elif Stage.rank(stage) < Stage.rank(before):
        raise ValidationError(f"阶段只能向前推进：项目已是“{Stage(before).label}”，不能回到“{label}”。")
    last = StageChange.objects.filter(project=locked).order_by("-on", "-recorded_at", "-pk").first()
    if last is not None and on < last.on:
        raise ValidationError(f"日期{chinese_date(on)}早于上一次阶段变更（{chinese_date(last.on)}{last.get_to_stage_display()}），"
                              "阶段变更只能按时间顺序追加。")
    credit_code = "".join((credit_code or "").split()).upper()
    if stage == Stage.REGISTERED and not credit_code and not locked.enterprise_id:
        raise ValidationError("进入“注册”阶段须填写新注册企业的统一社会信用代码。")

    if stage != Stage.TERMINATED and _reaches(before, stage, Stage.IN_PRODUCTION):
        enterprise = locked.enterprise
        refusal = safety_selectors.production_refusal(
            park=locked.park, enterprise=enterprise, enterprise_name=enterprise.name if enterprise else locked.investor)
        if refusal:
            raise ValidationError(refusal)
    change = StageChange.objects.create(project=locked, from_stage=before, to_stage=stage, on=on,
                                        note=(note or "").strip()[:300], recorded_by=user)
    audit.record(AuditAction.CREATE, obj=change, user=user,
                 after={"from_stage": before, "to_stage": stage, "on": on.isoformat(), "note": change.note},
                 detail=f"{locked}：{Stage(before).label}→{label}（{chinese_date(on)}）")
    locked.stage = stage
    if stage == Stage.TERMINATED:
        locked.terminated_reason = terminated_reason[:300]
    else:
        if _reaches(before, stage, Stage.SIGNED) or (stage == Stage.SIGNED and agreement):
            _record_agreement(locked, agreement or AgreementTerms(), on, user)
        if credit_code and not locked.enterprise_id:
            enterprise = economy_services.enterprise_for_credit_code(
                park=locked.park, credit_code=credit_code, name=(enterprise_name or locked.investor or locked.name).strip(),
                user=user, reason=f"招商项目“{locked}”注册")
            locked.enterprise = enterprise
            locked.credit_code = enterprise.credit_code
        if _reaches(before, stage, Stage.STARTED) and locked.key_project_id is None:
            locked.key_project = _hand_to_key_projects(locked, on, user)
        if _reaches(before, stage, Stage.IN_PRODUCTION) and locked.key_project_id:
            project_services.production_from_investment(project=locked.key_project, on=on, user=user)
    _save(locked, user=user, reason=f"阶段变更：{Stage(before).label}→{label}（{chinese_date(on)}）")
    project.stage, project.enterprise_id, project.key_project_id = locked.stage, locked.enterprise_id, \
        locked.key_project_id
    project.version = locked.version
    return change


def _hand_to_key_projects(project: InvestmentProject, on: date, user):
    agreement = Agreement.objects.filter(project=project).first()
    enterprise = project.enterprise
    return project_services.project_from_investment(
        park=project.park, name=project.name,
        enterprise_name=enterprise.name if enterprise else project.investor,
        credit_code=project.credit_code, industry_chain=project.industry_chain,
        total_investment=agreement.total_investment if agreement else project.total_investment,
        started_on=on, signed_on=agreement.signed_on if agreement else None, land_mu=project.land_mu,
        responsible_unit=project.unit, expected_revenue=agreement.output_at_full if agreement else None,
        expected_tax=agreement.tax_at_full if agreement else None, user=user,
        reason=f"由招商项目“{project}”开工转入",
    )


def path_to(stage: str) -> list[str]:
    """The stages after 线索 up to `stage`, in order: what an import walks through."""
    if stage == Stage.TERMINATED:
        return [Stage.TERMINATED]
    return PIPELINE[1:PIPELINE.index(stage) + 1]


# --- activities -----------------------------------------------------------------------------------


@transaction.atomic
def activity_save(*, activity: InvestmentActivity, leads=(), user) -> InvestmentActivity:
    """Record a 招商活动 and the leads it produced (projects of the same park)."""
    activity.title = " ".join((activity.title or "").split())
    if not activity.title:
        raise ValidationError({"title": "请填写活动名称。"})
    if activity.held_on and activity.held_on > timezone.localdate():
        raise ValidationError({"held_on": "活动日期晚于今天：请在活动后登记。"})
    leads = list(leads)
    if any(lead.park_id != activity.park_id for lead in leads):
        raise ValidationError("产生的线索须为本园区的招商项目。")
    created = activity.pk is None
    activity.created_by = activity.created_by or user
    activity.full_clean()
    _save(activity, user=user, reason="登记招商活动" if created else "修改招商活动")
    before = sorted(activity.leads.values_list("name", flat=True)) if not created else []
    activity.leads.set(leads)
    after = sorted(lead.name for lead in leads)
    if before != after:
        audit.record(AuditAction.UPDATE, obj=activity, user=user, before={"leads": before}, after={"leads": after},
                     detail=f"{activity}：产生的线索")
    return activity


# --- 入园联审 -------------------------------------------------------------------------------------------

REVIEW_FIGURES = ("industry", "investment", "fixed_investment", "land_mu", "factory_area", "converted_mu",
                  "output_per_year", "tax_per_year", "plot_ratio", "building_density", "dishonest",
                  "penalty_open", "illegal_land")


@transaction.atomic
def criteria_save(*, criteria: ReviewCriteria, user) -> ReviewCriteria:
    """The year's entry criteria, as the supervisor sets them; the industry table's figures are 容积率."""
    table = {}
    for industry, minimum in (criteria.plot_ratio_by_industry or {}).items():
        name = " ".join(str(industry).split())
        try:
            value = Decimal(str(minimum))
        except ArithmeticError:
            raise ValidationError(f"行业“{name}”的最低容积率“{minimum}”不是数字。") from None
        if not name or value <= 0 or value > 20:
            raise ValidationError(f"行业“{name}”的最低容积率应为大于0的数（如0.8）。")
        table[name] = plain_number(value)
    criteria.plot_ratio_by_industry = table
    for name in ("min_land_mu", "investment_intensity_min", "tax_per_mu_min", "plot_ratio_min",
                 "building_density_min", "conditional_margin"):
        if getattr(criteria, name) is None or getattr(criteria, name) < 0:
            raise ValidationError({name: "不能为空或负数。"})
    if criteria.building_density_min > 100 or criteria.conditional_margin >= 100:
        raise ValidationError("建筑系数和可附条件通过的差距是百分比，应小于100。")
    criteria.updated_by = user
    criteria.full_clean(validate_unique=False)
    if ReviewCriteria.objects.filter(park=criteria.park_id, year=criteria.year).exclude(pk=criteria.pk).exists():
        raise ValidationError(f"{criteria.year}年的入园标准已存在。")
    _save(criteria, user=user, reason=f"设置{criteria.year}年入园标准")
    return criteria


@transaction.atomic
def meeting_save(*, meeting: ReviewMeeting, members, user) -> ReviewMeeting:
    """Hold (or correct) a 联审 meeting: 第N次 of its kind in the year, once; its member departments."""
    members = list(members)
    if not members:
        raise ValidationError({"members": "请选择参会的成员单位。"})
    if any(unit.park_id != meeting.park_id for unit in members) or meeting.host_unit.park_id != meeting.park_id:
        raise ValidationError("牵头单位和成员单位须为本园区的单位。")
    meeting.host = " ".join((meeting.host or "").split())
    clash = ReviewMeeting.objects.filter(park=meeting.park_id, kind=meeting.kind, year=meeting.held_on.year,
                                         number=meeting.number).exclude(pk=meeting.pk)
    if clash.exists():
        raise ValidationError({"number": f"{meeting.held_on.year}年第{meeting.number}次{ReviewKind(meeting.kind).label}"
                                         "入园联审会议已登记，请核对次序。"})
    created = meeting.pk is None
    if not created and meeting.items.exclude(decision="").exists():
        stored = ReviewMeeting.objects.get(pk=meeting.pk)
        if stored.kind != meeting.kind:
            raise ValidationError({"kind": "会议已有项目作出决定，不能再改会议类别。"})
    meeting.created_by = meeting.created_by or user
    meeting.year = meeting.held_on.year
    meeting.full_clean(exclude=["year"], validate_unique=False)
    _save(meeting, user=user, reason="召开入园联审会议" if created else "修改联审会议")
    before = [] if created else sorted(meeting.members.values_list("name", flat=True))
    meeting.members.set(members)
    after = sorted(unit.name for unit in members)
    if before != after:
        audit.record(AuditAction.UPDATE, obj=meeting, user=user, before={"members": before}, after={"members": after},
                     detail=f"{meeting}：成员单位")
    return meeting


@transaction.atomic
def item_add(*, meeting: ReviewMeeting, project: InvestmentProject, user) -> ReviewItem:
    """Put a project on the meeting's agenda, its figures taken from the project (corrected afterwards on
    the item): total investment, land for a land project, factory area for a leased-factory one."""
    if project.park_id != meeting.park_id:
        raise ValidationError("上会项目须为本园区的招商项目。")
    if project.stage == Stage.TERMINATED:
        raise ValidationError(f"“{project}”已终止，不能上会。")
    if ReviewItem.objects.filter(meeting=meeting, project=project).exists():
        raise ValidationError(f"“{project}”已在本次会议的上会项目中。")
    order = (meeting.items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    item = ReviewItem(meeting=meeting, project=project, order=order, industry=project.industry_chain,
                      investment=project.total_investment)
    if meeting.kind == ReviewKind.LAND:
        item.land_mu = project.land_mu
    else:
        item.factory_area = project.factory_area
    agreement = Agreement.objects.filter(project=project).first()
    if agreement is not None:
        item.output_per_year, item.tax_per_year = agreement.output_at_full, agreement.tax_at_full
    _save(item, user=user, reason=f"列入{meeting}")
    return item


@transaction.atomic
def item_save(*, item: ReviewItem, user) -> ReviewItem:
    """Correct the figures of a project's application (the criteria are held against these)."""
    for name in ("investment", "fixed_investment", "land_mu", "factory_area", "converted_mu", "output_per_year",
                 "tax_per_year", "plot_ratio", "building_density"):
        value = getattr(item, name)
        if value is not None and value < 0:
            raise ValidationError({name: "不能为负数。"})
    if item.building_density is not None and item.building_density > 100:
        raise ValidationError({"building_density": "建筑系数是百分比，不能大于100。"})
    item.industry = " ".join((item.industry or "").split())
    item.full_clean(validate_unique=False)
    _save(item, user=user, reason="修改上会项目资料")
    return item


@transaction.atomic
def opinion_record(*, item: ReviewItem, unit, opinion: str, text: str = "", user) -> ReviewOpinion:
    """A member department's opinion on a project, once per department (a second one corrects the first,
    the history keeps both). 有条件同意 and 不同意 say what and why."""
    if opinion not in Opinion.values:
        raise ValidationError("请选择意见：同意、有条件同意或不同意。")
    if not item.meeting.members.filter(pk=unit.pk).exists():
        raise ValidationError(f"{unit}不是本次会议的成员单位。")
    text = (text or "").strip()
    if opinion != Opinion.AGREE and not text:
        raise ValidationError(f"“{Opinion(opinion).label}”须写明具体意见（条件或理由）。")
    if item.decision:
        raise ValidationError("会议已对该项目作出决定，不能再修改意见；如需复议请先撤销决定。")
    found = ReviewOpinion.objects.filter(item=item, unit=unit).first() or ReviewOpinion(item=item, unit=unit)
    created = found.pk is None
    found.opinion, found.text, found.recorded_by = opinion, text, user
    _save(found, user=user, reason=f"{unit}{'提出' if created else '修改'}意见：{item.project}")
    return found


@transaction.atomic
def decide(*, item: ReviewItem, decision: str, conditions: str = "", note: str = "", user) -> ReviewItem:
    """Record what the meeting decided of a project. 附条件通过 states its conditions; a decision other than
    the one the criteria suggest (investment.review) states why, and the page shows both. An empty
    decision withdraws one, for a 复议."""
    conditions, note = (conditions or "").strip(), (note or "").strip()[:300]
    if decision and decision not in Decision.values:
        raise ValidationError("未知的联审决定。")
    if decision == Decision.CONDITIONAL and not conditions:
        raise ValidationError("附条件通过须写明通过条件。")
    if decision:
        suggested = assess_item(item).suggestion
        if decision != suggested and not note:
            raise ValidationError(f"按入园标准建议“{Decision(suggested).label}”，会议决定“{Decision(decision).label}”"
                                  "与之不同，请在决定说明中写明理由。")
    elif not note:
        raise ValidationError("撤销决定须写明理由。")
    item.decision = decision
    item.conditions = conditions if decision == Decision.CONDITIONAL else ""
    item.decision_note = note
    item.decided_by, item.decided_at = (user, timezone.now()) if decision else (None, None)
    label = Decision(decision).label if decision else "撤销决定"
    _save(item, user=user, reason=f"联审决定：{label}")
    return item


@transaction.atomic
def item_remove(*, item: ReviewItem, user) -> None:
    """Take a project off the agenda before the meeting decides on it (its opinions go with it); once
    decided it stays, in the minutes as decided."""
    if item.decision:
        raise ValidationError(f"会议已对“{item.project}”作出决定，不能撤下。")
    audit.record(AuditAction.DELETE, obj=item, user=user, before={"project": item.project.name},
                 detail=f"{item.meeting}：撤下上会项目“{item.project}”")
    item.opinions.all().delete()
    item._history_user = user
    item._change_reason = "撤下上会项目"
    item.delete()
# --- 履约监管's rules -------------------------------------------------------------------------------


@transaction.atomic
def contract_rules_save(*, park, land_months: int, factory_months: int, from_start: bool, user) -> ContractRules:
    """The park's months from 签约 (or 开工) to 达产, for land and leased-factory projects."""
    for label, months in (("用地项目", land_months), ("租用厂房项目", factory_months)):
        if months is None or not 1 <= months <= 120:
            raise ValidationError(f"{label}达产期限须在1至120个月之间。")
    rules = ContractRules.objects.filter(park=park).first() or ContractRules(park=park)
    rules.land_months, rules.factory_months, rules.from_start = land_months, factory_months, from_start
    _save(rules, user=user, reason="设置履约监管规则")
    return rules


@transaction.atomic
def contract_to_task(*, project: InvestmentProject, plan, user, today: date | None = None):
    """转督办: a project whose contract light is red becomes a task of a supervision plan, led by its 招商
    unit, saying why it is red; the project keeps a link to the task, and is handed over once."""
    locked = InvestmentProject.objects.select_for_update().get(pk=project.pk)
    if locked.contract_task_id:
        raise ValidationError(f"该项目已转督办（{locked.contract_task}）。")
    row = light_of(locked, today=today or timezone.localdate())
    if row.light is None or row.light.light != "red":
        raise ValidationError("只有履约亮红灯的项目可以转督办。")
    if locked.unit_id is None:
        raise ValidationError("该项目未指定招商单位，不能转为督办任务。")
    if plan.park_id != locked.park_id:
        raise ValidationError("督办计划与项目不属于同一园区。")
    task = supervision_services.task_add(
        plan=plan, deadline=None, text=f"【履约监管】{locked}：{row.light.reason}", lead_units=[locked.unit],
        user=user, reason=f"由招商项目履约监管转督办（{locked}）")
    locked.contract_task = task
    _save(locked, user=user, reason=f"履约红灯转为督办任务：{task.named}")
    project.contract_task_id, project.version = task.pk, locked.version
    return task
