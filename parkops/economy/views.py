"""The economic dashboard and wall screen, the months and their close, and the year's targets."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from parkops.core.periods import parse_period, period_key, period_label
from parkops.core.permissions import require
from parkops.economy import services
from parkops.economy.models import Indicator, IndicatorTarget, IndicatorValue, PeriodClose
from parkops.economy.permissions import can_manage_economy, can_view_economy
from parkops.org.models import Park


def _park() -> Park:
    """The park the module shows: the only one, in the embedded set-up this serves."""
    return get_object_or_404(Park.objects.order_by("pk")[:1])


def _not_yet(request, *args, **kwargs):
    raise Http404("建设中")


dashboard = _not_yet
wall = _not_yet


@login_required
def period_list(request):
    """Every month with data: how many enterprises reported, whether it is closed, and since when revised."""
    require(can_view_economy(request.user))
    park = _park()
    months = (IndicatorValue.objects.filter(enterprise__park=park).values("period")
              .annotate(enterprises=Count("enterprise", distinct=True)).order_by("-period"))
    closes = {c.period: c for c in PeriodClose.objects.filter(park=park).select_related("closed_by")}
    rows = [{"period": m["period"], "key": period_key(m["period"]), "label": period_label(m["period"]),
             "enterprises": m["enterprises"], "close": closes.get(m["period"])} for m in months]
    return render(request, "economy/period_list.html", {
        "title": "月度数据与关账", "rows": rows, "can_manage": can_manage_economy(request.user),
    })


@login_required
def period_close(request, period):
    require(can_manage_economy(request.user) and request.method == "POST")
    try:
        month = parse_period(period)
    except ValueError as error:
        raise Http404(str(error)) from None
    try:
        close = services.close_period(park=_park(), period=month, user=request.user)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{period_label(month)}已关账（{timezone.localtime(close.closed_at):%Y-%m-%d %H:%M}）："
                                  "此后该月的报表和看板均按关账时的数据。")
    return redirect("economy:period_list")


@login_required
def targets(request):
    """The year's targets: an amount and/or a growth rate for each indicator."""
    require(can_view_economy(request.user))
    park = _park()
    year = int(request.GET.get("year") or request.POST.get("year") or timezone.localdate().year)
    indicators = list(Indicator.objects.all())
    existing = {t.indicator_id: t for t in IndicatorTarget.objects.filter(park=park, year=year)}
    errors: dict[int, str] = {}
    if request.method == "POST":
        require(can_manage_economy(request.user))
        wanted = {}
        for indicator in indicators:
            amount, growth = (request.POST.get(f"{name}-{indicator.pk}", "").strip() for name in ("amount", "growth"))
            try:
                wanted[indicator.pk] = (Decimal(amount) if amount else None, Decimal(growth) if growth else None)
            except InvalidOperation:
                errors[indicator.pk] = "请填写数字。"
            else:
                if wanted[indicator.pk][0] is not None and wanted[indicator.pk][0] < 0:
                    errors[indicator.pk] = "目标值不能为负数。"
        if not errors:
            changed = services.set_targets(park=park, year=year, targets=wanted, user=request.user)
            messages.success(request, f"{year}年度目标已保存（{changed}项有变化）。")
            return redirect(f"{request.path}?year={year}")
    rows = [{"indicator": i, "target": existing.get(i.pk), "error": errors.get(i.pk),
             "amount": request.POST.get(f"amount-{i.pk}") if errors else None,
             "growth": request.POST.get(f"growth-{i.pk}") if errors else None} for i in indicators]
    return render(request, "economy/targets.html", {
        "title": f"{year}年度经济指标目标", "year": year, "rows": rows, "can_manage": can_manage_economy(request.user),
    })
