"""企业服务's pages: thin, each checks the permission, calls a selector or a service, and renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from parkops.approvals.selectors import enterprise_cases
from parkops.core.exports import XLSX_TYPE, dated_filename, export_response
from parkops.core.import_views import ImportView
from parkops.core.permissions import require
from parkops.core.views import export_query
from parkops.org.services import served_park
from parkops.services import exporters, permissions, rules, selectors, services
from parkops.services.choices import Rating
from parkops.services.forms import (
    AccountForm,
    FilterForm,
    LedgerImportForm,
    LimitsForm,
    RateForm,
    RequestForm,
    RouteForm,
    SelfReportForm,
    TextForm,
)
from parkops.services.importers import RequestLedgerImporter
from parkops.services.lights import request_light
from parkops.services.models import EnterpriseAccount, ServiceRequest
from parkops.supervision.selectors import plans_taking_tasks

PER_PAGE = 100


@login_required
def request_list(request):
    """Every request the user may see, each with its light; filters, export."""
    if request.GET.get("export"):
        require(permissions.can_export(request.user))
    if permissions.is_enterprise_user(request.user):
        return mine(request)  # its own requests, on its own page
    require(permissions.can_use_requests(request.user))
    park = served_park()
    filters = FilterForm(request.GET or None, park=park)
    today = timezone.localdate()
    requests = selectors.listing(filters.filter(permissions.visible_requests(request.user).filter(park=park)))
    rows = selectors.with_lights(requests, today=today)
    if filters.wanted_light:
        rows = [row for row in rows if row.light.light == filters.wanted_light]
    if request.GET.get("export") == "xlsx":
        return export_response(exporters.ledger_xlsx(rows), dated_filename("企业诉求台账", "xlsx"), XLSX_TYPE,
                               what="企业诉求台账")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "services/request_list.html", {
        "title": "企业诉求", "page": page, "rows": page.object_list, "count": len(rows), "filters": filters,
        "total": selectors.total((row.request for row in rows), today=today), "export_query": export_query(request),
        "can_file": permissions.can_file(request.user), "can_export": permissions.can_export(request.user),
        "can_manage_accounts": permissions.can_manage_accounts(request.user),
        "can_set_rules": permissions.can_set_rules(request.user), "can_import": permissions.can_import(request.user),
    })


@login_required
def mine(request):
    """园企之窗: an enterprise user's own page, phone first: its requests with their lights, and its own
    monthly figures as the park holds them."""
    require(permissions.is_enterprise_user(request.user))
    enterprise = permissions.enterprise_of(request.user)
    today = timezone.localdate()
    if enterprise is None:
        return render(request, "services/mine.html", {"title": "园企之窗", "enterprise": None})
    requests = selectors.listing(permissions.visible_requests(request.user))
    rows = selectors.with_lights(requests, today=today)
    year = today.year
    months = selectors.enterprise_figures(enterprise=enterprise, year=year)
    if not months:
        year -= 1
        months = selectors.enterprise_figures(enterprise=enterprise, year=year)
    own_reports = selectors.compared(selectors.current_self_reports(enterprise=enterprise)[:1])
    return render(request, "services/mine.html", {
        "title": "园企之窗", "enterprise": enterprise, "rows": rows, "months": months[:3], "year": year,
        "policies": selectors.enterprise_policies(enterprise=enterprise, today=today),
        "self_report": own_reports[0] if own_reports else None,
        "can_self_report": permissions.can_self_report(request.user),
        # Every row is its own enterprise's already: the rule's condition is all that is left to ask.
        "to_rate": [row for row in rows if permissions.may_rate_own(request.user, row.request)],
        "can_file": permissions.can_file(request.user),
        # Its approval cases (审批代办), read through that module's selectors.
        "cases": enterprise_cases(enterprise_id=enterprise.pk, today=today),
    })


@login_required
def request_new(request):
    require(permissions.can_file(request.user))
    park = served_park()
    for_enterprise = permissions.is_enterprise_user(request.user)
    form = RequestForm(request.POST or None, park=park, for_enterprise=for_enterprise,
                       may_route=permissions.can_route(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filed = services.request_file(
                park=park, user=request.user, content=data["content"], category=data["category"],
                contact=data.get("contact", ""), enterprise=data.get("enterprise"),
                enterprise_name=data.get("enterprise_name", ""), filed_on=data.get("filed_on"), unit=data.get("unit"))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "诉求已提交，办理进展将通知您。" if for_enterprise else "已登记企业诉求。")
            return redirect("services:request_detail", pk=filed.pk)
    back = reverse("services:mine") if for_enterprise else reverse("services:request_list")
    return render(request, "services/form.html", {"title": "提出诉求" if for_enterprise else "登记企业诉求",
                                                  "form": form, "submit": "提交", "back": back})


def _visible(request, pk) -> ServiceRequest:
    found = get_object_or_404(selectors.listing(ServiceRequest.objects.all()), pk=pk)
    require(permissions.can_view_request(request.user, found))
    return found


@login_required
def request_detail(request, pk):
    found = _visible(request, pk)
    user = request.user
    today = timezone.localdate()
    return render(request, "services/request_detail.html", {
        "title": f"企业诉求：{found.enterprise_label}", "req": found, "today": today,
        "light": request_light(found, today=today),
        "events": found.events.select_related("user"),
        "for_enterprise": permissions.is_enterprise_user(user),
        "can_route": permissions.can_route(user, found) and found.accepted_on is None,
        "can_handle": permissions.can_handle(user, found),
        "can_rate": permissions.can_rate(user, found),
        "can_to_task": permissions.can_hand_to_supervision(user, found),
        "route_form": RouteForm(park=found.park, initial={"unit": found.unit_id}),
        "rate_form": RateForm(initial={"rating": Rating.SATISFIED}),
        "plans": plans_taking_tasks().filter(park=found.park) if permissions.can_hand_to_supervision(user, found)
        else [],
    })


HANDLING = {"accept", "reply", "extend", "resolve"}
RATING = {"rate", "reopen"}


@login_required
@require_POST
def request_act(request, pk, action):
    """Every step of a request's handling, each behind its permission; back to the request's page."""
    found = _visible(request, pk)
    user = request.user
    text = TextForm(request.POST)
    text_value = text.cleaned_data["text"] if text.is_valid() else ""
    try:
        if action == "route":
            require(permissions.can_route(user, found))
            form = RouteForm(request.POST, park=found.park)
            if not form.is_valid():
                raise ValidationError("请选择承办单位。")
            services.request_route(request=found, unit=form.cleaned_data["unit"], user=user)
        elif action in HANDLING:
            require(permissions.can_handle(user, found))
            if action == "accept":
                services.request_accept(request=found, user=user)
            elif action == "reply":
                services.request_reply(request=found, text=text_value, user=user)
            elif action == "extend":
                services.request_extend(request=found, reason=text_value, user=user)
            else:
                services.request_resolve(request=found, result=text_value, user=user)
        elif action in RATING:
            require(permissions.can_rate(user, found))
            if action == "rate":
                form = RateForm(request.POST)
                if not form.is_valid():
                    raise ValidationError("请选择满意、基本满意或不满意。")
                services.request_rate(request=found, rating=form.cleaned_data["rating"], note=form.cleaned_data["note"],
                                      user=user)
            else:
                services.request_reopen(request=found, reason=text_value, user=user)
        elif action == "to_task":
            require(permissions.can_hand_to_supervision(user, found))
            plan = get_object_or_404(plans_taking_tasks().filter(park=found.park), pk=request.POST.get("plan") or 0)
            task = services.request_to_task(request=found, plan=plan, user=user)
            messages.success(request, f"已转为督办任务：{task.named}")
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        if action != "to_task":
            messages.success(request, "已保存。")
    return redirect("services:request_detail", pk=found.pk)


@login_required
def stats(request):
    """办结率, 按时办结率 and 满意率 by unit and by month."""
    require(permissions.can_use_requests(request.user) and not permissions.is_enterprise_user(request.user))
    park = served_park()
    today = timezone.localdate()
    requests = list(selectors.listing(permissions.visible_requests(request.user).filter(park=park)))
    return render(request, "services/stats.html", {
        "title": "企业诉求办理统计", "total": selectors.total(requests, today=today),
        "by_unit": selectors.tallies_by_unit(requests, today=today),
        "by_month": selectors.tallies_by_month(requests, today=today),
        "can_manage_accounts": permissions.can_manage_accounts(request.user)})


@login_required
def accounts(request):
    """The enterprise accounts, and a new one by credit code: its one-time password shown once."""
    require(permissions.can_manage_accounts(request.user))
    park = served_park()
    form = AccountForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = services.account_create(park=park, credit_code=form.cleaned_data["credit_code"],
                                              username=form.cleaned_data["username"], phone=form.cleaned_data["phone"],
                                              user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = AccountForm()
    rows = EnterpriseAccount.objects.filter(enterprise__park=park).select_related("user", "enterprise")
    return render(request, "services/accounts.html", {"title": "企业账号", "form": form, "rows": rows,
                                                      "created": created})


@login_required
@require_POST
def account_reset(request, pk):
    require(permissions.can_manage_accounts(request.user))
    account = get_object_or_404(EnterpriseAccount.objects.filter(enterprise__park=served_park()), pk=pk)
    password = services.account_reset_password(account=account, user=request.user)
    rows = EnterpriseAccount.objects.filter(enterprise__park=account.enterprise.park).select_related("user", "enterprise")
    return render(request, "services/accounts.html", {
        "title": "企业账号", "form": AccountForm(), "rows": rows,
        "created": services.NewAccount(account, password), "reset": True})


@login_required
def limits(request):
    require(permissions.can_set_rules(request.user))
    park = served_park()
    current = services.limits_for(park)
    form = LimitsForm(request.POST or None, initial=current.__dict__)
    if request.method == "POST" and form.is_valid():
        try:
            services.limits_set(park=park, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "已保存办理时限，今后提出的诉求按此计算。")
            return redirect("services:request_list")
    return render(request, "services/form.html", {"title": "诉求办理时限（工作日）", "form": form, "submit": "保存",
                                                  "back": reverse("services:request_list")})



@login_required
def self_report(request):
    """企业自报 from the enterprise's phone: a month's own figures; a month already reported is corrected
    with a reason, the earlier report kept."""
    require(permissions.can_self_report(request.user))
    enterprise = permissions.enterprise_of(request.user)
    today = timezone.localdate()
    form = SelfReportForm(request.POST or None, catalogue=selectors.indicator_catalogue(), today=today)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.self_report_submit(enterprise=enterprise, user=request.user,
                                                 period=form.cleaned_data["period"], figures=form.figures(),
                                                 reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已报送{report.period:%Y年%-m月}数据" + (
                f"（第{report.revision}版更正）。" if report.revision > 1 else "。"))
            return redirect("services:mine")
    reports = selectors.compared(selectors.current_self_reports(enterprise=enterprise)[:12], with_history=True)
    return render(request, "services/self_report.html", {"title": "企业自报", "form": form, "reports": reports,
                                                         "enterprise": enterprise})


@login_required
def self_report_list(request):
    """The clerk's list: each current self-report whose figures differ from the bureau's beyond the
    tolerance (all of them with ?all=1)."""
    if permissions.is_enterprise_user(request.user):
        return self_report(request)  # its own reports, on its own page
    require(permissions.can_view_self_reports(request.user))
    park = served_park()
    everything = request.GET.get("all") == "1"
    rows = selectors.compared(selectors.current_self_reports(park=park))
    shown = rows if everything else [row for row in rows if row.flagged]
    page = Paginator(shown, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "services/self_report_list.html", {
        "title": "企业自报差异", "page": page, "rows": page.object_list, "count": len(shown), "total": len(rows),
        "everything": everything, "tolerance": rules.SELF_REPORT_TOLERANCE_PCT,
        "can_manage_accounts": permissions.can_manage_accounts(request.user)})


@login_required
def self_report_enterprise(request, pk):
    """The park's page of one enterprise's self-reports: every month beside the bureau's figures, the
    differences flagged, the corrections kept."""
    require(permissions.can_view_self_reports(request.user))
    park = served_park()
    reports = selectors.current_self_reports(park=park).filter(enterprise_id=pk)
    rows = selectors.compared(reports, with_history=True)
    if not rows:
        raise Http404
    return render(request, "services/self_report_enterprise.html", {
        "title": f"企业自报：{rows[0].report.enterprise.name}", "enterprise": rows[0].report.enterprise,
        "rows": rows, "tolerance": rules.SELF_REPORT_TOLERANCE_PCT})


class LedgerImportView(ImportView):
    """The 企业诉求台账 in the layouts parks keep, previewed, then written all at once."""

    title = "导入企业诉求台账"
    form_class = LedgerImportForm
    upload_template = "services/import.html"
    preview_template = "services/import_preview.html"
    session_key = "services_ledger_import"

    def allowed(self, user) -> bool:
        return permissions.can_import(user)

    def importer(self, entry: dict) -> RequestLedgerImporter:
        return RequestLedgerImporter(park=served_park())

    def done_url(self, outcome) -> str:
        return reverse("services:request_list")


ledger_import = LedgerImportView.as_view()
