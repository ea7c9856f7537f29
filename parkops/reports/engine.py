"""Drawing up a report: the type's context, rendered into its Word template (reports/rendering.py).

A built-in template is our own code and renders here. A template a user uploaded is code its uploader
wrote: besides the sandbox it renders in, it is filled in a child process with memory and time limits
(core/isolation.py), so a template that loops for hours or builds gigabytes stops only that process.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from parkops.core import isolation
from parkops.core.periods import chinese_date
from parkops.reports import registry, rendering
from parkops.reports.registry import ReportRequest, ReportType
from parkops.reports.rendering import Chart, Preview, RenderedReport, Source, TemplateFailed

__all__ = ["Chart", "Preview", "RenderedReport", "Source", "TemplateFailed", "build_context", "preview", "render"]


def build_context(report_type: ReportType, request: ReportRequest) -> dict:
    context = report_type.build_context(request)
    for name, value in registry.park_fields(request.park).items():
        context.setdefault(name, value)
    context.setdefault("title", report_type.title_for(request))
    context.setdefault("today", chinese_date(timezone.localdate()))
    return context


def render(template: bytes, context: dict, *, builtin: bool = False) -> RenderedReport:
    """The template filled in; `figures` are those it printed, in the order it printed them."""
    if builtin:
        return rendering.render_document(template, context)
    return _isolated("parkops.reports.rendering:render_document", template, context)


def preview(template: bytes, context: dict, *, builtin: bool = False) -> Preview:
    if builtin:
        return rendering.preview_document(template, context)
    return _isolated("parkops.reports.rendering:preview_document", template, context)


def _isolated(function: str, template: bytes, context: dict):
    limits = isolation.Limits(memory_mb=settings.PARSE_MEMORY_MB, seconds=settings.PARSE_SECONDS)
    try:
        return isolation.run(function, template, context, limits=limits)
    except isolation.IsolatedFailure as failure:
        raise TemplateFailed(f"所用模板无法填写：{failure.message}。请检查模板中的循环和占位符，"
                             "或在报告类型页面换用其他版本的模板。") from None
