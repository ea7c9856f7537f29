from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from parkops.core.exports import XLSX_TYPE, dated_filename, export_response
from parkops.core.import_views import ImportView
from parkops.core.permissions import require
from parkops.core.versioning import EditConflict
from parkops.core.views import export_query
from parkops.investment import contracts, exporters, permissions, selectors, services
from parkops.investment.choices import Decision, Opinion, ReviewKind, Stage
from parkops.investment.contract_lights import WARN_DAYS, light_counts, week_of
from parkops.investment.forms import (
    ActivityForm,
    ContractFilterForm,
    ContractRulesForm,
    CriteriaForm,
    DecisionForm,
    FilterForm,
    ItemAddForm,
    ItemForm,
    LedgerImportForm,
    MeetingForm,
    OpinionForm,
    ProjectForm,
    StageForm,
    YearForm,
)
from parkops.investment.importers import LedgerImporter
from parkops.investment.models import InvestmentActivity, InvestmentProject, ReviewItem, ReviewMeeting
from parkops.org.services import served_park
from parkops.supervision.selectors import plans_taking_tasks


@login_required
def board(request):
    """The pipeline: a column per stage with its count and 计划总投资 in 亿元, 终止 last."""
    require(permissions.can_use_investment(request.user))
    filters = FilterForm(request.GET or None)
    projects = filters.filter(permissions.visible_projects(request.user))
    if request.GET.get("export") == "xlsx":
        require(permissions.can_export(request.user))
        content = exporters.ledger_xlsx(selectors.listing(projects))
        return export_response(content, dated_filename("招商引资项目台账", "xlsx"), XLSX_TYPE, what="招商引资项目台账")
    columns = selectors.pipeline_board(projects)
    alive, total = selectors.in_pipeline_total(columns)
    return render(request, "investment/board.html", {
        "title": "招商引资", "columns": columns, "alive": alive, "total": total, "filters": filters,
        "export_query": export_query(request), "can_add": permissions.can_add_project(request.user),
        "can_import": permissions.can_import(request.user),
    })


def _visible(request, pk) -> InvestmentProject:
    project = get_object_or_404(InvestmentProject.objects.select_related(
        "unit", "tracker", "enterprise", "key_project"), pk=pk)
    require(permissions.can_view_project(request.user, project))
    return project


@login_required
def project_detail(request, pk):
    project = _visible(request, pk)
    can_edit = permissions.can_edit_project(request.user, project)
    return render(request, "investment/project_detail.html", {
        "title": project.name, "project": project,
        "agreement": getattr(project, "agreement", None),
        "stage_changes": project.stage_changes.select_related("recorded_by"),
        "activities": project.activities.select_related("unit"),
        "reviews": project.review_items.select_related("meeting"),
        "open_meetings": set(permissions.visible_meetings(request.user).filter(items__project=project)
                             .values_list("pk", flat=True)),
        "can_edit": can_edit,
        "can_delete": permissions.can_manage_investment(request.user),
        "can_advance": can_edit and project.stage not in (Stage.TERMINATED, Stage.IN_PRODUCTION),
        "contract": contracts.light_of(project, today=timezone.localdate()).light,
    })


@login_required
def project_edit(request, pk=None):
    if pk:
        project = _visible(request, pk)
        require(permissions.can_edit_project(request.user, project))
    else:
        require(permissions.can_add_project(request.user))
        project = InvestmentProject(park=served_park())
    own_unit = permissions.own_unit_only(request.user)
    form = ProjectForm(request.POST or None, instance=project, own_unit=own_unit)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_save(project=form.save(commit=False), user=request.user,
                                            loaded_version=form.loaded_version if pk else None)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已保存：{project}")
            return redirect("investment:project_detail", pk=project.pk)
    return render(request, "investment/form.html", {
        "title": "编辑招商项目" if pk else "登记招商项目", "project": project if pk else None, "form": form,
        "submit": "保存"})


@login_required
def stage_advance(request, pk):
    """Move a project on. 签约 asks for the agreement, 注册 for the credit code, 终止 for the reason."""
    project = _visible(request, pk)
    require(permissions.can_edit_project(request.user, project))
    form = StageForm(request.POST or None, current=project.stage,
                     initial={"on": timezone.localdate(), "enterprise_name": project.investor})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        terms = services.AgreementTerms(
            total_investment=data["agreement_total"], first_phase_investment=data["first_phase"],
            start_by=data["start_by"], production_by=data["production_by"], output_at_full=data["output_at_full"],
            tax_at_full=data["tax_at_full"])
        try:
            change = services.stage_advance(
                project=project, stage=data["stage"], on=data["on"], note=data["note"], user=request.user,
                credit_code=data["credit_code"], enterprise_name=data["enterprise_name"],
                agreement=terms if data["stage"] == Stage.SIGNED else None,
                terminated_reason=data["terminated_reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已登记：{change.on:%Y-%m-%d}进入“{change.get_to_stage_display()}”阶段。")
            return redirect("investment:project_detail", pk=project.pk)
    return render(request, "investment/stage_form.html", {
        "title": f"推进阶段：{project}", "project": project, "form": form})


@login_required
def activity_list(request):
    require(permissions.can_use_activities(request.user))
    activities = permissions.visible_activities(request.user).select_related("unit").prefetch_related("leads")
    return render(request, "investment/activity_list.html", {
        "title": "招商活动", "activities": activities[:200],
        "counts": selectors.activity_counts(permissions.visible_activities(request.user)),
        "can_add": permissions.can_add_activity(request.user),
    })


@login_required
def activity_create(request):
    require(permissions.can_add_activity(request.user))
    activity = InvestmentActivity(park=served_park())
    own_unit = permissions.own_unit_only(request.user)
    leads = permissions.visible_projects(request.user).filter(park=activity.park).order_by("name")
    form = ActivityForm(request.POST or None, instance=activity, leads=leads, own_unit=own_unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_save(activity=form.save(commit=False), leads=form.cleaned_data["leads"],
                                   user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已登记招商活动：{activity}")
            return redirect("investment:activity_list")
    return render(request, "investment/form.html", {"title": "登记招商活动", "form": form, "submit": "保存"})


@login_required
def contract_list(request):
    """履约监管: every signed project against its agreement, red first, with the reasons."""
    require(permissions.can_use_investment(request.user))
    today = timezone.localdate()
    filters = ContractFilterForm(request.GET or None)
    park = served_park()
    rules = contracts.rules_for(park)
    terms = contracts.terms_for(park, rules)
    rows = contracts.contract_rows(filters.filter(permissions.visible_projects(request.user)), today=today,
                                   terms={park.pk: terms})
    counts = light_counts(row.light for row in rows)
    can_set = permissions.can_set_contract_rules(request.user)
    return render(request, "investment/contract_list.html", {
        "title": "履约监管", "rows": filters.filter_lights(rows), "counts": counts, "filters": filters,
        "terms": terms, "warn_days": WARN_DAYS,
        "supervision_plans": list(plans_taking_tasks().filter(park=park))
        if permissions.can_hand_contract_to_supervision(request.user) else [], "rules_form": ContractRulesForm(instance=rules) if can_set else None,
    })


@login_required
def contract_rules(request):
    """The park's 达产 months, set by the committee's supervisor from the 履约 page."""
    require(permissions.can_set_contract_rules(request.user) and request.method == "POST")
    park = served_park()
    form = ContractRulesForm(request.POST, instance=contracts.rules_for(park))
    if form.is_valid():
        try:
            services.contract_rules_save(park=park, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, "已保存履约监管规则。")
    else:
        messages.error(request, "履约监管规则未保存：请填写1至120之间的月数。")
    return redirect("investment:contract_list")


@login_required
def contract_to_task(request, pk):
    """转督办: a project in red handed to a supervision plan as a task."""
    project = _visible(request, pk)
    require(permissions.can_hand_contract_to_supervision(request.user, project) and request.method == "POST")
    plan = get_object_or_404(plans_taking_tasks(), pk=request.POST.get("plan"))
    try:
        task = services.contract_to_task(project=project, plan=plan, user=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已转为督办任务：{task.named}")
    return redirect("investment:contract_list")


@login_required
def week(request):
    """The leader's phone view: this week's signings and the contracts in red."""
    require(permissions.can_use_investment(request.user))
    today = timezone.localdate()
    start, end = week_of(today)
    visible = permissions.visible_projects(request.user)
    visible_ids = set(visible.values_list("pk", flat=True))
    signings = [(project, on) for project, on in selectors.reaching(park=served_park(), stage=Stage.SIGNED,
                                                                   start=start, end=end)
                if project.pk in visible_ids]
    red = [row for row in contracts.contract_rows(visible, today=today) if row.light.light == "red"]
    return render(request, "investment/week.html", {
        "title": "本周招商", "start": start, "end": end, "signings": signings, "red": red,
        "signed_total": sum((project.total_investment for project, _ in signings), 0),
    })


class LedgerImportView(ImportView):
    """The 招商引资项目台账 in any of the layouts parks keep, previewed, then written all at once."""

    title = "导入招商引资项目台账"
    form_class = LedgerImportForm
    upload_template = "investment/import.html"
    preview_template = "investment/import_preview.html"
    session_key = "investment_ledger_import"

    def allowed(self, user) -> bool:
        return permissions.can_import(user)

    def importer(self, entry: dict) -> LedgerImporter:
        return LedgerImporter(park=served_park())

    def done_url(self, outcome) -> str:
        return reverse("investment:board")


ledger_import = LedgerImportView.as_view()


# --- 入园联审 -------------------------------------------------------------------------------------------


@login_required
def meeting_list(request):
    """The 联审 meetings, newest first, each with its projects reviewed, let in, and their investment;
    the year's totals by kind above (the seeds' "2次工业项目入园联审会议审议通过25个工业项目")."""
    require(permissions.can_use_review(request.user))
    meetings = list(selectors.meeting_listing(permissions.visible_meetings(request.user))[:200])
    year = timezone.localdate().year
    totals = []
    for kind in ReviewKind:
        rows = [m for m in meetings if m.kind == kind and m.year == year]
        totals.append({"kind": kind.label, "meetings": len(rows), "admitted": sum(m.admitted_count for m in rows),
                       "investment": sum((m.admitted_investment or Decimal(0) for m in rows), Decimal(0))})
    return render(request, "investment/review_list.html", {
        "title": "入园联审", "meetings": meetings, "year": year, "totals": totals,
        "can_add": permissions.can_add_meeting(request.user),
        "can_see_criteria": permissions.can_see_criteria(request.user),
    })


def _meeting(request, pk) -> ReviewMeeting:
    meeting = get_object_or_404(ReviewMeeting.objects.select_related("park", "host_unit"), pk=pk)
    require(permissions.can_view_meeting(request.user, meeting))
    return meeting


@login_required
def meeting_edit(request, pk=None):
    if pk:
        meeting = _meeting(request, pk)
        require(permissions.can_edit_meeting(request.user, meeting))
    else:
        require(permissions.can_add_meeting(request.user))
        meeting = ReviewMeeting(park=served_park(), held_on=timezone.localdate())
    own_unit = permissions.own_unit_only(request.user)
    if not pk:
        done = ReviewMeeting.objects.filter(park=meeting.park, year=meeting.held_on.year)
        meeting.number = (done.filter(kind=ReviewKind.LAND).count() or 0) + 1
    form = MeetingForm(request.POST or None, instance=meeting, own_unit=own_unit)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_save(meeting=form.save(commit=False), members=form.cleaned_data["members"],
                                            user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已保存：{meeting}")
            return redirect("investment:meeting_detail", pk=meeting.pk)
    return render(request, "investment/form.html", {
        "title": "修改联审会议" if pk else "召开入园联审会议", "form": form, "submit": "保存"})


@login_required
def meeting_detail(request, pk):
    """A meeting: each project with its criteria table, the member departments' opinions, the decision the
    criteria suggest and the one the meeting recorded."""
    meeting = _meeting(request, pk)
    review = selectors.meeting_review(meeting)
    can_edit = permissions.can_edit_meeting(request.user, meeting)
    on_agenda = {reviewed.item.project_id for reviewed in review.items}
    candidates = permissions.visible_projects(request.user).filter(park=meeting.park).exclude(
        stage=Stage.TERMINATED).exclude(pk__in=on_agenda).order_by("name") if can_edit else None
    return render(request, "investment/review_meeting.html", {
        "title": str(meeting), "meeting": meeting, "review": review,
        "can_edit": can_edit, "can_decide": permissions.can_decide(request.user, meeting),
        "opinion_units": permissions.opinion_units(request.user, meeting, review.members),
        "add_form": ItemAddForm(projects=candidates) if can_edit else None,
        "opinions": Opinion.choices, "decisions": Decision.choices,
    })


@login_required
def item_add(request, pk):
    meeting = _meeting(request, pk)
    require(permissions.can_edit_meeting(request.user, meeting))
    if request.method != "POST":
        return redirect("investment:meeting_detail", pk=meeting.pk)
    projects = permissions.visible_projects(request.user).filter(park=meeting.park)
    form = ItemAddForm(request.POST, projects=projects)
    if form.is_valid():
        try:
            item = services.item_add(meeting=meeting, project=form.cleaned_data["project"], user=request.user)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"已列入上会项目：{item.project}。请补充核查资料。")
            return redirect("investment:item_edit", pk=item.pk)
    else:
        messages.error(request, "请选择要上会的招商项目。")
    return redirect("investment:meeting_detail", pk=meeting.pk)


def _item(request, pk) -> ReviewItem:
    item = get_object_or_404(ReviewItem.objects.select_related("meeting", "meeting__park", "project"), pk=pk)
    require(permissions.can_view_meeting(request.user, item.meeting))
    return item


def _back(item: ReviewItem):
    return redirect(reverse("investment:meeting_detail", args=[item.meeting_id]) + f"#item-{item.pk}")


@login_required
def item_edit(request, pk):
    """The figures of a project's application the criteria are held against, and the vetoes checked."""
    item = _item(request, pk)
    require(permissions.can_edit_meeting(request.user, item.meeting))
    form = ItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_save(item=form.save(commit=False), user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已保存“{item.project}”的上会资料。")
            return _back(item)
    return render(request, "investment/form.html", {
        "title": f"上会资料：{item.project}", "form": form, "submit": "保存"})


@login_required
@require_POST
def item_remove(request, pk):
    item = _item(request, pk)
    require(permissions.can_edit_meeting(request.user, item.meeting))
    try:
        services.item_remove(item=item, user=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return _back(item)
    messages.success(request, f"已撤下上会项目：{item.project}。")
    return redirect("investment:meeting_detail", pk=item.meeting_id)


@login_required
@require_POST
def opinion_record(request, pk):
    item = _item(request, pk)
    units = permissions.opinion_units(request.user, item.meeting, item.meeting.members.all())
    require(bool(units))
    form = OpinionForm(request.POST, units=units)
    if form.is_valid():
        try:
            opinion = services.opinion_record(item=item, unit=form.cleaned_data["unit"],
                                              opinion=form.cleaned_data["opinion"], text=form.cleaned_data["text"],
                                              user=request.user)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"已登记{opinion.unit}对“{item.project}”的意见：{opinion.get_opinion_display()}。")
    else:
        messages.error(request, "请选择本单位的意见。")
    return _back(item)


@login_required
@require_POST
def item_decide(request, pk):
    item = _item(request, pk)
    require(permissions.can_decide(request.user, item.meeting))
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.decide(item=item, decision=data["decision"], conditions=data["conditions"], note=data["note"],
                            user=request.user)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"已登记会议决定：“{item.project}”{item.get_decision_display()}。")
    else:
        messages.error(request, "请选择会议决定。")
    return _back(item)


@login_required
def criteria(request):
    """The year's entry criteria: read by all, set by the supervisor."""
    require(permissions.can_see_criteria(request.user))
    years = YearForm(request.GET)
    year = (years.cleaned_data.get("year") if years.is_valid() else None) or timezone.localdate().year
    park = served_park()
    current = selectors.criteria_for(park=park, year=year)
    can_set = permissions.can_set_criteria(request.user)
    form = CriteriaForm(request.POST or None, instance=current) if can_set else None
    if request.method == "POST":
        require(can_set)
        if form.is_valid():
            try:
                services.criteria_save(criteria=form.save(commit=False), user=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"已保存{year}年入园标准。")
                return redirect(reverse("investment:criteria") + f"?year={year}")
    return render(request, "investment/review_criteria.html", {
        "title": f"{year}年入园标准", "criteria": current, "year": year, "form": form, "can_set": can_set,
        "saved": current.pk is not None and current.year == year,
        "ratios": sorted((current.plot_ratio_by_industry or {}).items()),
    })
