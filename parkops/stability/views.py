"""信访与平安's pages: thin, each checks the permission, calls a selector or a service, and renders.

A petitioner's name and phone number are printed masked everywhere (core.privacy) except on a case's own
page asked for in full (?show=personal) by one who handles the case; that read is audited."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from parkops.core.exports import XLSX_TYPE, dated_filename, export_response
from parkops.core.import_views import ImportView
from parkops.core.permissions import require
from parkops.core.privacy import mask_name, mask_phone
from parkops.core.versioning import EditConflict
from parkops.core.views import export_query
from parkops.org.services import served_park
from parkops.stability import exporters, permissions, rules, selectors, services
from parkops.stability.choices import CaseStatus
from parkops.stability.forms import (
    CaseFilterForm,
    CaseForm,
    CaseImportForm,
    DisputeForm,
    EntryForm,
    ReplyForm,
    ReviewForm,
    ShiftForm,
)
from parkops.stability.importers import CaseLedgerImporter
from parkops.stability.models import Case, CoverageEntry, Dispute, DutyShift

PER_PAGE = 100


def _tabs(user) -> dict:
    """Which of the module's tabs the user may open: a unit's 填报员 has his cases only."""
    return {"tab_disputes": permissions.can_use_disputes(user), "tab_coverage": permissions.can_use_coverage(user)}


@login_required
def case_list(request):
    """Every case the user may read, each with its light; totals by light on top; filters, export."""
    require(permissions.can_use_cases(request.user))
    park = served_park()
    filters = CaseFilterForm(request.GET or None)
    today = timezone.localdate()
    cases = selectors.case_listing(filters.filter(permissions.visible_cases(request.user).filter(park=park)))
    rows = selectors.with_lights(cases, today=today)
    totals = selectors.light_totals(rows)
    if filters.wanted_light:
        rows = [row for row in rows if row.light.light == filters.wanted_light]
    if request.GET.get("export") == "xlsx":
        require(permissions.can_export(request.user))
        return export_response(exporters.cases_xlsx(rows), dated_filename("信访件办理台账", "xlsx"), XLSX_TYPE,
                               what="信访件办理台账")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "stability/case_list.html", {
        "title": "信访件", "page": page, "rows": [(row, mask_name(row.case.petitioner_name),
                                                 mask_phone(row.case.petitioner_phone)) for row in page.object_list],
        "count": len(rows), "totals": totals, "filters": filters, "export_query": export_query(request),
        "can_add": permissions.can_register(request.user), "can_import": permissions.can_import(request.user),
        "can_export": permissions.can_export(request.user), **_tabs(request.user),
    })


def _visible(request, pk) -> Case:
    case = get_object_or_404(selectors.case_listing(Case.objects.filter(park=served_park())), pk=pk)
    require(permissions.can_view_case(request.user, case))
    return case


@login_required
def case_detail(request, pk):
    case = _visible(request, pk)
    today = timezone.localdate()
    may_see = permissions.can_see_personal(request.user, case)
    show = request.GET.get("show") == "personal"
    if show:
        require(may_see)
        services.personal_shown(case=case, user=request.user, where="信访件详情页")
    can_reply = case.status == CaseStatus.HANDLING and permissions.can_reply(request.user, case)
    can_review = case.status == CaseStatus.REPLIED and permissions.can_review(request.user, case)
    repeats = selectors.repeats_of(case)
    return render(request, "stability/case_detail.html", {
        "title": str(case), "case": case, "light": rules.case_light(case, today=today),
        "clock": rules.clock_label(case.kind, rules.clocks(case.park)[case.kind]), "clock_note": rules.clock_note(case),
        "name": case.petitioner_name if show else mask_name(case.petitioner_name),
        "phone": case.petitioner_phone if show else mask_phone(case.petitioner_phone),
        "shown": show, "may_see": may_see and not show,
        "repeats": [(other, mask_name(other.petitioner_name)) for other in repeats],
        "can_edit": not case.is_closed and permissions.can_register(request.user),
        "reply_form": ReplyForm(initial={"on": today}) if can_reply else None,
        "review_form": ReviewForm(initial={"visited_on": today}) if can_review else None,
    })


@login_required
def case_edit(request, pk=None):
    require(permissions.can_register(request.user))
    park = served_park()
    if pk:
        case = _visible(request, pk)
        require(not case.is_closed)
    else:
        case = Case(park=park)
    form = CaseForm(request.POST or None, instance=case, park=park)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_register(case=form.save(commit=False), user=request.user,
                                          loaded_version=form.loaded_version if pk else None)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已登记：{case}，办理时限{case.due_on:%Y年%-m月%-d日}")
            return redirect("stability:case_detail", pk=case.pk)
    return render(request, "stability/form.html", {
        "title": "修改信访件" if pk else "登记信访件", "form": form, "submit": "保存",
        "back": reverse("stability:case_detail", args=[pk]) if pk else reverse("stability:case_list")})


@login_required
@require_POST
def case_reply(request, pk):
    case = _visible(request, pk)
    require(permissions.can_reply(request.user, case))
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.case_reply(case=case, reply=form.cleaned_data["reply"], on=form.cleaned_data["on"],
                                user=request.user)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, "已登记办理结果，待回访。")
    else:
        messages.error(request, "请填写办理结果和答复日期。")
    return redirect("stability:case_detail", pk=case.pk)


@login_required
@require_POST
def case_review(request, pk):
    case = _visible(request, pk)
    require(permissions.can_review(request.user, case))
    form = ReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.case_review(case=case, visited_on=data["visited_on"], satisfaction=data["satisfaction"],
                                 user=request.user, close=data["outcome"] == "close")
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, "已回访并办结。" if data["outcome"] == "close" else "已退回承办单位重办。")
    else:
        messages.error(request, "请填写回访日期和满意度。")
    return redirect("stability:case_detail", pk=case.pk)


@login_required
def repeats(request):
    """Cases from the same person or about the same place, grouped (重复件)."""
    require(permissions.can_use_cases(request.user))
    cases = selectors.case_listing(permissions.visible_cases(request.user).filter(park=served_park()))
    groups = selectors.repeat_groups(cases.order_by("received_on", "pk"))
    return render(request, "stability/repeats.html", {"title": "重复件", **_tabs(request.user), "groups": [
        (group, group.by_label, mask_phone(group.key) if group.by == "person" and group.key.isdigit()
         else (mask_name(group.key) if group.by == "person" else group.key)) for group in groups]})


class CaseImportView(ImportView):
    """信访件、12345工单 ledgers in the layouts kept, previewed, then written all at once."""

    title = "导入信访件、12345工单台账"
    form_class = CaseImportForm
    upload_template = "stability/import.html"
    preview_template = "stability/import_preview.html"
    session_key = "stability_case_import"

    def allowed(self, user) -> bool:
        return permissions.can_import(user)

    def importer(self, entry: dict) -> CaseLedgerImporter:
        return CaseLedgerImporter(park=served_park())

    def done_url(self, outcome) -> str:
        return reverse("stability:case_list")


case_import = CaseImportView.as_view()


# --- disputes and duty ----------------------------------------------------------------------------


@login_required
def dispute_list(request):
    require(permissions.can_use_disputes(request.user))
    disputes = Dispute.objects.filter(park=served_park()).select_related("mediator")
    page = Paginator(disputes, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "stability/dispute_list.html", {
        "title": "矛盾纠纷", "page": page, "totals": selectors.dispute_totals(disputes),
        "can_edit": permissions.can_edit_disputes(request.user), **_tabs(request.user)})


@login_required
def dispute_edit(request, pk=None):
    require(permissions.can_edit_disputes(request.user))
    park = served_park()
    dispute = get_object_or_404(Dispute, pk=pk, park=park) if pk else Dispute(park=park)
    form = DisputeForm(request.POST or None, instance=dispute, park=park)
    if request.method == "POST" and form.is_valid():
        try:
            services.dispute_save(dispute=form.save(commit=False), user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "已保存矛盾纠纷。")
            return redirect("stability:dispute_list")
    return render(request, "stability/form.html", {"title": "登记调解结果" if pk else "登记矛盾纠纷", "form": form,
                                                   "submit": "保存", "back": reverse("stability:dispute_list")})


@login_required
def duty(request):
    require(permissions.can_use_disputes(request.user))
    park = served_park()
    can_edit = permissions.can_edit_disputes(request.user)
    form = ShiftForm(request.POST or None, instance=DutyShift(park=park))
    if request.method == "POST":
        require(can_edit)
        if form.is_valid():
            try:
                services.shift_save(shift=form.save(commit=False), user=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "已登记值班安排。")
                return redirect("stability:duty")
    today = timezone.localdate()
    return render(request, "stability/duty.html", {
        "title": "值班安排", "shifts": DutyShift.objects.filter(park=park).order_by("-on")[:200], "today": today,
        "form": form, "can_edit": can_edit, **_tabs(request.user)})


# --- party coverage -------------------------------------------------------------------------------


@login_required
def coverage(request):
    """The campaign's figures (摸排、攻坚对象、已覆盖、单建、联合), its rate over time, and the surveyed list."""
    require(permissions.can_use_coverage(request.user))
    park = served_park()
    today = timezone.localdate()
    campaign = selectors.current_campaign(park=park)
    context = {"title": "两个覆盖", "campaign": campaign, "can_edit": permissions.can_edit_coverage(request.user),
               **_tabs(request.user)}
    if campaign is not None:
        entries = list(campaign.entries.select_related("enterprise"))
        wanted = request.GET.get("show", "")
        shown = [e for e in entries if wanted == "" or (wanted == "target" and e.is_target and not e.is_covered)
                 or (wanted == "covered" and e.is_covered)]
        context.update({
            "figures": selectors.coverage_figures(campaign, on=today, entries=entries),
            "over_time": selectors.coverage_over_time(campaign, until=today),
            "page": Paginator(shown, PER_PAGE).get_page(request.GET.get("page")), "show": wanted,
        })
    return render(request, "stability/coverage.html", context)


@login_required
def entry_edit(request, pk):
    require(permissions.can_edit_coverage(request.user))
    entry = get_object_or_404(CoverageEntry, pk=pk, campaign__park=served_park())
    form = EntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_save(entry=form.save(commit=False), user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已保存：{entry.enterprise_name}")
            return redirect("stability:coverage")
    return render(request, "stability/form.html", {"title": f"两个覆盖：{entry.enterprise_name}", "form": form,
                                                   "submit": "保存", "back": reverse("stability:coverage")})
