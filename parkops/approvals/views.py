"""审批代办's pages: thin, each checks the permission, calls a selector or a service, and renders."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from parkops.approvals import exporters, permissions, rules, selectors, services
from parkops.approvals.forms import ActForm, CaseFilterForm, CaseForm, CloseForm, PowerForm, PowerImportForm
from parkops.approvals.importers import PowerListImporter
from parkops.approvals.models import ApprovalCase, Power, Step
from parkops.core.exports import XLSX_TYPE, dated_filename, export_response
from parkops.core.import_views import ImportView
from parkops.core.permissions import require
from parkops.core.views import export_query
from parkops.org.services import served_park

PER_PAGE = 100


def _nav(user) -> dict:
    return {"can_use_powers": permissions.can_use_powers(user), "in_office": permissions.in_the_park_office(user)}


# --- 赋权清单 ----------------------------------------------------------------------------------------------


@login_required
def power_list(request):
    if request.GET.get("export"):
        require(permissions.can_export_powers(request.user))
    require(permissions.can_use_powers(request.user))
    park = served_park()
    powers = selectors.power_listing(permissions.visible_powers(request.user).filter(park=park))
    if request.GET.get("export") == "xlsx":
        return export_response(exporters.powers_xlsx(powers), dated_filename("赋权清单", "xlsx"), XLSX_TYPE,
                               what="赋权清单")
    powers = list(powers)
    return render(request, "approvals/power_list.html", {
        "title": "赋权清单", "powers": powers, **_nav(request.user),
        "can_add": permissions.can_add_power(request.user), "can_import": permissions.can_import_powers(request.user),
        "can_export": permissions.can_export_powers(request.user),
    })


@login_required
def power_detail(request, pk):
    power = get_object_or_404(selectors.power_listing(Power.objects.filter(park=served_park())), pk=pk)
    require(permissions.can_view_power(request.user, power))
    return render(request, "approvals/power_detail.html", {
        "title": f"赋权事项：{power.name}", "power": power, "changes": power.mode_changes.select_related("user"),
        "can_edit": permissions.can_edit_power(request.user, power), **_nav(request.user)})


@login_required
def power_edit(request, pk=None):
    park = served_park()
    if pk is None:
        require(permissions.can_add_power(request.user))
        power = Power(park=park)
    else:
        power = get_object_or_404(Power.objects.filter(park=park), pk=pk)
        require(permissions.can_edit_power(request.user, power))
    form = PowerForm(request.POST or None, instance=power, park=park)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.power_save(power=form.instance, user=request.user,
                                        mode_on=form.cleaned_data.get("mode_on"),
                                        mode_reason=form.cleaned_data.get("mode_reason", ""))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "已保存赋权事项。")
            return redirect("approvals:power_detail", pk=saved.pk)
    back = reverse("approvals:power_detail", args=[pk]) if pk else reverse("approvals:power_list")
    return render(request, "approvals/form.html", {"title": "修改赋权事项" if pk else "新增赋权事项", "form": form,
                                                   "submit": "保存", "back": back})


class PowerImportView(ImportView):
    title = "导入赋权清单"
    form_class = PowerImportForm
    upload_template = "approvals/import.html"
    preview_template = "approvals/import_preview.html"
    session_key = "approvals_power_import"

    def allowed(self, user) -> bool:
        return permissions.can_import_powers(user)

    def importer(self, entry: dict) -> PowerListImporter:
        return PowerListImporter(park=served_park())

    def done_url(self, outcome) -> str:
        return reverse("approvals:power_list")


power_import = PowerImportView.as_view()


# --- cases ----------------------------------------------------------------------------------------------


@login_required
def case_list(request):
    """Every case the user may see, each with its light on its working-day clock; filters, export."""
    if request.GET.get("export"):
        require(permissions.can_export_cases(request.user))
    # An enterprise user reads its own enterprise's cases here too (the matrix scopes the list).
    require(permissions.can_use_cases(request.user))
    park = served_park()
    filters = CaseFilterForm(request.GET or None, park=park)
    today = timezone.localdate()
    cases = selectors.listing(filters.filter(permissions.visible_cases(request.user).filter(park=park)))
    rows = selectors.with_clocks(cases, today=today)
    if filters.wanted_light:
        rows = [row for row in rows if row.clock.light == filters.wanted_light]
    if request.GET.get("export") == "xlsx":
        return export_response(exporters.cases_xlsx(rows), dated_filename("审批案件台账", "xlsx"), XLSX_TYPE,
                               what="审批案件台账")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "approvals/case_list.html", {
        "title": "并联审批", "page": page, "rows": page.object_list, "count": len(rows), "filters": filters,
        "total": selectors.total(rows), "export_query": export_query(request), **_nav(request.user),
        "can_open": permissions.can_open_case(request.user), "can_export": permissions.can_export_cases(request.user),
    })


@login_required
def case_new(request):
    require(permissions.can_open_case(request.user))
    park = served_park()
    form = CaseForm(request.POST or None, park=park, initial={"agent": request.user.pk})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_open(
                park=park, user=request.user, title=data.get("title", ""), power=data.get("power"),
                enterprise=data.get("enterprise"), enterprise_name=data.get("enterprise_name", ""),
                agent=data.get("agent"), filed_on=data.get("filed_on"), limit_days=data.get("limit_days"),
                steps=[services.StepPlan(unit=unit, name=name, limit_days=limit, position=position)
                       for unit, name, limit, position in data["steps"]])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "已受理审批申请，各部门环节已开始计时。")
            return redirect("approvals:case_detail", pk=case.pk)
    return render(request, "approvals/case_form.html", {"title": "受理审批申请", "form": form,
                                                        "back": reverse("approvals:case_list")})


def _visible_case(request, pk) -> ApprovalCase:
    case = get_object_or_404(selectors.listing(ApprovalCase.objects.all()), pk=pk)
    require(permissions.can_view_case(request.user, case))
    return case


@login_required
def case_detail(request, pk):
    """A case with each department's step on its own clock; an enterprise user reads its own (services'
    confinement lets it reach this page, and the matrix keeps it to its own enterprise's cases)."""
    case = _visible_case(request, pk)
    user = request.user
    today = timezone.localdate()
    clock = rules.case_clock(case, today=today)
    for_enterprise = permissions.is_enterprise_user(user)
    steps = [{"step": step, "clock": step_clock, "can_handle": not for_enterprise and permissions.can_handle(user, step)}
             for step, step_clock in clock.steps]
    return render(request, "approvals/case_detail.html", {
        "title": f"审批案件：{case.title}", "case": case, "clock": clock, "steps": steps, "today": today,
        "events": case.events.select_related("user", "step", "step__unit"), "for_enterprise": for_enterprise,
        "can_close": not for_enterprise and permissions.can_close(user, case), "act_form": ActForm(),
        "close_form": CloseForm(), **_nav(user),
    })


STEP_ACTIONS = {"pause", "resume", "complete"}


@login_required
@require_POST
def step_act(request, pk, action):
    """补正, 补齐 and 环节办结, each behind the step's permission; back to the case's page."""
    if action not in STEP_ACTIONS:
        raise Http404
    step = get_object_or_404(Step.objects.select_related("case"), pk=pk)
    require(permissions.can_view_case(request.user, step.case) and permissions.can_handle(request.user, step))
    form = ActForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    on = form.cleaned_data.get("on") if form.is_valid() else None
    try:
        if action == "pause":
            services.step_pause(step=step, reason=text, user=request.user, on=on)
        elif action == "resume":
            services.step_resume(step=step, user=request.user, on=on)
        else:
            services.step_complete(step=step, result=text, user=request.user, on=on)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已保存。")
    return redirect("approvals:case_detail", pk=step.case_id)


@login_required
@require_POST
def case_close(request, pk):
    case = _visible_case(request, pk)
    require(permissions.can_close(request.user, case))
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写出具的文书名称。")
        return redirect("approvals:case_detail", pk=case.pk)
    try:
        services.case_close(case=case, document_name=form.cleaned_data["document_name"],
                            document_number=form.cleaned_data["document_number"], user=request.user,
                            on=form.cleaned_data.get("on"))
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "案件已办结。")
    return redirect("approvals:case_detail", pk=case.pk)


@login_required
def agenda(request):
    """周二并联审批日: the cases due by that day and those accepted since the last one."""
    require(permissions.in_the_park_office(request.user))
    today = timezone.localdate()
    day = None
    if request.GET.get("day"):
        try:
            day = date.fromisoformat(request.GET["day"])
        except ValueError:
            day = None
    found = selectors.agenda(permissions.visible_cases(request.user).filter(park=served_park()), today=today, day=day)
    return render(request, "approvals/agenda.html", {
        "title": "周二并联审批日", "agenda": found, "note": rules.joint_day_note(found.day), **_nav(request.user)})


@login_required
def stats(request):
    """Cases, on-time rate and average working days per power and per department."""
    require(permissions.in_the_park_office(request.user))
    rows = selectors.with_clocks(selectors.listing(permissions.visible_cases(request.user).filter(park=served_park())),
                                 today=timezone.localdate())
    return render(request, "approvals/stats.html", {
        "title": "审批办理统计", "total": selectors.total(rows), "by_power": selectors.tallies_by_power(rows),
        "by_unit": selectors.tallies_by_unit(rows), **_nav(request.user)})
