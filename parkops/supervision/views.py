"""Supervision pages. Each view checks permissions, calls a service or a selector, and renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django_tables2 import RequestConfig

from parkops.core.metrics import Readings
from parkops.core.periods import parse_period, period_label
from parkops.core.permissions import (
    CREATE,
    DOWNLOAD,
    EDIT,
    VIEW_LIST,
    VIEW_ONE,
    allows,
    require,
    require_allowed,
    visible,
)
from parkops.core.replica import replica_reads
from parkops.core.versioning import EditConflict
from parkops.core.views import ObjectListView, export_query, safe_next, table_xlsx_response
from parkops.org.choices import LeaderLevel
from parkops.org.services import person_for_name, served_park, unit_for_name
from parkops.supervision import selectors, services
from parkops.supervision.choices import Light, ReportAction, ReportStatus
from parkops.supervision.filtersets import TaskFilterForm
from parkops.supervision.forms import (
    CommentForm,
    LightOverrideForm,
    PlanForm,
    ReportForm,
    ReviewForm,
    TargetFormSet,
    TaskForm,
)
from parkops.supervision.lights import compute_light, due_date
from parkops.supervision.models import Attachment, Plan, ProgressReport, Task
from parkops.supervision.permissions import (
    can_comment,
    can_export,
    can_manage_plans,
    can_report_on,
    can_review,
    can_use_supervision,
    can_view_task,
    visible_tasks,
)
from parkops.supervision.tables import PlanTable, TaskTable


def _visible(request):
    return visible_tasks(request.user, Task.objects.with_listing_data())


@login_required
@replica_reads
def dashboard(request):
    require(can_use_supervision(request.user))
    today = timezone.localdate()
    tasks = selectors.with_lights(_visible(request).filter(plan__is_active=True), today=today)
    due = selectors.due_reports(tasks, today=today)
    plan_series = selectors.plan_light_series(tasks)
    context = {
        "title": "督办看板",
        "today": today,
        "counts": selectors.light_counts(tasks),
        "total": len(tasks),
        "ranking": selectors.units_by_lateness(tasks)[:10],
        "due_soon": [d for d in due if not d.overdue(today)],
        "overdue": [d for d in due if d.overdue(today)],
        "plan_series": plan_series,
        "plan_chart_data": [series["counts"] for series in plan_series],
        "late_tasks": [t for t in tasks if t.light.light in selectors.LATE_LIGHTS][:10],
        "awaiting_review": ProgressReport.objects.filter(status=ReportStatus.SUBMITTED).count()
        if can_review(request.user) else None,
    }
    return render(request, "supervision/dashboard.html", context)


class PlanListView(ObjectListView):
    title = "督办计划"
    model = Plan
    table_class = PlanTable
    filterset_fields = ["year", "cycle", "is_active"]

    def allowed(self) -> bool:
        return allows(self.request.user, "plan", VIEW_LIST)

    def get_queryset(self):
        return Plan.objects.annotate(task_count=Count("tasks")).order_by("-year", "name")


@login_required
def plan_detail(request, pk):
    plan = get_object_or_404(Plan, pk=pk)
    require_allowed(request.user, "plan", VIEW_ONE, plan)
    today = timezone.localdate()
    tasks = selectors.with_lights(_visible(request).filter(plan=plan).order_by("position"), today=today)
    sections = []  # the ledger as printed: each section heading followed by its tasks
    current = object()
    for task in tasks:
        if task.section_id != current:
            current = task.section_id
            sections.append({"section": task.section, "tasks": []})
        sections[-1]["tasks"].append(task)
    return render(request, "supervision/plan_detail.html", {
        "title": plan.name, "plan": plan, "sections": sections, "counts": selectors.light_counts(tasks),
        "can_manage": can_manage_plans(request.user),
    })


@login_required
def plan_edit(request, pk=None):
    plan = get_object_or_404(Plan, pk=pk) if pk else Plan(park=served_park(), year=timezone.localdate().year)
    require_allowed(request.user, "plan", EDIT if pk else CREATE, plan if pk else None)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_save(plan=form.save(commit=False), user=request.user,
                                      loaded_version=form.loaded_version)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已保存计划：{plan}")
            return redirect("supervision:plan_detail", pk=plan.pk)
    return render(request, "supervision/form.html", {"title": "督办计划", "form": form})


@login_required
def task_list(request):
    require(can_use_supervision(request.user))
    today = timezone.localdate()
    filters = TaskFilterForm(request.GET or None, user=request.user)
    tasks = selectors.with_lights(filters.filter(_visible(request)), today=today)
    tasks = selectors.filter_by_lights(tasks, filters.lights())
    table = TaskTable(tasks)
    if request.GET.get("export") == "xlsx":
        require(can_export(request.user))
        return table_xlsx_response(table, "目标任务")
    RequestConfig(request, paginate={"per_page": 30}).configure(table)
    return render(request, "supervision/task_list.html", {
        "title": "目标任务", "table": table, "filters": filters, "counts": selectors.light_counts(tasks),
        "export_query": export_query(request),
    })


@login_required
def task_detail(request, pk):
    task = get_object_or_404(Task.objects.with_listing_data(), pk=pk)
    require(can_view_task(request.user, task))
    today = timezone.localdate()
    reports = task.reports.select_related("unit", "submitted_by", "reviewed_by").prefetch_related(
        "attachments", "events__user", "figures__target"
    ).order_by("-period", "unit__name")
    report_form = None
    if can_report_on(request.user, task):
        current = selectors.current_period(task.plan, today) or today.replace(day=1)
        report_form = ReportForm(task=task, initial={"period": current})
    readings = Readings()
    return render(request, "supervision/task_detail.html", {
        "title": task.named,
        "task": task,
        "light": compute_light(task, today=today, readings=readings),
        "bound": selectors.bound_figures(task, today=today, readings=readings),
        "reports": reports,
        "report_form": report_form,
        "review_form": ReviewForm() if can_review(request.user) else None,
        "override_form": LightOverrideForm(initial={"light": task.light_override, "reason": task.light_override_reason})
        if can_manage_plans(request.user) else None,
        "comment_form": CommentForm() if can_comment(request.user, task) else None,
        "comments": task.comments.select_related("author"),
        "can_manage": can_manage_plans(request.user),
        "editable_report_ids": set(visible(request.user, "progress_report", EDIT, reports)
                                   .values_list("pk", flat=True)),
    })


@login_required
@transaction.atomic
def task_edit(request, pk):
    task = get_object_or_404(Task.objects.select_related("plan"), pk=pk)
    require_allowed(request.user, "task", EDIT, task)
    form = TaskForm(request.POST or None, instance=task)
    targets = TargetFormSet(request.POST or None, instance=task, prefix="targets")
    if request.method == "POST" and form.is_valid() and targets.is_valid():
        park = task.plan.park
        try:
            with transaction.atomic():  # a conflict leaves no new person, unit or target behind
                task = services.task_edit(
                    task=form.save(commit=False), user=request.user, loaded_version=form.loaded_version,
                    county_leaders=[person_for_name(park, n, level=LeaderLevel.COUNTY)
                                    for n in form.cleaned_data["county_leaders"]],
                    park_leaders=[person_for_name(park, n, level=LeaderLevel.PARK)
                                  for n in form.cleaned_data["park_leaders"]],
                    lead_units=[unit_for_name(park, n) for n in form.cleaned_data["lead_units"]],
                    cooperating_units=[unit_for_name(park, n) for n in form.cleaned_data["cooperating_units"]],
                )
                for target in targets.save(commit=False):
                    services.target_save(target=target, user=request.user)
                for target in targets.deleted_objects:
                    services.target_delete(target=target, user=request.user)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已保存{task.named}。")
            return redirect("supervision:task_detail", pk=task.pk)
    return render(request, "supervision/task_edit.html", {"title": f"编辑{task.named}", "task": task,
                                                          "form": form, "targets": targets})


def _returned_report(task: Task, unit, period_text: str | None) -> tuple[dict, ProgressReport | None]:
    """A returned report comes back into the form as it was sent, to be corrected, not retyped; with it
    the report itself, for its return reason and the files attached before."""
    try:
        period = parse_period(period_text or "")
    except ValueError:
        return {}, None
    report = task.reports.filter(unit=unit, period=period, status=ReportStatus.RETURNED).first()
    if report is None:
        return {"period": period}, None
    initial = {"period": period, "text": report.text, "claims_done": report.claims_done}
    for figure in report.figure_list:
        initial[f"target_{figure.target_id}"] = figure.amount
    return initial, report


@login_required
def report_submit(request, pk):
    task = get_object_or_404(Task.objects.with_listing_data(), pk=pk)
    require(can_report_on(request.user, task))
    initial, returned = _returned_report(task, request.user.unit,
                                         request.GET.get("period") or request.POST.get("period"))
    attachments = list(returned.attachments.all()) if returned else []
    form = ReportForm(request.POST or None, request.FILES or None, task=task, initial=initial,
                      attachments=attachments)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_submit(
                task=task, unit=request.user.unit, user=request.user, period=form.cleaned_data["period"],
                text=form.cleaned_data["text"], claims_done=form.cleaned_data["claims_done"],
                figures=form.figures(), files=form.cleaned_data["files"],
                remove_attachments=form.cleaned_data.get("remove_attachments") or (),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已报送{report.period_label}进展，等待督办员审核。")
            return redirect("supervision:task_detail", pk=task.pk)
    return render(request, "supervision/report_form.html", {"title": f"报送{task.named}进展", "task": task,
                                                            "form": form, "returned": returned})


@login_required
def report_review(request, pk):
    report = get_object_or_404(ProgressReport.objects.select_related("task", "unit"), pk=pk)
    require(can_review(request.user, report))
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["action"] == ReportAction.ACCEPT:
                services.report_accept(report=report, user=request.user)
                messages.success(request, f"已采纳{report.unit}{report.period_label}的进展。")
            else:
                services.report_return(report=report, user=request.user, reason=form.cleaned_data["reason"])
                messages.warning(request, f"已退回{report.unit}{report.period_label}的进展。")
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect(safe_next(request) or "supervision:review_queue")
    for error in form.errors.values():
        messages.error(request, "；".join(error))
    # Back where the review was made (the queue, or the task's page), the report still waiting there.
    return redirect(safe_next(request) or "supervision:review_queue")


@login_required
def review_queue(request):
    require_allowed(request.user, "progress_report", "review_queue")
    reports = ProgressReport.objects.filter(status=ReportStatus.SUBMITTED).select_related(
        "task", "task__plan", "unit", "submitted_by"
    ).prefetch_related("attachments", "figures__target").order_by("submitted_at")
    page = Paginator(reports, 20).get_page(request.GET.get("page"))
    return render(request, "supervision/review_queue.html", {"title": "待审核进展", "page": page,
                                                             "review_form": ReviewForm()})


@login_required
def my_reports(request):
    """A reporter's work list: their unit's tasks with this period's state, returned ones first."""
    require_allowed(request.user, "progress_report", VIEW_LIST)
    today = timezone.localdate()
    tasks = selectors.with_lights(
        _visible(request).filter(plan__is_active=True).filter(
            Q(unit_links__unit=request.user.unit)).distinct(), today=today)
    rows = []
    for task in tasks:
        is_lead = request.user.unit in task.lead_units
        mine = {r.period: r for r in task.report_list if r.unit_id == request.user.unit_id}
        # The periods still to send are the dashboard's and the light's (selectors.unit_unreported).
        owed = selectors.unit_unreported(task, request.user.unit, today=today, upcoming_days=7) \
            if is_lead and task.light.light != Light.DONE else []
        rows.append({"task": task, "is_lead": is_lead, "latest": mine[max(mine)] if mine else None,
                     "owed": [{"period": p, "label": period_label(p), "due": due_date(task.plan, p),
                               "overdue": due_date(task.plan, p) < today, "returned": mine.get(p)}
                              for p in owed]})
    rows.sort(key=lambda r: (not any(o["returned"] for o in r["owed"]), not any(o["overdue"] for o in r["owed"]),
                             not r["owed"], r["task"].plan_id, r["task"].position))
    return render(request, "supervision/my_reports.html", {"title": "我的报送", "rows": rows})


@login_required
def light_override(request, pk):
    task = get_object_or_404(Task, pk=pk)
    require_allowed(request.user, "task", "override_light", task)
    form = LightOverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.light_override(task=task, user=request.user, light=form.cleaned_data["light"],
                                reason=form.cleaned_data["reason"])
        messages.success(request, "已更新灯色认定。")
    else:
        for error in form.errors.values():
            messages.error(request, "；".join(error))
    return redirect("supervision:task_detail", pk=task.pk)


@login_required
def comment_add(request, pk):
    task = get_object_or_404(Task, pk=pk)
    require(can_comment(request.user, task))
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.comment_add(task=task, user=request.user, text=form.cleaned_data["text"])
        messages.success(request, "批示已发出。")
    return redirect("supervision:task_detail", pk=task.pk)


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(Attachment.objects.select_related("report__task"), pk=pk)
    require_allowed(request.user, "attachment", DOWNLOAD, attachment)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)
