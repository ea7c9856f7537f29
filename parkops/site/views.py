from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from parkops.site.menu import entries_for
from parkops.site.today import items_for


@login_required
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
