"""惠企政策兑现's pages: thin, each checks the permission, calls a selector or a service, and renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from parkops.core.exports import XLSX_TYPE, dated_filename, export_response
from parkops.core.import_views import ImportView
from parkops.core.permissions import require
from parkops.core.views import export_query
from parkops.org.services import served_park
from parkops.policies import exporters, permissions, rules, selectors, services
from parkops.policies.choices import Mode
from parkops.policies.forms import (
    ApplyForm,
    ClauseForm,
    ConditionForm,
    FilterForm,
    PayForm,
    PolicyForm,
    PolicyImportForm,
    ReviewForm,
)
from parkops.policies.importers import PolicyListImporter
from parkops.policies.lights import application_light
from parkops.policies.models import Application, Clause, Condition, Policy

PER_PAGE = 100


def _policies(park):
    return Policy.objects.filter(park=park)


@login_required
def policy_list(request):
    require(permissions.can_view_policies(request.user))
    park = served_park()
    policies = _policies(park)
    if request.GET.get("export") == "xlsx":
        require(permissions.can_export_policies(request.user))
        return export_response(exporters.policies_xlsx(selectors.with_clauses(policies)),
                               dated_filename("惠企政策清单", "xlsx"), XLSX_TYPE, what="惠企政策清单")
    rows = policies.annotate(
        clause_count=Count("clauses", distinct=True),
        application_count=Count("clauses__applications", distinct=True),
        paid_amount=Sum("clauses__applications__paid_amount"))
    return render(request, "policies/policy_list.html", {
        "title": "惠企政策", "rows": rows, "can_create": permissions.can_create_policy(request.user),
        "can_import": permissions.can_import(request.user),
        "can_export": permissions.can_export_policies(request.user)})


@login_required
def policy_new(request):
    require(permissions.can_create_policy(request.user))
    form = PolicyForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            policy = services.policy_create(park=served_park(), user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "已录入政策，请添加条款及兑现条件。")
            return redirect("policies:policy_detail", pk=policy.pk)
    return render(request, "policies/form.html", {"title": "录入惠企政策", "form": form, "submit": "保存",
                                                  "back": reverse("policies:policy_list")})


def _policy(request, pk) -> Policy:
    return get_object_or_404(_policies(served_park()).select_related("park"), pk=pk)


@login_required
def policy_detail(request, pk):
    """Each clause with its conditions, the enterprises whose figures qualify (免申即享 candidates) with
    those figures, and those the data cannot decide."""
    require(permissions.can_view_policies(request.user))
    policy = _policy(request, pk)
    today = timezone.localdate()
    can_edit = permissions.can_edit_policy(request.user)
    return render(request, "policies/policy_detail.html", {
        "title": policy.name, "policy": policy, "clauses": selectors.policy_matches(policy, as_of=today),
        "today": today, "can_edit": can_edit, "can_apply": permissions.can_apply(request.user),
        "exempt": policy.mode == Mode.EXEMPT, "clause_form": ClauseForm() if can_edit else None,
        "condition_form": ConditionForm() if can_edit else None})


@login_required
@require_POST
def clause_new(request, pk):
    require(permissions.can_edit_policy(request.user))
    policy = _policy(request, pk)
    form = ClauseForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.clause_add(policy=policy, user=request.user, title=data["title"], amount_kind=data["amount_kind"],
                                amount=data["amount"], rate_pct=data["rate_pct"], base_field=data["base_field"],
                                cap=data["cap"], conditions=form.conditions())
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, "已添加条款。")
    else:
        messages.error(request, "请检查条款：" + "；".join(e for errors in form.errors.values() for e in errors))
    return redirect("policies:policy_detail", pk=policy.pk)


def _clause(pk) -> Clause:
    return get_object_or_404(Clause.objects.select_related("policy", "policy__park").filter(
        policy__park=served_park()), pk=pk)


@login_required
@require_POST
def clause_act(request, pk, action):
    """A clause's actions: a condition added or removed; a 免申即享 match confirmed; an application
    registered for an enterprise (the park's clerk, for one the data cannot decide)."""
    clause = _clause(pk)
    user = request.user
    try:
        if action == "condition":
            require(permissions.can_edit_policy(user))
            form = ConditionForm(request.POST)
            if not form.is_valid():
                raise ValidationError("请选择数据项和比较方式。")
            services.condition_add(clause=clause, user=user, field_name=form.cleaned_data["field_name"],
                                   operator=form.cleaned_data["operator"], value=form.cleaned_data["value"])
        elif action == "uncondition":
            require(permissions.can_edit_policy(user))
            condition = get_object_or_404(Condition, pk=request.POST.get("condition") or 0, clause=clause)
            services.condition_remove(condition=condition, user=user)
        elif action in ("confirm", "register"):
            require(permissions.can_apply(user) and not permissions.is_enterprise_user(user))
            enterprise = _enterprise(clause, request.POST.get("enterprise"))
            if action == "confirm":
                services.candidate_confirm(clause=clause, enterprise=enterprise, user=user)
            else:
                services.application_file(clause=clause, enterprise=enterprise, user=user,
                                          note=request.POST.get("note", ""))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已保存。")
    return redirect(reverse("policies:policy_detail", args=[clause.policy_id]) + f"#clause-{clause.pk}")


def _enterprise(clause: Clause, value):
    try:
        wanted = int(value or 0)
    except ValueError:
        raise Http404 from None
    found = selectors.enterprise_of_park(park=clause.policy.park, pk=wanted)
    if found is None:
        raise Http404
    return found


@login_required
def apply(request, pk):
    """An application for a clause: an enterprise's own, from its phone (园企之窗); or the park's clerk
    registering one for an enterprise of the registry (the enterprise's id posted)."""
    require(permissions.can_apply(request.user))
    clause = get_object_or_404(Clause.objects.select_related("policy", "policy__park"), pk=pk,
                               policy__is_active=True)
    if not permissions.is_enterprise_user(request.user):
        if request.method == "POST":
            try:
                services.application_file(clause=clause, enterprise=_enterprise(clause, request.POST.get("enterprise")),
                                          user=request.user, note=request.POST.get("note", ""))
            except ValidationError as error:
                messages.error(request, "；".join(error.messages))
            else:
                messages.success(request, "已登记申请。")
        return redirect(reverse("policies:policy_detail", args=[clause.policy_id]) + f"#clause-{clause.pk}")
    enterprise = selectors.own_enterprise(request.user)
    if enterprise is None or enterprise.park_id != clause.policy.park_id:
        raise Http404
    match = selectors.clause_match(clause, enterprise_id=enterprise.pk, as_of=timezone.localdate())
    form = ApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_file(clause=clause, enterprise=enterprise, user=request.user,
                                      note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已提交申请，园区将于{clause.policy.review_days}个工作日内审核。")
            return redirect("services:mine")
    return render(request, "policies/apply.html", {
        "title": "申请政策兑现", "clause": clause, "match": match, "form": form,
        "amount_text": rules.clause_amount_text(clause)})


@login_required
def application_list(request):
    """The 政策兑现台账 with its lights; an enterprise user sees its own cash-outs here (园企之窗 links it)."""
    require(permissions.can_view_applications(request.user))
    park = served_park()
    filters = FilterForm(request.GET or None)
    today = timezone.localdate()
    applications = selectors.listing(filters.filter(
        permissions.visible_applications(request.user).filter(clause__policy__park=park)))
    rows = selectors.with_lights(applications, today=today)
    if request.GET.get("export") == "xlsx":
        require(permissions.can_export_applications(request.user))
        return export_response(exporters.ledger_xlsx(rows), dated_filename("政策兑现台账", "xlsx"), XLSX_TYPE,
                               what="政策兑现台账")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "policies/application_list.html", {
        "title": "政策兑现", "page": page, "rows": page.object_list, "count": len(rows), "filters": filters,
        "total": selectors.tally(rows), "export_query": export_query(request),
        "for_enterprise": permissions.is_enterprise_user(request.user),
        "can_export": permissions.can_export_applications(request.user)})


def _application(request, pk) -> Application:
    found = get_object_or_404(selectors.listing(Application.objects.filter(clause__policy__park=served_park())), pk=pk)
    require(permissions.can_view_application(request.user, found))
    return found


@login_required
def application_detail(request, pk):
    found = _application(request, pk)
    today = timezone.localdate()
    return render(request, "policies/application_detail.html", {
        "title": f"政策兑现：{found.enterprise}", "app": found, "light": application_light(found, today=today),
        "for_enterprise": permissions.is_enterprise_user(request.user),
        "can_review": permissions.can_review(request.user, found), "can_pay": permissions.can_pay(request.user, found),
        "review_form": ReviewForm(initial={"amount": found.amount}), "pay_form": PayForm(initial={"amount": found.amount}),
        "amount_text": rules.clause_amount_text(found.clause)})


@login_required
@require_POST
def application_act(request, pk, action):
    found = _application(request, pk)
    user = request.user
    try:
        if action in ("approve", "reject"):
            require(permissions.can_review(user, found))
            form = ReviewForm(request.POST)
            if not form.is_valid():
                raise ValidationError("请检查核定金额。")
            services.application_review(application=found, user=user, approve=action == "approve",
                                        amount=form.cleaned_data["amount"], note=form.cleaned_data["note"])
        elif action == "pay":
            require(permissions.can_pay(user, found))
            form = PayForm(request.POST)
            if not form.is_valid():
                raise ValidationError("请检查兑现金额和日期。")
            services.application_pay(application=found, user=user, amount=form.cleaned_data["amount"],
                                     on=form.cleaned_data["paid_on"])
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已保存。")
    return redirect("policies:application_detail", pk=found.pk)


@login_required
def stats(request):
    """兑现率 and average working days, by policy; what each enterprise received by year."""
    require(permissions.can_view_applications(request.user) and not permissions.is_enterprise_user(request.user))
    park = served_park()
    today = timezone.localdate()
    applications = permissions.visible_applications(request.user).filter(clause__policy__park=park)
    rows = selectors.with_lights(selectors.listing(applications), today=today)
    years, received = selectors.received_by_year(applications)
    return render(request, "policies/stats.html", {
        "title": "政策兑现统计", "total": selectors.tally(rows), "by_policy": selectors.tallies_by_policy(rows),
        "years": years, "received": [(r, [r.by_year.get(y) for y in years]) for r in received]})


class PolicyImportView(ImportView):
    title = "导入惠企政策清单"
    form_class = PolicyImportForm
    upload_template = "policies/import.html"
    preview_template = "policies/import_preview.html"
    session_key = "policies_import"

    def allowed(self, user) -> bool:
        return permissions.can_import(user)

    def importer(self, entry: dict) -> PolicyListImporter:
        return PolicyListImporter(park=served_park(), year=timezone.localdate().year)

    def done_url(self, outcome) -> str:
        return reverse("policies:policy_list")


policy_import = PolicyImportView.as_view()
