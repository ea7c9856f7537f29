"""The statistics bureau's monthly sheet, imported from a page: upload → reading (with its progress) →
preview → confirm → writing (with its progress) → done.

The reading and the writing are queued for the worker (economy.import_runs), as reports are; the run
page (ImportRun) polls the run's row every second with htmx until the worker is done, so any web
process can serve it and nothing runs in the web process beyond the request.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from parkops.core.forms import PeriodField, StyledFormMixin
from parkops.core.imports import ImportFileError
from parkops.core.permissions import IMPORT, allows, require
from parkops.core.uploads import human_size
from parkops.economy import import_runs
from parkops.economy.models import ImportRun, Indicator
from parkops.org.services import served_park

RECENT_RUNS = 10
MAP_FIELD = "map:"


class IndicatorImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="统计局月度报表")
    period = PeriodField(label="月份", help_text="表中为本年1月至该月的累计数，如“1-10月”选10月")
    create_missing = forms.BooleanField(
        label="登记表中新企业", required=False,
        help_text="企业名录中没有的企业，按表中的统一社会信用代码和名称登记；不勾选时列出这些企业，不导入")
    scale_sheet = forms.BooleanField(
        label="本表是统计局规上企业表", required=False,
        help_text="表中企业即该月的规上企业：首次列出的入规，上一份规上表有而本表没有的退规（企业名录中手工登记的除外）。"
                  "标题含“规模以上”时不勾选也按规上表处理")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"Excel（.xlsx），不超过{human_size(settings.IMPORT_MAX_BYTES)}"
        self.fields["file"].widget.attrs["accept"] = ".xlsx"


@login_required
def indicator_import(request):
    require(allows(request.user, "economy", IMPORT))
    park = served_park()
    form = IndicatorImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = import_runs.start_run(park=park, period=data["period"], upload=data["file"],
                                        create_missing=data["create_missing"],
                                        scale_sheet=True if data["scale_sheet"] else None, user=request.user)
        except ImportFileError as error:
            form.add_error("file", error.message)
        else:
            return redirect("economy:import_run", pk=run.pk)
    return render(request, "economy/indicator_import.html", {
        "title": "导入统计局月度报表", "form": form,
        "runs": ImportRun.objects.filter(park=park).select_related("created_by")[:RECENT_RUNS],
    })


@login_required
def import_run(request, pk: int):
    require(allows(request.user, "economy", IMPORT))
    run = get_object_or_404(ImportRun.objects.select_related("park"), pk=pk, park=served_park())
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "confirm":
            refusal = import_runs.confirm_run(run, create_missing=request.POST.get("create_missing") == "on",
                                              user=request.user)
            if refusal:
                messages.error(request, refusal)
        elif action == "remap":
            # A select per header the catalogue did not know: "map:<header key>" → an indicator's code.
            chosen = {name[len(MAP_FIELD):]: code for name, code in request.POST.items()
                      if name.startswith(MAP_FIELD) and code}
            refusal = import_runs.remap_run(run, chosen)
            if refusal:
                messages.error(request, refusal)
        elif action == "cancel":
            if import_runs.cancel_run(run):
                messages.info(request, f"已取消导入“{run.filename}”，未写入任何数据。")
                return redirect("economy:indicator_import")
            messages.error(request, "该导入正在进行或已结束，不能取消。")
        return redirect("economy:import_run", pk=run.pk)
    context = {
        "title": f"导入统计局月度报表：{run.filename}", "run": run, "state": import_runs.run_state(run),
        "summary": run.preview or {}, "outcome": run.outcome or {},
        # The tick box on the page lifts the one refusal for new enterprises; any other error stays.
        "can_confirm": import_runs.confirm_refusal(run, create_missing=True) is None,
        "indicators": Indicator.objects.order_by("position", "code") if run.status == ImportRun.Status.PREVIEWED else [],
        "map_field": MAP_FIELD,
        "has_unmatched": any(column.get("unmatched") for column in (run.preview or {}).get("ignored", [])),
    }
    if request.headers.get("HX-Request"):
        return render(request, "economy/indicator_run_status.html", context)
    return render(request, "economy/indicator_run.html", context)
