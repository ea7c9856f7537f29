from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from parkops.core.exports import XLSX_TYPE, dated_filename, export_response
from parkops.core.formatting import plain_number
from parkops.core.import_views import ImportView, lines_with_problems
from parkops.core.periods import month_start, parse_period, period_key, period_label, previous_month
from parkops.core.permissions import CREATE, DOWNLOAD, EDIT, IMPORT, allows, require, require_allowed
from parkops.core.versioning import EditConflict
from parkops.core.views import export_query, safe_next, table_xlsx_response
from parkops.org.services import served_park
from parkops.projects import (
    exporters,
    lights,
    milestones,
    permissions,
    selectors,
    services,
    statistics,
    workdays,
)
from parkops.projects.choices import OPEN_PROBLEM_STATUSES, ProblemStatus
from parkops.projects.filtersets import ProjectFilterForm
from parkops.projects.forms import (
    ChaseForm,
    DecisionForm,
    MeetingForm,
    MilestoneForm,
    ProblemForm,
    ProblemStatusForm,
    ProgressForm,
    ProjectForm,
    ProjectImportForm,
    StageForm,
)
from parkops.projects.importers import ProjectImporter, ProjectPreview
from parkops.projects.models import Chase, DispatchMeeting, Milestone, Problem, Project, SitePhoto
from parkops.projects.tables import ProblemTable, ProjectTable
from parkops.supervision.selectors import plans_taking_tasks


def _listed(projects, today) -> list[Project]:
    """Each project with its light and this year's investment figures, from one set of prefetches."""
    rows = lights.with_lights(selectors.with_listing_data(projects), today=today)
    for project in rows:
        project.figures = selectors.investment_figures(project, year=today.year)
    return rows


@login_required
def project_list(request):
    require(permissions.can_use_projects(request.user))
    today = timezone.localdate()
    filters = ProjectFilterForm(request.GET or None)
    projects = filters.filter(permissions.visible_projects(request.user, Project.objects.filter(is_active=True)))
    rows = _listed(projects, today)
    counts = lights.light_counts(rows)
    # What needs chasing first: red, yellow, green, then those not started; by name within a light.
    rows = sorted(filters.filter_lights(rows), key=lambda p: (p.light.urgency, p.name))
    table = ProjectTable(rows)
    if request.GET.get("export") == "xlsx":
        require(permissions.can_export_projects(request.user))
        return table_xlsx_response(table, "重点项目")
    RequestConfig(request, paginate={"per_page": 30}).configure(table)
    return render(request, "projects/project_list.html", {
        "title": "重点项目", "table": table, "filters": filters, "year": today.year,
        "counts": counts, "export_query": export_query(request),
        "can_manage": permissions.can_manage_projects(request.user),
    })


@login_required
def project_detail(request, pk):
    project = get_object_or_404(selectors.with_listing_data(Project.objects.all()), pk=pk)
    require(permissions.can_view_project(request.user, project))
    today = timezone.localdate()
    return render(request, "projects/project_detail.html", {
        "title": project.name,
        "project": project,
        "light": lights.compute_project_light(project, today=today),
        "clock": workdays.approval_clock(project, today=today),
        "figures": selectors.investment_figures(project, year=today.year),
        "stage_events": project.stage_events.select_related("recorded_by"),
        "open_problems": selectors.open_problems(project, today=today),
        "nodes": [(m, milestones.node_state(m, today)) for m in project.milestones.all()],
        "can_edit": permissions.can_edit_project(request.user, project),
        "can_raise": permissions.can_raise_problem(request.user, project),
        "can_manage": permissions.can_manage_projects(request.user),
        "stage_form": StageForm(initial={"on": today, "stage": project.stage}),
        "supervision_plans": plans_taking_tasks()
        if permissions.can_manage_projects(request.user) else [],
    })


def _visible_project(request, pk) -> Project:
    project = get_object_or_404(selectors.with_listing_data(Project.objects.all()), pk=pk)
    require(permissions.can_view_project(request.user, project))
    return project


def _progress_period(request) -> date:
    """The month the form opens on: the one asked for (a 今日待办 link), else last month."""
    try:
        return parse_period(request.GET.get("period") or request.POST.get("period") or "")
    except ValueError:
        return previous_month(month_start(timezone.localdate()))


@login_required
def progress_report(request, pk):
    """The liaison's monthly report: investment, 形象进度 and site photos. A month already reported opens
    as that report, to be corrected, and says so: nothing is overwritten unseen."""
    project = _visible_project(request, pk)
    require(permissions.can_edit_project(request.user, project))
    period = _progress_period(request)
    existing = next((p for p in project.progress.all() if p.period == period), None)
    initial = {"period": period}
    if existing is not None:
        initial.update(invested=existing.invested, image_progress=existing.image_progress,
                       image_progress_pct=existing.image_progress_pct, editing=period_key(period))
    form = ProgressForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = month_start(form.cleaned_data["period"])
        already = next((p for p in project.progress.all() if p.period == chosen), None)
        if already is not None and form.cleaned_data["editing"] != period_key(chosen):
            # Sent for a month someone has reported meanwhile (or chose another month in the form): shown,
            # and the next 报送 corrects it knowingly.
            form.data = form.data.copy()
            form.data["editing"] = period_key(chosen)
            form.add_error(None, f"{period_label(chosen)}进展已于{timezone.localtime(already.reported_at):%Y-%m-%d}"
                                 f"报送（本月完成投资{plain_number(already.invested)}万元）。"
                                 "请核对后再次提交，提交后将修改该月进展。")
        else:
            try:
                report = services.progress_report(
                    project=project, period=chosen, invested=form.cleaned_data["invested"],
                    image_progress=form.cleaned_data["image_progress"],
                    image_progress_pct=form.cleaned_data["image_progress_pct"], photos=form.cleaned_data["photos"],
                    user=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"已{'修改' if already else '报送'}{report.period:%Y年%-m月}进展。")
                return redirect("projects:project_detail", pk=project.pk)
    editing_note = ""
    if existing is not None and request.method != "POST":
        editing_note = (f"{period_label(period)}进展已于{timezone.localtime(existing.reported_at):%Y-%m-%d}报送，"
                        "正在修改；提交后将替换该月已报的投资和形象进度（照片会追加）。")
    return render(request, "projects/form.html", {"title": f"报送月度进展：{project}", "project": project,
                                                  "form": form, "multipart": True,
                                                  "submit": "保存修改" if existing else "报送",
                                                  "editing_note": editing_note})


@login_required
def problem_raise(request, pk):
    project = _visible_project(request, pk)
    require(permissions.can_raise_problem(request.user, project))
    form = ProblemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.problem_raise(project=project, user=request.user, source=services.problem_source_for(request.user),
                                   **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "已提出困难问题。")
            return redirect("projects:project_detail", pk=project.pk)
    return render(request, "projects/form.html", {"title": f"提出困难问题：{project}", "project": project,
                                                  "form": form, "submit": "提出"})


@login_required
def problem_work(request, pk):
    """The responsible unit moves a problem on, or closes it with its result."""
    problem = get_object_or_404(Problem.objects.select_related("project"), pk=pk)
    require(permissions.can_work_problem(request.user, problem))
    form = ProblemStatusForm(request.POST)
    if form.is_valid():
        try:
            services.problem_update_status(problem=problem, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"已更新：{problem.project}的困难问题。")
    return redirect(safe_next(request) or reverse("projects:inbox"))


@login_required
def chase_send(request, pk):
    project = _visible_project(request, pk)
    require(allows(request.user, "project", "chase", project) and request.method == "POST")
    problem = get_object_or_404(Problem, pk=request.POST["problem"], project=project) \
        if request.POST.get("problem") else None
    unit = (problem.responsible_unit if problem else None) or project.responsible_unit
    form = ChaseForm(request.POST)
    if unit is None:
        messages.error(request, "该项目没有责任单位，无法催办。")
    elif form.is_valid():
        try:
            services.chase_send(project=project, unit=unit, message=form.cleaned_data["message"],
                                user=request.user, problem=problem)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"已向{unit}发出催办。")
    return redirect(safe_next(request) or reverse("projects:project_detail", args=[project.pk]))


@login_required
def inbox(request):
    """A unit's work: chases it has received, each signed for with a button, and its open problems.
    Opening the page changes nothing: a GET must not sign for anyone (a viewer, a prefetching browser)."""
    require(permissions.can_use_inbox(request.user))
    unit_id = request.user.unit_id
    chases = list(Chase.objects.filter(unit_id=unit_id).select_related("project", "problem", "sent_by")[:50])
    for chase in chases:
        chase.can_sign = chase.read_at is None and permissions.can_mark_chase_read(request.user, chase)
    problems = (Problem.objects.filter(responsible_unit_id=unit_id, status__in=OPEN_PROBLEM_STATUSES)
                .select_related("project").order_by("deadline", "pk"))
    return render(request, "projects/inbox.html", {
        "title": "催办与问题", "chases": chases, "problems": problems, "status_form": ProblemStatusForm(),
    })


@login_required
@require_POST
def chase_sign(request, pk):
    """签收 a chase: the read receipt the leader who sent it sees."""
    chase = get_object_or_404(Chase, pk=pk)
    require(permissions.can_use_projects(request.user) and permissions.can_mark_chase_read(request.user, chase))
    try:
        services.chase_read(chase=chase, user=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已签收“{chase.project}”的催办。")
    return redirect("projects:inbox")


@login_required
def my_projects(request):
    """The leader's and the liaison's phone view: the projects they answer for, with lights, open problems
    and late nodes; ?show=others lists the other projects they may read (a liaison's unit's) the same way."""
    require(permissions.can_use_projects(request.user))
    today = timezone.localdate()
    active = Project.objects.filter(is_active=True)
    own = permissions.own_projects(request.user, active)
    others = permissions.visible_projects(request.user, active).exclude(pk__in=own.values("pk"))
    showing_others = request.GET.get("show") == "others"
    projects = (others if showing_others else own).prefetch_related(Prefetch("chases", to_attr="recent_chases",
                                                  queryset=Chase.objects.select_related("unit").order_by("-sent_at")))
    rows = sorted(_listed(projects, today), key=lambda p: (p.light.urgency, p.name))
    for project in rows:
        project.open = selectors.open_problems(project, today=today)
        project.late = milestones.late_milestones(project, today=today)
        project.upcoming = milestones.upcoming_milestones(project, today=today)
    return render(request, "projects/my_projects.html", {
        "title": "其他项目" if showing_others else "我的项目", "rows": rows, "counts": lights.light_counts(rows),
        "showing_others": showing_others, "other_count": 0 if showing_others else others.count(),
        "can_chase": permissions.can_chase(request.user), "chase_form": ChaseForm(),
    })


@login_required
def photo(request, pk):
    site_photo = get_object_or_404(SitePhoto.objects.select_related("progress__project"), pk=pk)
    require_allowed(request.user, "site_photo", DOWNLOAD, site_photo)
    return FileResponse(site_photo.image.open("rb"), content_type="image/jpeg")




@login_required
def dispatch(request):
    """周调度 and 每日一通报: this year's statistics, and the documents the meetings work from."""
    require(permissions.can_see_dispatch(request.user))
    today = timezone.localdate()
    return render(request, "projects/dispatch.html", {
        "title": "调度与统计",
        "stats": statistics.project_statistics(park=served_park(), year=today.year, today=today),
        "today": today,
        "escalated": selectors.escalated_to_supervisor(Problem.objects.filter(project__park=served_park()), today),
        "escalate_days": settings.PROBLEM_ESCALATE_TO_SUPERVISOR_DAYS,
    })


PROBLEM_STATUS_FILTERS = {"open": ("未办结", OPEN_PROBLEM_STATUSES), "solved": ("已解决", (ProblemStatus.SOLVED,)),
                          "unsolvable": ("无法解决", (ProblemStatus.UNSOLVABLE,))}


@login_required
def problem_list(request):
    """困难问题: every problem of the projects the person may see, open ones first; the counts on 调度与统计
    link here (?year= the year raised, ?status= open / solved / unsolvable)."""
    require(permissions.can_see_dispatch(request.user))
    problems = (Problem.objects.filter(project__in=permissions.visible_projects(request.user))
                .select_related("project", "responsible_unit", "leader"))
    status = request.GET.get("status", "")
    if status in PROBLEM_STATUS_FILTERS:
        problems = problems.filter(status__in=PROBLEM_STATUS_FILTERS[status][1])
    year = request.GET.get("year", "")
    if year.isdigit():
        problems = problems.filter(raised_on__year=int(year))
    problems = sorted(problems, key=lambda p: (p.status not in OPEN_PROBLEM_STATUSES, p.deadline or date.max,
                                               -p.raised_on.toordinal()))
    table = ProblemTable(problems)
    if request.GET.get("export") == "xlsx":
        require(permissions.can_export_projects(request.user))
        return table_xlsx_response(table, "困难问题")
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "projects/problem_list.html", {
        "title": "困难问题", "table": table, "status": status, "year": year,
        "statuses": [(key, label) for key, (label, _values) in PROBLEM_STATUS_FILTERS.items()],
        "export_query": export_query(request),
    })


# The Word papers of the module are the report centre's: drawn through templates users may edit there.


def _report_download(code: str, **query) -> HttpResponseRedirect:
    url = reverse("reports:module_download", args=[code])
    return redirect(f"{url}?{urlencode(query)}" if query else url)


@login_required
def dispatch_agenda(request):
    require(permissions.can_see_dispatch(request.user))
    return _report_download("project_agenda")


@login_required
def daily_bulletin(request):
    require(permissions.can_see_dispatch(request.user))
    day = parse_date(request.GET.get("day", "")) or timezone.localdate()
    return _report_download("project_bulletin", day=day.isoformat())


@login_required
def progress_table(request):
    """The 重点项目进展情况表 of the projects the user may see, in Excel here and in Word from the report centre."""
    require(permissions.can_export_projects(request.user))
    if request.GET.get("format") != "xlsx":
        return _report_download("project_progress")
    today = timezone.localdate()
    table = exporters.build_table(park=served_park(), year=today.year, today=today,
                                  projects=permissions.visible_projects(request.user))
    return export_response(exporters.table_xlsx(table), dated_filename("重点项目进展情况表", "xlsx"), XLSX_TYPE,
                           what="重点项目进展情况表")


@login_required
def project_edit(request, pk=None):
    project = get_object_or_404(Project, pk=pk) if pk else Project(park=served_park())
    require_allowed(request.user, "project", EDIT if pk else CREATE, project if pk else None)
    year = timezone.localdate().year
    plan = project.year_plans.filter(year=year).first() if project.pk else None
    form = ProjectForm(request.POST or None, instance=project,
                       initial={"planned_this_year": plan.planned_investment if plan else None})
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                project = services.project_save(project=form.save(commit=False), user=request.user,
                                                loaded_version=form.loaded_version)
                if form.cleaned_data["planned_this_year"] is not None:
                    services.year_plan_set(project=project, year=year, user=request.user,
                                           planned_investment=form.cleaned_data["planned_this_year"])
        except EditConflict as conflict:
            form.show_conflict(conflict)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已保存：{project}")
            return redirect("projects:project_detail", pk=project.pk)
    return render(request, "projects/form.html", {"title": "编辑重点项目" if pk else "新增重点项目",
                                                  "project": project if pk else None, "form": form, "submit": "保存"})


@login_required
def stage_change(request, pk):
    project = _visible_project(request, pk)
    require(permissions.can_edit_project(request.user, project) and request.method == "POST")
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            event = services.stage_change(project=project, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"已登记：{event.on:%Y-%m-%d}进入“{event.get_stage_display()}”阶段。")
    else:
        messages.error(request, "请选择阶段并填写日期。")
    return redirect("projects:project_detail", pk=project.pk)


@login_required
def milestone_update(request, pk):
    milestone = get_object_or_404(Milestone.objects.select_related("project"), pk=pk)
    require(permissions.can_edit_project(request.user, milestone.project) and request.method == "POST")
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_record(milestone=milestone, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"已更新节点“{milestone.name}”。")
    return redirect("projects:project_detail", pk=milestone.project_id)


@login_required
def problem_to_task(request, pk):
    """转督办: a problem the project cannot move becomes a task of a supervision plan."""
    problem = get_object_or_404(Problem.objects.select_related("project"), pk=pk)
    require(allows(request.user, "problem", "to_task", problem) and request.method == "POST")
    plan = get_object_or_404(plans_taking_tasks(), pk=request.POST.get("plan"))
    try:
        task = services.problem_to_task(problem=problem, plan=plan, user=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已转为督办任务：{task.named}。")
    return redirect("projects:project_detail", pk=problem.project_id)


@login_required
def meeting_list(request):
    require(permissions.can_see_dispatch(request.user))
    meetings = DispatchMeeting.objects.annotate(decision_count=Count("decisions")).order_by("-held_on", "-pk")
    form = MeetingForm(initial={"held_on": timezone.localdate(),
                                "title": f"重点项目周调度会（{timezone.localdate():%-m月%-d日}）"})
    if request.method == "POST":
        require(permissions.can_hold_meetings(request.user))
        form = MeetingForm(request.POST, instance=DispatchMeeting(park=served_park(), created_by=request.user))
        if form.is_valid():
            meeting = form.save()
            messages.success(request, f"已建立：{meeting}")
            return redirect("projects:meeting_detail", pk=meeting.pk)
    return render(request, "projects/meeting_list.html", {
        "title": "调度会", "meetings": meetings[:100], "form": form if permissions.can_hold_meetings(request.user) else None,
    })


@login_required
def meeting_detail(request, pk):
    """A meeting's minutes and decisions; each decision becomes a problem the unit works and the leader chases."""
    require(permissions.can_see_dispatch(request.user))
    meeting = get_object_or_404(DispatchMeeting, pk=pk)
    minutes_form, decision_form = MeetingForm(instance=meeting), DecisionForm()
    if request.method == "POST":
        require(permissions.can_hold_meetings(request.user))
        if "minutes" in request.POST:
            minutes_form = MeetingForm(request.POST, instance=meeting)
            if minutes_form.is_valid():
                minutes_form.save()
                messages.success(request, "已保存会议纪要。")
                return redirect("projects:meeting_detail", pk=meeting.pk)
        else:
            decision_form = DecisionForm(request.POST)
            if decision_form.is_valid():
                try:
                    services.meeting_decide(meeting=meeting, user=request.user, **decision_form.cleaned_data)
                except ValidationError as error:
                    decision_form.add_error(None, error)
                else:
                    messages.success(request, "已记录议定事项，并交责任单位办理。")
                    return redirect("projects:meeting_detail", pk=meeting.pk)
    return render(request, "projects/meeting_detail.html", {
        "title": meeting.title, "meeting": meeting,
        "decisions": meeting.decisions.select_related("project", "unit", "problem"),
        "minutes_form": minutes_form, "decision_form": decision_form,
        "can_run": permissions.can_hold_meetings(request.user),
    })


@login_required
def meeting_agenda(request, pk):
    require(permissions.can_see_dispatch(request.user))
    meeting = get_object_or_404(DispatchMeeting, pk=pk)
    return _report_download("project_agenda", day=meeting.held_on.isoformat())


class ProjectTableImportView(ImportView):
    """The 重点项目进展情况表 from Word or Excel, previewed, then written all at once."""

    title = "导入重点项目进展情况表"
    form_class = ProjectImportForm
    upload_template = "projects/table_import.html"
    preview_template = "projects/table_import_preview.html"
    session_key = "project_table_import"

    def allowed(self, user) -> bool:
        return allows(user, "project", IMPORT)

    def settings(self, form) -> dict:
        period = form.cleaned_data["period"]
        return {"year": form.cleaned_data["year"], "period": period_key(period) if period else ""}

    def importer(self, entry: dict) -> ProjectImporter:
        return ProjectImporter(park=served_park(), year=entry["year"],
                               period=parse_period(entry["period"]) if entry["period"] else None)

    def done_url(self, outcome) -> str:
        return reverse("projects:project_list")

    def preview_context(self, preview: ProjectPreview) -> dict:
        return {"lines": lines_with_problems(preview, preview.projects)}


table_import = ProjectTableImportView.as_view()
