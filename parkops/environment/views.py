"""生态环境's pages: thin, each checks the permission, calls a selector or a service, and renders."""

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
from parkops.core.views import export_query
from parkops.environment import exporters, permissions, selectors, services
from parkops.environment.choices import FeedbackStatus
from parkops.environment.forms import (
    AcceptForm,
    ApplyForm,
    CloseForm,
    EvidenceForm,
    FeedbackFilter,
    FeedbackForm,
    FeedbackImportForm,
    LimitForm,
    MonitoringImportForm,
    OutletForm,
    PolluterFilter,
    PolluterForm,
    ReadingFilter,
    ReviewForm,
    ScheduleForm,
)
from parkops.environment.importers import FeedbackImporter, MonitoringImporter
from parkops.environment.models import Evidence, FeedbackItem, Outlet, PollutantLimit, Review, SmallPolluter
from parkops.org.services import served_park

PER_PAGE = 100


def _errors(request, error: ValidationError) -> None:
    messages.error(request, "；".join(error.messages))


def _form_errors(request, form) -> None:
    messages.error(request, "；".join(f"{form.fields[k].label if k in form.fields else ''}{e}"
                                     for k, errors in form.errors.items() for e in errors))


def _tabs(user) -> dict:
    """Which of the module's tabs the user may open: a unit's 填报员 sees its feedback items and 小散乱污 only."""
    return {"tabs": {"feedback": permissions.can_list_feedback(user), "outlets": permissions.can_list_outlets(user),
                     "polluters": permissions.can_list_polluters(user)}}


@login_required
def home(request):
    """The module's landing: the first of its lists the user may see."""
    require(permissions.can_use_environment(request.user))
    if permissions.can_list_feedback(request.user):
        return redirect("environment:feedback_list")
    if permissions.can_list_outlets(request.user):
        return redirect("environment:reading_list")
    return redirect("environment:polluter_list")


# --- 环保督察反馈问题 ---------------------------------------------------------------------------------


@login_required
def feedback_list(request):
    require(permissions.can_list_feedback(request.user))
    park = served_park()
    today = timezone.localdate()
    filters = FeedbackFilter(request.GET or None)
    items = filters.filter(selectors.feedback_listing(permissions.visible_feedback(request.user).filter(park=park)))
    if request.GET.get("export") == "xlsx":
        require(permissions.can_export_feedback(request.user))
        rows = selectors.feedback_rows(items, today=today)
        return export_response(exporters.feedback_xlsx(rows), dated_filename("环保督察反馈问题整改台账", "xlsx"), XLSX_TYPE,
                               what="环保督察反馈问题整改台账")
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "environment/feedback_list.html", {
        **_tabs(request.user),
        "title": "环保督察反馈问题", "page": page, "rows": selectors.feedback_rows(page.object_list, today=today),
        "count": page.paginator.count, "filters": filters, "export_query": export_query(request),
        "summary": selectors.summary(park=park),
        "can_add": permissions.can_add_feedback(request.user),
        "can_import": permissions.can_import_feedback(request.user),
        "can_export": permissions.can_export_feedback(request.user),
    })


def _item(request, pk) -> FeedbackItem:
    item = get_object_or_404(FeedbackItem.objects.select_related("unit", "task", "task__plan", "park"),
                             pk=pk, park=served_park())
    require(permissions.can_view_feedback(request.user, item))
    return item


@login_required
def feedback_detail(request, pk):
    item = _item(request, pk)
    today = timezone.localdate()
    can_review = permissions.can_review_feedback(request.user, item)
    can_apply = permissions.can_apply(request.user, item)
    reviews = list(item.reviews.all())
    pending = [r for r in reviews if not r.result]
    return render(request, "environment/feedback_detail.html", {
        "title": str(item), "item": item,
        "light": selectors.feedback_rows([item], today=today)[0].light,
        "records": list(item.records.select_related("by")), "evidence": list(item.evidence.all()),
        "reviews": reviews, "pending_reviews": pending,
        "can_apply": can_apply and item.status == FeedbackStatus.RECTIFYING,
        "can_upload": can_apply and item.is_open,
        "can_accept": can_review and item.status == FeedbackStatus.APPLIED,
        "can_close": can_review and item.status == FeedbackStatus.ACCEPTED,
        "can_schedule": can_review and item.status == FeedbackStatus.CLOSED,
        "can_record_review": can_review and bool(pending),
        "can_edit": can_review and item.is_open,
        "apply_form": ApplyForm(initial={"progress": item.progress, "applied_on": today}),
        "evidence_form": EvidenceForm(), "accept_form": AcceptForm(initial={"passed": "1", "accepted_on": today}),
        "close_form": CloseForm(initial={"closed_on": today}), "schedule_form": ScheduleForm(),
        "review_form": ReviewForm(initial={"review": pending[0].pk if pending else None, "checked_on": today}),
    })


@login_required
def feedback_create(request):
    require(permissions.can_add_feedback(request.user))
    form = FeedbackForm(request.POST or None, instance=FeedbackItem(park=served_park()))
    if request.method == "POST" and form.is_valid():
        try:
            item = services.feedback_register(item=form.save(commit=False), user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已登记反馈问题，并列入督办计划（{item.task.named}）。")
            return redirect("environment:feedback_detail", pk=item.pk)
    return render(request, "environment/form.html", {"title": "登记环保督察反馈问题", "form": form, "submit": "登记",
                                                     "back": reverse("environment:feedback_list")})


@login_required
def feedback_edit(request, pk):
    item = _item(request, pk)
    require(permissions.can_review_feedback(request.user, item))
    form = FeedbackForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_edit(item=form.save(commit=False), user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "已保存。")
            return redirect("environment:feedback_detail", pk=item.pk)
    return render(request, "environment/form.html", {"title": f"修改：{item}", "form": form, "submit": "保存",
                                                     "back": reverse("environment:feedback_detail", args=[item.pk])})


def _act(request, item, form, action, done: str):
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, done)
    else:
        _form_errors(request, form)
    return redirect("environment:feedback_detail", pk=item.pk)


@login_required
@require_POST
def feedback_apply(request, pk):
    item = _item(request, pk)
    require(permissions.can_apply(request.user, item))
    form = ApplyForm(request.POST, request.FILES)
    return _act(request, item, form, lambda d: services.feedback_apply(
        item=item, user=request.user, progress=d["progress"], files=d["files"], on=d["applied_on"]),
        "已申请销号，待验收。")


@login_required
@require_POST
def evidence_add(request, pk):
    item = _item(request, pk)
    require(permissions.can_apply(request.user, item))
    form = EvidenceForm(request.POST, request.FILES)
    return _act(request, item, form, lambda d: services.evidence_add(item=item, files=d["files"], user=request.user),
                "已上传佐证材料。")


@login_required
@require_POST
def feedback_accept(request, pk):
    item = _item(request, pk)
    require(permissions.can_review_feedback(request.user, item))
    form = AcceptForm(request.POST)
    return _act(request, item, form, lambda d: services.feedback_accept(
        item=item, user=request.user, passed=d["passed"], note=d["note"], accepted_by=d["accepted_by"],
        on=d["accepted_on"]), "已登记验收结论。")


@login_required
@require_POST
def feedback_close(request, pk):
    item = _item(request, pk)
    require(permissions.can_review_feedback(request.user, item))
    form = CloseForm(request.POST)
    return _act(request, item, form, lambda d: services.feedback_close(
        item=item, user=request.user, on=d["closed_on"], review_on=d["review_on"]), "已销号，并安排回头看。")


@login_required
@require_POST
def review_schedule(request, pk):
    item = _item(request, pk)
    require(permissions.can_review_feedback(request.user, item))
    form = ScheduleForm(request.POST)
    return _act(request, item, form, lambda d: services.review_schedule(
        item=item, planned_on=d["planned_on"], user=request.user), "已安排回头看。")


@login_required
@require_POST
def review_record(request, pk):
    item = _item(request, pk)
    require(permissions.can_review_feedback(request.user, item))
    form = ReviewForm(request.POST)

    def record(d):
        review = get_object_or_404(Review, pk=d["review"], item=item)
        services.review_record(review=review, user=request.user, result=d["result"], note=d["note"],
                               checked_by=d["checked_by"], on=d["checked_on"])
    return _act(request, item, form, record, "已登记回头看结果。")


@login_required
def evidence(request, pk):
    row = get_object_or_404(Evidence.objects.select_related("item"), pk=pk, item__park=served_park())
    require(permissions.can_download_evidence(request.user, row))
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=row.original_name)


class FeedbackImportView(ImportView):
    """The 反馈问题整改清单 in the layouts the bureaus send, previewed, then written all at once."""

    title = "导入环保督察反馈问题整改清单"
    form_class = FeedbackImportForm
    upload_template = "environment/import_feedback.html"
    preview_template = "environment/import_feedback_preview.html"
    session_key = "environment_feedback_import"

    def allowed(self, user) -> bool:
        return permissions.can_import_feedback(user)

    def settings(self, form) -> dict:
        return {"level": form.cleaned_data["level"], "batch": form.cleaned_data["batch"]}

    def importer(self, entry: dict) -> FeedbackImporter:
        return FeedbackImporter(park=served_park(), level=entry.get("level", ""), batch=entry.get("batch", ""))

    def done_url(self, outcome) -> str:
        return reverse("environment:feedback_list")


feedback_import = FeedbackImportView.as_view()


# --- outlets and monitoring -------------------------------------------------------------------------


@login_required
def outlet_list(request):
    require(permissions.can_list_outlets(request.user))
    outlets = selectors.outlet_listing(Outlet.objects.filter(park=served_park()))
    page = Paginator(outlets, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "environment/outlet_list.html", {
        **_tabs(request.user),
        "title": "排放口与污染物限值", "page": page, "count": page.paginator.count,
        "can_add": permissions.can_add_outlet(request.user),
        "can_import": permissions.can_import_monitoring(request.user)})


@login_required
def outlet_create(request):
    require(permissions.can_add_outlet(request.user))
    form = OutletForm(request.POST or None, instance=Outlet(park=served_park()))
    if request.method == "POST" and form.is_valid():
        try:
            outlet = services.outlet_save(outlet=form.save(commit=False), user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "已登记排放口，请登记其污染物和限值。")
            return redirect("environment:outlet_detail", pk=outlet.pk)
    return render(request, "environment/form.html", {"title": "登记排放口", "form": form, "submit": "登记",
                                                     "back": reverse("environment:outlet_list")})


@login_required
def outlet_detail(request, pk):
    outlet = get_object_or_404(Outlet.objects.select_related("enterprise"), pk=pk, park=served_park())
    require(permissions.can_view_outlet(request.user, outlet))
    can_edit = permissions.can_add_outlet(request.user)
    form = LimitForm(request.POST or None, instance=PollutantLimit(outlet=outlet))
    if request.method == "POST":
        require(can_edit)
        if form.is_valid():
            try:
                limit = services.limit_save(limit=form.save(commit=False), user=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"已登记：{limit}")
                return redirect("environment:outlet_detail", pk=outlet.pk)
    readings = selectors.reading_listing(outlet.readings.all())[:200]
    return render(request, "environment/outlet_detail.html", {
        "title": str(outlet), "outlet": outlet, "limits": list(outlet.limits.all()), "readings": readings,
        "form": form, "can_edit": can_edit})


@login_required
def reading_list(request):
    require(permissions.can_list_outlets(request.user))
    filters = ReadingFilter(request.GET or None)
    readings = filters.filter(selectors.reading_listing(
        permissions.visible_readings(request.user).filter(park=served_park())))
    if request.GET.get("export") == "xlsx":
        require(permissions.can_export_readings(request.user))
        return export_response(exporters.readings_xlsx(readings.order_by("measured_at", "pk")),
                               dated_filename("监测结果", "xlsx"), XLSX_TYPE, what="监测结果")
    page = Paginator(readings, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "environment/reading_list.html", {
        **_tabs(request.user),
        "title": "监测结果", "page": page, "count": page.paginator.count, "filters": filters,
        "export_query": export_query(request), "summary": selectors.summary(park=served_park()),
        "can_import": permissions.can_import_monitoring(request.user),
        "can_export": permissions.can_export_readings(request.user)})


class MonitoringImportView(ImportView):
    """监测结果 (.xlsx or .csv): previewed with the readings over their limit marked, then written at once."""

    title = "导入监测结果"
    form_class = MonitoringImportForm
    upload_template = "environment/import_monitoring.html"
    preview_template = "environment/import_monitoring_preview.html"
    session_key = "environment_monitoring_import"

    def allowed(self, user) -> bool:
        return permissions.can_import_monitoring(user)

    def importer(self, entry: dict) -> MonitoringImporter:
        return MonitoringImporter(park=served_park())

    def done_url(self, outcome) -> str:
        return reverse("environment:reading_list")


monitoring_import = MonitoringImportView.as_view()


# --- 小散乱污 ----------------------------------------------------------------------------------------


@login_required
def polluter_list(request):
    require(permissions.can_list_polluters(request.user))
    today = timezone.localdate()
    filters = PolluterFilter(request.GET or None)
    polluters = filters.filter(selectors.polluter_listing(
        permissions.visible_polluters(request.user).filter(park=served_park())))
    if request.GET.get("export") == "xlsx":
        require(permissions.can_export_polluters(request.user))
        return export_response(exporters.polluters_xlsx(selectors.polluter_rows(polluters, today=today)),
                               dated_filename("小散乱污企业整治清单", "xlsx"), XLSX_TYPE, what="小散乱污企业整治清单")
    page = Paginator(polluters, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "environment/polluter_list.html", {
        **_tabs(request.user),
        "title": "小散乱污整治", "page": page, "rows": selectors.polluter_rows(page.object_list, today=today),
        "count": page.paginator.count, "filters": filters, "export_query": export_query(request),
        "summary": selectors.summary(park=served_park()),
        "can_add": permissions.can_add_polluter(request.user),
        "can_edit": permissions.can_edit_some_polluters(request.user),
        "can_export": permissions.can_export_polluters(request.user)})


@login_required
def polluter_create(request):
    require(permissions.can_add_polluter(request.user))
    return _polluter_form(request, SmallPolluter(park=served_park()), "登记小散乱污企业", "登记")


@login_required
def polluter_edit(request, pk):
    polluter = get_object_or_404(SmallPolluter, pk=pk, park=served_park())
    require(permissions.can_edit_polluter(request.user, polluter))
    return _polluter_form(request, polluter, f"更新整治进展：{polluter}", "保存")


def _polluter_form(request, polluter, title, submit):
    form = PolluterForm(request.POST or None, instance=polluter)
    if request.method == "POST" and form.is_valid():
        try:
            services.polluter_save(polluter=form.save(commit=False), user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "已保存。")
            return redirect("environment:polluter_list")
    return render(request, "environment/form.html", {"title": title, "form": form, "submit": submit,
                                                     "back": reverse("environment:polluter_list")})
