"""The enterprise registry's pages: the list (filtered, sorted, exported), an enterprise's page with
its 规上 record, honours, recent figures and history, the form, and the registry sheet's import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from parkops.core import privacy
from parkops.core.import_views import ImportView
from parkops.core.periods import parse_period, period_key
from parkops.core.permissions import (
    CREATE,
    EDIT,
    EXPORT,
    IMPORT,
    VIEW_LIST,
    VIEW_ONE,
    allows,
    require,
    require_allowed,
)
from parkops.core.versioning import EditConflict
from parkops.core.views import ObjectListView
from parkops.economy import registry
from parkops.economy.enterprise_import import EnterpriseImporter
from parkops.economy.filtersets import EnterpriseFilter
from parkops.economy.forms import EnterpriseForm, HonourForm, RegistryImportForm, ScaleForm
from parkops.economy.models import Enterprise
from parkops.economy.permissions import can_see_contact_phones
from parkops.economy.tables import EnterpriseTable
from parkops.org.services import served_park


class EnterpriseListView(ObjectListView):
    title = "企业库"
    export_name = "企业名录"
    template_name = "economy/enterprise_list.html"
    model = Enterprise
    table_class = EnterpriseTable
    filterset_class = EnterpriseFilter
    paginate_by = 30

    def allowed(self) -> bool:
        return allows(self.request.user, "enterprise", VIEW_LIST)

    def export_allowed(self) -> bool:
        return allows(self.request.user, "enterprise", EXPORT)

    def get_queryset(self):
        return registry.with_listing_data(Enterprise.objects.filter(is_active=True)).order_by("name", "pk")

    def get_table_kwargs(self):
        return {"show_phones": can_see_contact_phones(self.request.user)}

    def exported(self, table: EnterpriseTable) -> None:
        if table.phones_shown:
            privacy.record_read(what="企业联系人电话", detail=f"导出{self.export_name}，含 {len(table.phones_shown)} "
                                                       f"家企业联系人的完整电话")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = self.object_list.aggregate(total=Count("pk"), scale=Count("pk", filter=Q(
            scale_since__isnull=False)))
        context["can_manage"] = allows(self.request.user, "enterprise", EDIT)
        return context


enterprise_list = EnterpriseListView.as_view()


@login_required
def enterprise_detail(request, pk):
    """The enterprise's page; managers also record honours and 入规/退规 here (POST with `action`)."""
    enterprise = get_object_or_404(Enterprise.objects.select_related("zone", "chain", "park"), pk=pk)
    require_allowed(request.user, "enterprise", VIEW_ONE, enterprise)
    can_manage = allows(request.user, "enterprise", EDIT, enterprise)
    honour_form, scale_form = HonourForm(), ScaleForm(initial={"period": registry.this_month()})
    if request.method == "POST":
        require(can_manage)
        action = request.POST.get("action")
        if action == "honour":
            honour_form = HonourForm(request.POST)
            if _apply(request, honour_form, lambda data: registry.honour_add(
                    enterprise=enterprise, user=request.user, **data), "已登记荣誉。"):
                return redirect("economy:enterprise_detail", pk=enterprise.pk)
        elif action in ("scale_enter", "scale_leave"):
            service = registry.scale_enter if action == "scale_enter" else registry.scale_leave
            scale_form = ScaleForm(request.POST)
            done = "已登记入规。" if action == "scale_enter" else "已登记退规。"
            if _apply(request, scale_form, lambda data: service(enterprise=enterprise, user=request.user, **data),
                      done):
                return redirect("economy:enterprise_detail", pk=enterprise.pk)
        else:
            messages.error(request, "未知的操作。")
    show_phone = can_see_contact_phones(request.user)
    if show_phone and enterprise.contact_phone:
        privacy.record_read(what="企业联系人电话", obj=enterprise,
                            detail=f"查看{enterprise.name}联系人{enterprise.contact_person}的电话")
    today = timezone.localdate()
    honours = list(enterprise.honours.order_by("-awarded_on", "pk"))
    for honour in honours:
        honour.held = registry.is_held(honour, today)
    return render(request, "economy/enterprise_detail.html", {
        "title": enterprise.name,
        "enterprise": enterprise,
        "memberships": enterprise.scale_memberships.order_by("entered_period"),
        "current_membership": registry.open_membership(enterprise),
        "is_scale_now": enterprise.scale_memberships.filter(registry.scale_at(registry.this_month())).exists(),
        "honours": honours,
        "figures": registry.recent_figures(enterprise),
        "contact_phone": enterprise.contact_phone if show_phone else privacy.mask_phone(enterprise.contact_phone),
        "show_phone": show_phone,
        "changes": registry.enterprise_history(enterprise, mask_phones=not show_phone),
        "can_manage": can_manage,
        "honour_form": honour_form,
        "scale_form": scale_form,
        "honour_names": registry.COMMON_HONOURS,
    })


def _apply(request, form, write, done: str) -> bool:
    """Run a service with a valid form's data; its refusal goes back on the form, in Chinese."""
    if not form.is_valid():
        return False
    try:
        write(form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(request, done)
    return True


@login_required
def enterprise_edit(request, pk=None):
    enterprise = get_object_or_404(Enterprise, pk=pk) if pk else Enterprise(park=served_park())
    require_allowed(request.user, "enterprise", EDIT if pk else CREATE, enterprise if pk else None)
    form = EnterpriseForm(request.POST or None, instance=enterprise, park=enterprise.park)
    if request.method == "GET" and enterprise.contact_phone:
        privacy.record_read(what="企业联系人电话", obj=enterprise,
                            detail=f"编辑{enterprise.name}时查看联系人{enterprise.contact_person}的电话")
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = registry.enterprise_save(enterprise=form.save(commit=False), user=request.user,
                                                  loaded_version=form.loaded_version)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已保存：{enterprise.name}")
            return redirect("economy:enterprise_detail", pk=enterprise.pk)
    return render(request, "economy/enterprise_form.html", {
        "title": f"编辑企业：{enterprise.name}" if pk else "登记企业", "enterprise": enterprise if pk else None,
        "form": form,
    })


class EnterpriseImportView(ImportView):
    """The registry sheet (.xlsx), previewed, then written all at once."""

    title = "导入企业名录"
    form_class = RegistryImportForm
    upload_template = "economy/enterprise_import.html"
    preview_template = "economy/enterprise_import_preview.html"
    session_key = "enterprise_registry_import"

    def allowed(self, user) -> bool:
        return allows(user, "enterprise", IMPORT)

    def settings(self, form) -> dict:
        period = form.cleaned_data["default_scale_period"]
        return {"default_scale_period": period_key(period) if period else ""}

    def importer(self, entry: dict) -> EnterpriseImporter:
        period = entry.get("default_scale_period")
        return EnterpriseImporter(park=served_park(), default_scale_period=parse_period(period) if period else None)

    def done_url(self, outcome) -> str:
        return reverse("economy:enterprise_list")


enterprise_import = EnterpriseImportView.as_view()
