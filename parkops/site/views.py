from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from parkops.core.replica import replica_reads
from parkops.site.menu import entries_for
from parkops.site.today import items_for


@login_required
@replica_reads
def home(request):
    """今日待办: what is due, returned, chased or red for this person, newest first, each with its link;
    then the pages they work with (menu.landing_for's first among them)."""
    today = timezone.localdate()
    items = items_for(request.user, today=today)
    shortcuts = [entry for entry in entries_for(request.user) if entry.url_name != "site:home"]
    return render(request, "site/home.html", {
        "title": "今日待办", "today": today, "items": items, "urgent_count": sum(item.urgent for item in items),
        "shortcuts": shortcuts[:8],
    })


# The floor a page is measured against by `parkops bench` (served only with PARKOPS_BENCH on): the same
# server, middleware and session, fifty rows of the list read in one query, written out with no template.
_FLOOR_ROWS = {
    "task": ("supervision", "Task", ("number", "text", "deadline"), "-deadline"),
    "project": ("projects", "Project", ("name", "stage", "total_investment"), "name"),
    "enterprise": ("economy", "Enterprise", ("name", "credit_code", "employees"), "name"),
}


@login_required
def bench_floor(request):
    from django.apps import apps
    from django.http import HttpResponse
    from django.utils.html import escape

    app, model, fields, order = _FLOOR_ROWS.get(request.GET.get("rows", ""), _FLOOR_ROWS["task"])
    rows = apps.get_model(app, model)._base_manager.order_by(order).values_list(*fields)[:50]
    cells = "".join("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>" for row in rows)
    return HttpResponse(f"<!doctype html><title>floor</title><table>{cells}</table>")
