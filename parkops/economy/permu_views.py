"""亩均论英雄 and 小升规培育库 pages. Each view checks permissions, calls economy.permu or
economy.cultivation, and renders; the rules live there."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from parkops.core.exports import XLSX_TYPE, export_response
from parkops.core.formatting import plain_number
from parkops.core.permissions import EXPORT, allows, require
from parkops.economy import permu
from parkops.economy.choices import Grade
from parkops.economy.cultivation import cultivation_pool
from parkops.economy.models import Enterprise, EvaluationResult, EvaluationScheme
from parkops.economy.permissions import can_manage_economy, can_view_economy
from parkops.economy.permu_forms import DistanceForm, MetricFormSet, SchemeForm
from parkops.org.models import Park
from parkops.org.services import served_park

MIN_YEAR, MAX_YEAR = 2000, 2100



def _year(request, park: Park) -> int:
    text = request.GET.get("year") or request.POST.get("year") or ""
    if text.isdigit() and MIN_YEAR <= int(text) <= MAX_YEAR:
        return int(text)
    return permu.default_year(park, timezone.localdate())


def _evaluation_url(year: int) -> str:
    return f"{reverse('economy:permu')}?year={year}"


def _scheme(park: Park, year: int) -> EvaluationScheme | None:
    return EvaluationScheme.objects.filter(park=park, year=year).select_related("park").first()


@login_required
@require_http_methods(["GET", "POST"])
def evaluation(request):
    require(can_view_economy(request.user))
    park = served_park()
    year = _year(request, park)
    scheme = _scheme(park, year)
    if request.method == "POST":
        require(can_manage_economy(request.user))
        action = request.POST.get("action")
        if action == "create_scheme" and scheme is None:
            scheme = permu.create_default_scheme(park=park, year=year)
            messages.success(request, f"已按默认值创建{year}年度评价方案，可在此调整权重、基准值和分类分数线。")
            return redirect(f"{reverse('economy:permu_scheme')}?year={year}")
        if action == "recompute" and scheme is not None:
            outcome = permu.recompute(scheme=scheme, user=request.user)
            messages.success(request, f"已重新计算：{outcome.summary()}。")
        return redirect(_evaluation_url(year))

    listing = permu.class_list(scheme) if scheme else None
    today = timezone.localdate()
    return render(request, "economy/permu_evaluation.html", {
        "title": f"{year}年度亩均论英雄",
        "year": year,
        "scheme": scheme,
        "listing": listing,
        "score_explanation": permu.score_explanation(scheme, listing.metrics) if scheme else "",
        # "A类（优先发展）" → "优先发展" beside the A badge.
        "grades": [(grade, Grade(grade).label.split("（")[1].rstrip("）"), listing.counts[grade] if listing else 0)
                   for grade in permu.GRADE_ORDER],
        "default_scheme": permu.default_scheme_summary(),
        # The years with a scheme, and the last and this one to set up a scheme for.
        "years": sorted({year, today.year - 1, today.year,
                         *EvaluationScheme.objects.filter(park=park).values_list("year", flat=True)}, reverse=True),
        "can_manage": can_manage_economy(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def scheme_edit(request):
    require(can_manage_economy(request.user))
    park = served_park()
    year = _year(request, park)
    scheme = _scheme(park, year)
    if scheme is None:
        messages.info(request, f"{year}年度还没有评价方案，请先按默认值创建。")
        return redirect(_evaluation_url(year))
    form = SchemeForm(request.POST or None, instance=scheme)
    metrics = MetricFormSet(request.POST or None, instance=scheme, prefix="metrics")
    if request.method == "POST" and form.is_valid() and metrics.is_valid():
        weight = metrics.total_weight()
        with transaction.atomic():
            form.save()
            metrics.save()
            # Results follow the scheme at once: a class list never shows scores of rules since changed.
            outcome = permu.recompute(scheme=scheme, user=request.user)
        messages.success(request, f"已保存评价方案并重新计算：{outcome.summary()}。")
        if weight != 100:
            messages.warning(request, f"各项指标权重合计为{plain_number(weight)}分，通常应为100分，请确认。")
        return redirect(_evaluation_url(year))
    return render(request, "economy/permu_scheme.html", {
        "title": f"{year}年度亩均评价方案", "year": year, "scheme": scheme, "form": form, "metrics": metrics,
    })


@login_required
def scorecard(request, year: int, pk: int):
    require(can_view_economy(request.user))
    park = served_park()
    enterprise = get_object_or_404(Enterprise, pk=pk, park=park)
    scheme = _scheme(park, year)
    if scheme is None:
        raise Http404(f"{year}年度还没有评价方案。")
    result = EvaluationResult.objects.filter(scheme=scheme, enterprise=enterprise).first()
    stored = result is not None
    if result is None:
        # Not computed yet (a new enterprise, or before the first 重新计算): show what it would get.
        evaluation = permu.evaluate(scheme=scheme, enterprises=[enterprise])[0]
        result = EvaluationResult(scheme=scheme, enterprise=enterprise, score=evaluation.score,
                                  grade=evaluation.grade, reason=evaluation.reason, details=evaluation.details)
    return render(request, "economy/permu_scorecard.html", {
        "title": f"{enterprise.name} {year}年度亩均评价", "year": year, "scheme": scheme, "enterprise": enterprise,
        "result": result, "stored": stored, "grade_label": Grade(result.grade).label,
        "score_explanation": permu.score_explanation(scheme),
    })


@login_required
def class_list_xlsx(request):
    require(allows(request.user, "economy", EXPORT))
    park = served_park()
    year = _year(request, park)
    scheme = _scheme(park, year)
    listing = permu.class_list(scheme) if scheme else None
    if listing is None or not listing.rows:
        messages.warning(request, f"{year}年度还没有评价结果，请先重新计算。")
        return redirect(_evaluation_url(year))
    content = permu.class_list_xlsx(listing, today=timezone.localdate())
    return export_response(content, f"{year}年度亩均效益评价企业分类名单.xlsx", XLSX_TYPE, what="亩均评价分类名单")


@login_required
def cultivation(request):
    require(can_view_economy(request.user))
    form = DistanceForm(request.GET or None)
    pool = cultivation_pool(park=served_park(), distance=form.chosen_distance())
    chart = [{"months": [period.month for period, _ in c.trend], "values": [str(a) for _, a in c.trend],
              "last_year_months": [period.month for period, _ in c.last_year_trend],
              "last_year": [str(a) for _, a in c.last_year_trend]} for c in pool.candidates]
    return render(request, "economy/cultivation.html", {
        "title": "小升规培育库", "form": form, "pool": pool, "chart": chart,
    })
