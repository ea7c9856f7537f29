"""The economic dashboard and wall screen, the months and their close, and the year's targets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from parkops.core.forms import StyledFormMixin
from parkops.core.periods import parse_period, period_key, period_label
from parkops.core.permissions import require
from parkops.core.replica import replica_reads
from parkops.economy import figures, permu, services
from parkops.economy.figures_cache import cached_figures
from parkops.economy.models import (
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    IndustryChain,
    PeriodClose,
)
from parkops.economy.permissions import can_manage_economy, can_view_economy
from parkops.org.models import Park, Zone
from parkops.org.services import served_park


class DashboardFilterForm(StyledFormMixin, forms.Form):
    """Which month, which part of the park, and which indicator the trend and rankings follow."""

    period = forms.TypedChoiceField(label="月份", coerce=parse_period, required=False)
    zone = forms.ModelChoiceField(Zone.objects.none(), label="片区", required=False, empty_label="全部片区")
    chain = forms.ModelChoiceField(IndustryChain.objects.none(), label="产业链", required=False,
                                   empty_label="全部产业链")
    indicator = forms.ChoiceField(label="指标", required=False)

    def __init__(self, *args, park: Park, periods: list[date], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(period_key(p), period_label(p)) for p in periods]
        self.fields["zone"].queryset = Zone.objects.filter(park=park)
        self.fields["chain"].queryset = IndustryChain.objects.filter(park=park)
        self.fields["indicator"].choices = [(i.code, i.name) for i in Indicator.objects.filter(is_cumulative=True)]


def _dashboard_figures(park, period, zone, chain, code) -> dict:
    """What the dashboard works out from the month's values: kept per state of the data (figures_cache)."""
    return {
        "summary": figures.economy_summary(park=park, period=period, zone=zone, chain=chain),
        "trend": figures.monthly_trend(park=park, year=period.year, indicator=code, until=period, zone=zone,
                                       chain=chain),
        "last_year": figures.monthly_trend(park=park, year=period.year - 1, indicator=code,
                                           until=date(period.year - 1, period.month, 1), zone=zone, chain=chain),
        "chains": figures.by_chain(park=park, period=period, indicator=code, zone=zone) if chain is None else [],
        "top": figures.ranking(park=park, period=period, indicator=code, limit=10, zone=zone, chain=chain),
        "bottom": figures.ranking(park=park, period=period, indicator=code, limit=10, bottom=True, zone=zone,
                                  chain=chain),
        "grades": permu.latest_grade_counts(park),
    }


def _dashboard_context(request) -> dict:
    """Everything the dashboard and the wall show, from figures; an unknown filter falls back to the default."""
    park = served_park()
    periods = figures.reported_periods(park)
    form = DashboardFilterForm(request.GET or None, park=park, periods=periods)
    chosen = form.cleaned_data if form.is_valid() else {}
    period = chosen.get("period") or (periods[0] if periods else None)
    zone, chain = chosen.get("zone"), chosen.get("chain")
    code = chosen.get("indicator") or "revenue"
    context = {"form": form, "park": park, "period": period, "zone": zone, "chain": chain}
    if period is None:
        return context
    key = f"{park.pk}:{period:%Y-%m}:{zone.pk if zone else ''}:{chain.pk if chain else ''}:{code}"
    worked_out = cached_figures(key, lambda: _dashboard_figures(park, period, zone, chain, code))
    summary, trend, last_year, chains = (worked_out[name] for name in ("summary", "trend", "last_year", "chains"))
    indicator = summary.indicators[code]
    cards = [summary.indicators[c] for c in CARD_CODES if c in summary.indicators]
    grades = worked_out["grades"]
    context.update({
        "summary": summary, "indicator": indicator, "cards": cards,
        "opening": figures.opening_paragraph(summary),
        "table": [f for f in summary.indicators.values() if f.cumulative is not None],
        "top": worked_out["top"], "bottom": worked_out["bottom"],
        "chains": chains, "grades": grades,
        "chart": {
            "indicator": indicator.name, "unit": "亿元" if indicator.is_money else indicator.unit,
            "months": [f"{p.period.month}月" for p in trend],
            "this_year": [_chart_number(p.month, indicator) for p in trend],
            "last_year": [_chart_number(p.month, indicator) for p in last_year],
            "yoy": [None if p.yoy_same_basis_pct is None else float(p.yoy_same_basis_pct) for p in trend],
            "year": period.year,
            "chains": [{"name": row.name, "value": _chart_number(row.cumulative, indicator), "leading": row.is_leading}
                       for row in chains if row.cumulative],
            "grades": grades,
        },
    })
    return context


def _chart_number(amount: Decimal | None, indicator) -> float | None:
    """A value for the chart's axis only (亿元 for money): the page prints the exact figures."""
    if amount is None:
        return None
    return float(round(amount / 10000, 2)) if indicator.is_money else float(round(amount, 2))


CARD_CODES = ("revenue", "output", "profit", "tax", "rnd")


@login_required
@replica_reads
def dashboard(request):
    require(can_view_economy(request.user))
    context = _dashboard_context(request)
    context.update(title="经济运行", can_manage=can_manage_economy(request.user))
    return render(request, "economy/dashboard.html", context)


@login_required
def wall(request):
    """The meeting-room wall (大屏): the same figures, 1920×1080, refreshed every five minutes."""
    require(can_view_economy(request.user))
    context = _dashboard_context(request)
    context.update(title="经济运行大屏")
    return render(request, "economy/wall.html", context)


@login_required
def period_list(request):
    """Every month with data: how many enterprises reported, whether it is closed, and since when revised."""
    require(can_view_economy(request.user))
    park = served_park()
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
        close = services.close_period(park=served_park(), period=month, user=request.user)
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
    park = served_park()
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
