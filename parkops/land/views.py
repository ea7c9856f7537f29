"""土地与厂房's pages: thin, each checks the permission, calls a selector or a service, and renders."""

from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from parkops.core.exports import XLSX_TYPE, dated_filename, export_response
from parkops.core.formatting import share_pct
from parkops.core.import_views import ImportView
from parkops.core.permissions import require
from parkops.core.versioning import EditConflict
from parkops.core.views import export_query
from parkops.land import exporters, permissions, selectors, services
from parkops.land.choices import UseStatus
from parkops.land.forms import (
    BoardFilterForm,
    BuildingForm,
    CaseForm,
    CloseForm,
    FilterForm,
    GiveUpForm,
    LeaseForm,
    LedgerImportForm,
    OutlineForm,
    ParcelForm,
    PlanUploadForm,
    StepForm,
    UnitForm,
)
from parkops.land.importers import LandLedgerImporter
from parkops.land.lights import case_light
from parkops.land.models import (
    Building,
    DisposalCase,
    DisposalStep,
    FactoryUnit,
    Lease,
    Parcel,
    RevitaliseTarget,
)
from parkops.land.plans import FILLS, points_text
from parkops.land.rules import equivalent_mu, supply_state
from parkops.org.services import served_park

PER_PAGE = 100


@login_required
def parcel_list(request):
    """Every parcel with its use status by rule, the totals by status on top; filters, export."""
    require(permissions.can_use_land(request.user))
    park = served_park()
    filters = FilterForm(request.GET or None)
    parcels = selectors.parcel_listing(filters.filter(permissions.visible_parcels(request.user).filter(park=park)))
    today = timezone.localdate()
    rows = selectors.with_findings(parcels, today=today, park=park)
    totals = selectors.status_totals(rows)
    supply_totals = selectors.supply_totals(rows)
    if filters.wanted_status:
        rows = [row for row in rows if row.finding.status == filters.wanted_status]
    if filters.wanted_supply:
        rows = [row for row in rows if row.supply == filters.wanted_supply]
    if request.GET.get("export") == "xlsx":
        require(permissions.can_export(request.user))
        return export_response(exporters.ledger_xlsx(rows), dated_filename("低效闲置工业用地处置台账", "xlsx"), XLSX_TYPE,
                               what="低效闲置工业用地处置台账")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "land/parcel_list.html", {
        "title": "土地与厂房", "page": page, "rows": page.object_list, "count": len(rows),
        "total_mu": sum((Decimal(r.parcel.area_mu) for r in rows), Decimal(0)), "totals": totals,
        "supply_totals": supply_totals,
        "filters": filters, "export_query": export_query(request), "today": today,
        "can_add": permissions.can_add_parcel(request.user), "can_import": permissions.can_import(request.user),
    })


def _visible(request, pk) -> Parcel:
    parcel = get_object_or_404(selectors.parcel_listing(Parcel.objects.all()), pk=pk)
    require(permissions.can_view_parcel(request.user, parcel))
    return parcel


@login_required
def parcel_detail(request, pk):
    parcel = _visible(request, pk)
    today = timezone.localdate()
    case = getattr(parcel, "case", None)
    steps = list(case.steps.all()) if case else []
    finding = selectors.finding_for(parcel, today=today)
    park_plan = selectors.park_plan(park=parcel.park) if permissions.can_see_plan(request.user) else None
    return render(request, "land/parcel_detail.html", {
        "title": str(parcel), "parcel": parcel, "finding": finding,
        "supply": supply_state(parcel, today),
        "plan": park_plan, "stroke": _stroke(park_plan),
        "outline": points_text(parcel.outline), "fill": FILLS[finding.colour],
        "case": case, "steps": steps, "light": case_light(case, today=today, steps=steps) if case else None,
        "can_edit": permissions.can_edit_parcel(request.user, parcel),
        "can_delete": permissions.can_manage_land(request.user),
        "can_open": case is None and permissions.can_open_case(request.user),
        "can_work": case is not None and not case.is_closed and permissions.can_work_case(request.user, case),
        "can_close": case is not None and not case.is_closed and permissions.can_close_case(request.user, case),
        "step_form": StepForm(),
    })


@login_required
def parcel_edit(request, pk=None):
    if pk:
        parcel = _visible(request, pk)
        require(permissions.can_edit_parcel(request.user, parcel))
    else:
        require(permissions.can_add_parcel(request.user))
        parcel = Parcel(park=served_park())
    form = ParcelForm(request.POST or None, instance=parcel)
    if request.method == "POST" and form.is_valid():
        try:
            parcel = services.parcel_save(parcel=form.save(commit=False), user=request.user,
                                          loaded_version=form.loaded_version if pk else None)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已保存：{parcel}")
            return redirect("land:parcel_detail", pk=parcel.pk)
    return render(request, "land/form.html", {"title": "编辑宗地" if pk else "登记宗地", "form": form,
                                              "back": reverse("land:parcel_detail", args=[pk]) if pk else
                                              reverse("land:parcel_list"), "submit": "保存"})


@login_required
def case_edit(request, pk):
    """Open the parcel's case (the supervisor) or record its progress (also the responsible unit)."""
    parcel = _visible(request, pk)
    case = getattr(parcel, "case", None)
    if case is None:
        require(permissions.can_open_case(request.user))
        case = DisposalCase(parcel=parcel)
        services.ensure_methods(parcel.park)
    else:
        require(permissions.can_work_case(request.user, case))
    own_unit = None if permissions.can_close_case(request.user) else request.user.unit
    form = CaseForm(request.POST or None, instance=case, park=parcel.park, own_unit=own_unit)
    if request.method == "POST" and form.is_valid():
        try:
            case = form.save(commit=False)
            if form.cleaned_data.get("new_method"):
                case.method = services.method_for_name(parcel.park, form.cleaned_data["new_method"], user=request.user)
            services.case_save(case=case, user=request.user,
                               loaded_version=form.loaded_version if case.pk else None)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "已保存处置台账。")
            return redirect("land:parcel_detail", pk=parcel.pk)
    return render(request, "land/form.html", {"title": f"处置台账：{parcel}", "form": form, "submit": "保存",
                                              "back": reverse("land:parcel_detail", args=[parcel.pk])})


@login_required
@require_POST
def step_add(request, pk):
    parcel = _visible(request, pk)
    case = getattr(parcel, "case", None)
    require(case is not None and permissions.can_work_case(request.user, case))
    form = StepForm(request.POST, instance=DisposalStep(case=case))
    if form.is_valid():
        try:
            services.step_save(step=form.save(commit=False), user=request.user)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, "已登记处置步骤。")
    else:
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("land:parcel_detail", pk=parcel.pk)


@login_required
@require_POST
def step_done(request, pk, step_pk):
    parcel = _visible(request, pk)
    step = get_object_or_404(DisposalStep, pk=step_pk, case__parcel=parcel)
    require(permissions.can_work_case(request.user, step.case))
    step.done_on = timezone.localdate()
    try:
        services.step_save(step=step, user=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("land:parcel_detail", pk=parcel.pk)


@login_required
def case_close(request, pk):
    parcel = _visible(request, pk)
    case = getattr(parcel, "case", None)
    require(case is not None and permissions.can_close_case(request.user, case))
    form = CloseForm(request.POST or None, park=parcel.park,
                     initial={"on": timezone.localdate(), "revitalised_mu": parcel.area_mu})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_close(case=case, on=data["on"], revitalised_mu=data["revitalised_mu"], user=request.user,
                                result=data["result"], credit_code=data["credit_code"],
                                enterprise_name=data["enterprise_name"], project=data["project"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已办结：盘活{data['revitalised_mu']}亩。")
            return redirect("land:parcel_detail", pk=parcel.pk)
    return render(request, "land/form.html", {"title": f"办结处置：{parcel}", "form": form, "submit": "办结",
                                              "back": reverse("land:parcel_detail", args=[parcel.pk])})


@login_required
def board(request):
    """The 处置台账 by method, each case with its light; the count of each light on top."""
    require(permissions.can_use_cases(request.user))
    park = served_park()
    filters = BoardFilterForm(request.GET or None)
    light = filters.cleaned_data.get("light", "") if filters.is_valid() else ""
    columns, counts = selectors.disposal_board(permissions.visible_cases(request.user).filter(parcel__park=park),
                                               park=park, today=timezone.localdate(), light=light)
    candidates = (selectors.reclamation_candidates(park=park, today=timezone.localdate())
                  if permissions.can_manage_land(request.user) else [])
    return render(request, "land/board.html", {"title": "处置台账", "columns": columns, "counts": counts,
                                               "filters": filters, "light": light, "candidates": candidates})


@login_required
def leader(request):
    """The leader's phone view: this year's 盘活 against the target, by method, the cases behind it."""
    require(permissions.can_use_cases(request.user))
    park = served_park()
    today = timezone.localdate()
    year = today.year
    cases = selectors.revitalised_cases(park=park, start=date(year, 1, 1), end=today)
    done = sum((Decimal(c.revitalised_mu or 0) for c in cases), Decimal(0))
    target = RevitaliseTarget.objects.filter(park=park, year=year).first()
    elapsed = share_pct(Decimal(today.timetuple().tm_yday), Decimal(366 if year % 4 == 0 else 365))
    open_rows = [row for row in selectors.with_lights(
        permissions.visible_cases(request.user).filter(parcel__park=park, closed_on__isnull=True), today=today)
        if row.light.light in ("overdue", "behind")]
    rows = selectors.with_findings(selectors.parcel_listing(permissions.visible_parcels(request.user).filter(park=park)),
                                   today=today, park=park)
    stock = [total for total in selectors.status_totals(rows) if total.status in (UseStatus.IDLE, UseStatus.INEFFICIENT)]
    factory_sqm = (sum((lease.area for lease in selectors.leases_started(park=park, start=date(year, 1, 1), end=today)),
                       Decimal(0)) if permissions.can_use_factories(request.user) else None)
    return render(request, "land/leader.html", {
        "title": f"{year}年土地盘活", "year": year, "done": done, "target": target, "cases": cases,
        "stock": stock, "supply": selectors.supply_totals(rows), "factory_sqm": factory_sqm,
        "share": share_pct(done, target.target_mu) if target else None, "elapsed": elapsed,
        "by_method": selectors.revitalised_by_method(cases), "late": open_rows, "today": today,
        "can_set_target": permissions.can_close_case(request.user),
    })


@login_required
@require_POST
def target_set(request):
    require(permissions.can_close_case(request.user))
    try:
        services.target_set(park=served_park(), year=timezone.localdate().year,
                            target_mu=Decimal(request.POST.get("target_mu") or "0"), user=request.user)
    except (ValidationError, ArithmeticError, ValueError) as error:
        messages.error(request, "；".join(getattr(error, "messages", ["请填写盘活目标（亩）。"])))
    return redirect("land:leader")


class LedgerImportView(ImportView):
    """The 低效闲置工业用地处置台账 in the layouts parks keep, previewed, then written all at once."""

    title = "导入低效闲置工业用地处置台账"
    form_class = LedgerImportForm
    upload_template = "land/import.html"
    preview_template = "land/import_preview.html"
    session_key = "land_ledger_import"

    def allowed(self, user) -> bool:
        return permissions.can_import(user)

    def importer(self, entry: dict) -> LandLedgerImporter:
        return LandLedgerImporter(park=served_park())

    def done_url(self, outcome) -> str:
        return reverse("land:parcel_list")


ledger_import = LedgerImportView.as_view()


# --- standard factories ---------------------------------------------------------------------------


@login_required
def factory_list(request):
    """The park's standard factories with the space let today and the vacancy rate."""
    require(permissions.can_use_factories(request.user))
    rows = selectors.buildings_on(Building.objects.filter(park=served_park()), on=timezone.localdate())
    area, let, vacancy = selectors.factory_totals(rows)
    return render(request, "land/factory_list.html", {
        "title": "标准厂房", "rows": rows, "area": area, "let": let, "vacancy": vacancy,
        "can_edit": permissions.can_edit_factories(request.user)})


@login_required
def building_detail(request, pk):
    require(permissions.can_use_factories(request.user))
    building = get_object_or_404(Building.objects.filter(park=served_park()), pk=pk)
    today = timezone.localdate()
    [row] = selectors.buildings_on(Building.objects.filter(pk=building.pk), on=today)
    can_edit = permissions.can_edit_factories(request.user)
    form = LeaseForm(request.POST or None, instance=Lease(building=building))
    if request.method == "POST":
        require(can_edit)
        if form.is_valid():
            try:
                lease = services.lease_save(lease=form.save(commit=False), units=form.units, user=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"已登记租约：{lease.tenant_name}")
                return redirect("land:building_detail", pk=building.pk)
    ever_let = set(FactoryUnit.objects.filter(building=building, leases__isnull=False).values_list("pk", flat=True))
    leases = [(lease, equivalent_mu(lease.area, building.plot_ratio), lease.in_force(today))
              for lease in building.leases.select_related("enterprise").prefetch_related("units")
              .order_by("-starts_on", "pk")]
    return render(request, "land/building_detail.html", {
        "title": str(building), "building": building, "row": row, "leases": leases, "form": form,
        "unit_rows": [(unit, next((lease.tenant_name for lease in row.in_force if unit in lease.units.all()), ""),
                       unit.pk not in ever_let) for unit in row.units],
        "unit_form": UnitForm(prefix="unit"), "can_edit": can_edit,
        "give_up_form": GiveUpForm(auto_id=False, initial={"on": today})})


@login_required
@require_POST
def unit_add(request, pk):
    """划分单元: a unit of space on a floor of the building, let from then on unit by unit."""
    require(permissions.can_edit_factories(request.user))
    building = get_object_or_404(Building.objects.filter(park=served_park()), pk=pk)
    form = UnitForm(request.POST, prefix="unit", instance=FactoryUnit(building=building))
    if form.is_valid():
        try:
            unit = services.unit_save(unit=form.save(commit=False), user=request.user)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"已划分单元：{unit.number}")
    else:
        messages.error(request, "；".join(f"{form.fields[name].label if name in form.fields else ''}{message}"
                                         for name, errors in form.errors.items() for message in errors))
    return redirect("land:building_detail", pk=pk)


@login_required
def building_edit(request, pk=None):
    require(permissions.can_edit_factories(request.user))
    building = get_object_or_404(Building.objects.filter(park=served_park()), pk=pk) if pk else \
        Building(park=served_park())
    form = BuildingForm(request.POST or None, instance=building)
    if request.method == "POST" and form.is_valid():
        try:
            building = services.building_save(building=form.save(commit=False), user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("land:building_detail", pk=building.pk)
    return render(request, "land/form.html", {"title": "编辑厂房" if pk else "登记标准厂房", "form": form,
                                              "submit": "保存", "back": reverse("land:factory_list")})


@login_required
@require_POST
def unit_delete(request, pk, unit_pk):
    require(permissions.can_edit_factories(request.user))
    unit = get_object_or_404(FactoryUnit, pk=unit_pk, building_id=pk, building__park=served_park())
    try:
        services.unit_delete(unit=unit, user=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已删除单元：{unit.number}")
    return redirect("land:building_detail", pk=pk)


@login_required
@require_POST
def lease_give_up(request, pk, lease_pk):
    require(permissions.can_edit_factories(request.user))
    lease = get_object_or_404(Lease, pk=lease_pk, building_id=pk, building__park=served_park())
    form = GiveUpForm(request.POST)
    if form.is_valid():
        try:
            services.lease_give_up(lease=lease, on=form.cleaned_data["on"], user=request.user)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
    return redirect("land:building_detail", pk=pk)


# --- the park's plan -------------------------------------------------------------------------------


@login_required
def plan(request):
    """宗地分布图: every parcel the user sees, drawn on the park's plan in its light's colour; the
    committee uploads the plan here."""
    require(permissions.can_see_plan(request.user))
    park = served_park()
    can_upload = permissions.can_upload_plan(request.user)
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        require(can_upload)
        if form.is_valid():
            try:
                services.plan_upload(park=park, upload=form.cleaned_data["file"], user=request.user)
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(request, "已上传园区平面图")
                return redirect("land:plan")
    parcels = selectors.parcel_listing(permissions.visible_parcels(request.user).filter(park=park))
    rows = selectors.with_findings(parcels, today=timezone.localdate(), park=park)
    shapes = selectors.plan_shapes(rows)
    park_plan = selectors.park_plan(park=park)
    return render(request, "land/plan.html", {
        "title": "宗地分布图", "plan": park_plan, "shapes": shapes, "stroke_width": _stroke(park_plan),
        "font_size": _stroke(park_plan) * 8,
        "undrawn": len(rows) - len(shapes), "totals": selectors.status_totals([s.row for s in shapes]),
        "form": form, "can_upload": can_upload})


@login_required
def plan_image(request):
    require(permissions.can_see_plan(request.user))
    park_plan = selectors.park_plan(park=served_park())
    if park_plan is None or not park_plan.image:
        raise Http404
    kind = "image/png" if park_plan.image.name.endswith(".png") else "image/jpeg"
    return FileResponse(park_plan.image.open("rb"), content_type=kind)


@login_required
def parcel_outline(request, pk):
    """Draw (click point by point) or type a parcel's outline on the park's plan."""
    parcel = _visible(request, pk)
    require(permissions.can_edit_parcel(request.user, parcel))
    park_plan = selectors.park_plan(park=parcel.park)
    form = OutlineForm(request.POST or None, initial={"points": points_text(parcel.outline)})
    if request.method == "POST" and park_plan is not None and form.is_valid():
        try:
            services.parcel_outline_set(parcel=parcel, points=form.cleaned_data["points"], user=request.user)
        except ValidationError as error:
            form.add_error("points", error)
        else:
            messages.success(request, "已保存宗地轮廓" if parcel.outline else "已清除宗地轮廓")
            return redirect("land:parcel_detail", pk=parcel.pk)
    return render(request, "land/parcel_outline.html", {
        "title": f"绘制宗地轮廓：{parcel.location}", "parcel": parcel, "plan": park_plan, "form": form,
        "stroke": _stroke(park_plan)})


def _stroke(park_plan) -> int:
    """A line a few pixels wide on screen, whatever the plan's size."""
    return max(2, max(park_plan.width, park_plan.height) // 300) if park_plan else 2
