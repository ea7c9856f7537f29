from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from parkops.core.exports import XLSX_TYPE, dated_filename, export_response
from parkops.core.import_views import ImportView
from parkops.core.permissions import require
from parkops.core.versioning import EditConflict
from parkops.core.views import export_query
from parkops.investment import contracts, exporters, permissions, selectors, services
from parkops.investment.choices import Stage
from parkops.investment.contract_lights import WARN_DAYS, light_counts, week_of
from parkops.investment.forms import (
    ActivityForm,
    ContractFilterForm,
    ContractRulesForm,
    FilterForm,
    LedgerImportForm,
    ProjectForm,
    StageForm,
)
from parkops.investment.importers import LedgerImporter, LedgerPreview
from parkops.investment.models import InvestmentActivity, InvestmentProject
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

    def preview_context(self, preview: LedgerPreview) -> dict:
        return {"lines": [
            {"line": line, "problems": problems, "has_error": any(p.is_error for p in problems)}
            for line in preview.lines
            for problems in [preview.problems_for(line.row)]
        ]}


ledger_import = LedgerImportView.as_view()
