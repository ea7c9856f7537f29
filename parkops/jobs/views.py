"""定时推送: the worker's schedules and their last results, and which channels get which report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from parkops.core.permissions import require
from parkops.jobs import selectors
from parkops.jobs.forms import SubscriptionForm
from parkops.jobs.models import ReportSubscription
from parkops.jobs.permissions import can_manage_jobs
from parkops.jobs.runner import broker_label
from parkops.org.services import served_park


@login_required
def overview(request):
    require(can_manage_jobs(request.user))
    park = served_park()
    form = SubscriptionForm(request.POST or None, park=park)
    if request.method == "POST" and form.is_valid():
        subscription = form.save()
        messages.success(request, f"已添加订阅：{subscription}。")
        return redirect("jobs:overview")
    subscriptions = ReportSubscription.objects.filter(channel__park=park).select_related("channel", "channel__unit")
    return render(request, "jobs/overview.html", {
        "title": "定时推送",
        "rows": selectors.schedule_rows(),
        "broker": broker_label(),
        "subscriptions": subscriptions,
        "form": form,
    })


@login_required
@require_POST
def subscription_delete(request, pk):
    require(can_manage_jobs(request.user))
    subscription = get_object_or_404(ReportSubscription, pk=pk)
    label = str(subscription)
    subscription.delete()
    messages.success(request, f"已删除订阅：{label}。")
    return redirect("jobs:overview")
