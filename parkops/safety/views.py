"""安全生产's pages: thin, each checks the permission, calls a selector or a service, and renders."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from parkops.core.exports import XLSX_TYPE, dated_filename, export_response
from parkops.core.import_views import ImportView
from parkops.core.permissions import require
from parkops.core.replica import replica_reads
from parkops.core.views import export_query
from parkops.org.services import served_park
from parkops.safety import exporters, permissions, rules, selectors, services
from parkops.safety.choices import Level, PhotoStage, Status
from parkops.safety.forms import (
    AttendanceForm,
    FilterForm,
    HazardForm,
    InspectionForm,
    IssueForm,
    LedgerImportForm,
    NoteForm,
    PhotoForm,
    RecheckForm,
    ReportForm,
    TrainingForm,
)
from parkops.safety.importers import HazardLedgerImporter
from parkops.safety.lights import hazard_light
from parkops.safety.models import Attendance, Hazard, HazardPhoto, Inspection, TrainingSession

PER_PAGE = 100


def _errors(request, error: ValidationError) -> None:
    messages.error(request, "；".join(error.messages))


def _form_errors(request, form) -> None:
    messages.error(request, "；".join(f"{form.fields[k].label if k in form.fields else ''}{e}"
                                     for k, errors in form.errors.items() for e in errors))


@login_required
def hazard_list(request):
    """Every hazard the user may see with its light; filters; the ledger as .xlsx."""
    require(permissions.can_use_safety(request.user))
    park = served_park()
    today = timezone.localdate()
    filters = FilterForm(request.GET or None)
    hazards = filters.filter(selectors.hazard_listing(permissions.visible_hazards(request.user).filter(park=park)),
                             today=today)
    if request.GET.get("export") == "xlsx":
        require(permissions.can_export(request.user))
        rows = selectors.with_lights(hazards.order_by("found_on", "pk"), today=today)
        return export_response(exporters.ledger_xlsx(rows), dated_filename("隐患排查整改台账", "xlsx"), XLSX_TYPE,
                               what="隐患排查整改台账")
    page = Paginator(hazards, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "safety/hazard_list.html", {
        "title": "隐患排查治理", "page": page, "rows": selectors.with_lights(page.object_list, today=today),
        "count": page.paginator.count, "filters": filters, "export_query": export_query(request),
        "can_add": permissions.can_add_hazard(request.user), "can_import": permissions.can_import(request.user),
        "can_export": permissions.can_export(request.user),
    })


def _visible(request, pk) -> Hazard:
    hazard = get_object_or_404(selectors.hazard_listing(Hazard.objects.filter(park=served_park())), pk=pk)
    require(permissions.can_view_hazard(request.user, hazard))
    return hazard


@login_required
def hazard_detail(request, pk):
    hazard = _visible(request, pk)
    today = timezone.localdate()
    can_review = permissions.can_review(request.user, hazard)
    can_rectify = permissions.can_rectify(request.user, hazard)
    photos = list(hazard.photos.all())
    return render(request, "safety/hazard_detail.html", {
        "title": str(hazard), "hazard": hazard, "light": hazard_light(hazard, today=today),
        "steps": list(hazard.steps.select_related("by")),
        "before": [p for p in photos if p.stage == PhotoStage.BEFORE],
        "after": [p for p in photos if p.stage == PhotoStage.AFTER],
        "can_edit": can_review and hazard.is_open,
        "can_issue": can_review and hazard.status == Status.REGISTERED,
        "can_start": can_rectify and hazard.status == Status.ISSUED,
        "can_report": can_rectify and hazard.status in (Status.ISSUED, Status.RECTIFYING),
        "can_recheck": can_review and hazard.status == Status.AWAITING_RECHECK,
        "can_list": can_review and hazard.is_open and hazard.level == Level.MAJOR and not hazard.listed_on,
        "can_photo": can_rectify and hazard.is_open,
        "issue_form": IssueForm(initial={"measures": hazard.measures, "deadline": hazard.deadline,
                                         "responsible_person": hazard.responsible_person}),
        "report_form": ReportForm(initial={"rectified_on": today}), "recheck_form": RecheckForm(),
        "note_form": NoteForm(), "photo_form": PhotoForm(),
    })


@login_required
def hazard_create(request):
    require(permissions.can_add_hazard(request.user))
    park = served_park()
    inspection = None
    if request.GET.get("inspection") or request.POST.get("inspection"):
        inspection = get_object_or_404(Inspection.objects.filter(park=park),
                                       pk=request.GET.get("inspection") or request.POST.get("inspection"))
    hazard = Hazard(park=park, inspection=inspection, enterprise=inspection.enterprise if inspection else None,
                    enterprise_name=inspection.place_name if inspection else "",
                    responsible_unit=inspection.unit if inspection else None,
                    found_on=inspection.inspected_on if inspection else timezone.localdate())
    form = HazardForm(request.POST or None, request.FILES or None, instance=hazard)
    if request.method == "POST" and form.is_valid():
        try:
            hazard = services.hazard_register(hazard=form.save(commit=False), user=request.user,
                                              photos=form.cleaned_data["photos"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "已登记隐患。")
            return redirect("safety:hazard_detail", pk=hazard.pk)
    return render(request, "safety/form.html", {
        "title": f"登记隐患：{inspection.place_name}" if inspection else "登记隐患", "form": form, "submit": "登记",
        "multipart": True, "inspection": inspection,
        "back": reverse("safety:inspection_detail", args=[inspection.pk]) if inspection else reverse("safety:hazard_list")})


@login_required
def hazard_edit(request, pk):
    hazard = _visible(request, pk)
    require(permissions.can_review(request.user, hazard))
    form = HazardForm(request.POST or None, instance=hazard, with_photos=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.hazard_edit(hazard=form.save(commit=False), user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "已保存。")
            return redirect("safety:hazard_detail", pk=hazard.pk)
    return render(request, "safety/form.html", {"title": "修改隐患", "form": form, "submit": "保存",
                                                "back": reverse("safety:hazard_detail", args=[hazard.pk])})


def _step(request, pk, *, allowed, form_class, act, done: str):
    """A POST of one step of the loop: the right checked, the form read, the service called."""
    hazard = _visible(request, pk)
    require(allowed(request.user, hazard))
    form = form_class(request.POST, request.FILES or None) if form_class else None
    if form is not None and not form.is_valid():
        _form_errors(request, form)
        return redirect("safety:hazard_detail", pk=hazard.pk)
    try:
        act(hazard, form.cleaned_data if form is not None else {})
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, done)
    return redirect("safety:hazard_detail", pk=hazard.pk)


@login_required
@require_POST
def hazard_issue(request, pk):
    return _step(request, pk, allowed=permissions.can_review, form_class=IssueForm, done="已下达整改通知。",
                 act=lambda h, d: services.hazard_issue(hazard=h, user=request.user, deadline=d["deadline"],
                                                        measures=d["measures"],
                                                        responsible_person=d["responsible_person"]))


@login_required
@require_POST
def hazard_start(request, pk):
    return _step(request, pk, allowed=permissions.can_rectify, form_class=NoteForm, done="已登记开始整改。",
                 act=lambda h, d: services.hazard_start(hazard=h, user=request.user, note=d["note"]))


@login_required
@require_POST
def hazard_report(request, pk):
    return _step(request, pk, allowed=permissions.can_rectify, form_class=ReportForm, done="已报告整改完成，待复查。",
                 act=lambda h, d: services.hazard_report(hazard=h, user=request.user, rectification=d["rectification"],
                                                         photos=d["photos"], on=d["rectified_on"]))


@login_required
@require_POST
def hazard_recheck(request, pk):
    return _step(request, pk, allowed=permissions.can_review, form_class=RecheckForm, done="已登记复查结论。",
                 act=lambda h, d: services.hazard_recheck(hazard=h, user=request.user, passed=d["result"] == "pass",
                                                          note=d["note"], rechecked_by=d["rechecked_by"]))


@login_required
@require_POST
def hazard_list_action(request, pk):
    return _step(request, pk, allowed=permissions.can_review, form_class=NoteForm, done="已挂牌督办。",
                 act=lambda h, d: services.hazard_list(hazard=h, user=request.user, note=d["note"]))


@login_required
@require_POST
def photo_add(request, pk):
    return _step(request, pk, allowed=permissions.can_rectify, form_class=PhotoForm, done="已上传照片。",
                 act=lambda h, d: services.photos_add(hazard=h, stage=d["stage"], photos=d["photos"], user=request.user))


@login_required
def photo(request, pk):
    row = get_object_or_404(HazardPhoto.objects.select_related("hazard"), pk=pk, hazard__park=served_park())
    require(permissions.can_download_photo(request.user, row))
    return FileResponse(row.image.open("rb"), content_type="image/jpeg")


# --- inspections ------------------------------------------------------------------------------------


@login_required
def inspection_list(request):
    require(permissions.can_use_inspections(request.user))
    inspections = (permissions.visible_inspections(request.user).filter(park=served_park())
                   .select_related("unit", "enterprise").order_by("-inspected_on", "-pk"))
    page = Paginator(inspections, PER_PAGE).get_page(request.GET.get("page"))
    counts = selectors.hazard_counts(inspection_ids=[i.pk for i in page.object_list])
    return render(request, "safety/inspection_list.html", {
        "title": "安全检查", "page": page, "rows": [(i, counts.get(i.pk, (0, 0))) for i in page.object_list],
        "can_add": permissions.can_add_inspection(request.user)})


@login_required
def inspection_detail(request, pk):
    inspection = get_object_or_404(Inspection.objects.filter(park=served_park()).select_related("unit", "enterprise"),
                                   pk=pk)
    require(permissions.can_view_inspection(request.user, inspection))
    hazards = permissions.visible_hazards(request.user, inspection.hazards.all())
    return render(request, "safety/inspection_detail.html", {
        "title": str(inspection), "inspection": inspection,
        "rows": selectors.with_lights(selectors.hazard_listing(hazards), today=timezone.localdate()),
        "can_add_hazard": permissions.can_add_hazard(request.user)})


@login_required
def inspection_create(request):
    require(permissions.can_add_inspection(request.user))
    form = InspectionForm(request.POST or None, instance=Inspection(park=served_park()))
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.inspection_save(inspection=form.save(commit=False), user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已登记安全检查：{inspection}")
            return redirect("safety:inspection_detail", pk=inspection.pk)
    return render(request, "safety/form.html", {"title": "登记安全检查", "form": form, "submit": "登记",
                                                "back": reverse("safety:inspection_list")})


# --- statistics -------------------------------------------------------------------------------------


@login_required
@replica_reads
def dashboard(request):
    """Enterprises inspected; hazards found, closed and overdue by level, unit and month, for a year."""
    require(permissions.can_use_safety(request.user))
    park = served_park()
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    stats = selectors.statistics(
        hazards=permissions.visible_hazards(request.user).filter(park=park),
        inspections=permissions.visible_inspections(request.user).filter(park=park),
        start=date(year, 1, 1), end=date(year, 12, 31), today=today)
    return render(request, "safety/dashboard.html", {"title": f"{year}年隐患排查治理统计", "stats": stats, "year": year,
                                                     "years": range(today.year, today.year - 4, -1)})


# --- training ---------------------------------------------------------------------------------------


@login_required
def training_list(request):
    require(permissions.can_use_training(request.user))
    sessions = TrainingSession.objects.filter(park=served_park())
    return render(request, "safety/training_list.html", {
        "title": "安全培训", "sessions": selectors.training_listing(sessions).order_by("-held_on", "-pk"),
        "totals": selectors.training_totals(sessions), "can_add": permissions.can_add_training(request.user),
        "training_before_production": selectors.training_before_production(park=served_park()),
        "can_set_rules": permissions.can_set_rules(request.user)})


@login_required
@require_POST
def rules_save(request):
    """投产前法定代表人须通过安全培训, on or off for the park."""
    require(permissions.can_set_rules(request.user))
    rules_row = services.rules_save(park=served_park(), training_before_production=request.POST.get("on") == "1",
                                    user=request.user)
    messages.success(request, "已开启：投产前法定代表人须通过安全培训。" if rules_row.training_before_production
                     else "已关闭投产前安全培训要求。")
    return redirect("safety:training_list")


@login_required
def training_create(request):
    require(permissions.can_add_training(request.user))
    form = TrainingForm(request.POST or None, instance=TrainingSession(park=served_park()))
    if request.method == "POST" and form.is_valid():
        try:
            session = services.training_save(session=form.save(commit=False), user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("safety:training_detail", pk=session.pk)
    return render(request, "safety/form.html", {"title": "登记安全培训", "form": form, "submit": "登记",
                                                "back": reverse("safety:training_list")})


@login_required
def training_detail(request, pk):
    require(permissions.can_use_training(request.user))
    session = get_object_or_404(TrainingSession.objects.filter(park=served_park()), pk=pk)
    can_edit = permissions.can_record_attendance(request.user)
    form = AttendanceForm(request.POST or None, instance=Attendance(session=session))
    if request.method == "POST":
        require(can_edit)
        if form.is_valid():
            try:
                attendance = services.attendance_save(attendance=form.save(commit=False), user=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"已登记：{attendance}")
                return redirect("safety:training_detail", pk=session.pk)
    attendances = [(a, rules.passed(score=a.score, pass_mark=session.pass_mark))
                   for a in session.attendances.select_related("enterprise")]
    return render(request, "safety/training_detail.html", {
        "title": str(session), "session": session, "attendances": attendances, "form": form, "can_edit": can_edit,
        "totals": selectors.training_totals(TrainingSession.objects.filter(pk=session.pk))})


class LedgerImportView(ImportView):
    """The 隐患排查整改台账 in the layouts parks keep, previewed, then written all at once."""

    title = "导入隐患排查整改台账"
    form_class = LedgerImportForm
    upload_template = "safety/import.html"
    preview_template = "safety/import_preview.html"
    session_key = "safety_ledger_import"

    def allowed(self, user) -> bool:
        return permissions.can_import(user)

    def importer(self, entry: dict) -> HazardLedgerImporter:
        return HazardLedgerImporter(park=served_park())

    def done_url(self, outcome) -> str:
        return reverse("safety:hazard_list")


ledger_import = LedgerImportView.as_view()
