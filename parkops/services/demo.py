"""The demo park's enterprise services: three enterprises on the system (qiye1–qiye3, password Demo#2026,
not asked to change it on the demo's walk-through) and requests in every state: new, routed, under way,
answered, overdue, resolved and rated, reopened. Filed on working days counted back from today, through
the services, so their clocks are real; a second run adds nothing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from parkops.core.workdays import is_workday
from parkops.economy.selectors import bureau_figures, enterprises_with_figures
from parkops.org.choices import Role
from parkops.org.demo import DEMO_PASSWORD, SUPERVISOR_USERNAME
from parkops.org.models import Park
from parkops.org.services import unit_for_name
from parkops.services import services
from parkops.services.choices import Category, Rating
from parkops.services.models import EnterpriseAccount, SelfReport, ServiceRequest

ACCOUNTS = ("qiye1", "qiye2", "qiye3")

# (account index, days back in working days, category, content, unit, how far it went)
REQUESTS = (
    (0, 1, Category.UTILITIES, "新建二期厂房需增容一台2000千伏安变压器，请协调供电公司尽快现场勘查。", None, "filed"),
    (0, 2, Category.LABOUR, "三季度订单增加，需招聘普工80人，请人社部门协助对接招聘会。", "发改委", "routed"),
    (1, 6, Category.FINANCE, "申请“财园信贷通”贷款500万元，银行要求补充担保材料，请协调。", "工信局", "accepted"),
    (1, 12, Category.APPROVAL, "技改项目环评批复办理进度较慢，请协助加快审批。", "生态环境局", "replied"),
    (2, 25, Category.LAND, "企业扩产需新增用地约20亩，请协调用地指标。", "自然资源局", "overdue"),
    (2, 30, Category.POLICY, "2025年度技改补贴何时兑现，需提交哪些材料？", "工信局", "rated"),
    (0, 28, Category.DISPUTE, "与相邻企业就排水沟归属存在纠纷，请园区协调。", "高新区", "reopened"),
)


def _workdays_back(today: date, days: int) -> date:
    day = today
    while days > 0:
        day -= timedelta(days=1)
        days -= is_workday(day)
    return day


def build_services(park: Park, today: date | None = None) -> list[str]:
    today = today or timezone.localdate()
    User = get_user_model()
    supervisor = User.objects.filter(username=SUPERVISOR_USERNAME).first()
    # Enterprises with monthly statistics, so their own page shows their figures.
    enterprises = enterprises_with_figures(park=park, limit=len(ACCOUNTS))
    if len(enterprises) < len(ACCOUNTS):
        return []
    users = []
    for username, enterprise in zip(ACCOUNTS, enterprises, strict=True):
        account = EnterpriseAccount.objects.filter(user__username=username).first()
        if account is None:
            account = services.account_create(park=park, credit_code=enterprise.credit_code, username=username,
                                              user=supervisor).account
            account.user.set_password(DEMO_PASSWORD)
            account.user.must_change_password = False
            account.user.password_changed_at = timezone.now()
            account.user.save()
        users.append(account.user)
    _self_reports(users[0], enterprises[0], today)
    if ServiceRequest.objects.filter(park=park).exists():
        return [f"{u.username}（{e.name}）" for u, e in zip(users, enterprises, strict=True)]
    for index, back, category, content, unit_name, stage in REQUESTS:
        user = users[index]
        filed = _workdays_back(today, back)
        request = services.request_file(park=park, user=user, content=content, category=category, filed_on=filed)
        if unit_name is None:
            continue
        unit = unit_for_name(park, unit_name)
        reporter = User.objects.filter(unit=unit, role=Role.REPORTER).first() or supervisor
        services.request_route(request=request, unit=unit, user=supervisor, on=filed)
        if stage in ("routed", "overdue"):
            continue
        services.request_accept(request=request, user=reporter, on=_workdays_back(today, back - 1))
        if stage == "accepted":
            continue
        services.request_reply(request=request, user=reporter, on=_workdays_back(today, max(back - 3, 0)),
                               text="已与相关部门对接，正在办理，预计两周内办结。")
        if stage == "replied":
            continue
        services.request_resolve(request=request, user=reporter, on=_workdays_back(today, max(back - 10, 0)),
                                 result="已协调办结，相关材料已通知企业领取。")
        services.request_rate(request=request, user=user, rating=Rating.SATISFIED if stage == "rated"
                              else Rating.UNSATISFIED, note="" if stage == "rated" else "问题未彻底解决")
        if stage == "reopened":
            services.request_reopen(request=request, user=user, reason="排水沟仍未疏通，雨天厂区积水。")
    return [f"{u.username}（{e.name}）" for u, e in zip(users, enterprises, strict=True)]


def _self_reports(user, enterprise, today: date) -> None:
    """qiye1's own figures of last month (企业自报): its revenue as the bureau has it, its tax 12% above
    (flagged for the clerk), and a correction of its 从业人员 with its reason, the first report kept."""
    if SelfReport.objects.filter(enterprise=enterprise).exists():
        return
    month = date(today.year, today.month, 1)
    last = date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
    bureau = bureau_figures(enterprise_ids=[enterprise.pk], periods=[last])
    figures = {code: bureau.get((enterprise.pk, last, code)) for code in ("revenue", "output", "tax", "employees")}
    if figures["revenue"] is None:
        return
    if figures["tax"] is not None:
        figures["tax"] = round(figures["tax"] * Decimal("1.12"), 2)
    figures = {code: value for code, value in figures.items() if value is not None}
    services.self_report_submit(enterprise=enterprise, user=user, period=last, figures=figures)
    if "employees" in figures:
        services.self_report_submit(enterprise=enterprise, user=user, period=last,
                                    figures={**figures, "employees": figures["employees"] + 3},
                                    reason="漏报了3名劳务派遣人员")
