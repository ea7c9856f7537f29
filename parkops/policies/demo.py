"""The demo park's 惠企政策: four policies in the three modes, their clauses' conditions over the demo
registry's figures, and cash-outs in every state (confirmed 免申即享 waiting for payment, paid on time and
late, an application waiting for review, one rejected), made through the services on working days counted
back from today; a second run adds nothing."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from parkops.core.workdays import is_workday
from parkops.economy.selectors import enterprise_choices
from parkops.org.demo import SUPERVISOR_USERNAME
from parkops.org.models import Park
from parkops.policies import selectors, services
from parkops.policies.choices import AmountKind, Field, Mode, Operator
from parkops.policies.models import Policy

POLICIES = (
    ("关于促进工业经济稳增长的若干政策措施", "县人民政府", "县府发〔{year}〕8号", Mode.EXEMPT, (
        ("规上工业企业营业收入同比增长10%以上的，奖励10万元", AmountKind.FIXED, "10", None, "", None,
         ((Field.SCALE, Operator.YES, ""), (Field.REVENUE_GROWTH, Operator.GTE, "10"))),
        ("当年新升规工业企业，一次性奖励20万元", AmountKind.FIXED, "20", None, "", None,
         ((Field.NEW_SCALE, Operator.YES, ""),)),
    )),
    ("支持企业加大研发投入的若干措施", "县科技局", "科字〔{year}〕12号", Mode.FAST, (
        ("研发投入占营业收入比重达到3%的规上企业，按研发投入的5%奖补，最高50万元", AmountKind.RATE, None, "5",
         Field.RND, "50", ((Field.SCALE, Operator.YES, ""), (Field.RND_RATIO, Operator.GTE, "3"))),
    )),
    ("高新技术企业和专精特新企业认定奖励办法", "县工信局", "", Mode.APPLY, (
        ("首次认定为高新技术企业或专精特新企业的，奖励30万元", AmountKind.FIXED, "30", None, "", None,
         ((Field.HONOUR, Operator.HAS, "高新技术企业、专精特新中小企业、专精特新“小巨人”企业"),)),
    )),
    ("重点项目建设投资奖补办法", "县发改委", "", Mode.FAST, (
        ("重点项目累计完成投资超过5000万元的，按完成投资的1%奖补，最高200万元", AmountKind.RATE, None, "1",
         Field.PROJECT_INVESTED, "200", ((Field.PROJECT_INVESTED, Operator.GT, "5000"),)),
    )),
)


def _workdays_back(today: date, days: int) -> date:
    day = today
    while days > 0:
        day -= timedelta(days=1)
        days -= is_workday(day)
    return day


def build_policies(park: Park, today: date | None = None) -> int:
    today = today or timezone.localdate()
    if Policy.objects.filter(park=park).exists():
        return 0
    supervisor = get_user_model().objects.filter(username=SUPERVISOR_USERNAME).first()
    made = []
    for name, issuer, number, mode, clauses in POLICIES:
        policy = services.policy_create(park=park, user=supervisor, name=name, issuer=issuer, year=today.year,
                                        mode=mode, document_number=number.format(year=today.year))
        for title, kind, amount, rate, base, cap, conditions in clauses:
            made.append(services.clause_add(policy=policy, user=supervisor, title=title, amount_kind=kind,
                                            amount=amount, rate_pct=rate, base_field=base, cap=cap,
                                            conditions=list(conditions)))
    registry = {e.pk: e for e in enterprise_choices(park=park)}
    # 免申即享: the first matches confirmed a while ago, the first of them paid, one left past its due day.
    growth = made[0]
    views = {v.clause.pk: v for v in selectors.policy_matches(growth.policy, as_of=today)}
    for n, match in enumerate(views[growth.pk].matches.matched[:4]):
        on = _workdays_back(today, (70, 40, 20, 5)[n])
        application = services.candidate_confirm(clause=growth, enterprise=registry[match.profile.enterprise_id],
                                                 user=supervisor, on=on)
        if n == 0:
            services.application_pay(application=application, user=supervisor, on=_workdays_back(today, 55))
    # 快申快享 and 申报制: applications in each state.
    for clause, states in ((made[2], ("paid", "approved", "submitted")), (made[3], ("rejected", "submitted")),
                           (made[4], ("submitted",))):
        views = {v.clause.pk: v for v in selectors.policy_matches(clause.policy, as_of=today)}
        candidates = views[clause.pk].matches.matched + views[clause.pk].matches.undecided
        for n, (state, match) in enumerate(zip(states, candidates, strict=False)):
            applied = _workdays_back(today, (30, 12, 2)[n] if len(states) == 3 else (9, 3)[n % 2])
            try:
                application = services.application_file(clause=clause, enterprise=registry[match.profile.enterprise_id],
                                                        user=supervisor, on=applied, note="企业已提交申报材料。")
            except ValidationError:
                continue
            if state == "submitted":
                continue
            reviewed = _workdays_back(today, 25 if state == "paid" else 8)
            try:
                services.application_review(application=application, user=supervisor, approve=state != "rejected",
                                            note="" if state != "rejected" else "认定证书不在有效期内。", on=reviewed)
            except ValidationError:  # no figure to reckon the amount by: left for the clerk to decide
                continue
            if state == "paid":
                services.application_pay(application=application, user=supervisor, on=_workdays_back(today, 6))
    return len(made)
