from __future__ import annotations

import django_filters
import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_filters.views import FilterView
from django_tables2.views import SingleTableMixin

from parkops.core import trash
from parkops.core.audit_display import readable_changes
from parkops.core.exports import XLSX_TYPE, dated_filename, export_response, workbook_bytes
from parkops.core.forms import BrowserDateInput, style_widgets
from parkops.core.models import AuditAction, AuditEntry
from parkops.core.permissions import can_export_audit, can_read_audit, require


class LocalDateTimeColumn(tables.DateTimeColumn):
    """A time exported as the page shows it, in local (Beijing) time: django-tables2 exports the raw
    value, which the database returns in UTC, so an exported log read eight hours early."""

    def value(self, **kwargs):
        return tables.TemplateColumn.value(self, **kwargs)


def safe_next(request) -> str | None:
    """The page a form asks to go back to, if it is one of ours: a forged form must not send anyone away."""
    target = request.POST.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return None


def table_rows(table: tables.Table) -> tuple[list[str], list[list]]:
    """The table's visible columns and its rows as plain values, for the .xlsx export."""
    values = list(table.as_values(exclude_columns=getattr(table.Meta, "export_exclude", ())))
    return [str(h) for h in values[0]], values[1:]


def table_xlsx_response(table: tables.Table, name: str) -> HttpResponse:
    """Every row of a list (not just the page shown) as an audited .xlsx download."""
    header, rows = table_rows(table)
    return export_response(workbook_bytes(name, header, rows), dated_filename(name, "xlsx"), XLSX_TYPE, what=name)


def export_query(request) -> str:
    """The list's own query with export=xlsx: the Excel link downloads what the filters show."""
    query = request.GET.copy()
    query.pop("page", None)
    query["export"] = "xlsx"
    return query.urlencode()


class ObjectListView(LoginRequiredMixin, SingleTableMixin, FilterView):
    """A list that filters (django-filter), sorts and paginates (django-tables2), and exports the
    filtered rows to .xlsx with ?export=xlsx. Subclasses declare; they do not re-implement."""

    template_name = "core/object_list.html"
    paginate_by = 50
    title = ""
    export_name = ""

    def allowed(self) -> bool:
        return True

    def export_allowed(self) -> bool:
        """The .xlsx of the list: by default whoever sees the list; a list whose export is a row of its own
        in the permission matrix says so here."""
        return self.allowed()

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.allowed():
            raise PermissionDenied("您没有查看此页面的权限。")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            if not self.export_allowed():
                raise PermissionDenied("您没有导出此列表的权限。")
            filterset = self.get_filterset(self.get_filterset_class())
            queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else self.get_queryset()
            table = self.get_table_class()(queryset, **self.get_table_kwargs())
            response = table_xlsx_response(table, self.export_name or self.title)
            self.exported(table)
            return response
        return super().get(request, *args, **kwargs)

    def actions(self) -> list[tuple[str, str]]:
        """Buttons beside the title, as (label, url), for what this user may do from the list."""
        return []

    def exported(self, table: tables.Table) -> None:
        """After an export is built: a list whose rows carry personal data records what went out."""

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        style_widgets(filterset.form)
        return filterset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        context["export_query"] = export_query(self.request)
        context["actions"] = self.actions()
        return context


class AuditEntryFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(label="操作", choices=AuditAction.choices, empty_label="全部操作")
    username = django_filters.CharFilter(label="账号", lookup_expr="icontains")
    object_type = django_filters.CharFilter(label="对象类型", lookup_expr="icontains")
    object_repr = django_filters.CharFilter(label="对象", lookup_expr="icontains")
    since = django_filters.DateFilter(label="起始日期", field_name="at", lookup_expr="date__gte",
                                      widget=BrowserDateInput())
    until = django_filters.DateFilter(label="截止日期", field_name="at", lookup_expr="date__lte",
                                      widget=BrowserDateInput())

    class Meta:
        model = AuditEntry
        fields = ["action", "username", "object_type", "object_repr", "since", "until"]


class AuditEntryTable(tables.Table):
    """Narrow columns that keep their words on one line, the wide ones (object, detail, changes) wrapping."""

    at = LocalDateTimeColumn(format="Y-m-d H:i:s", attrs={"td": {"class": "text-nowrap small"}})
    username = tables.Column(attrs={"td": {"class": "text-nowrap"}})
    ip = tables.Column(attrs={"td": {"class": "text-nowrap small"}})
    action = tables.Column(attrs={"td": {"class": "text-nowrap"}})
    object_type = tables.Column(attrs={"td": {"class": "text-nowrap"}})
    object_repr = tables.Column(attrs={"td": {"class": "audit-wide"}})
    detail = tables.Column(attrs={"td": {"class": "audit-wide small"}})
    changes = tables.TemplateColumn(template_name="core/audit_changes.html", verbose_name="修改内容",
                                    orderable=False, attrs={"td": {"class": "audit-wide"}})

    class Meta:
        model = AuditEntry
        fields = ["at", "username", "ip", "action", "object_type", "object_repr", "detail", "changes"]
        export_exclude = ()

    def value_changes(self, record):
        return "\n".join(f"{c.label}：{c.before} → {c.after}" if c.before else f"{c.label}：{c.after}"
                         for c in readable_changes(record))


class AuditListView(ObjectListView):
    """The audit administrator's search; nobody, that administrator included, can edit a line."""

    title = "审计日志"
    model = AuditEntry
    table_class = AuditEntryTable
    filterset_class = AuditEntryFilter

    def allowed(self) -> bool:
        return can_read_audit(self.request.user)

    def export_allowed(self) -> bool:
        return can_export_audit(self.request.user)


# --- the 回收站 (core.trash) ----------------------------------------------------------------------


def _bin_and_record(key: str, pk: int, user):
    bin_ = trash.bin_for(key)
    if bin_ is None:
        raise Http404("没有这类记录。")
    require(bin_.may_manage(user))
    return bin_, get_object_or_404(bin_.model.all_objects, pk=pk)


@login_required
def trash_list(request):
    """Deleted records of the modules the user manages, each with 恢复."""
    groups = trash.deleted_records(request.user)
    require(bool(groups))
    return render(request, "core/trash.html", {"title": "回收站", "groups": groups})


@login_required
def trash_delete(request, key: str, pk: int):
    require(request.method == "POST")
    bin_, record = _bin_and_record(key, pk, request.user)
    try:
        trash.soft_delete(record, user=request.user, reason=request.POST.get("reason", "").strip()[:200])
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已删除{bin_.label}“{record}”，督办员可在回收站恢复。")
    return redirect(bin_.list_url)


@login_required
def trash_restore(request, key: str, pk: int):
    require(request.method == "POST")
    bin_, record = _bin_and_record(key, pk, request.user)
    try:
        trash.restore(record, user=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("core:trash_list")
    messages.success(request, f"已恢复{bin_.label}“{record}”。")
    return redirect(bin_.detail_url, pk=record.pk)
